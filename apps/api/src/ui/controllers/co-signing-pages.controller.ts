import { Body, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AnswerCoSigning, CoSigningQueries, InviteCoSigners, type InvitationView } from '#intake';
import { CoSigningByLink, CoSigningLinkExpiredError, CoSigningLinkInvalidError } from '#notifications';
import { Public } from '../../auth/auth.decorators.js';
import { CoSigningAnswerDto, InviteCoSignersDto } from '../../dto/proposal.dto.js';
import { describeError } from '../errors.js';
import { list, text, validated, type FormBody } from '../forms.js';
import { PageId, UiController } from '../ui-controller.js';
import { Ui, type UiRequest } from '../ui.service.js';

/** A token is a JWT: three base64url parts. Anything else is not worth verifying. */
const TOKEN = /^[\w-]+\.[\w-]+\.[\w-]+$/;

const ANSWERED = { confirm: '您已确认联名，已成为这件提案的联名提案者。', decline: '您已谢绝联名。' } as const;

/**
 * 联名 (co-signing) pages: the lead proposer's 邀请联名 (`/proposals/:id/co-signers`), the invitee's
 * 联名邀请 list and answer (`/co-signing`, `/co-signing/:id`). Their templates are views/co-signing/*,
 * apart from the proposal page's, so that they can be restyled on their own.
 */
@UiController()
export class CoSigningPagesController {
  constructor(
    @Inject(Ui) private readonly ui: Ui,
    @Inject(CoSigningQueries) private readonly queries: CoSigningQueries,
    @Inject(InviteCoSigners) private readonly invite: InviteCoSigners,
    @Inject(AnswerCoSigning) private readonly answerCoSigning: AnswerCoSigning,
  ) {}

  @Get('proposals/:id/co-signers')
  async invitePage(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, extra: Record<string, unknown> = {}, status = 200): Promise<void> {
    const actor = this.ui.user(req);
    const view = await this.queries.forProposal(actor, id);
    const mayInvite = actor.role === 'proposer' && view.open;
    const candidates = mayInvite ? await this.queries.candidates(actor, id) : [];
    const linkDays = (await this.queries.rulesOf(view.proposalId)).linkDays;
    this.ui.page(req, res, 'co-signing/invite', { view, proposal: view.proposal, mayInvite, candidates, linkDays, chosen: [], ...extra }, status);
  }

  @Post('proposals/:id/co-signers')
  async inviteSubmit(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: FormBody): Promise<void> {
    const actor = this.ui.user(req);
    const proposerIds = list(body, 'proposerIds');
    try {
      const input = await validated(InviteCoSignersDto, { proposerIds });
      const made = await this.invite.execute(actor, id, input);
      this.ui.redirect(res, `/proposals/${id}/co-signers`, { kind: 'ok', text: `已向 ${made.length} 位委员发出联名邀请，受邀委员将收到邀请邮件。` });
    } catch (e) {
      const { status, message } = describeError(e);
      if (status >= 500 || [401, 403, 404].includes(status)) throw e;
      await this.invitePage(req, res, id, { error: message, chosen: proposerIds }, status);
    }
  }

  @Get('co-signing')
  async mine(@Req() req: UiRequest, @Res() res: Response): Promise<void> {
    this.ui.page(req, res, 'co-signing/list', { items: await this.queries.mine(this.ui.user(req)) });
  }

  @Get('co-signing/:id')
  async answerPage(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, extra: Record<string, unknown> = {}, status = 200): Promise<void> {
    const actor = this.ui.user(req);
    const view = await this.queries.invitation({ proposerId: actor.role === 'proposer' ? actor.proposerId : null }, id);
    this.ui.page(req, res, 'co-signing/answer', { view, action: `/co-signing/${id}`, linkMode: false, ...extra }, status);
  }

  @Post('co-signing/:id')
  async answer(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: FormBody): Promise<void> {
    const actor = this.ui.user(req);
    try {
      const { answer } = await validated(CoSigningAnswerDto, { answer: text(body, 'answer') });
      await this.answerCoSigning.execute(actor, id, answer);
      this.ui.redirect(res, `/co-signing/${id}`, { kind: 'ok', text: ANSWERED[answer] });
    } catch (e) {
      const { status, message } = describeError(e);
      if (status >= 500 || [401, 403, 404].includes(status)) throw e;
      await this.answerPage(req, res, id, { error: message }, status);
    }
  }
}

/**
 * The page the signed link of the invitation mail opens (`/co-signing/link/:token`): no login, the
 * link is the credential, for its invitee, until it expires, and good for one answer.
 */
@UiController('co-signing/link')
@Public()
export class CoSigningLinkPagesController {
  constructor(
    @Inject(Ui) private readonly ui: Ui,
    @Inject(CoSigningByLink) private readonly links: CoSigningByLink,
  ) {}

  @Get(':token')
  async show(@Req() req: UiRequest, @Res() res: Response, @Param('token') token: string): Promise<void> {
    await this.render(req, res, token);
  }

  @Post(':token')
  async answer(@Req() req: UiRequest, @Res() res: Response, @Param('token') token: string, @Body() body: FormBody): Promise<void> {
    try {
      if (!TOKEN.test(token)) throw new CoSigningLinkInvalidError();
      const { answer } = await validated(CoSigningAnswerDto, { answer: text(body, 'answer') });
      await this.links.answer(token, answer);
      this.ui.redirect(res, `/co-signing/link/${token}`, { kind: 'ok', text: ANSWERED[answer] });
    } catch (e) {
      if (e instanceof CoSigningLinkInvalidError || e instanceof CoSigningLinkExpiredError) return this.render(req, res, token);
      const { status, message } = describeError(e);
      if (status >= 500) throw e;
      await this.render(req, res, token, { error: message }, status);
    }
  }

  private async render(req: UiRequest, res: Response, token: string, extra: Record<string, unknown> = {}, status = 200): Promise<void> {
    let view: InvitationView;
    try {
      if (!TOKEN.test(token)) throw new CoSigningLinkInvalidError();
      view = await this.links.view(token);
    } catch (e) {
      if (e instanceof CoSigningLinkExpiredError) {
        return this.ui.page(req, res, 'feedback-invalid', { title: '联名邀请链接已过期', message: '该联名邀请链接已超过有效期。如仍需答复，请登录督办系统，在“联名邀请”中答复。' }, 410);
      }
      if (e instanceof CoSigningLinkInvalidError) {
        return this.ui.page(req, res, 'feedback-invalid', { title: '联名邀请链接无效', message: '该链接不完整或不是有效的联名邀请链接，请从邀请邮件中重新打开。' }, 404);
      }
      throw e;
    }
    this.ui.page(req, res, 'co-signing/answer', { view, action: `/co-signing/link/${token}`, linkMode: true, ...extra }, status);
  }
}
