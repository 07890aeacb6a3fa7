import { labelOf } from '#contracts';
import { Body, Get, Inject, Param, Post, Query, Req, Res, UploadedFile, UploadedFiles } from '@nestjs/common';
import type { Response } from 'express';
import {
  AcceptAssignment, AssignProposal, AttachmentQueries, DecideAdjustment, UploadAttachment, type AttachmentView, DecideExtension, GiveFeedback, INTAKE_CONFIG, IntakeQueries, type IntakeConfig, ListExports, ProposalQueries, Proposers, PublishProposal,
  RecordCommunication, RequestAdjustment, RequestExtension, ResubmitProposal, ReviewProposal, RulesProvider, Sessions, SubmitOpinion,
  SubmitProposal, SubmitReply, Units, WithdrawProposal,
} from '#application';
import { PROPOSAL_STATUSES, mayRunBatch, maySetSubmissionField, submissionSessions, toShanghaiDate, type BatchAction } from '#domain';
import { ProposerRow } from '#persistence';
import { DataSource } from 'typeorm';
import {
  AdjustmentRequestDto, AssignDto, CommunicationDto, CreateProposalDto, DecisionDto, ExtensionRequestDto, FeedbackDto, OpinionDto,
  PublishDto, ReasonDto, ReplyDto, ResubmitDto, ReviewDto,
} from '../../dto/proposal.dto.js';
import { describeError } from '../errors.js';
import { UploadFilesForm, UploadForm } from '../csrf.js';
import { attachmentLimits, type UploadedFileData } from '../../platform/uploads.js';
import { sendAttachment } from '../../http/attachments.controller.js';
import { confirmed, flag, integer, list, optional, pageParam, single, text, validated, type FormBody } from '../forms.js';
import { COMMUNICATION_METHOD_LABELS, RATING_LABELS, REVIEW_DECISION_LABELS, STATUS_LABELS } from '../labels.js';
import { nextSteps, openForm } from '../next-steps.js';
import { UiCommands } from '../ui-commands.js';
import { PageId, UiController } from '../ui-controller.js';
import { BATCH_LABELS } from '../../batch/batch-text.js';
import { exportNotes, sendFile } from '../list-files.js';
import { parseSort, sortParams, type Sort } from '../sorting.js';
import { REGISTER_SORTS, UiQueries, type RegisterFilter } from '../ui-queries.js';
import { Ui, type UiRequest, type UserActor } from '../ui.service.js';

type ProposalView = Awaited<ReturnType<ProposalQueries['get']>>;

/** What a failed form brings back to the page: which form, why, and what was typed. */
interface FormState {
  form: string;
  message: string;
  values: FormBody;
}

const STAFF = ['admin', 'committee', 'supervisor'];
const PAGE_SIZES = [10, 20, 50, 100];
/** The batch actions offered on the register (签收 is on the unit's list of assignments, 催办 on the deadlines list). */
const REGISTER_BATCHES: BatchAction[] = ['assign', 'publish'];
/** The register's sortable columns as the 说明 of an export names them. */
const REGISTER_SORT_LABELS: Record<string, string> = {
  number: '提案号', title: '标题', proposer: '提案者', category: '类别', status: '状态', submitted: '提交时间', deadline: '最近期限',
};

