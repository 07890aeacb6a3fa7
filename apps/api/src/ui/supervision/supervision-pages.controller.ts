import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { Body, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AsOfQuery, ChangeRules, NoticeQueries, RespondToSupervisionNotice, RulesQueries, SUPERVISION_CONFIG, SupervisionStats, WithdrawSupervisionNotice, type SupervisionConfig } from '#supervision';
import { LAYER_LADDER_KINDS, type LayerLadderKind } from '#kernel';
import { Pickers, type SessionOption } from '#handling';
import { DubanConfig } from '#common';
import { endOfShanghaiDay, isIsoDate, RECIPIENTS, toShanghaiDate, type HolidayOverride, type LadderStep } from '#domain';
import { Public } from '../../auth/auth.decorators.js';
import { describeError } from '../errors.js';
import { integer, list, singleValues, text, type FormBody } from '../forms.js';
import { NOTICE_STATUS_LABELS, RANK_COLOR_LABELS, RECIPIENT_LABELS, STAGE_TYPE_LABELS } from '#contracts';
import { DEADLINE_KIND_LABELS } from '../labels.js';
import { PageId, UiController } from '../ui-controller.js';
import { Ui, type UiRequest, type UserActor } from '../ui.service.js';
import { VIEWS_DIR } from '../views.js';

const STAFF = ['admin', 'committee', 'supervisor'];

/** Chinese names of what the supervision pages show (deadline kinds, ladder recipients and stage types). */
export const SUPERVISION_LABELS = {
  kinds: DEADLINE_KIND_LABELS as Record<string, string>,
  recipients: RECIPIENT_LABELS as Record<string, string>,
  stageTypes: STAGE_TYPE_LABELS as Record<string, string>,
  colors: RANK_COLOR_LABELS as Record<string, string>,
  noticeStatus: NOTICE_STATUS_LABELS as Record<string, string>,
  responsible: { unit: '承办单位', proposer: '提案者', committee: '提案委' } as Record<string, string>,
};

/**
 * The sessions in handling on a date: of each body (政协, 人大), the latest session opened on or
 * before it — the proposals that office was following that day.
 */
export function sessionsInHandling<T extends { body: string; openedOn: string }>(sessions: readonly T[], date: string): T[] {
  const latest = new Map<string, T>();
  for (const s of sessions) {
    const seen = latest.get(s.body);
    if (s.openedOn <= date && (!seen || s.openedOn > seen.openedOn)) latest.set(s.body, s);
  }
  return [...latest.values()].sort((a, b) => a.body.localeCompare(b.body));
}

/** JSON for a `<script type="application/json">` block: `<` escaped so that no text can close the element. */
export const jsonBlock = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

const ECHARTS = createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');
const ASSETS: Record<string, { file: string; type: string }> = {
  'echarts.min.js': { file: ECHARTS, type: 'application/javascript; charset=utf-8' },
  'dashboard.js': { file: resolve(VIEWS_DIR, 'supervision/dashboard.js'), type: 'application/javascript; charset=utf-8' },
  'supervision.css': { file: resolve(VIEWS_DIR, 'supervision/supervision.css'), type: 'text/css; charset=utf-8' },
};

/**
 * The supervision office's pages (docs/supervision.md): the dashboard with ECharts (served from the
 * echarts package, never a CDN), the 营商环境 view, the history as of a date, the notices, and the
 * rules (ladders and holiday overrides: everyone on staff reads them, the admin edits them).
 */
@UiController('supervision')
export class SupervisionPagesController {
  private readonly cache = new Map<string, Buffer>();

  constructor(
    @Inject(Ui) private readonly ui: Ui,
    @Inject(Pickers) private readonly pickers: Pickers,
    @Inject(SupervisionStats) private readonly stats: SupervisionStats,
    @Inject(AsOfQuery) private readonly history: AsOfQuery,
    @Inject(NoticeQueries) private readonly notices: NoticeQueries,
    @Inject(RespondToSupervisionNotice) private readonly respond: RespondToSupervisionNotice,
    @Inject(WithdrawSupervisionNotice) private readonly withdrawal: WithdrawSupervisionNotice,
    @Inject(RulesQueries) private readonly rules: RulesQueries,
    @Inject(ChangeRules) private readonly change: ChangeRules,
    @Inject(SUPERVISION_CONFIG) private readonly config: SupervisionConfig,
    @Inject(DubanConfig) private readonly env: DubanConfig,
  ) {}

