import { labelOf } from '#contracts';
import { Body, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ListExports } from '#supervision';
import { REGISTER_SORTS, RegisterView, type RegisterPageFilter } from '#handling';
import { SubmitProposal } from '#intake';
import { PROPOSAL_STATUSES, mayRunBatch, maySetSubmissionField, toShanghaiDate, type BatchAction } from '#domain';
import { CreateProposalDto } from '../../dto/proposal.dto.js';
import { describeError } from '../errors.js';
import { integer, list, optional, pageParam, single, text, validated, type FormBody } from '../forms.js';
import { STATUS_LABELS } from '../labels.js';
import { PageId, UiController } from '../ui-controller.js';
import { BATCH_LABELS } from '../../batch/batch-text.js';
import { exportNotes, sendFile } from '../list-files.js';
import { parseSort, sortParams, type Sort } from '../sorting.js';
import { Ui, type UiRequest, type UserActor } from '../ui.service.js';
import { ProposalPage, type FormState } from './proposal-page.js';
import { SubmissionChoices } from './submission-choices.js';
import { DraftPage } from './member-pages.js';
const PAGE_SIZES = [10, 20, 50, 100];
/** The batch actions offered on the register (签收 is on the unit's list of assignments, 催办 on the deadlines list). */
const REGISTER_BATCHES: BatchAction[] = ['assign', 'publish'];
/** The register's sortable columns as the 说明 of an export names them. */
const REGISTER_SORT_LABELS: Record<string, string> = {
  number: '提案号', title: '标题', proposer: '提案者', category: '类别', status: '状态', submitted: '提交时间', deadline: '最近期限',
};

/** 提案登记簿, 提交提案 and the proposal page (its forms post to ProposalActionsController and UnitActionsController). */
@UiController('proposals')
export class ProposalPagesController {
  constructor(
    @Inject(Ui) private readonly ui: Ui,
    @Inject(RegisterView) private readonly registerView: RegisterView,
    @Inject(ProposalPage) private readonly proposalPage: ProposalPage,
    @Inject(SubmitProposal) private readonly submitProposal: SubmitProposal,
    @Inject(SubmissionChoices) private readonly choices: SubmissionChoices,
    @Inject(DraftPage) private readonly draftPage: DraftPage,
    @Inject(ListExports) private readonly listExports: ListExports,
  ) {}

  // ---- the register ------------------------------------------------------------------------

  @Get()
  async register(@Req() req: UiRequest, @Res() res: Response, @Query() raw: Record<string, unknown>, exportXlsx = false): Promise<void> {
    const query = single(raw);
    const actor = this.ui.user(req);
    const uuid = (v: string | undefined) => (v && /^[0-9a-f-]{36}$/i.test(v) ? v : undefined);
    const yesNo = (v: string | undefined) => (v === 'yes' ? true : v === 'no' ? false : undefined);
    const filter: RegisterPageFilter = {
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
    const [result, facets] = await Promise.all([this.registerView.page(actor, filter), this.registerView.facets(actor)]);
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

  private async exportRegister(req: UiRequest, res: Response, actor: UserActor, filter: RegisterPageFilter, sort: Sort, query: Record<string, string | undefined>) {
    if (actor.role === 'proposer') {
      return this.ui.page(req, res, 'error', { status: 403, title: '无权访问', message: '导出供工作人员和承办单位使用。' }, 403);
    }
    const [result, facets] = await Promise.all([this.registerView.page(actor, { ...filter, all: true }), this.registerView.facets(actor)]);
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
    // A member writes into a draft kept on the server (保存草稿, resumable on any device): DraftPage (member-pages.ts).
    if (actor.role === 'proposer') return this.draftPage.render(req, res, null, state, status);
    const { sessions, proposers, categories, ownBody } = await this.choices.for(actor, this.ui.now());
    // The form offers the committee's fields (number, co-signers) only to whom the use case allows them.
    const fields = { number: maySetSubmissionField(actor.role, 'number'), coProposerIds: maySetSubmissionField(actor.role, 'coProposerIds') };
    const typed = state?.values.coProposerIds;
    const coChosen = Array.isArray(typed) ? typed : typed ? [typed] : [];
    this.ui.page(req, res, 'proposal-new', { sessions, proposers, categories, coChosen, state, fields, ownBody }, status);
  }

  // ---- the proposal page ---------------------------------------------------------------------

  @Get(':id')
  async show(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string): Promise<void> {
    await this.proposalPage.render(req, res, id);
  }
}