/** 提案登记簿, 提交提案 and the proposal page with every action the user's role allows. */
@UiController('proposals')
export class ProposalPagesController {
  constructor(
    @Inject(Ui) private readonly ui: Ui,
    @Inject(UiQueries) private readonly uiQueries: UiQueries,
    @Inject(ProposalQueries) private readonly queries: ProposalQueries,
    @Inject(Sessions) private readonly sessions: Sessions,
    @Inject(Proposers) private readonly proposers: Proposers,
    @Inject(Units) private readonly units: Units,
    @Inject(RulesProvider) private readonly rules: RulesProvider,
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(SubmitProposal) private readonly submitProposal: SubmitProposal,
    @Inject(ReviewProposal) private readonly reviewProposal: ReviewProposal,
    @Inject(WithdrawProposal) private readonly withdrawProposal: WithdrawProposal,
    @Inject(ResubmitProposal) private readonly resubmitProposal: ResubmitProposal,
    @Inject(AssignProposal) private readonly assignProposal: AssignProposal,
    @Inject(AcceptAssignment) private readonly acceptAssignment: AcceptAssignment,
    @Inject(RequestAdjustment) private readonly requestAdjustment: RequestAdjustment,
    @Inject(RequestExtension) private readonly requestExtension: RequestExtension,
    @Inject(DecideAdjustment) private readonly decideAdjustment: DecideAdjustment,
    @Inject(DecideExtension) private readonly decideExtension: DecideExtension,
    @Inject(RecordCommunication) private readonly recordCommunication: RecordCommunication,
    @Inject(SubmitOpinion) private readonly submitOpinion: SubmitOpinion,
    @Inject(SubmitReply) private readonly submitReply: SubmitReply,
    @Inject(GiveFeedback) private readonly giveFeedback: GiveFeedback,
    @Inject(PublishProposal) private readonly publishProposal: PublishProposal,
    @Inject(UiCommands) private readonly commands: UiCommands,
    @Inject(IntakeQueries) private readonly intake: IntakeQueries,
    @Inject(INTAKE_CONFIG) private readonly intakeConfig: IntakeConfig,
    @Inject(ListExports) private readonly listExports: ListExports,
    @Inject(AttachmentQueries) private readonly attachments: AttachmentQueries,
    @Inject(UploadAttachment) private readonly uploadAttachment: UploadAttachment,
  ) {}

  // ---- the register ------------------------------------------------------------------------

  @Get()
  async register(@Req() req: UiRequest, @Res() res: Response, @Query() raw: Record<string, unknown>, exportXlsx = false): Promise<void> {
    const query = single(raw);
    const actor = this.ui.user(req);
    const uuid = (v: string | undefined) => (v && /^[0-9a-f-]{36}$/i.test(v) ? v : undefined);
    const yesNo = (v: string | undefined) => (v === 'yes' ? true : v === 'no' ? false : undefined);
    const filter: RegisterFilter = {
      sessionId: uuid(query.sessionId),
      status: query.status && (PROPOSAL_STATUSES as readonly string[]).includes(query.status) ? query.status : undefined,
      unitId: uuid(query.unitId),
      category: query.category?.slice(0, 50) || undefined,
      theme: query.theme?.slice(0, 50) || undefined,
      overdue: yesNo(query.overdue),
      key: yesNo(query.key),
      q: query.q?.slice(0, 100) || undefined,
      page: pageParam(query.page),
      pageSize: PAGE_SIZES.includes(Number(query.pageSize)) ? Number(query.pageSize) : 20,
    };
    const sort = parseSort(query, REGISTER_SORTS, { key: 'submitted', dir: 'desc' });
    filter.sort = sort;
    if (exportXlsx) return this.exportRegister(req, res, actor, filter, sort, query);
    const [result, facets] = await Promise.all([this.uiQueries.register(actor, filter), this.uiQueries.facets(actor)]);
    const params = {
      sessionId: filter.sessionId, status: filter.status, unitId: filter.unitId, category: filter.category, theme: filter.theme,
      overdue: query.overdue === 'yes' || query.overdue === 'no' ? query.overdue : undefined,
      key: query.key === 'yes' || query.key === 'no' ? query.key : undefined, q: filter.q,
      pageSize: filter.pageSize === 20 ? undefined : filter.pageSize,
    };
    this.ui.page(req, res, 'register', {
      result,
      pages: Math.max(1, Math.ceil(result.total / result.pageSize)),
      params: { ...params, ...sortParams(sort) },
      sort,
      batches: REGISTER_BATCHES.filter((b) => mayRunBatch(actor.role, b)).map((b) => ({ action: b, label: BATCH_LABELS[b] })),
      facets,
      statuses: PROPOSAL_STATUSES.map((s) => ({ code: s, label: STATUS_LABELS[s] })),
      pageSizes: PAGE_SIZES,
    });
  }

  /** 导出 Excel: the register as filtered and sorted on the page, every match (not only the page). */
  @Get('export.xlsx')
  exportXlsx(@Req() req: UiRequest, @Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    return this.register(req, res, raw, true);
  }