  /** ECharts and the dashboard's own script and stylesheet (same origin: the CSP allows only 'self'). */
  @Get('assets/:name')
  @Public()
  asset(@Param('name') name: string, @Res() res: Response): void {
    const asset = ASSETS[name];
    if (!asset) {
      res.status(404).type('text').send('Not found');
      return;
    }
    let body = this.cache.get(name);
    if (!body) {
      body = readFileSync(asset.file);
      if (this.env.isProduction) this.cache.set(name, body);
    }
    res.setHeader('Cache-Control', this.env.isProduction ? 'public, max-age=86400' : 'no-cache');
    res.type(asset.type).send(body);
  }

  private staff(req: UiRequest, res: Response): UserActor | null {
    const actor = this.ui.user(req);
    if (STAFF.includes(actor.role)) return actor;
    this.ui.page(req, res, 'error', { status: 403, title: '无权访问', message: '督办看板供督查室、提案委和系统管理员使用。' }, 403);
    return null;
  }

  private sessions(): Promise<SessionOption[]> {
    return this.pickers.sessions();
  }

  /**
   * The session the dashboard shows when none is asked for: the one in handling today (the latest
   * opened by today; a session set up ahead of its meeting is not yet the current one), else the newest.
   * `all`: every session. An unknown id is refused (null), never silently replaced.
   */
  private pickSession(sessions: SessionOption[], asked: string | undefined): { sessionId: string | undefined; current: boolean } | null {
    if (asked === 'all') return { sessionId: undefined, current: false };
    if (asked) return sessions.some((s) => s.id === asked) ? { sessionId: asked, current: false } : null;
    const today = toShanghaiDate(this.ui.now());
    const current = sessions.filter((s) => s.openedOn <= today).sort((a, b) => b.openedOn.localeCompare(a.openedOn))[0] ?? sessions[0];
    return { sessionId: current?.id, current: !!current };
  }

  private badSession(req: UiRequest, res: Response): void {
    this.ui.page(req, res, 'error', { status: 400, title: '请求有误', message: '届次（sessionId）无效：没有这个届次，请从届次列表中选择。' }, 400);
  }

  // ---- the dashboard -------------------------------------------------------------------------

  @Get()
  async dashboard(@Req() req: UiRequest, @Res() res: Response, @Query(singleValues) query: Record<string, string>): Promise<void> {
    await this.renderDashboard(req, res, query, query.theme?.slice(0, 50) || undefined);
  }

  /** 营商环境: the same dashboard over the proposals of the business-environment theme. */
  @Get('business')
  async business(@Req() req: UiRequest, @Res() res: Response, @Query(singleValues) query: Record<string, string>): Promise<void> {
    await this.renderDashboard(req, res, query, this.config.businessTheme);
  }

