import { ladderFor, type LadderStep, type PlannedStage, type TimeRules, WorkCalendar } from '#domain';
import { readFileSync } from 'node:fs';
import { canonical, diffLayers, diffOverrides, nextStageAfterReplan } from './change-rules.js';

const rules = JSON.parse(readFileSync('config/rules.json', 'utf8')) as TimeRules;
const ladder = (dueOn: string): PlannedStage[] => ladderFor({ kind: 'reply', dueOn, dueAt: new Date(`${dueOn}T23:59:59.999+08:00`) }, rules, new WorkCalendar());
const at = (s: string) => new Date(s);

describe('planning a running deadline again', () => {
  it('starts a deadline that fired nothing at its first stage still ahead', () => {
    expect(nextStageAfterReplan(ladder('2024-06-26'), 'open', at('2024-06-01T10:00:00+08:00'))?.stage).toBe('reminder_7d');
  });

  it('does not fire again what already fired: after an overdue alert comes the escalation', () => {
    const next = nextStageAfterReplan(ladder('2024-06-26'), 'overdue', at('2024-06-28T10:00:00+08:00'));
    expect(next).toMatchObject({ stage: 'escalation', at: at('2024-07-04T00:00:00+08:00') });
  });

  it('fires the overdue alert again when the due date moved past it', () => {
    // overdue fired on 06-27; a new holiday moved the due date to 06-28, and it is 06-27 noon
    const next = nextStageAfterReplan(ladder('2024-06-28'), 'overdue', at('2024-06-27T12:00:00+08:00'));
    expect(next).toMatchObject({ stage: 'overdue', at: at('2024-06-29T00:00:00+08:00') });
  });

  it('keeps a weekly escalation going when its stage is gone from the new ladder', () => {
    const next = nextStageAfterReplan(ladder('2024-06-26'), 'escalation_old', at('2024-07-20T10:00:00+08:00'));
    expect(next).toMatchObject({ stage: 'escalation', at: at('2024-07-25T00:00:00+08:00') });
  });
});

describe('what a rules change changes', () => {
  it('lists ladders and holiday overrides that differ, whatever the key order', () => {
    const step: LadderStep = { stage: 's', type: 'reminder', offset: { amount: -1, unit: 'days' }, notify: ['unit'] };
    const reordered = JSON.parse('{"type":"reminder","notify":["unit"],"offset":{"unit":"days","amount":-1},"stage":"s"}');
    expect(canonical(step)).toBe(canonical(reordered));
    expect(diffLayers({ ladders: { reply: [step] } }, { ladders: { reply: [reordered] } })).toEqual([]);
    expect(diffLayers({ holidayOverrides: [{ date: '2024-06-26', kind: 'holiday', reason: 'a' }] }, { ladders: { feedback: [step] } })).toEqual([
      { what: 'ladder', subject: 'feedback', before: null, after: [step] },
      { what: 'holiday', subject: '2024-06-26', before: { date: '2024-06-26', kind: 'holiday', reason: 'a' }, after: null },
    ]);
  });

  it('lists what differs in a session override by path, objects key by key and anything else whole', () => {
    const months = (amount: number) => ({ amount, unit: 'months' });
    const before = { deadlines: { reply: { length: months(3) } }, holidayOverrides: [{ date: '2024-06-26', kind: 'holiday', reason: 'a' }] };
    expect(diffOverrides(before, JSON.parse(JSON.stringify(before)))).toEqual([]);
    expect(diffOverrides(before, { deadlines: { reply: { length: months(5) }, co_opinion: { length: months(2) } } })).toEqual([
      { what: 'override', subject: 'deadlines.co_opinion', before: null, after: { length: months(2) } },
      { what: 'override', subject: 'deadlines.reply.length.amount', before: 3, after: 5 },
      { what: 'override', subject: 'holidayOverrides', before: before.holidayOverrides, after: null },
    ]);
  });
});
