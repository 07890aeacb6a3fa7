import { Get, Inject, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DeskQueries, SOON_DAYS, type DeskAssignment } from '#handling';
import { MessageCentre } from '#notifications';
import { UiController } from '../ui-controller.js';
import { Ui, type UiRequest } from '../ui.service.js';

/** 工作台: what is on the signed-in user's desk, by role. */
@UiController()
export class HomeController {
  constructor(
    @Inject(Ui) private readonly ui: Ui,
    @Inject(DeskQueries) private readonly queries: DeskQueries,
    @Inject(MessageCentre) private readonly centre: MessageCentre,
  ) {}

  @Get()
  async home(@Req() req: UiRequest, @Res() res: Response): Promise<void> {
    const actor = this.ui.user(req);
    const role = actor.role;
    const [overdue, soon] = await Promise.all([this.queries.deadlines(actor, 'overdue'), this.queries.deadlines(actor, 'soon')]);
    const data: Record<string, unknown> = { overdue, soon, soonDays: SOON_DAYS };
    if (role === 'unit' && actor.unitId) {
      [data.toAccept, data.inHand] = await Promise.all([
        this.queries.unitAssignments(actor.unitId, ['assigned']),
        this.queries.unitAssignments(actor.unitId, ['accepted', 'adjustment_requested']),
      ]);
      // 待我处理: what waits in the unit for this user's post (the officer: their own work only).
      const post = actor.unitRole ?? 'liaison';
      data.myPost = post;
      data.waitingForMe = (data.inHand as DeskAssignment[]).filter(
        (a) => a.state === 'accepted' && a.deskStage === post && (post !== 'officer' || a.officerUserId === actor.id),
      );
    }
    if (role === 'committee' || role === 'admin') {
      [data.toReview, data.toPublish] = await Promise.all([
        this.queries.proposals({ statuses: ['submitted'] }),
        this.queries.proposals({ toPublish: true }),
      ]);
    }
    if (role === 'committee' || role === 'supervisor' || role === 'admin') data.toAssign = await this.queries.proposals({ statuses: ['filed'] });
    if (role === 'supervisor' || role === 'admin') data.requests = await this.queries.pendingRequests();
    if (role === 'admin') data.deadNotifications = await this.queries.deadNotificationCount();
    // 站内消息: the newest few and the unread count (an admin is told of nothing: its desk counts dead notifications instead).
    if (role !== 'admin') [data.messages, data.unreadMessages] = await Promise.all([this.centre.list(actor, { limit: 5 }), this.centre.unreadCount(actor)]);
    if (role === 'proposer' && actor.proposerId) {
      [data.mine, data.toRate] = await Promise.all([
        this.queries.proposals({ proposerId: actor.proposerId }),
        this.queries.proposals({ proposerId: actor.proposerId, awaitingRating: true }),
      ]);
    }
    this.ui.page(req, res, 'home', data);
  }
}
