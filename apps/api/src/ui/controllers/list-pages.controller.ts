import { labelOf } from '#contracts';
import { Get, Inject, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ASSIGNMENT_SORTS, DEADLINE_SORTS, RegisterView, SOON_DAYS, WorkLists, type DeadlineListFilter } from '#handling';
import { ListExports } from '#supervision';
import { mayRunBatch, toShanghaiDate, type BatchAction } from '#domain';
import { BATCH_LABELS } from '../../batch/batch-text.js';
import { countdown, formatDate, proposalNumberText } from '../format.js';
import { single } from '../forms.js';
import { ASSIGNMENT_ROLE_LABELS, ASSIGNMENT_STATE_LABELS, DEADLINE_KIND_LABELS } from '../labels.js';
import { exportNotes, sendFile } from '../list-files.js';
import { parseSort, sortParams } from '../sorting.js';
import { UiController } from '../ui-controller.js';
import { Ui, type UiRequest } from '../ui.service.js';

const uuid = (v: string | undefined) => (v && /^[0-9a-f-]{36}$/i.test(v) ? v : undefined);

const DEADLINE_SORT_LABELS: Record<string, string> = { due: '到期日', number: '提案号', title: '标题', unit: '承办单位', kind: '期限' };
const ASSIGNMENT_SORT_LABELS: Record<string, string> = { due: '答复期限', number: '提案号', title: '标题', assigned: '交办日期', role: '承办方式' };
/** The deadline kinds the list filters by (an adjustment window is a right, never on this list). */
const LIST_KINDS = ['reply', 'co_opinion', 'rehandling', 'feedback', 'publication', 'supervision'];
/** A unit's lists: 待签收 and 办理中, by assignment state. */
const ASSIGNMENT_VIEWS = {
  assigned: { title: '待签收', states: ['assigned'] },
  handling: { title: '办理中', states: ['accepted', 'adjustment_requested'] },
} as const;

/**
 * The staff lists besides the register: 期限清单 (overdue, or falling due within SOON_DAYS; 催办
 * from a selection) and a unit's 待签收 / 办理中 (签收 from a selection), each sortable and exported
 * to XLSX with its filters and order.
 */
@UiController()
export class ListPagesController {
  constructor(
    @Inject(Ui) private readonly ui: Ui,
    @Inject(WorkLists) private readonly lists: WorkLists,
    @Inject(RegisterView) private readonly register: RegisterView,
    @Inject(ListExports) private readonly exports: ListExports,
  ) {}

  // ---- 期限清单 -------------------------------------------------------------------------------

  private deadlineFilter(raw: Record<string, unknown>) {
    const query = single(raw);
    const sort = parseSort(query, DEADLINE_SORTS, { key: 'due', dir: 'asc' });
    const filter: DeadlineListFilter = {
      which: query.which === 'soon' ? 'soon' : 'overdue',
      sessionId: uuid(query.sessionId),
      unitId: uuid(query.unitId),
      kind: query.kind && LIST_KINDS.includes(query.kind) ? query.kind : undefined,
      sort,
    };
    const params = { which: filter.which === 'soon' ? 'soon' : undefined, sessionId: filter.sessionId, unitId: filter.unitId, kind: filter.kind };
    return { filter, sort, params };
  }

  @Get('deadlines')
  async deadlines(@Req() req: UiRequest, @Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    const actor = this.ui.user(req);
    const { filter, sort, params } = this.deadlineFilter(raw);
    const [rows, facets] = await Promise.all([this.lists.deadlines(actor, filter), this.register.facets(actor)]);
    const batches: BatchAction[] = ['urge'];
    this.ui.page(req, res, 'lists/deadlines', {
      rows,
      which: filter.which,
      soonDays: SOON_DAYS,
      facets,
      kinds: LIST_KINDS.map((k) => ({ code: k, label: labelOf(DEADLINE_KIND_LABELS, k) })),
      params: { ...params, ...sortParams(sort) },
      sort,
      batches: batches.filter((b) => mayRunBatch(actor.role, b)).map((b) => ({ action: b, label: BATCH_LABELS[b] })),
    });
  }

