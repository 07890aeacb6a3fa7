import { Body, Get, Inject, Param, Post, Req, Res, UploadedFiles } from '@nestjs/common';
import type { Response } from 'express';
import { AttachmentQueries, GiveFeedback, MemberQueries, ProposalDrafts, ProposalPageQueries, ProposalQueries, type AttachmentView, type DraftInput } from '#handling';
import { SubmitProposal } from '#intake';
import { CreateProposalDto, FeedbackDto } from '../../dto/proposal.dto.js';
import { attachmentLimits, type UploadedFileData } from '../../platform/uploads.js';
import { UploadFilesForm } from '../csrf.js';
import { describeError } from '../errors.js';
import { formatDateTime } from '../format.js';
import { confirmed, optional, text, validated, type FormBody } from '../forms.js';
import { RATING_LABELS } from '../labels.js';
import { PageId, UiController } from '../ui-controller.js';
import { Ui, type UiRequest, type UserActor } from '../ui.service.js';
import { DraftPage } from './member-pages.js';

/** How many files one post of the draft form may carry (the rules' maxFiles still caps the draft). */
const FILES_PER_POST = 5;

/** What the member typed, as the draft keeps it (nothing is required until it is submitted). */
function draftInput(body: FormBody): DraftInput {
  return { sessionId: optional(body, 'sessionId') ?? null, title: text(body, 'title'), content: text(body, 'content'), category: optional(body, 'category') ?? null };
}

const chosen = (files: UploadedFileData[] | undefined) => (files ?? []).filter((f) => f.size > 0 || f.originalname !== '');

/**
 * The member's pages (提案者, designed for a phone first): 我的提案 with each proposal's state, the
 * countdown of what it waits on and the rule that deadline comes from; 提交提案 through a draft kept
 * on the server; and the reply page with the signed letter and the rating form.
 */
@UiController('mine')
export class MemberPagesController {
  constructor(
    @Inject(Ui) private readonly ui: Ui,
    @Inject(DraftPage) private readonly draftPage: DraftPage,
    @Inject(ProposalDrafts) private readonly drafts: ProposalDrafts,
    @Inject(SubmitProposal) private readonly submitProposal: SubmitProposal,
    @Inject(MemberQueries) private readonly member: MemberQueries,
    @Inject(ProposalQueries) private readonly proposals: ProposalQueries,
    @Inject(ProposalPageQueries) private readonly pageQueries: ProposalPageQueries,
    @Inject(AttachmentQueries) private readonly attachments: AttachmentQueries,
    @Inject(GiveFeedback) private readonly giveFeedback: GiveFeedback,
  ) {}

  // ---- 我的提案 ------------------------------------------------------------------------------

  @Get()
  async mine(@Req() req: UiRequest, @Res() res: Response): Promise<void> {
    const actor = this.memberOf(req, res);
    if (!actor) return;
    const [items, drafts] = await Promise.all([this.member.proposals(actor), this.drafts.list(actor)]);
    this.ui.page(req, res, 'member/mine', { items, drafts });
  }

  // ---- 提案草稿 ------------------------------------------------------------------------------

  /** A new draft from the form (保存草稿 or 提交 pressed before anything was saved). */
  @Post('drafts')
  @UploadFilesForm('attachments', FILES_PER_POST, attachmentLimits(FILES_PER_POST))
  create(@Req() req: UiRequest, @Res() res: Response, @Body() body: FormBody, @UploadedFiles() files?: UploadedFileData[]): Promise<void> {
    return this.saveDraft(req, res, null, body, files);
  }

  @Get('drafts/:id')
  async draft(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string): Promise<void> {
    if (!this.memberOf(req, res)) return;
    await this.draftPage.render(req, res, id);
  }

  @Post('drafts/:id')
  @UploadFilesForm('attachments', FILES_PER_POST, attachmentLimits(FILES_PER_POST))
  update(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: FormBody, @UploadedFiles() files?: UploadedFileData[]): Promise<void> {
    return this.saveDraft(req, res, id, body, files);
  }

  @Post('drafts/:id/delete')
  async discard(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: FormBody): Promise<void> {
    const actor = this.ui.user(req);
    try {
      confirmed(body, '我确认删除这份草稿');
      await this.drafts.discard(actor, id);
      this.ui.redirect(res, '/mine', { kind: 'ok', text: '草稿已删除。' });
    } catch (e) {
      const { status, message } = describeError(e);
      if (status >= 500 || status === 401 || status === 404) throw e;
      this.ui.redirect(res, `/mine/drafts/${id}`, { kind: 'error', text: message });
    }
  }

  /**
   * 自动保存 (duban.js, as the member types): the text fields only, urlencoded with the CSRF field;
   * the first save creates the draft and answers its id, which the page then posts to.
   */
  @Post('autosave')
  async autosave(@Req() req: UiRequest, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    try {
      const id = optional(body, 'draftId') ?? null;
      const draft = await this.drafts.save(this.ui.user(req), id, draftInput(body));
      res.status(200).json({ id: draft.id, savedAt: formatDateTime(draft.updatedAt) });
    } catch (e) {
      const { status, message } = describeError(e);
      if (status >= 500) throw e;
      res.status(status).json({ message });
    }
  }