  private async renderDashboard(req: UiRequest, res: Response, query: Record<string, string>, theme: string | undefined): Promise<void> {
    if (!this.staff(req, res)) return;
    const sessions = await this.sessions();
    const picked = this.pickSession(sessions, query.sessionId);
    if (!picked) return this.badSession(req, res);
    const { sessionId } = picked;
    const filter = { sessionId, theme };
    const [total, ranking, units, themes, trends, categories] = await Promise.all([
      this.stats.total(filter),
      this.stats.ranking(this.config.ranking, filter),
      this.stats.units(filter),
      this.stats.themes({ sessionId }),
      this.stats.trends(filter),
      this.pickers.resultCategories(sessionId),
    ]);
    const active = units.filter((u) => u.assigned > 0);
    const charts = {
      onTime: {
        units: ranking.map((u) => u.unitName),
        values: ranking.map((u) => (u.onTimeRate === null ? null : Math.round(u.onTimeRate * 1000) / 10)),
        colors: ranking.map((u) => u.color),
      },
      results: categories.map((c) => ({ name: `${c.code}类 ${c.label}`, value: total.resultsByCategory[c.code] ?? 0 })),
      overdue: {
        weeks: trends.weeks,
        units: trends.overdueByUnit.map((u) => u.unitName),
        cells: trends.overdueByUnit.flatMap((u, y) => u.values.map((n, x) => [x, y, n])),
        max: Math.max(1, ...trends.overdueByUnit.flatMap((u) => u.values)),
      },
      trends: { weeks: trends.weeks, series: trends.series },
    };
    // A chart without data is not drawn: its box says 暂无数据 instead of showing empty axes.
    const hasData = {
      onTime: charts.onTime.values.some((v) => v !== null),
      results: charts.results.some((r) => r.value > 0),
      overdue: trends.overdueByUnit.length > 0,
      trends: trends.weeks.length > 0,
    };
    const exportQuery = new URLSearchParams({ ...(sessionId ? { sessionId } : {}), ...(theme ? { theme } : {}) }).toString();
    this.ui.page(req, res, 'supervision/dashboard', {
      sessions,
      sessionId: sessionId ?? 'all',
      // What the heading states: the session (or 全部届次) and whether it was chosen as the current one.
      scope: { session: sessions.find((s) => s.id === sessionId)?.name ?? '全部届次', current: picked.current },
      theme,
      business: theme === this.config.businessTheme,
      businessTheme: this.config.businessTheme,
      themes: themes.map((t) => t.theme),
      total,
      ranking,
      active,
      categories,
      trends,
      thresholds: this.config.ranking,
      chartData: jsonBlock(charts),
      hasData,
      exportQuery: exportQuery ? `&${exportQuery}` : '',
      labels: SUPERVISION_LABELS,
    });
  }

  // ---- the history as of a date ---------------------------------------------------------------

  @Get('as-of')
  async asOf(@Req() req: UiRequest, @Res() res: Response, @Query(singleValues) query: Record<string, string>): Promise<void> {
    if (!this.staff(req, res)) return;
    const sessions = await this.sessions();
    const today = toShanghaiDate(this.ui.now());
    const typed = (query.date ?? '').trim().slice(0, 40);
    const asked = query.sessionId ?? '';
    // A bad date or session is a 400 naming the field, the typed value kept in the form: never a silent "today".
    let error: { field: 'date' | 'sessionId'; message: string } | undefined;
    if (typed && !isIsoDate(typed)) error = { field: 'date', message: `日期“${typed}”无效：请按“年-月-日”填写一个实际存在的日期，例如 ${today}。` };
    else if (typed > today) error = { field: 'date', message: `日期 ${typed} 晚于今天（${today}）：只能回溯今天及以前。` };
    else if (asked && asked !== 'all' && !sessions.some((s) => s.id === asked)) error = { field: 'sessionId', message: '届次无效：没有这个届次，请从列表中选择。' };
    if (error) {
      this.ui.page(req, res, 'supervision/as-of', { sessions, sessionId: asked, date: typed, today, error, labels: SUPERVISION_LABELS }, 400);
      return;
    }
    const date = typed || today;
    // Default scope: the sessions in handling on that date (the latest of each body opened by then), not today's.
    const inHandling = sessionsInHandling(sessions, date);
    const scope =
      asked === 'all'
        ? { kind: 'all', names: ['全部届次'], ids: undefined }
        : asked
          ? { kind: 'one', names: [sessions.find((s) => s.id === asked)!.name], ids: [asked] }
          : { kind: 'in-handling', names: inHandling.map((s) => s.name), ids: inHandling.map((s) => s.id) };
    const result = await this.history.at(date === today ? this.ui.now() : endOfShanghaiDay(date), { sessionIds: scope.ids });
    this.ui.page(req, res, 'supervision/as-of', { sessions, sessionId: asked, date, today, scope, inHandling, result, labels: SUPERVISION_LABELS });
  }

  // ---- notices ---------------------------------------------------------------------------------

  @Get('notices')
  async noticeList(@Req() req: UiRequest, @Res() res: Response, @Query(singleValues) query: Record<string, string>): Promise<void> {
    await this.renderNotices(req, res, query);
  }

