import { Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { MessageCentre } from '#notifications';
import { PageId, UiController } from '../ui-controller.js';
import { Ui, type UiRequest } from '../ui.service.js';

/** 站内消息: the signed-in user's messages (every notification for their unit or for them, whatever its channel), mark-read. */
@UiController('messages')
export class MessagesPagesController {
  constructor(
    @Inject(Ui) private readonly ui: Ui,
    @Inject(MessageCentre) private readonly centre: MessageCentre,
  ) {}

  @Get()
  async list(@Req() req: UiRequest, @Res() res: Response): Promise<void> {
    const actor = this.ui.user(req);
    const [messages, unread] = await Promise.all([this.centre.list(actor, { limit: 100 }), this.centre.unreadCount(actor)]);
    this.ui.page(req, res, 'messages', { messages, unread });
  }

  @Post('read-all')
  async readAll(@Req() req: UiRequest, @Res() res: Response): Promise<void> {
    await this.centre.markAllRead(this.ui.user(req));
    this.ui.redirect(res, '/messages', { kind: 'ok', text: '全部消息已标为已读。' });
  }

  /** Marks the message read and goes back where the form was (the desk or this page). */
  @Post(':id/read')
  async read(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string): Promise<void> {
    await this.centre.markRead(this.ui.user(req), id);
    const back = (req.body as { back?: string } | undefined)?.back === 'desk' ? '/#messages' : '/messages';
    this.ui.redirect(res, back);
  }
}
