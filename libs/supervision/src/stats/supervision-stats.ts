import type { DataSource } from 'typeorm';
import type { Clock } from '#domain';
import type { SupervisionConfig } from '../config.js';
import { COUNTS, DAYS_TO_REPLY, RATES, RESULTS_BY_CATEGORY, TREND_RANGE, TRENDS, withScope, type Dimension } from './figures.js';
import { rankColor, rankOrder } from './ranking.js';
import type { RankColor } from '../config.js';

export interface StatsFilter {
  sessionId?: string | null;
  /** Only proposals of this theme (e.g. 营商环境). */
  theme?: string | null;
  unitId?: string | null;
}

/** Every figure of one group: the counts, the rates, the days to reply and the results by category. */
export interface Figures {
  proposals: number;
  assigned: number;
  accepted: number;
  toAnswer: number;
  replied: number;
  due: number;
  repliedOnTime: number;
  repliedLate: number;
  overdueNow: number;
  communicated: number;
  met: number;
  rated: number;
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
  rehandled: number;
  publishable: number;
  published: number;
  noticesIssued: number;
  noticesResponded: number;
  noticesRespondedOnTime: number;
  noticesOverdueNow: number;
  replyRate: number | null;
  onTimeRate: number | null;
  communicationRate: number | null;
  meetingRate: number | null;
  satisfactionRate: number | null;
  satisfiedRate: number | null;
  basicallySatisfiedRate: number | null;
  rehandlingRate: number | null;
  publicationRate: number | null;
  meanDaysToReply: number | null;
  maxDaysToReply: number | null;
  resultsByCategory: Record<string, number>;
}

export interface UnitFigures extends Figures {
  unitId: string;
  unitCode: string;
  unitName: string;
}

export interface RankedUnit extends UnitFigures {
  rank: number;
  color: RankColor;
  reasons: string[];
}

export interface Trends {
  /** Mondays (YYYY-MM-DD), oldest first. */
  weeks: string[];
  series: Record<string, number[]>;
  /** The overdue series per unit (逾期 by unit and week), units with none left out. */
  overdueByUnit: Array<{ unitId: string; unitCode: string; unitName: string; values: number[] }>;
}

export const rate = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 10000) / 10000);

type Row = { g: string; n: number };

/**
 * The supervision office's figures (docs/supervision.md): each count one SQL query
 * (stats/figures.ts), per unit, per theme, per session or in total, and weekly trends.
 */
export class SupervisionStats {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  private params(f: StatsFilter, now: Date): unknown[] {
    return [f.sessionId ?? null, f.theme ?? null, now, f.unitId ?? null];
  }

  /** Every figure of every group of one dimension. */
  async figures(dim: Dimension, filter: StatsFilter = {}): Promise<Map<string, Figures>> {
    const params = this.params(filter, this.clock.now());
    const q = <T>(sql: string): Promise<T[]> => this.ds.query(withScope(dim, sql), params);
    const [counts, days, results] = await Promise.all([
      Promise.all(COUNTS.map((c) => q<Row>(c.select))),
      q<{ g: string; mean: number | null; worst: number | null }>(DAYS_TO_REPLY.select),
      q<{ g: string; category: string; n: number }>(RESULTS_BY_CATEGORY.select),
    ]);
    const groups = new Set<string>();
    for (const rows of counts) for (const r of rows) groups.add(r.g);
    const out = new Map<string, Figures>();
    for (const g of groups) {
      const f: Record<string, unknown> = {};
      COUNTS.forEach((c, i) => (f[c.key] = counts[i].find((r) => r.g === g)?.n ?? 0));
      for (const r of RATES) f[r.key] = rate(r.numerator.reduce((sum, k) => sum + (f[k] as number), 0), f[r.denominator] as number);
      const d = days.find((r) => r.g === g);
      f.meanDaysToReply = d?.mean ?? null;
      f.maxDaysToReply = d?.worst ?? null;
      f.resultsByCategory = Object.fromEntries(results.filter((r) => r.g === g).sort((a, b) => a.category.localeCompare(b.category)).map((r) => [r.category, r.n]));
      out.set(g, f as unknown as Figures);
    }
    return out;
  }

  static empty(): Figures {
    const f: Record<string, unknown> = {};
    for (const c of COUNTS) f[c.key] = 0;
    for (const r of RATES) f[r.key] = null;
    f.meanDaysToReply = null;
    f.maxDaysToReply = null;
    f.resultsByCategory = {};
    return f as unknown as Figures;
  }

  /** Per handling unit (every department unit, with zeros when it has nothing), by unit code. */
  async units(filter: StatsFilter = {}): Promise<UnitFigures[]> {
    const [figures, units] = await Promise.all([
      this.figures('unit', filter),
      this.ds.query(`SELECT id, code, name FROM units WHERE kind = 'department' AND ($1::uuid IS NULL OR id = $1::uuid) ORDER BY code`, [filter.unitId ?? null]) as Promise<
        Array<{ id: string; code: string; name: string }>
      >,
    ]);
    return units.map((u) => ({ unitId: u.id, unitCode: u.code, unitName: u.name, ...(figures.get(u.id) ?? SupervisionStats.empty()) }));
  }