  /**
   * Every post of the draft form saves what it holds first (the text, then each chosen file), so a
   * refusal further on never loses what was typed; then the button's intent: 保存草稿, 删除 a file,
   * or 提交 — the proposal submitted and, in the same transaction, the draft's files made its
   * 附件材料 and the draft deleted (ProposalDrafts.adopt).
   */
  private async saveDraft(req: UiRequest, res: Response, id: string | null, body: FormBody, files: UploadedFileData[] | undefined): Promise<void> {
    const actor = this.ui.user(req);
    let draftId = id;
    try {
      const draft = await this.drafts.save(actor, id, draftInput(body));
      draftId = draft.id;
      for (const file of chosen(files)) await this.drafts.attach(actor, draft.id, file);
      const intent = text(body, 'intent') || 'save';
      if (intent.startsWith('remove:')) {
        await this.drafts.removeFile(actor, draft.id, intent.slice('remove:'.length));
        return this.ui.redirect(res, `/mine/drafts/${draft.id}#d-files`, { kind: 'ok', text: '附件已删除，草稿已保存。' });
      }
      if (intent === 'submit') {
        const input = await validated(CreateProposalDto, {
          sessionId: text(body, 'sessionId'), title: text(body, 'title'), content: text(body, 'content'),
          leadProposerId: actor.proposerId ?? '', category: optional(body, 'category'),
        });
        const p = await this.submitProposal.execute(actor, input, (tx, proposal) => this.drafts.adopt(tx, draft.id, proposal));
        return this.ui.redirect(res, `/proposals/${p.id}`, { kind: 'ok', text: '提案已提交，等待立案审查。' });
      }
      this.ui.redirect(res, `/mine/drafts/${draft.id}`, { kind: 'ok', text: `草稿已保存（${formatDateTime(draft.updatedAt)}），可以随时在“我的提案”里继续填写。` });
    } catch (e) {
      const { status, message } = describeError(e);
      if (status >= 500 || status === 401 || status === 403 || (status === 404 && draftId === id)) throw e;
      await this.draftPage.render(req, res, draftId, { form: 'draft', message, values: body }, status);
    }
  }

  // ---- the reply and the rating --------------------------------------------------------------

  @Get(':id/reply')
  async reply(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string): Promise<void> {
    await this.renderReply(req, res, id);
  }

  @Post(':id/feedback')
  async rate(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: FormBody): Promise<void> {
    const actor = this.ui.user(req);
    try {
      confirmed(body, '我确认以上评价');
      const input = await validated(FeedbackDto, { rating: text(body, 'rating'), comment: optional(body, 'comment') });
      await this.giveFeedback.execute(actor, id, input);
      this.ui.redirect(res, `/mine/${id}/reply#rate`, { kind: 'ok', text: `感谢您的评价（${RATING_LABELS[input.rating]}），回执已记录。` });
    } catch (e) {
      const { status, message } = describeError(e);
      if (status >= 500 || status === 401 || status === 404) throw e;
      await this.renderReply(req, res, id, { error: message, values: body }, status);
    }
  }

  private async renderReply(req: UiRequest, res: Response, id: string, extra: Record<string, unknown> = {}, status = 200): Promise<void> {
    const actor = this.ui.user(req);
    const p = await this.proposals.get(actor, id);
    const [attachments, resultCategories, actions, session] = await Promise.all([
      this.attachments.listForProposal(actor, id),
      this.pageQueries.resultCategories(p.sessionId),
      this.proposals.actions(actor, id),
      this.pageQueries.sessionName(p.sessionId),
    ]);
    // Each reply's signed letter (答复函) as its own button, its other files listed under it.
    const letters: Record<string, AttachmentView[]> = {};
    const others: Record<string, AttachmentView[]> = {};
    for (const a of attachments) ((a.purpose === 'letter' ? letters : others)[a.ownerId] ??= []).push(a);
    const canRate = actions.some((a) => a.action === 'rate');
    const feedbackDue = p.deadlines.find((d) => d.kind === 'feedback' && d.status === 'open') ?? null;
    const ratings = Object.entries(RATING_LABELS).map(([code, label]) => ({ code, label }));
    this.ui.page(req, res, 'member/reply', { p, sessionName: session?.name ?? '', letters, others, resultCategories, canRate, feedbackDue, ratings, ...extra }, status);
  }

  /** The member pages are a proposer's; anyone else is sent to the register. */
  private memberOf(req: UiRequest, res: Response): UserActor | null {
    const actor = this.ui.user(req);
    if (actor.role === 'proposer') return actor;
    this.ui.redirect(res, '/proposals');
    return null;
  }
}
