import { readFileSync } from 'node:fs';

import {
  assertBeforeDue, computeDeadline, computeExtendedDeadline, recomputeDeadline, type ComputedDeadline,
} from './deadline-calculator.js';
import { InvalidDateError, RuleViolationError } from './errors.js';
import { mergeRules, validateRules, type DeadlineKind, type PeriodLength, type TimeRules } from './rules.js';
import { WorkCalendar, type HolidayOverride } from './work-calendar.js';

const RULES: TimeRules = validateRules(JSON.parse(readFileSync(new URL('../../../config/rules.json', import.meta.url), 'utf8')));
const calendar = new WorkCalendar();

/** An event at 10:00 Beijing time on the given day. */
const at = (date: string) => new Date(`${date}T10:00:00+08:00`);
const compute = (kind: DeadlineKind, startOn: string, cal = calendar, lengthOverride?: PeriodLength): ComputedDeadline =>
  computeDeadline({ kind, start: at(startOn), rules: RULES, calendar: cal, lengthOverride });

describe('reply: 3 calendar months after assignment (民法典 arts. 201–203)', () => {
  // Each expected value was worked out from the real 2023–2025 calendar, not from the code.
  test.each([
    ['2024-03-12', '2024-06-12', '2024-06-12', 'same day-number; Wed 12 June is a working day'],
    ['2024-03-26', '2024-06-26', '2024-06-26', 'No. 196: assigned Tue 26 March, replied on the last day, Wed 26 June'],
    ['2023-11-30', '2024-02-29', '2024-02-29', 'no 30 February: last day of a leap February, a Thursday'],
    ['2024-11-30', '2025-02-28', '2025-02-28', 'no 30 February: 28 February 2025, a Friday'],
    ['2025-05-31', '2025-08-31', '2025-09-01', '31 August 2025 is a Sunday: next working day Monday'],
    ['2023-11-12', '2024-02-12', '2024-02-18', 'Spring Festival 10–17 Feb: the make-up Sunday 18 Feb is a working day'],
    ['2024-07-03', '2024-10-03', '2024-10-08', 'National Day 1–7 Oct: Tuesday 8 Oct'],
  ])('assigned %s → period ends %s → due %s (%s)', (startOn, nominal, due) => {
    const d = compute('reply', startOn);
    expect(d).toMatchObject({ kind: 'reply', startOn, nominalDueOn: nominal, dueOn: due });
    expect(d.dueAt.toISOString()).toBe(`${due}T15:59:59.999Z`);
  });

  it('takes the Beijing date of the assignment instant, not the UTC one', () => {
    // 2024-03-25T16:30Z is 00:30 on 26 March in Beijing.
    const d = computeDeadline({ kind: 'reply', start: new Date('2024-03-25T16:30:00Z'), rules: RULES, calendar });
    expect(d.startOn).toBe('2024-03-26');
    expect(d.dueOn).toBe('2024-06-26');
  });
});

describe('other kinds', () => {
  test.each([
    ['co_opinion', '2024-03-26', '2024-04-26', '1 month: Friday 26 April'],
    ['co_opinion', '2024-01-31', '2024-02-29', '1 month from 31 January: last day of February'],
    ['rehandling', '2024-09-03', '2024-10-08', '1 month → Thu 3 October (National Day) → Tue 8 October'],
    ['adjustment', '2024-02-07', '2024-02-20', '5 working days: Thu 8, Fri 9, Sun 18, Mon 19, Tue 20'],
    ['adjustment', '2024-03-06', '2024-03-13', '5 working days: Thu 7, Fri 8, Mon 11, Tue 12, Wed 13'],
    ['feedback', '2024-09-20', '2024-10-23', '20 working days across National Day, counting Sun 29 Sep and Sat 12 Oct'],
    ['feedback', '2024-06-26', '2024-07-24', 'No. 196: 20 working days after the reply of 26 June'],
    ['publication', '2024-06-26', '2024-07-24', 'No. 196: published 2024-07-19, within the 20 working days'],
  ] as Array<[DeadlineKind, string, string, string]>)('%s from %s → due %s (%s)', (kind, startOn, due) => {
    expect(compute(kind, startOn).dueOn).toBe(due);
  });

  it('counts a day period in calendar days and rolls it off a rest day', () => {
    // 5 March 2025 + 10 days = Saturday 15 March → Monday 17 March.
    const d = compute('reply', '2025-03-05', calendar, { amount: 10, unit: 'days' });
    expect(d).toMatchObject({ nominalDueOn: '2025-03-15', dueOn: '2025-03-17' });
    expect(d.rule.lengthOverridden).toBe(true);
    expect(d.explanation).toContain('自次日起算10日');
  });

  it('honours a per-deadline length (5 months for a plenary proposal)', () => {
    expect(compute('reply', '2024-03-26', calendar, { amount: 5, unit: 'months' }).dueOn).toBe('2024-08-26');
  });

  it('honours a session override of the rules', () => {
    const rules = mergeRules(RULES, { deadlines: { reply: { length: { amount: 5, unit: 'months' } } } });
    expect(computeDeadline({ kind: 'reply', start: at('2024-03-26'), rules, calendar }).dueOn).toBe('2024-08-26');
  });
});