  /** Per theme (a proposal counts for each of its themes), by number of proposals. */
  async themes(filter: StatsFilter = {}): Promise<Array<Figures & { theme: string }>> {
    const figures = await this.figures('theme', filter);
    return [...figures].map(([theme, f]) => ({ theme, ...f })).sort((a, b) => b.proposals - a.proposals || a.theme.localeCompare(b.theme, 'zh'));
  }

  /** Per session (届次), newest first. */
  async sessions(filter: StatsFilter = {}): Promise<Array<Figures & { sessionId: string; sessionName: string }>> {
    const [figures, sessions] = await Promise.all([
      this.figures('session', filter),
      this.ds.query(`SELECT id, name FROM sessions ORDER BY year DESC, name`) as Promise<Array<{ id: string; name: string }>>,
    ]);
    return sessions
      .filter((s) => figures.has(s.id) && (!filter.sessionId || s.id === filter.sessionId))
      .map((s) => ({ sessionId: s.id, sessionName: s.name, ...figures.get(s.id)! }));
  }

  /** The whole scope in one group. */
  async total(filter: StatsFilter = {}): Promise<Figures> {
    return (await this.figures('all', filter)).get('all') ?? SupervisionStats.empty();
  }

  /** 红黄牌: the units with assignments, ranked, each with its colour and the reasons for it. */
  async ranking(thresholds: SupervisionConfig['ranking'], filter: StatsFilter = {}): Promise<RankedUnit[]> {
    const units = (await this.units(filter)).filter((u) => u.assigned > 0).map((u) => ({ ...u, ...rankColor(u, thresholds) }));
    return units.sort(rankOrder).map((u, i) => ({ ...u, rank: i + 1 }));
  }

  /** Weekly series (each one query), from the week of the first assignment to this week. */
  async trends(filter: StatsFilter = {}): Promise<Trends> {
    const now = this.clock.now();
    const params = this.params(filter, now);
    const [range] = (await this.ds.query(withScope('all', TREND_RANGE), params)) as Array<{ first: string | null; last: string }>;
    if (!range?.first) return { weeks: [], series: Object.fromEntries(TRENDS.map((t) => [t.key, []])), overdueByUnit: [] };
    const weeks: string[] = [];
    for (let d = new Date(`${range.first}T00:00:00Z`); d <= new Date(`${range.last}T00:00:00Z`) && weeks.length < 260; d = new Date(d.getTime() + 7 * 86_400_000)) {
      weeks.push(d.toISOString().slice(0, 10));
    }
    const withRange = [...params, weeks[0], weeks[weeks.length - 1]];
    // Only the series over the weeks (the overdue one) reads $5 and $6.
    const paramsOf = (select: string) => (select.includes('$5') ? withRange : params);
    const [series, byUnit, units] = await Promise.all([
      Promise.all(TRENDS.map((t) => this.ds.query(withScope('all', t.select), paramsOf(t.select)) as Promise<Array<{ week: string; n: number }>>)),
      this.ds.query(withScope('unit', TRENDS.find((t) => t.key === 'overdue')!.select), withRange) as Promise<Array<{ week: string; g: string; n: number }>>,
      this.ds.query(`SELECT id, code, name FROM units WHERE kind = 'department' ORDER BY code`) as Promise<Array<{ id: string; code: string; name: string }>>,
    ]);
    const index = new Map(weeks.map((w, i) => [w, i]));
    const spread = (rows: Array<{ week: string; n: number }>) => {
      const values = weeks.map(() => 0);
      for (const r of rows) if (index.has(r.week)) values[index.get(r.week)!] += r.n;
      return values;
    };
    return {
      weeks,
      series: Object.fromEntries(TRENDS.map((t, i) => [t.key, spread(series[i])])),
      overdueByUnit: units
        .map((u) => ({ unitId: u.id, unitCode: u.code, unitName: u.name, values: spread(byUnit.filter((r) => r.g === u.id)) }))
        .filter((u) => u.values.some((v) => v > 0)),
    };
  }

  /** The figures' definitions, as the code computes them. */
  static definitions(config: SupervisionConfig) {
    return {
      scope:
        'Live assignments (not moved away by an approved adjustment) of the proposals of the session, optionally of one theme or one unit; ' +
        'grouped by unit, theme (a proposal counts for each of its themes), session or in total. Times and days in Asia/Shanghai.',
      counts: COUNTS.map(({ key, label, definition }) => ({ key, label, definition })),
      rates: RATES.map(({ key, label, definition }) => ({ key, label, definition })),
      daysToReply: { keys: DAYS_TO_REPLY.keys, label: DAYS_TO_REPLY.label, definition: DAYS_TO_REPLY.definition },
      resultsByCategory: { key: RESULTS_BY_CATEGORY.key, label: RESULTS_BY_CATEGORY.label, definition: RESULTS_BY_CATEGORY.definition },
      trends: TRENDS.map(({ key, label, definition }) => ({ key, label, definition })),
      ranking: config.ranking,
      businessTheme: config.businessTheme,
    };
  }
}
