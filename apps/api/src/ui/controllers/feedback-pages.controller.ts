import { Body, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ConflictError } from '#kernel';
import { FeedbackByLink, FeedbackLinkExpiredError, FeedbackLinkInvalidError } from '#notifications';
import { Public } from '../../auth/auth.decorators.js';
import { FeedbackDto } from '../../dto/proposal.dto.js';
import { describeError } from '../errors.js';
import { confirmed, optional, text, validated, type FormBody } from '../forms.js';
import { RATING_LABELS } from '../labels.js';
import { UiController } from '../ui-controller.js';
import { Ui, type UiRequest } from '../ui.service.js';

/** A token is a JWT: three base64url parts. Anything else is not worth verifying. */
const TOKEN = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * What the proposer is told after rating — only who is really told (routing.ts): 满意 and 基本满意
 * reach the answering units (feedback.received → 评价结果); 不满意 reopens the proposal, and the
 * reopened units are told with a copy to the supervision office (proposal.rehandling).
 */
function ratedText(rating: keyof typeof RATING_LABELS): string {
  return rating === 'unsatisfied'
    ? `感谢您的评价（${RATING_LABELS[rating]}）。该提案将交由承办单位重新办理，承办单位和督查室会收到通知。`
    : `感谢您的评价（${RATING_LABELS[rating]}），评价结果已告知承办单位。`;
}

/**
 * 回执: the page the signed link in the reply email opens. No login: the link is the credential,
 * valid for the lead proposer, for the round that was answered, until the feedback period (plus a
 * day) is over, and good for one rating.
 */
@UiController('feedback')
@Public()
export class FeedbackPagesController {
  constructor(
    @Inject(Ui) private readonly ui: Ui,
    @Inject(FeedbackByLink) private readonly links: FeedbackByLink,
  ) {}

  @Get(':token')
  async show(@Req() req: UiRequest, @Res() res: Response, @Param('token') token: string): Promise<void> {
    await this.render(req, res, token);
  }

  @Post(':token')
  async rate(@Req() req: UiRequest, @Res() res: Response, @Param('token') token: string, @Body() body: FormBody): Promise<void> {
    try {
      if (!TOKEN.test(token)) throw new FeedbackLinkInvalidError();
      confirmed(body, '我确认以上评价');
      const input = await validated(FeedbackDto, { rating: text(body, 'rating'), comment: optional(body, 'comment') });
      await this.links.submit(token, input);
      this.ui.redirect(res, `/feedback/${token}`, { kind: 'ok', text: ratedText(input.rating) });
    } catch (e) {
      if (e instanceof FeedbackLinkInvalidError || e instanceof FeedbackLinkExpiredError || e instanceof ConflictError) {
        return this.render(req, res, token);
      }
      const { status, message } = describeError(e);
      if (status >= 500) throw e;
      await this.render(req, res, token, { error: message, values: body }, status);
    }
  }

  private async render(req: UiRequest, res: Response, token: string, extra: Record<string, unknown> = {}, status = 200): Promise<void> {
    try {
      if (!TOKEN.test(token)) throw new FeedbackLinkInvalidError();
      const view = await this.links.view(token);
      this.ui.page(req, res, 'feedback', { view, token, ratings: Object.entries(RATING_LABELS).map(([code, label]) => ({ code, label })), ...extra }, status);
    } catch (e) {
      if (e instanceof FeedbackLinkExpiredError) {
        return this.ui.page(req, res, 'feedback-invalid', { title: '回执链接已过期', message: '该回执链接已超过有效期，或该提案已重新办理。如需评价，请联系市政协提案委员会。' }, 410);
      }
      if (e instanceof FeedbackLinkInvalidError) {
        return this.ui.page(req, res, 'feedback-invalid', { title: '回执链接无效', message: '该链接不完整或不是有效的回执链接，请从答复邮件中重新打开。' }, 404);
      }
      throw e;
    }
  }
}