describe('local holiday overrides', () => {
  it('a declared holiday on the due date moves it to the next working day', () => {
    const local = new WorkCalendar([{ date: '2024-06-26', kind: 'holiday', reason: '防汛应急放假' }]);
    const d = compute('reply', '2024-03-26', local);
    expect(d.dueOn).toBe('2024-06-27');
    expect(d.explanation).toContain('2024-06-26 为休息日（防汛应急放假），顺延至下一工作日 2024-06-27');
    expect(d.rule.overrides).toEqual([{ date: '2024-06-26', kind: 'holiday', reason: '防汛应急放假' }]);
  });

  it('a Saturday declared a workday counts as a working day', () => {
    const local = new WorkCalendar([{ date: '2024-03-09', kind: 'workday', reason: '全市集中办公日' }]);
    const d = compute('adjustment', '2024-03-06', local);
    expect(d.dueOn).toBe('2024-03-12');
    expect(d.explanation).toContain('2024-03-09 调整为工作日：全市集中办公日');
  });

  it('an override beats the statutory make-up workday', () => {
    const local = new WorkCalendar([{ date: '2024-02-18', kind: 'holiday', reason: '本地延长春节假期' }]);
    expect(compute('reply', '2023-11-12', local).dueOn).toBe('2024-02-19');
  });
});

describe('explanations say where the date came from', () => {
  it('names the start, the rule and the result', () => {
    expect(compute('reply', '2024-03-12').explanation).toBe(
      '答复期限：2024-03-12 交办；按《民法典》第二百零一条至第二百零三条，自次日起算3个月，至2024-06-12；该日为工作日，截止2024-06-12 24:00（北京时间）',
    );
  });

  it('says when a month has no corresponding day', () => {
    expect(compute('reply', '2024-11-30').explanation).toContain('至2025-02-28（2025-02无30日，以该月末日为期间最后一日）');
  });

  it('gives the reason for a weekend roll-forward', () => {
    expect(compute('reply', '2025-05-31').explanation).toContain('2025-08-31 为休息日（周日），顺延至下一工作日 2025-09-01，截止2025-09-01 24:00（北京时间）');
  });

  it('gives the holiday for a roll-forward across several days', () => {
    const e = compute('reply', '2023-11-12').explanation;
    expect(e).toContain('2023-11-12 交办');
    expect(e).toContain('2024-02-12至2024-02-17 为休息日（春节），顺延至下一工作日 2024-02-18');
    expect(compute('reply', '2024-07-03').explanation).toContain('2024-10-03至2024-10-07 为休息日（国庆节），顺延至下一工作日 2024-10-08');
  });

  it('describes a working-day count', () => {
    expect(compute('feedback', '2024-06-26').explanation).toBe(
      '反馈（回执）期限：2024-06-26 答复；自次日起算20个工作日（按国务院节假日及调休安排和本地调整），至第20个工作日2024-07-24；截止2024-07-24 24:00（北京时间）',
    );
  });

  it('warns when the statutory calendar of a year is not known yet', () => {
    expect(compute('reply', '2099-01-05').explanation).toContain('2099年国务院节假日安排尚未收录，仅按周末计算');
  });

  it('records the rule it used', () => {
    expect(compute('reply', '2024-03-26').rule).toEqual({
      kind: 'reply', method: 'period', startOn: '2024-03-26', length: { amount: 3, unit: 'months' }, lengthOverridden: false,
      label: '答复', startEvent: '交办', overrides: [],
    });
  });
});

