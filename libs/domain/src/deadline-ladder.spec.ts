import { readFileSync } from 'node:fs';

import { computeDeadline } from './deadline-calculator.js';
import { firstPendingStage, ladderFor, nextOccurrence, nextStageAfter, restageAfterMove, type PlannedStage } from './deadline-ladder.js';
import { validateRules, type DeadlineKind, type TimeRules } from './rules.js';
import { WorkCalendar } from './work-calendar.js';

const RULES: TimeRules = validateRules(JSON.parse(readFileSync(new URL('../../../config/rules.json', import.meta.url), 'utf8')));
const calendar = new WorkCalendar();
const beijing = (local: string) => new Date(`${local}+08:00`);

const ladder = (kind: DeadlineKind, startOn: string): PlannedStage[] => {
  const d = computeDeadline({ kind, start: beijing(`${startOn}T10:00:00`), rules: RULES, calendar });
  return ladderFor(d, RULES, calendar);
};

// Rule: a step before the due day fires as its day begins; a step on or after it fires as its day
// ends (00:00 of the next day), because the due day itself is still in time.
describe('reply ladder of No. 196 (assigned 2024-03-26, due 2024-06-26)', () => {
  const stages = ladder('reply', '2024-03-26');

  it('fires reminders at 00:00 Beijing time, the overdue alert as the due day ends, then escalates weekly', () => {
    expect(stages.map((s) => [s.stage, s.type, s.at.toISOString(), s.notify])).toEqual([
      ['reminder_30d', 'reminder', '2024-05-26T16:00:00.000Z', ['unit']], // 2024-05-27 00:00 +08:00
      ['reminder_7d', 'reminder', '2024-06-18T16:00:00.000Z', ['unit']], // 2024-06-19 00:00
      ['reminder_1d', 'reminder', '2024-06-24T16:00:00.000Z', ['unit']], // 2024-06-25 00:00
      ['overdue', 'overdue', '2024-06-26T16:00:00.000Z', ['unit', 'supervision']], // 2024-06-27 00:00
      ['escalation', 'escalation', '2024-07-03T16:00:00.000Z', ['supervision_leader', 'unit_head']], // 2024-07-04 00:00
    ]);
    expect(stages[4].repeatEvery).toEqual({ amount: 7, unit: 'days' });
  });

  it('a deadline opened on time starts with the 30-day reminder', () => {
    expect(firstPendingStage(stages, beijing('2024-03-26T10:00:00'))?.stage).toBe('reminder_30d');
  });

  it('a deadline opened late skips the stale reminders instead of sending a burst', () => {
    expect(firstPendingStage(stages, beijing('2024-06-20T09:00:00'))?.stage).toBe('reminder_1d');
  });

  it('never skips the overdue stage', () => {
    const next = firstPendingStage(stages, beijing('2024-07-01T09:00:00'));
    expect(next?.stage).toBe('overdue');
    expect(next?.at.toISOString()).toBe('2024-06-26T16:00:00.000Z');
  });

  it('goes reminder → reminder → overdue → escalation', () => {
    expect(nextStageAfter(stages, 'reminder_30d', beijing('2024-05-27T00:00:01'))?.stage).toBe('reminder_7d');
    expect(nextStageAfter(stages, 'reminder_1d', beijing('2024-06-25T00:00:01'))?.stage).toBe('overdue');
    expect(nextStageAfter(stages, 'overdue', beijing('2024-06-27T00:00:01'))?.at.toISOString()).toBe('2024-07-03T16:00:00.000Z');
  });

  it('repeats the escalation every 7 days', () => {
    const second = nextStageAfter(stages, 'escalation', beijing('2024-07-04T00:00:05'));
    expect(second).toMatchObject({ stage: 'escalation', type: 'escalation' });
    expect(second?.at.toISOString()).toBe('2024-07-10T16:00:00.000Z'); // 2024-07-11 00:00
    expect(nextOccurrence(stages[4], second!.at).toISOString()).toBe('2024-07-17T16:00:00.000Z');
  });

  it('after an outage, escalates once now and then resumes the weekly rhythm', () => {
    const now = beijing('2024-07-20T09:00:00');
    const catchUp = nextStageAfter(stages, 'overdue', now);
    expect(catchUp?.at.toISOString()).toBe('2024-07-17T16:00:00.000Z'); // 07-18 00:00, the latest one due
    expect(nextStageAfter(stages, 'escalation', now)?.at.toISOString()).toBe('2024-07-24T16:00:00.000Z');
  });

  it('refuses a stage that is not in the ladder', () => {
    expect(() => nextStageAfter(stages, 'reminder_99d', new Date())).toThrow(/reminder_99d/);
  });
});

