import { isOverdue, STORED_DEADLINE_KINDS } from './index.js';

const now = new Date('2026-06-30T04:00:00Z'); // 12:00 in Shanghai
const past = '2026-06-29T16:00:00Z'; // 06-30 00:00 in Shanghai: the day after a due day of 06-29
const future = '2026-07-01T16:00:00Z';

describe('逾期: when a deadline is overdue', () => {
  it.each([
    ['an open reply past its due instant', { status: 'open', kind: 'reply', dueAt: past }, true],
    ['an open co-opinion past due', { status: 'open', kind: 'co_opinion', dueAt: past }, true],
    ['an open rehandling past due', { status: 'open', kind: 'rehandling', dueAt: past }, true],
    ["the proposer's open feedback period past due", { status: 'open', kind: 'feedback', dueAt: past }, true],
    ['an open publication past due', { status: 'open', kind: 'publication', dueAt: past }, true],
    ['an open adjustment window past its day (a right that lapsed, no duty)', { status: 'open', kind: 'adjustment', dueAt: past }, false],
    ['an open reply not yet due', { status: 'open', kind: 'reply', dueAt: future }, false],
    ['a reply due exactly now (not yet past)', { status: 'open', kind: 'reply', dueAt: now.toISOString() }, false],
    ['a settled reply, even if settled late', { status: 'settled', kind: 'reply', dueAt: past }, false],
    ['a cancelled reply', { status: 'cancelled', kind: 'reply', dueAt: past }, false],
  ])('%s → %s', (_case, deadline, overdue) => {
    expect(isOverdue(deadline, now)).toBe(overdue);
  });

  it('reads a Date as well as an ISO string', () => {
    expect(isOverdue({ status: 'open', kind: 'reply', dueAt: new Date(past) }, now)).toBe(true);
  });

  it('exempts only the adjustment window among the stored kinds', () => {
    expect(STORED_DEADLINE_KINDS.filter((kind) => !isOverdue({ status: 'open', kind, dueAt: past }, now))).toEqual(['adjustment']);
  });
});