  @Get('deadlines/export.xlsx')
  async deadlinesExport(@Req() req: UiRequest, @Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    const actor = this.ui.user(req);
    if (actor.role === 'proposer') {
      return this.ui.page(req, res, 'error', { status: 403, title: '无权访问', message: '导出供工作人员和承办单位使用。' }, 403);
    }
    const { filter, sort } = this.deadlineFilter(raw);
    const [rows, facets] = await Promise.all([this.lists.deadlines(actor, filter), this.register.facets(actor)]);
    const now = this.ui.now();
    const title = filter.which === 'overdue' ? '逾期清单' : `${SOON_DAYS}天内到期清单`;
    const notes = exportNotes(
      [
        ['届次', facets.sessions.find((s: { id: string }) => s.id === filter.sessionId)?.name],
        ['承办单位', facets.units.find((u: { id: string }) => u.id === filter.unitId)?.name],
        ['期限', filter.kind ? labelOf(DEADLINE_KIND_LABELS, filter.kind) : null],
        ...(actor.role === 'unit' ? ([['范围', '本单位的期限']] as Array<[string, string]>) : []),
      ],
      sort,
      DEADLINE_SORT_LABELS,
      now,
    );
    const file = await this.exports.table(
      `${title}-${toShanghaiDate(now)}`,
      title,
      [
        { header: '提案号', width: 28 }, { header: '标题', width: 40 }, { header: '重点提案', width: 8 }, { header: '期限', width: 14 },
        { header: '承办单位', width: 24 }, { header: '到期日', width: 12 }, { header: '剩余', width: 14 }, { header: '督办通知', width: 16 },
      ],
      rows.map((r) => [
        proposalNumberText(r.sessionName, r.number), r.title, r.key ? '是' : '否', labelOf(DEADLINE_KIND_LABELS, r.kind), r.unitName ?? '',
        formatDate(r.dueOn), countdown(r, now).text, r.openNotice ? `督〔${r.openNotice.year}〕${r.openNotice.number}号` : '',
      ]),
      notes,
    );
    sendFile(res, file);
  }

  // ---- a unit's 待签收 / 办理中 -----------------------------------------------------------------

  private assignmentView(req: UiRequest, res: Response, raw: Record<string, unknown>) {
    const actor = this.ui.user(req);
    if (actor.role !== 'unit' || !actor.unitId) {
      this.ui.page(req, res, 'error', { status: 403, title: '无权访问', message: '本页供承办单位使用。' }, 403);
      return null;
    }
    const query = single(raw);
    const view = query.view === 'handling' ? 'handling' : 'assigned';
    const sort = parseSort(query, ASSIGNMENT_SORTS, { key: 'due', dir: 'asc' });
    return { actor, unitId: actor.unitId, view, sort, params: { view: view === 'handling' ? 'handling' : undefined, ...sortParams(sort) } } as const;
  }

  @Get('assignments')
  async assignments(@Req() req: UiRequest, @Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    const v = this.assignmentView(req, res, raw);
    if (!v) return;
    const rows = await this.lists.unitAssignments(v.unitId, [...ASSIGNMENT_VIEWS[v.view].states], v.sort);
    const batches: BatchAction[] = v.view === 'assigned' ? ['accept'] : [];
    this.ui.page(req, res, 'lists/assignments', {
      rows,
      view: v.view,
      title: ASSIGNMENT_VIEWS[v.view].title,
      params: v.params,
      sort: v.sort,
      batches: batches.filter((b) => mayRunBatch(v.actor.role, b)).map((b) => ({ action: b, label: BATCH_LABELS[b] })),
    });
  }

  @Get('assignments/export.xlsx')
  async assignmentsExport(@Req() req: UiRequest, @Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    const v = this.assignmentView(req, res, raw);
    if (!v) return;
    const rows = await this.lists.unitAssignments(v.unitId, [...ASSIGNMENT_VIEWS[v.view].states], v.sort);
    const now = this.ui.now();
    const title = ASSIGNMENT_VIEWS[v.view].title;
    const file = await this.exports.table(
      `${title}-${toShanghaiDate(now)}`,
      title,
      [
        { header: '提案号', width: 28 }, { header: '标题', width: 40 }, { header: '承办方式', width: 10 }, { header: '状态', width: 12 },
        { header: '交办日期', width: 12 }, { header: '答复期限', width: 12 }, { header: '剩余', width: 14 },
      ],
      rows.map((r) => [
        proposalNumberText(r.sessionName, r.number), r.title, labelOf(ASSIGNMENT_ROLE_LABELS, r.role), labelOf(ASSIGNMENT_STATE_LABELS, r.state),
        formatDate(r.assignedAt), r.deadline ? formatDate(r.deadline.dueOn) : '', r.deadline ? countdown(r.deadline, now).text : '',
      ]),
      exportNotes([['范围', `本单位${title}的提案`]], v.sort, ASSIGNMENT_SORT_LABELS, now),
    );
    sendFile(res, file);
  }
}