  private async exportRegister(req: UiRequest, res: Response, actor: UserActor, filter: RegisterFilter, sort: Sort, query: Record<string, string | undefined>) {
    if (actor.role === 'proposer') {
      return this.ui.page(req, res, 'error', { status: 403, title: '无权访问', message: '导出供工作人员和承办单位使用。' }, 403);
    }
    const [result, facets] = await Promise.all([this.uiQueries.register(actor, { ...filter, all: true }), this.uiQueries.facets(actor)]);
    const yesNo = (v: string | undefined, yes: string, no: string) => (v === 'yes' ? yes : v === 'no' ? no : null);
    const notes = exportNotes(
      [
        ['全文检索', filter.q],
        ['届次', facets.sessions.find((s) => s.id === filter.sessionId)?.name],
        ['状态', filter.status && filter.status in STATUS_LABELS ? labelOf(STATUS_LABELS, filter.status) : null],
        ['承办单位', facets.units.find((u) => u.id === filter.unitId)?.name],
        ['类别', filter.category],
        ['主题', filter.theme],
        ['逾期', yesNo(query.overdue, '已逾期', '未逾期')],
        ['重点提案', yesNo(query.key, '重点提案', '一般提案')],
        ...(actor.role === 'unit' ? ([['范围', '本单位承办的提案']] as Array<[string, string]>) : []),
      ],
      sort,
      REGISTER_SORT_LABELS,
      this.ui.now(),
    );
    const name = `提案登记簿-${toShanghaiDate(this.ui.now())}`;
    sendFile(res, await this.listExports.register(name, result.items.map((r) => r.id), notes));
  }

  // ---- submitting a proposal -----------------------------------------------------------------

  @Get('new')
  async newProposal(@Req() req: UiRequest, @Res() res: Response): Promise<void> {
    await this.renderNew(req, res);
  }

  @Post()
  async create(@Req() req: UiRequest, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    const actor = this.ui.user(req);
    try {
      const input = await validated(CreateProposalDto, {
        sessionId: text(body, 'sessionId'),
        title: text(body, 'title'),
        content: text(body, 'content'),
        leadProposerId: actor.role === 'proposer' ? (actor.proposerId ?? '') : text(body, 'leadProposerId'),
        coProposerIds: maySetSubmissionField(actor.role, 'coProposerIds') ? list(body, 'coProposerIds') : undefined,
        category: optional(body, 'category'),
        number: maySetSubmissionField(actor.role, 'number') ? integer(body, 'number') : undefined,
      });
      const p = await this.submitProposal.execute(actor, input);
      this.ui.redirect(res, `/proposals/${p.id}`, { kind: 'ok', text: '提案已提交，等待立案审查。' });
    } catch (e) {
      const { status, message } = describeError(e);
      if (status >= 500 || status === 401) throw e;
      await this.renderNew(req, res, { form: 'new', message, values: body }, status);
    }
  }

  private async renderNew(req: UiRequest, res: Response, state?: FormState, status = 200): Promise<void> {
    const actor = this.ui.user(req);
    if (!['admin', 'committee', 'proposer'].includes(actor.role)) {
      return this.ui.page(req, res, 'error', { status: 403, title: '无权访问', message: '只有提案委和提案者可以提交提案。' }, 403);
    }
    const all = (await this.sessions.list(actor, 1, 100)).items;
    // A proposer is offered only the sessions SubmitProposal takes from them: their body's, still open
    // (domain submission-sessions); the committee enters any session, the lead proposer's body checked on submit.
    const own = actor.role === 'proposer' ? await this.ds.manager.findOneBy(ProposerRow, { id: actor.proposerId ?? '' }) : null;
    const today = this.ui.now().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    const sessions = own ? submissionSessions(all, own.body, { ownSubmission: true, today }) : all;
    const proposers = actor.role === 'proposer' ? [] : (await this.proposers.list(actor, 1, 500)).items;
    // 类别: the categories of the intake rules (config/intake.json), then any other already in the data (imported ones).
    const inData: Array<{ category: string }> = await this.ds.query(`SELECT DISTINCT category FROM proposals WHERE category IS NOT NULL ORDER BY 1`);
    const categories = [...new Set([...this.intakeConfig.categories.map((c) => c.name), ...inData.map((c) => c.category)])];
    // The form offers the committee's fields (number, co-signers) only to whom the use case allows them.
    const fields = { number: maySetSubmissionField(actor.role, 'number'), coProposerIds: maySetSubmissionField(actor.role, 'coProposerIds') };
    const typed = state?.values.coProposerIds;
    const coChosen = Array.isArray(typed) ? typed : typed ? [typed] : [];
    this.ui.page(req, res, 'proposal-new', { sessions, proposers, categories, coChosen, state, fields, ownBody: own?.body ?? null }, status);
  }