describe('extensions (延期): never past 6 months after assignment', () => {
  const assignedAt = at('2024-03-26');
  const current = { dueOn: '2024-06-26' };

  it('moves the due date to the approved date', () => {
    const d = computeExtendedDeadline({ assignedAt, newDueOn: '2024-08-30', current, rules: RULES, calendar });
    expect(d).toMatchObject({ kind: 'reply', dueOn: '2024-08-30', startOn: '2024-03-26' });
    expect(d.dueAt.toISOString()).toBe('2024-08-30T15:59:59.999Z');
    expect(d.explanation).toBe(
      '答复期限：2024-03-26 交办；经批准延期至2024-08-30（延期不得超过交办后6个月，即不晚于2024-09-26）；该日为工作日，截止2024-08-30 24:00（北京时间）',
    );
  });

  it('allows the last day of the 6 months (Thursday 26 September 2024)', () => {
    expect(computeExtendedDeadline({ assignedAt, newDueOn: '2024-09-26', rules: RULES, calendar }).dueOn).toBe('2024-09-26');
  });

  it('moves an approved date on a rest day to the next working day', () => {
    expect(computeExtendedDeadline({ assignedAt, newDueOn: '2024-08-31', rules: RULES, calendar }).dueOn).toBe('2024-09-02');
  });

  it('refuses a date past 6 months', () => {
    expect(() => computeExtendedDeadline({ assignedAt, newDueOn: '2024-09-27', rules: RULES, calendar })).toThrow(RuleViolationError);
    expect(() => computeExtendedDeadline({ assignedAt, newDueOn: '2024-09-27', rules: RULES, calendar })).toThrow(/2024-09-26/);
  });

  it('refuses a date that is not later than the current due date', () => {
    expect(() => computeExtendedDeadline({ assignedAt, newDueOn: '2024-06-20', current, rules: RULES, calendar })).toThrow(
      expect.objectContaining({ code: 'rule_violation', rule: 'extension_not_later' }),
    );
  });

  it('refuses a malformed date', () => {
    expect(() => computeExtendedDeadline({ assignedAt, newDueOn: '2024-9-1', rules: RULES, calendar })).toThrow(InvalidDateError);
  });
});

describe('recomputing a running deadline after a holiday change', () => {
  const holiday: HolidayOverride = { date: '2025-10-09', kind: 'holiday', reason: '市政府决定国庆假期延长一天' };
  const original = compute('reply', '2025-07-09'); // 3 months → Thursday 9 October 2025, a working day

  it('moves the due date and says why', () => {
    expect(original.dueOn).toBe('2025-10-09');
    const r = recomputeDeadline(original, RULES, new WorkCalendar([holiday]));
    expect(r.changed).toBe(true);
    expect(r.deadline.dueOn).toBe('2025-10-10');
    expect(r.deadline.dueAt.toISOString()).toBe('2025-10-10T15:59:59.999Z');
    expect(r.reason).toBe('因节假日调整（2025-10-09 调整为休息日：市政府决定国庆假期延长一天），截止日由 2025-10-09 改为 2025-10-10');
  });

  it('moves it back when the override is withdrawn', () => {
    const moved = recomputeDeadline(original, RULES, new WorkCalendar([holiday])).deadline;
    const r = recomputeDeadline(moved, RULES, calendar);
    expect(r.deadline.dueOn).toBe('2025-10-09');
    expect(r.reason).toBe('因节假日调整（2025-10-09 取消本地调整（原为休息日：市政府决定国庆假期延长一天）），截止日由 2025-10-10 改为 2025-10-09');
  });

  it('keeps the recorded length even if the rules changed since', () => {
    const rules = mergeRules(RULES, { deadlines: { reply: { length: { amount: 5, unit: 'months' } } } });
    expect(recomputeDeadline(original, rules, calendar)).toMatchObject({ changed: false, reason: null, previousDueOn: '2025-10-09' });
  });

  it('recounts working days', () => {
    const adjustment = compute('adjustment', '2024-03-06');
    const local = new WorkCalendar([{ date: '2024-03-09', kind: 'workday', reason: '全市集中办公日' }]);
    const r = recomputeDeadline(adjustment, RULES, local);
    expect(r.deadline.dueOn).toBe('2024-03-12');
    expect(r.reason).toContain('2024-03-09 调整为工作日：全市集中办公日');
  });

  it('keeps an extension on its approved date', () => {
    const extended = computeExtendedDeadline({ assignedAt: at('2024-03-26'), newDueOn: '2024-08-30', rules: RULES, calendar });
    const local = new WorkCalendar([{ date: '2024-08-30', kind: 'holiday', reason: '本地调休' }]);
    expect(recomputeDeadline(extended, RULES, local).deadline.dueOn).toBe('2024-09-02');
  });
});

describe('windows', () => {
  const adjustment = compute('adjustment', '2024-02-07'); // due 2024-02-20

  it('accepts an adjustment request until the end of the 5th working day', () => {
    expect(() => assertBeforeDue(adjustment, new Date('2024-02-20T23:59:59+08:00'))).not.toThrow();
  });

  it('refuses it afterwards', () => {
    expect(() => assertBeforeDue(adjustment, new Date('2024-02-21T00:00:00+08:00'))).toThrow(
      expect.objectContaining({ code: 'rule_violation', rule: 'adjustment_window' }),
    );
  });
});
