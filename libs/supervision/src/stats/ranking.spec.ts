import { rankColor, rankOrder } from './ranking.js';

const ranking = {
  red: { onTimeRateBelow: 0.8, overdueNowAtLeast: 3, satisfactionRateBelow: 0.8 },
  yellow: { onTimeRateBelow: 0.95, overdueNowAtLeast: 1, satisfactionRateBelow: 0.9 },
};
const unit = (onTimeRate: number | null, overdueNow: number, satisfactionRate: number | null, unitCode = 'u') => ({ assigned: 5, onTimeRate, overdueNow, satisfactionRate, unitCode });

describe('ranking (红黄牌)', () => {
  it('is red when any red condition holds, with every reason', () => {
    expect(rankColor(unit(0.75, 3, 0.95), ranking)).toEqual({
      color: 'red', reasons: ['按时办复率 75.0%（红牌标准：低于 80.0%）', '当前逾期 3 件（红牌标准：3 件及以上）'],
    });
    expect(rankColor(unit(1, 1, 0.85), ranking).reasons).toEqual(['当前逾期 1 件（黄牌标准：1 件及以上）', '满意率 85.0%（黄牌标准：低于 90.0%）']);
  });

  it('is yellow when only yellow conditions hold, green otherwise; no data is no reason', () => {
    expect(rankColor(unit(0.9, 0, 0.85), ranking).color).toBe('yellow');
    expect(rankColor(unit(1, 0, null), ranking)).toEqual({ color: 'green', reasons: [] });
    expect(rankColor(unit(null, 0, null), ranking).color).toBe('green');
  });

  it('orders green, then yellow, then red; within a card by on-time rate, then satisfaction, then fewer overdue, then code', () => {
    const units = [unit(0.9, 0, 1, 'b'), unit(null, 0, 1, 'n'), unit(1, 2, 0.5, 'c'), unit(0.9, 0, 1, 'a'), unit(0.9, 1, 1, 'z'), unit(1, 0, 1, 'g')];
    const ranked = units.map((u) => ({ ...u, ...rankColor(u, ranking) })).sort(rankOrder);
    expect(ranked.map((u) => `${u.unitCode}:${u.color}`)).toEqual(['g:green', 'n:green', 'a:yellow', 'b:yellow', 'z:yellow', 'c:red']);
  });

  it('never ranks a red card above a green one, whatever its on-time rate', () => {
    // 100% on time but 3 overdue now (red) against a green unit at 96%.
    const units = [unit(1, 3, 1, 'r'), unit(0.96, 0, 0.95, 'g')].map((u) => ({ ...u, ...rankColor(u, ranking) }));
    expect(units.sort(rankOrder).map((u) => u.color)).toEqual(['green', 'red']);
  });
});
