import type { RankColor, RankThresholds, SupervisionConfig } from '../config.js';

/** What the ranking (红黄牌) reads of a unit's figures. */
export interface RankInput {
  assigned: number;
  onTimeRate: number | null;
  overdueNow: number;
  satisfactionRate: number | null;
}

export interface RankVerdict {
  color: RankColor;
  /** Chinese, one sentence per condition met, e.g. '按时办复率 75.0%（红牌标准：低于 80.0%）'. */
  reasons: string[];
}

const pct = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;

const CARD_NAMES: Record<Exclude<RankColor, 'green'>, string> = { red: '红牌', yellow: '黄牌' };

function conditions(u: RankInput, t: RankThresholds, card: Exclude<RankColor, 'green'>): string[] {
  const rule = `${CARD_NAMES[card]}标准`;
  const out: string[] = [];
  if (u.onTimeRate !== null && u.onTimeRate < t.onTimeRateBelow) out.push(`按时办复率 ${pct(u.onTimeRate)}（${rule}：低于 ${pct(t.onTimeRateBelow)}）`);
  if (u.overdueNow >= t.overdueNowAtLeast) out.push(`当前逾期 ${u.overdueNow} 件（${rule}：${t.overdueNowAtLeast} 件及以上）`);
  if (u.satisfactionRate !== null && u.satisfactionRate < t.satisfactionRateBelow) out.push(`满意率 ${pct(u.satisfactionRate)}（${rule}：低于 ${pct(t.satisfactionRateBelow)}）`);
  return out;
}

/** Red when any red condition holds, else yellow when any yellow one holds, else green (config/supervision.json `ranking`). */
export function rankColor(u: RankInput, ranking: SupervisionConfig['ranking']): RankVerdict {
  const red = conditions(u, ranking.red, 'red');
  if (red.length > 0) return { color: 'red', reasons: red };
  const yellow = conditions(u, ranking.yellow, 'yellow');
  if (yellow.length > 0) return { color: 'yellow', reasons: yellow };
  return { color: 'green', reasons: [] };
}

const SEVERITY: Record<RankColor, number> = { green: 0, yellow: 1, red: 2 };
const desc = (a: number | null, b: number | null) => (b ?? -1) - (a ?? -1);

/**
 * The order of the ranking, a league table (best first, 第1名 the best): the card first (green,
 * yellow, red — a unit with a red card never ranks above a green one), then on-time rate (high
 * first, units with nothing due last), then satisfaction rate, then fewer overdue, then the unit
 * code. Units with no assignment are not ranked.
 */
export function rankOrder<T extends { color: RankColor } & RankInput & { unitCode: string }>(a: T, b: T): number {
  return (
    SEVERITY[a.color] - SEVERITY[b.color] ||
    desc(a.onTimeRate, b.onTimeRate) || desc(a.satisfactionRate, b.satisfactionRate) || a.overdueNow - b.overdueNow || a.unitCode.localeCompare(b.unitCode)
  );
}
