import { Body, Get, Inject, Param, Post, Req, Res, UploadedFile } from '@nestjs/common';
import type { Response } from 'express';
import { DesignateKeyProposal, IssueSupervisionNotice, NoticeQueries, RespondToSupervisionNotice, SUPERVISION_CONFIG, type SupervisionConfig } from '#supervision';
import { attachPermission } from '#domain';
import { AttachmentQueries, ProposalPageQueries, ProposalQueries, UploadAttachment, proposalActionsFor } from '#handling';
import { attachmentLimits, type UploadedFileData } from '../../platform/uploads.js';
import { UploadForm } from '../csrf.js';
import { describeError } from '../errors.js';
import { flag, integer, optional, text, type FormBody } from '../forms.js';
import { PageId, UiController } from '../ui-controller.js';
import { Ui, type UiRequest, type UserActor } from '../ui.service.js';
import { SUPERVISION_LABELS } from './supervision-pages.controller.js';

interface FormState {
  form: string;
  message: string;
  values: FormBody;
}

/**
 * 督办 on one proposal: its key-proposal designation (重点提案, with the leading city leader), its
 * supervision notices (issue, respond), and its formal documents to print (HTML and PDF): the
 * proposal's form, each unit's 交办函, each 督办通知书, its replies as letters.
 */
@UiController('proposals')
export class ProposalSupervisionController {
  constructor(
    @Inject(Ui) private readonly ui: Ui,
    @Inject(ProposalPageQueries) private readonly page: ProposalPageQueries,
    @Inject(ProposalQueries) private readonly queries: ProposalQueries,
    @Inject(NoticeQueries) private readonly notices: NoticeQueries,
    @Inject(IssueSupervisionNotice) private readonly issue: IssueSupervisionNotice,
    @Inject(RespondToSupervisionNotice) private readonly respond: RespondToSupervisionNotice,
    @Inject(DesignateKeyProposal) private readonly designate: DesignateKeyProposal,
    @Inject(SUPERVISION_CONFIG) private readonly config: SupervisionConfig,
    @Inject(AttachmentQueries) private readonly attachments: AttachmentQueries,
    @Inject(UploadAttachment) private readonly uploadAttachment: UploadAttachment,
  ) {}

  @Get(':id/supervision')
  async show(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string): Promise<void> {
    await this.render(req, res, id);
  }

  private async render(req: UiRequest, res: Response, id: string, state?: FormState, status = 200): Promise<void> {
    const actor = this.ui.user(req);
    const p = await this.queries.get(actor, id);
    const session = await this.page.sessionName(p.sessionId);
    const listed = actor.role === 'proposer' ? [] : (await this.notices.list(actor, { proposalId: id })).items;
    // Each notice's files (督办材料), and whether this reader may add one (the domain's attachPermission).
    const files = listed.length ? await this.attachments.listForProposal(actor, id) : [];
    const notices = listed.map((n) => ({
      ...n,
      files: files.filter((f) => f.ownerType === 'supervision_notice' && f.ownerId === n.id),
      canAttach: attachPermission(actor, { type: 'supervision_notice', unitId: n.unitId }) === 'allowed',
    }));
    // 督办通知 and 重点提案: the domain's availableActions, as the use cases check them.
    const actions = proposalActionsFor(actor, p, new Set(), this.ui.now());
    const live = p.assignments.filter((a) => a.state !== 'removed');
    this.ui.page(req, res, 'supervision/proposal', {
      p,
      session,
      notices,
      units: live,
      // 交办函: the staff print every unit's; a unit its own (the API answers 404 for another's).
      assignmentLetters: actor.role === 'proposer' ? [] : live.filter((a) => actor.role !== 'unit' || a.unitId === actor.unitId),
      letters: p.replies.map((r) => ({ ...r, unitName: p.assignments.find((a) => a.id === r.assignmentId)?.unitName ?? null })),
      canIssue: actions.some((x) => x.action === 'issue_notice'),
      canDesignate: actions.some((x) => x.action === 'designate_key'),
      noticeDays: this.config.notice.length.amount,
      maxDays: this.config.notice.maxWorkdays,
      state,
      labels: SUPERVISION_LABELS,
    }, status);
  }

  private async act(req: UiRequest, res: Response, id: string, form: string, fn: (actor: UserActor) => Promise<string>): Promise<void> {
    const actor = this.ui.user(req);
    try {
      const done = await fn(actor);
      this.ui.redirect(res, `/proposals/${id}/supervision`, { kind: 'ok', text: done });
    } catch (e) {
      const { status, message } = describeError(e);
      if (status >= 500 || [401, 403, 404].includes(status)) throw e;
      await this.render(req, res, id, { form, message, values: req.body as FormBody }, status);
    }
  }

  @Post(':id/supervision/notices')
  issueNotice(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: FormBody) {
    return this.act(req, res, id, 'issue', async (actor) => {
      const notice = await this.issue.execute(actor, id, { unitId: optional(body, 'unitId'), content: text(body, 'content'), workdays: integer(body, 'workdays') });
      return `督〔${notice.year}〕${notice.number}号督办通知已发出。`;
    });
  }

  @Post(':id/supervision/notices/:noticeId/response')
  respondToNotice(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Param('noticeId', PageId) noticeId: string, @Body() body: FormBody) {
    return this.act(req, res, id, `respond-${noticeId}`, async (actor) => {
      await this.respond.execute(actor, noticeId, { content: text(body, 'content') });
      return '督办回复已提交。';
    });
  }

  /** A file of a supervision notice (督办材料): the office, or the unit it was sent to (UploadAttachment decides). */
  @Post(':id/supervision/notices/:noticeId/attachments')
  @UploadForm('attachment', attachmentLimits(1))
  attachToNotice(
    @Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Param('noticeId', PageId) noticeId: string,
    @UploadedFile() file?: UploadedFileData,
  ) {
    return this.act(req, res, id, `notice-file-${noticeId}`, async (actor) => {
      const row = await this.uploadAttachment.execute(actor, { type: 'supervision_notice', id: noticeId }, file && (file.size > 0 || file.originalname) ? file : undefined);
      return `附件「${row.filename}」已上传。`;
    });
  }

  @Post(':id/supervision/key')
  key(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: FormBody) {
    return this.act(req, res, id, 'key', async (actor) => {
      const key = flag(body, 'key');
      await this.designate.execute(actor, id, { key, leaderName: optional(body, 'leaderName') });
      return key ? '已列为重点提案，其办理动态将抄送督查室。' : '已取消重点提案标注。';
    });
  }
}