  private async renderNotices(req: UiRequest, res: Response, query: Record<string, string>, state?: { form: string; message: string; values: FormBody }, status = 200) {
    const actor = this.ui.user(req);
    if (actor.role === 'proposer') {
      return this.ui.page(req, res, 'error', { status: 403, title: '无权访问', message: '督办通知供督查室和承办单位使用。' }, 403);
    }
    const filterStatus = ['open', 'responded', 'withdrawn'].includes(query.status) ? (query.status as 'open') : undefined;
    const overdue = query.overdue === 'yes' ? true : undefined;
    const { items } = await this.notices.list(actor, { status: filterStatus, overdue });
    this.ui.page(req, res, 'supervision/notices', { items, status: filterStatus, overdue: query.overdue === 'yes', state, labels: SUPERVISION_LABELS }, status);
  }

  @Post('notices/:id/response')
  async respondToNotice(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: FormBody): Promise<void> {
    const actor = this.ui.user(req);
    try {
      await this.respond.execute(actor, id, { content: text(body, 'content') });
      this.ui.redirect(res, '/supervision/notices', { kind: 'ok', text: '督办回复已提交。' });
    } catch (e) {
      const { status, message } = describeError(e);
      if (status >= 500 || [401, 403, 404].includes(status)) throw e;
      await this.renderNotices(req, res, {}, { form: `respond-${id}`, message, values: body }, status);
    }
  }

  @Post('notices/:id/withdraw')
  async withdrawNotice(@Req() req: UiRequest, @Res() res: Response, @Param('id', PageId) id: string, @Body() body: FormBody): Promise<void> {
    const actor = this.ui.user(req);
    try {
      await this.withdrawal.execute(actor, id, { reason: text(body, 'reason') });
      this.ui.redirect(res, '/supervision/notices', { kind: 'ok', text: '督办通知已撤回。' });
    } catch (e) {
      const { status, message } = describeError(e);
      if (status >= 500 || [401, 403, 404].includes(status)) throw e;
      await this.renderNotices(req, res, {}, { form: `withdraw-${id}`, message, values: body }, status);
    }
  }

  // ---- rules as data ---------------------------------------------------------------------------

  @Get('rules')
  async rulesPage(@Req() req: UiRequest, @Res() res: Response, @Query(singleValues) query: Record<string, string>): Promise<void> {
    await this.renderRules(req, res, query.kind);
  }

  private async renderRules(req: UiRequest, res: Response, kind?: string, state?: { form: string; message: string; values: FormBody }, status = 200) {
    const actor = this.staff(req, res);
    if (!actor) return;
    const [current, versions, departments] = await Promise.all([this.rules.current(actor), this.rules.versions(actor), this.pickers.activeDepartments()]);
    // 单位内部审签: the departments whose replies the admin's layer lets go out without the leader's sign-off.
    const skipIds = new Set(skippedUnitIds(current.layer));
    const editKind = (LAYER_LADDER_KINDS as readonly string[]).includes(kind ?? '') ? (kind as LayerLadderKind) : 'reply';
    const ladder = (current.effective.ladders as Record<string, LadderStep[]>)[editKind] ?? [];
    // Every step of the ladder, and two empty rows to add steps.
    const rows = [...ladder, null, null];
    this.ui.page(req, res, 'supervision/rules', {
      current,
      versions,
      kinds: LAYER_LADDER_KINDS,
      editKind,
      rows,
      departments,
      signOffSkipped: departments.filter((u) => skipIds.has(u.id)),
      unitName: Object.fromEntries(departments.map((u) => [u.id, u.name])),
      recipients: RECIPIENTS,
      canEdit: actor.role === 'admin',
      today: toShanghaiDate(this.ui.now()),
      state,
      labels: SUPERVISION_LABELS,
    }, status);
  }

  private async changeRules(req: UiRequest, res: Response, form: string, kind: string | undefined, fn: (actor: UserActor, version: number) => Promise<string>) {
    const actor = this.ui.user(req);
    try {
      const current = await this.rules.current(actor);
      const done = await fn(actor, current.version);
      this.ui.redirect(res, `/supervision/rules${kind ? `?kind=${encodeURIComponent(kind)}` : ''}`, { kind: 'ok', text: done });
    } catch (e) {
      const { status, message } = describeError(e);
      if (status >= 500 || [401, 403, 404].includes(status)) throw e;
      await this.renderRules(req, res, kind, { form, message, values: req.body as FormBody }, status);
    }
  }