describe('working-day ladders', () => {
  it('feedback after the reply of No. 196: proposer reminded 5 working days before, then expiry', () => {
    expect(ladder('feedback', '2024-06-26').map((s) => [s.stage, s.at.toISOString(), s.notify])).toEqual([
      ['reminder_5wd', '2024-07-16T16:00:00.000Z', ['proposer']], // Wed 2024-07-17: 23, 22, 19, 18, 17 July
      ['expiry', '2024-07-24T16:00:00.000Z', []], // as 2024-07-24 ends
    ]);
  });

  it('feedback across National Day: reminder on Wed 16 October for a due date of Wed 23 October', () => {
    expect(ladder('feedback', '2024-09-20')[0].at.toISOString()).toBe('2024-10-15T16:00:00.000Z');
  });

  it('after expiry nothing is left', () => {
    const stages = ladder('feedback', '2024-06-26');
    expect(nextStageAfter(stages, 'expiry', beijing('2024-07-25T00:00:01'))).toBeNull();
  });

  it('co-handling opinion: co unit reminded, then co unit and lead unit told it is overdue', () => {
    expect(ladder('co_opinion', '2024-03-26').map((s) => [s.stage, s.at.toISOString(), s.notify])).toEqual([
      ['reminder_7d', '2024-04-18T16:00:00.000Z', ['unit']],
      ['reminder_1d', '2024-04-24T16:00:00.000Z', ['unit']],
      ['overdue', '2024-04-26T16:00:00.000Z', ['unit', 'lead_unit']],
    ]);
  });

  it('the adjustment window only expires', () => {
    expect(ladder('adjustment', '2024-02-07').map((s) => [s.stage, s.at.toISOString()])).toEqual([['expiry', '2024-02-20T16:00:00.000Z']]);
  });
});

// A deadline that moves (extension, recomputation) is restaged on the ladder of its new due date.
describe('restageAfterMove', () => {
  const forDue = (dueOn: string) => ladderFor({ kind: 'reply', dueOn, dueAt: new Date(`${dueOn}T23:59:59.999+08:00`) }, RULES, calendar);

  it('an extension from 12-10 to 01-15 after the 7-day reminder: back to 未到提醒期, the 30-day reminder for 01-15 to come', () => {
    const now = beijing('2026-12-03T10:00:00'); // 43 days before 2027-01-15
    const { stage, next } = restageAfterMove(forDue('2027-01-15'), 'reminder_7d', now);
    expect(stage).toBe('open');
    expect([next?.stage, next?.at.toISOString()]).toEqual(['reminder_30d', '2026-12-15T16:00:00.000Z']); // 2026-12-16 00:00
  });

  it('keeps the reminders of the new date that are past and had been reached, and plans the next one', () => {
    // Reached 7-day reminder of 12-15; moved to 12-20 on 12-09: the new 30-day reminder (11-20) is past, its 7-day one (12-13) ahead.
    const { stage, next } = restageAfterMove(forDue('2026-12-20'), 'reminder_7d', beijing('2026-12-09T10:00:00'));
    expect(stage).toBe('reminder_30d');
    expect(next?.stage).toBe('reminder_7d');
  });

  it('never claims a stage that did not fire, and does not send a second overdue alert', () => {
    // Only the 30-day reminder had fired; the date moved into the past: the overdue alert is owed at once.
    const owed = restageAfterMove(forDue('2026-11-30'), 'reminder_30d', beijing('2026-12-03T10:00:00'));
    expect(owed.stage).toBe('reminder_30d');
    expect(owed.next?.stage).toBe('overdue');
    // Already overdue, moved to another past date: still overdue, the escalation next.
    const again = restageAfterMove(forDue('2026-11-30'), 'overdue', beijing('2026-12-03T10:00:00'));
    expect(again.stage).toBe('overdue');
    expect(again.next?.stage).toBe('escalation');
  });

  it('leaves a deadline that had reached no stage at 未到提醒期', () => {
    const { stage, next } = restageAfterMove(forDue('2027-01-15'), 'open', beijing('2026-12-03T10:00:00'));
    expect([stage, next?.stage]).toEqual(['open', 'reminder_30d']);
  });
});
