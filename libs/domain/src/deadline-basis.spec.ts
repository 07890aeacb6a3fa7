import { readFileSync } from 'node:fs';
import { CIVIL_CODE_PERIOD_ARTICLES, WORKDAY_COUNTING, daysLeft, deadlineBasis } from './deadline-basis.js';
import { computeDeadline } from './deadline-calculator.js';
import { validateRules, type TimeRules } from './rules.js';
import { WorkCalendar } from './work-calendar.js';

const RULES: TimeRules = validateRules(JSON.parse(readFileSync(new URL('../../../config/rules.json', import.meta.url), 'utf8')));
const calendar = new WorkCalendar();

describe('期限依据: the rule a deadline comes from and the law its days are counted by', () => {
  it('a reply deadline: 3 months from the assignment, counted by the Civil Code, with the rules’ own text', () => {
    const d = computeDeadline({ kind: 'reply', start: new Date('2024-03-26T10:00:00+08:00'), rules: RULES, calendar });
    const basis = deadlineBasis(d.rule, RULES.deadlines.reply);
    expect(basis.rule).toBe('答复期限：自交办之日起3个月');
    expect(basis.regulation).toContain('三个月内办理完毕');
    expect(basis.counting).toEqual([...CIVIL_CODE_PERIOD_ARTICLES]);
    expect(basis.counting[0]).toContain('第二百零一条');
  });

  it('the feedback deadline: 20 working days from the reply, counted by the holiday calendar', () => {
    const d = computeDeadline({ kind: 'feedback', start: new Date('2024-06-26T10:00:00+08:00'), rules: RULES, calendar });
    const basis = deadlineBasis(d.rule, RULES.deadlines.feedback);
    expect(basis.rule).toBe('反馈（回执）期限：自答复之日起20个工作日');
    expect(basis.counting).toEqual([WORKDAY_COUNTING]);
  });

  it('a rule without a text of its own is stated from its length alone', () => {
    const d = computeDeadline({ kind: 'co_opinion', start: new Date('2024-03-26T10:00:00+08:00'), rules: RULES, calendar });
    expect(deadlineBasis(d.rule, RULES.deadlines.co_opinion)).toMatchObject({ rule: '协办意见期限：自交办之日起1个月', regulation: null });
  });

  it('an extended deadline says it was approved, and the cap', () => {
    const basis = deadlineBasis({ method: 'extension', length: { amount: 6, unit: 'months' }, label: '答复', startEvent: '交办', lengthOverridden: false });
    expect(basis.rule).toBe('答复期限：经批准延期（延期不得超过交办后6个月）');
  });

  it('refuses a basis that is not a text', () => {
    const bad = structuredClone(RULES) as unknown as { deadlines: { reply: { basis: unknown } } };
    bad.deadlines.reply.basis = 42;
    expect(() => validateRules(bad)).toThrow(/deadlines\.reply\.basis/);
  });
});

describe('days left, in the unit the rule counts in', () => {
  it('calendar days for a month period: 26 May → 26 June 2024 is 31 days', () => {
    expect(daysLeft('months', calendar, '2024-05-26', '2024-06-26')).toEqual({ amount: 31, unit: 'days' });
  });

  it('working days for a working-day period: over National Day 2024 (1–7 Oct off, Sat 12 Oct worked)', () => {
    // 30 Sep (Mon) → 14 Oct (Mon): working days 8, 9, 10, 11, 12 (make-up Saturday), 14 October.
    expect(daysLeft('workdays', calendar, '2024-09-30', '2024-10-14')).toEqual({ amount: 6, unit: 'workdays' });
  });

  it('0 on the due date, negative calendar days once past', () => {
    expect(daysLeft('workdays', calendar, '2024-10-14', '2024-10-14')).toEqual({ amount: 0, unit: 'days' });
    expect(daysLeft('months', calendar, '2024-06-28', '2024-06-26')).toEqual({ amount: -2, unit: 'days' });
  });
});