  // ---- the proposal page ---------------------------------------------------------------------

  @Get(':id')
  async show(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string): Promise<void> {
    await this.renderProposal(req, res, id);
  }

  private async renderProposal(req: UiRequest, res: Response, id: string, state?: FormState, status = 200): Promise<void> {
    const actor = this.ui.user(req);
    // Visibility is the application's: another unit's proposal is a 404 here as in the API.
    const p = await this.queries.get(actor, id);
    // The timeline and the mails as the application discloses them to this role (the API's rule too).
    const [events, notifications, extras, rules, attachments] = await Promise.all([
      this.queries.events(actor, id),
      this.queries.notifications(actor, id),
      this.uiQueries.proposalExtras(p),
      this.rules.forSession(this.ds.manager, p.sessionId),
      this.attachments.listForProposal(actor, id),
    ]);
    // 附件 by what they belong to (the proposal, a reply, a communication): what this reader may see of them.
    const files: Record<string, AttachmentView[]> = {};
    for (const a of attachments) (files[a.ownerId] ??= []).push(a);
    const merge = actor.role === 'admin' || actor.role === 'committee' ? await this.uiQueries.mergeTargets(p.sessionId, p.id) : [];
    const myUnit = actor.role === 'unit' && actor.unitId ? await this.units.get(actor, actor.unitId) : null;
    const now = this.ui.now();
    const can = this.permissions(actor, p, now, extras);
    // The intake's 并案 suggestions at filing review and its ranked units at assignment (docs/intake.md).
    const [similar, routing] = await Promise.all([
      can.review ? this.intake.similar(actor, id) : Promise.resolve(null),
      can.assign ? this.intake.routingSuggestions(actor, id) : Promise.resolve(null),
    ]);
    const mergeSuggestions = similar ? similar.items.filter((s) => s.duplicate) : [];
    // 概况: the next steps and the nearest running deadline (a unit's own), at the top of the page.
    const steps = nextSteps(can, actor.role);
    const mineIds = new Set(can.mine.map((m) => m.a.id));
    const nearest = p.deadlines
      .filter((d) => d.status === 'open' && (actor.role !== 'unit' || (d.assignmentId !== null && mineIds.has(d.assignmentId))))
      // An adjustment window past its day is over (the sweep settles it), not a deadline still to meet.
      .filter((d) => !(d.kind === 'adjustment' && d.dueAt !== null && new Date(d.dueAt).getTime() < now.getTime()))
      .sort((x, y) => String(x.dueAt).localeCompare(String(y.dueAt)))[0] ?? null;
    // A suggested target is always among the picker's choices (the picker lists at most 300).
    for (const s of mergeSuggestions) {
      if (s.mergeable && s.mergeIntoId && !merge.some((t) => t.id === s.mergeIntoId)) {
        const target = s.mergeIntoId === s.proposalId ? s : null;
        merge.push({ id: s.mergeIntoId, number: target?.number ?? null, title: target?.title ?? '（并案目标）' });
      }
    }
    this.ui.page(
      req,
      res,
      'proposal',
      {
        p,
        events,
        notifications,
        ...extras,
        mergeTargets: merge,
        mergeSuggestions,
        similarPending: similar?.status === 'pending',
        similarThreshold: similar?.threshold,
        routing: routing?.items ?? [],
        resultCategories: rules.rules.resultCategories,
        files,
        attachmentRules: rules.rules.attachments,
        can,
        steps,
        openForm: openForm(steps, state?.form, req.query.open),
        nearest,
        myUnit,
        state,
        today: now.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }),
        methods: Object.entries(COMMUNICATION_METHOD_LABELS).map(([code, label]) => ({ code, label })),
        ratings: Object.entries(RATING_LABELS).map(([code, label]) => ({ code, label })),
        decisions: Object.entries(REVIEW_DECISION_LABELS).map(([code, label]) => ({ code, label })),
      },
      status,
    );
  }

  /**
   * Which forms to show. Only a convenience: every action is checked again by its use case, which
   * refuses what the user's role or the proposal's state does not allow.
   */
  private permissions(actor: UserActor, p: ProposalView, now: Date, extras: Awaited<ReturnType<UiQueries['proposalExtras']>>) {
    const role = actor.role;
    const committee = role === 'admin' || role === 'committee';
    const isLead = role === 'proposer' && p.leadProposerId === actor.proposerId;
    const ratedThisRound = p.feedback.some((f) => f.round === p.round);
    const open = (kind: string, assignmentId: string) =>
      p.deadlines.find((d) => d.kind === kind && d.assignmentId === assignmentId && d.status === 'open');
    const mine = role === 'unit'
      ? p.assignments
          .filter((a) => a.unitId === actor.unitId && a.state !== 'removed')
          .map((a) => {
            const window = open('adjustment', a.id);
            const answer = p.deadlines.find((d) => d.assignmentId === a.id && d.status === 'open' && ['reply', 'co_opinion', 'rehandling'].includes(d.kind));
            const pendingExtension = extras.extensions.some((r) => r.assignment_id === a.id && r.status === 'pending');
            return {
              a,
              answer,
              accept: a.state === 'assigned',
              adjust: ['assigned', 'accepted'].includes(a.state) && !!window && new Date(window.dueAt!).getTime() >= now.getTime(),
              adjustmentDueOn: window?.dueOn ?? null,
              extend: a.state === 'accepted' && !!answer && !pendingExtension,
              communicate: ['accepted', 'replied', 'opinion_submitted', 'adjustment_requested'].includes(a.state),
              opinion: a.role === 'co' && a.state === 'accepted',
              reply: a.role !== 'co' && a.state === 'accepted',
            };
          })
      : [];
    const can = {
      review: committee && p.status === 'submitted',
      withdraw: (committee || isLead) && ['submitted', 'returned'].includes(p.status),
      resubmit: (committee || isLead) && p.status === 'returned',
      assign: STAFF.includes(role) && p.status === 'filed',
      rate: (committee || isLead) && p.status === 'replied' && !ratedThisRound,
      publish: committee && ['replied', 'closed'].includes(p.status) && !p.published && p.replies.some((r) => r.public),
      decide: role === 'admin' || role === 'supervisor',
      supervise: role === 'admin' || role === 'supervisor',
      // 附件材料: the committee any time, a proposer of it until filing review is done (UploadAttachment decides).
      attach: committee || (role === 'proposer' && ['submitted', 'returned'].includes(p.status)),
      contacts: role !== 'proposer',
      mine,
    };
    const unitActs = mine.some((x) => x.accept || x.adjust || x.extend || x.communicate || x.opinion || x.reply);
    const any = unitActs || can.review || can.withdraw || can.resubmit || can.assign || can.rate || can.publish || can.supervise;
    return { ...can, any };
  }

  /** Runs a form's action; on success back to the page with a message, on a refusal the page again with the form as typed. */
  private async act(req: UiRequest, res: Response, proposalId: string, form: string, fn: (actor: UserActor) => Promise<string>): Promise<void> {
    const actor = this.ui.user(req);
    try {
      const done = await fn(actor);
      this.ui.redirect(res, `/proposals/${proposalId}`, { kind: 'ok', text: done });
    } catch (e) {
      const { status, message } = describeError(e);
      // Not found / not allowed / not signed in / broken: the error page, not the form.
      if (status >= 500 || [401, 403, 404].includes(status)) throw e;
      await this.renderProposal(req, res, proposalId, { form, message, values: req.body as FormBody }, status);
    }
  }

  // ---- the committee -------------------------------------------------------------------------

  @Post(':id/review')
  review(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: FormBody) {
    return this.act(req, res, id, 'review', async (actor) => {
      confirmed(body, '我确认以上审查结论');
      const input = await validated(ReviewDto, { decision: text(body, 'decision'), reason: optional(body, 'reason'), mergeIntoId: optional(body, 'mergeIntoId') });
      const p = await this.reviewProposal.execute(actor, id, input);
      return input.decision === 'file' ? `已立案，编为第${p.number}号。` : `审查结论已记录：${REVIEW_DECISION_LABELS[input.decision]}。`;
    });
  }

  @Post(':id/withdraw')
  withdraw(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: FormBody) {
    return this.act(req, res, id, 'withdraw', async (actor) => {
      confirmed(body, '我确认撤回这件提案');
      const input = await validated(ReasonDto, { reason: optional(body, 'reason') });
      await this.withdrawProposal.execute(actor, id, input.reason);
      return '提案已撤回。';
    });
  }

  @Post(':id/resubmit')
  resubmit(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: FormBody) {
    return this.act(req, res, id, 'resubmit', async (actor) => {
      const input = await validated(ResubmitDto, { title: optional(body, 'title'), content: optional(body, 'content'), category: optional(body, 'category') });
      await this.resubmitProposal.execute(actor, id, input);
      return '提案已修改并重新提交。';
    });
  }

  @Post(':id/assign')
  assign(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: FormBody) {
    return this.act(req, res, id, 'assign', async (actor) => {
      const input = await validated(AssignDto, {
        leadUnitId: optional(body, 'leadUnitId'),
        coUnitIds: list(body, 'coUnitIds'),
        separateUnitIds: list(body, 'separateUnitIds'),
        key: flag(body, 'key'),
        leaderName: optional(body, 'leaderName'),
      });
      const created = await this.assignProposal.execute(actor, id, input);
      return `已交办给 ${created.length} 个单位。`;
    });
  }

  @Post(':id/feedback')
  feedback(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: FormBody) {
    return this.act(req, res, id, 'feedback', async (actor) => {
      confirmed(body, '我确认以上评价');
      const input = await validated(FeedbackDto, { rating: text(body, 'rating'), comment: optional(body, 'comment') });
      await this.giveFeedback.execute(actor, id, input);
      return `回执已记录：${RATING_LABELS[input.rating]}。`;
    });
  }

  @Post(':id/publish')
  publish(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: FormBody) {
    return this.act(req, res, id, 'publish', async (actor) => {
      confirmed(body, '我确认公开此答复');
      const input = await validated(PublishDto, { publicationIndex: optional(body, 'publicationIndex') });
      const p = await this.publishProposal.execute(actor, id, input);
      return `已公开，索引号 ${p.publicationIndex}。`;
    });
  }

  // ---- the supervision office ----------------------------------------------------------------

  @Post(':id/supervision-notes')
  supervise(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: FormBody) {
    return this.act(req, res, id, 'supervise', async (actor) => {
      await this.commands.addSupervisionNote(actor, id, text(body, 'note'));
      return '督办意见已记录。';
    });
  }

  @Post(':id/adjustment-requests/:requestId/decision')
  decideAdjustmentRequest(
    @Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Param('requestId', PageId) requestId: string, @Body() body: FormBody,
  ) {
    return this.act(req, res, id, `adjustment-${requestId}`, async (actor) => {
      confirmed(body, '我确认作出此决定');
      const input = await validated(DecisionDto, { approve: flag(body, 'approve'), newUnitId: optional(body, 'newUnitId'), reason: optional(body, 'reason') });
      await this.decideAdjustment.execute(actor, requestId, input);
      return input.approve ? '已同意调整，系统将按调整结果重新交办。' : '已决定不予调整，原单位继续办理。';
    });
  }

  @Post(':id/extension-requests/:requestId/decision')
  decideExtensionRequest(
    @Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Param('requestId', PageId) requestId: string, @Body() body: FormBody,
  ) {
    return this.act(req, res, id, `extension-${requestId}`, async (actor) => {
      confirmed(body, '我确认作出此决定');
      const input = await validated(DecisionDto, { approve: flag(body, 'approve'), reason: optional(body, 'reason') });
      await this.decideExtension.execute(actor, requestId, input);
      return input.approve ? '已同意延期，期限已顺延。' : '已决定不予延期。';
    });
  }

  // ---- the handling unit ---------------------------------------------------------------------

  @Post(':id/assignments/:assignmentId/accept')
  accept(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Param('assignmentId', PageId) assignmentId: string) {
    return this.act(req, res, id, `accept-${assignmentId}`, async (actor) => {
      await this.acceptAssignment.execute(actor, assignmentId);
      return '已签收。';
    });
  }

  @Post(':id/assignments/:assignmentId/adjustment-request')
  adjust(
    @Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Param('assignmentId', PageId) assignmentId: string, @Body() body: FormBody,
  ) {
    return this.act(req, res, id, `adjust-${assignmentId}`, async (actor) => {
      const input = await validated(AdjustmentRequestDto, { reason: text(body, 'reason'), suggestedUnitId: optional(body, 'suggestedUnitId'), keepAsCo: flag(body, 'keepAsCo') });
      await this.requestAdjustment.execute(actor, assignmentId, input);
      return '调整申请已提交督查室。';
    });
  }

  @Post(':id/assignments/:assignmentId/extension-request')
  extend(
    @Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Param('assignmentId', PageId) assignmentId: string, @Body() body: FormBody,
  ) {
    return this.act(req, res, id, `extend-${assignmentId}`, async (actor) => {
      const input = await validated(ExtensionRequestDto, { reason: text(body, 'reason'), newDueOn: text(body, 'newDueOn') });
      await this.requestExtension.execute(actor, assignmentId, input);
      return '延期申请已提交督查室。';
    });
  }

  /** The form is multipart: the minutes and photos (纪要、照片) are recorded with the communication. */
  @Post(':id/assignments/:assignmentId/communications')
  @UploadFilesForm('attachment', 10, attachmentLimits(10))
  communicate(
    @Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Param('assignmentId', PageId) assignmentId: string,
    @UploadedFiles() uploaded?: UploadedFileData[],
  ) {
    const body = (req.body ?? {}) as FormBody;
    return this.act(req, res, id, `communicate-${assignmentId}`, async (actor) => {
      const input = await validated(CommunicationDto, { method: text(body, 'method'), happenedOn: text(body, 'happenedOn'), summary: text(body, 'summary') });
      // A file input left empty posts one part without a name and without bytes: not a file.
      const attachments = (uploaded ?? []).filter((f) => f.size > 0 || f.originalname !== '');
      await this.recordCommunication.execute(actor, assignmentId, { ...input, attachments });
      return attachments.length ? `沟通情况已记录，附件 ${attachments.length} 个。` : '沟通情况已记录。';
    });
  }

  /** 附件材料 of the proposal (the committee; its proposers until filing review is done). */
  @Post(':id/attachments')
  @UploadForm('attachment', attachmentLimits(1))
  attach(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @UploadedFile() file?: UploadedFileData) {
    return this.act(req, res, id, 'attach', async (actor) => {
      const row = await this.uploadAttachment.execute(actor, { type: 'proposal', id }, file && (file.size > 0 || file.originalname) ? file : undefined);
      return `附件「${row.filename}」已上传。`;
    });
  }

  /** A file of the proposal, as the reader may see it (recorded as a download). */
  @Get(':id/attachments/:attachmentId')
  async download(@Req() req: UiRequest, @Res() res: Response, @Param('attachmentId', PageId) attachmentId: string): Promise<void> {
    sendAttachment(res, await this.attachments.open(this.ui.user(req), attachmentId, 'ui'), true);
  }

  @Post(':id/assignments/:assignmentId/opinion')
  opinion(
    @Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Param('assignmentId', PageId) assignmentId: string, @Body() body: FormBody,
  ) {
    return this.act(req, res, id, `opinion-${assignmentId}`, async (actor) => {
      confirmed(body, '我已核对协办意见');
      const input = await validated(OpinionDto, { content: text(body, 'content') });
      await this.submitOpinion.execute(actor, assignmentId, input);
      return '协办意见已提交主办单位。';
    });
  }

  /** The form is multipart: the signed letter (答复函, PDF) goes with the reply, or neither is recorded. */
  @Post(':id/assignments/:assignmentId/reply')
  @UploadForm('letter', attachmentLimits(1))
  reply(
    @Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Param('assignmentId', PageId) assignmentId: string,
    @UploadedFile() letter?: UploadedFileData,
  ) {
    const body = (req.body ?? {}) as FormBody;
    return this.act(req, res, id, `reply-${assignmentId}`, async (actor) => {
      confirmed(body, '我已核对，确认提交此答复');
      const input = await validated(ReplyDto, {
        content: text(body, 'content'),
        resultCategory: text(body, 'resultCategory'),
        signedBy: text(body, 'signedBy'),
        contactName: text(body, 'contactName'),
        contactPhone: text(body, 'contactPhone'),
        public: flag(body, 'public'),
      });
      const withLetter = letter && (letter.size > 0 || letter.originalname) ? { letter } : {};
      await this.submitReply.execute(actor, assignmentId, { ...input, ...withLetter });
      return '答复已提交，系统将通知提案者。';
    });
  }
}