  @Post('rules/holidays')
  addHoliday(@Req() req: UiRequest, @Res() res: Response, @Body() body: FormBody) {
    return this.changeRules(req, res, 'holiday', undefined, async (actor, version) => {
      const current = await this.rules.current(actor);
      const date = text(body, 'date');
      const overrides = ((current.layer as { holidayOverrides?: HolidayOverride[] }).holidayOverrides ?? []).filter((o) => o.date !== date);
      const kind = text(body, 'kind') === 'workday' ? 'workday' : 'holiday';
      const result = await this.change.execute(actor, {
        reason: text(body, 'reason'),
        expectedVersion: integer(body, 'version') ?? version,
        holidayOverrides: [...overrides, { date, kind, reason: text(body, 'reason') }],
      });
      return `规则已更新为第${result.version}版：重新计算了${result.recomputed}项进行中的期限，其中${result.moved.length}项截止日期有变化。`;
    });
  }

  @Post('rules/holidays/remove')
  removeHoliday(@Req() req: UiRequest, @Res() res: Response, @Body() body: FormBody) {
    return this.changeRules(req, res, 'holiday-remove', undefined, async (actor, version) => {
      const current = await this.rules.current(actor);
      const date = text(body, 'date');
      const overrides = ((current.layer as { holidayOverrides?: HolidayOverride[] }).holidayOverrides ?? []).filter((o) => o.date !== date);
      const result = await this.change.execute(actor, { reason: text(body, 'reason'), expectedVersion: integer(body, 'version') ?? version, holidayOverrides: overrides });
      return `已取消 ${date} 的本地调整（第${result.version}版），${result.moved.length}项期限的截止日期有变化。`;
    });
  }

  /**
   * 单位答复免审签 / 恢复审签: a department added to or taken off the layer's `signOff.skipUnitIds`
   * (a rules version like any other, with its reason; nothing to recompute).
   */
  @Post('rules/sign-off')
  changeSignOff(@Req() req: UiRequest, @Res() res: Response, @Body() body: FormBody) {
    return this.changeRules(req, res, 'sign-off', undefined, async (actor, version) => {
      const current = await this.rules.current(actor);
      const unitId = text(body, 'unitId');
      const skip = text(body, 'skip') === 'yes';
      const before = skippedUnitIds(current.layer);
      const skipUnitIds = skip ? [...new Set([...before, unitId])] : before.filter((id) => id !== unitId);
      const result = await this.change.execute(actor, { reason: text(body, 'reason'), expectedVersion: integer(body, 'version') ?? version, signOff: { skipUnitIds } });
      return skip ? `该单位的答复此后无需分管领导审签（第${result.version}版）。` : `该单位的答复恢复分管领导审签（第${result.version}版）。`;
    });
  }

  @Post('rules/ladders')
  editLadder(@Req() req: UiRequest, @Res() res: Response, @Body() body: FormBody) {
    const kind = text(body, 'kind');
    return this.changeRules(req, res, 'ladder', kind, async (actor, version) => {
      const ladder: LadderStep[] = [];
      for (let i = 0; i < 20 && body[`stage_${i}`] !== undefined; i++) {
        const stage = text(body, `stage_${i}`);
        if (!stage) continue;
        const repeat = integer(body, `repeat_${i}`);
        ladder.push({
          stage,
          type: text(body, `type_${i}`) as LadderStep['type'],
          offset: { amount: integer(body, `amount_${i}`) ?? Number.NaN, unit: (text(body, `unit_${i}`) || 'days') as 'days' },
          notify: list(body, `notify_${i}`) as LadderStep['notify'],
          ...(repeat ? { repeatEvery: { amount: repeat, unit: 'days' as const } } : {}),
        });
      }
      const restore = text(body, 'restore') === 'yes';
      const result = await this.change.execute(actor, {
        reason: text(body, 'reason'),
        expectedVersion: integer(body, 'version') ?? version,
        ladders: { [kind]: restore ? null : ladder },
      });
      return `${SUPERVISION_LABELS.kinds[kind] ?? kind}期限的提醒和督办阶梯已更新（第${result.version}版），重新安排了${result.recomputed}项进行中的期限。`;
    });
  }
}

/** The departments the admin's rules layer exempts from the leader's sign-off (`signOff.skipUnitIds`). */
function skippedUnitIds(layer: unknown): string[] {
  return (layer as { signOff?: { skipUnitIds?: string[] } }).signOff?.skipUnitIds ?? [];
}
