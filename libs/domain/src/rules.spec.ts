import { readFileSync } from 'node:fs';

import { InvalidRulesError } from './errors.js';
import { DEADLINE_KINDS, STORED_DEADLINE_KINDS, mergeRules, validateRules, type TimeRules } from './rules.js';

const raw = (): Record<string, any> => JSON.parse(readFileSync(new URL('../../../config/rules.json', import.meta.url), 'utf8'));
const RULES: TimeRules = validateRules(raw());

describe('config/rules.json holds the defaults of docs/design.md', () => {
  it.each([
    ['reply', 3, 'months'],
    ['co_opinion', 1, 'months'],
    ['adjustment', 5, 'workdays'],
    ['extension', 6, 'months'],
    ['feedback', 20, 'workdays'],
    ['rehandling', 1, 'months'],
    ['publication', 20, 'workdays'],
  ] as const)('%s: %i %s', (kind, amount, unit) => {
    expect(RULES.deadlines[kind].length).toEqual({ amount, unit });
  });

  it('has a rule for every kind, and stores all but the extension cap', () => {
    expect(Object.keys(RULES.deadlines).sort()).toEqual([...DEADLINE_KINDS].sort());
    expect(STORED_DEADLINE_KINDS).toEqual(['reply', 'co_opinion', 'adjustment', 'feedback', 'rehandling', 'publication']);
  });

  it('re-handling escalates like a reply', () => {
    expect(RULES.deadlines.rehandling.ladder).toEqual(RULES.deadlines.reply.ladder);
  });

  it('lists the result categories and satisfaction levels', () => {
    expect(RULES.resultCategories.map((c) => `${c.code} ${c.label}`)).toEqual([
      'A 所提问题已经解决或基本解决',
      'B 正在解决或列入计划逐步解决',
      'C 因目前条件限制需以后解决',
      'D 留作参考',
    ]);
    expect(RULES.satisfaction.map((s) => [s.code, s.label, s.countsAsSatisfied])).toEqual([
      ['satisfied', '满意', true],
      ['basically_satisfied', '基本满意', true],
      ['unsatisfied', '不满意', false],
    ]);
  });
});

describe('mergeRules: a session may override any rule', () => {
  it('changes one value and keeps the rest', () => {
    const merged = mergeRules(RULES, { deadlines: { reply: { length: { amount: 5, unit: 'months' } } } });
    expect(merged.deadlines.reply.length).toEqual({ amount: 5, unit: 'months' });
    expect(merged.deadlines.reply.ladder).toEqual(RULES.deadlines.reply.ladder);
    expect(merged.deadlines.feedback).toEqual(RULES.deadlines.feedback);
    expect(RULES.deadlines.reply.length.amount).toBe(3); // the base is untouched
  });

  it('replaces arrays whole', () => {
    const merged = mergeRules(RULES, { holidayOverrides: [{ date: '2024-06-26', kind: 'holiday', reason: '防汛' }] });
    expect(merged.holidayOverrides).toHaveLength(1);
    const oneStep = mergeRules(RULES, {
      deadlines: { reply: { ladder: [{ stage: 'overdue', type: 'overdue', offset: { amount: 0, unit: 'days' }, notify: ['unit'] }] } },
    });
    expect(oneStep.deadlines.reply.ladder.map((s) => s.stage)).toEqual(['overdue']);
  });

  it('validates the result', () => {
    expect(() => mergeRules(RULES, { deadlines: { reply: { length: { amount: 0 } } } } as never)).toThrow(
      'Invalid time rules at rules.deadlines.reply.length.amount: expected at least 1, got 0',
    );
  });

  it('returns a copy of the base without an override', () => {
    expect(mergeRules(RULES)).toEqual(RULES);
    expect(mergeRules(RULES)).not.toBe(RULES);
  });
});

describe('validateRules names the bad path', () => {
  const broken = (change: (r: Record<string, any>) => void) => {
    const r = raw();
    change(r);
    return () => validateRules(r);
  };

  test.each([
    ['a misspelt kind', (r: any) => { r.deadlines.replay = r.deadlines.reply; }, 'rules.deadlines.replay'],
    ['a missing kind', (r: any) => { delete r.deadlines.feedback; }, 'rules.deadlines.feedback'],
    ['an unknown unit', (r: any) => { r.deadlines.reply.length.unit = 'weeks'; }, 'rules.deadlines.reply.length.unit'],
    ['a fractional length', (r: any) => { r.deadlines.co_opinion.length.amount = 1.5; }, 'rules.deadlines.co_opinion.length.amount'],
    ['an unknown recipient', (r: any) => { r.deadlines.reply.ladder[3].notify = ['mayor']; }, 'rules.deadlines.reply.ladder[3].notify[0]'],
    ['a reminder after the due date', (r: any) => { r.deadlines.reply.ladder[0].offset.amount = 3; }, 'rules.deadlines.reply.ladder[0].offset.amount'],
    ['a duplicate stage', (r: any) => { r.deadlines.reply.ladder[1].stage = 'reminder_30d'; }, 'rules.deadlines.reply.ladder'],
    ['a bad override date', (r: any) => { r.holidayOverrides = [{ date: '2024-13-01', kind: 'holiday', reason: 'x' }]; }, 'rules.holidayOverrides[0].date'],
    ['another time zone', (r: any) => { r.timezone = 'UTC'; }, 'rules.timezone'],
    ['bad working hours', (r: any) => { r.workingHours.end = '25:00'; }, 'rules.workingHours.end'],
    ['a missing satisfaction level', (r: any) => { r.satisfaction.pop(); }, 'rules.satisfaction'],
  ])('%s', (_what, change, path) => {
    const run = broken(change);
    expect(run).toThrow(InvalidRulesError);
    expect(run).toThrow(expect.objectContaining({ code: 'invalid_rules', path }));
    expect(run).toThrow(`Invalid time rules at ${path}:`);
  });

  it('refuses something that is not rules at all', () => {
    expect(() => validateRules(null)).toThrow('Invalid time rules at rules: expected an object, got null');
  });
});
