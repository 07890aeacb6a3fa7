import { readFileSync } from 'node:fs';

import { escalateOneStepEarlier } from './alert-escalation.js';
import { computeDeadline } from './deadline-calculator.js';
import { ladderFor, nextStageAfter, type PlannedStage } from './deadline-ladder.js';
import { validateRules, type DeadlineKind, type TimeRules } from './rules.js';
import { WorkCalendar } from './work-calendar.js';

const RULES: TimeRules = validateRules(JSON.parse(readFileSync(new URL('../../../config/rules.json', import.meta.url), 'utf8')));
const calendar = new WorkCalendar();
const beijing = (local: string) => new Date(`${local}+08:00`);
const ladder = (kind: DeadlineKind, startOn: string): PlannedStage[] =>
  ladderFor(computeDeadline({ kind, start: beijing(`${startOn}T10:00:00`), rules: RULES, calendar }), RULES, calendar);
const view = (stages: PlannedStage[]) => stages.map((s) => [s.stage, s.at.toISOString(), s.notify.join('+')]);

describe('theme alerts: an overdue on an alert-theme proposal escalates one step earlier', () => {
  const plain = ladder('reply', '2024-03-26'); // No. 196: due 2024-06-26
  const alerted = escalateOneStepEarlier(plain);

  it('moves the weekly escalation onto the overdue alert, reminders untouched', () => {
    expect(view(alerted)).toEqual([
      ['reminder_30d', '2024-05-26T16:00:00.000Z', 'unit'],
      ['reminder_7d', '2024-06-18T16:00:00.000Z', 'unit'],
      ['reminder_1d', '2024-06-24T16:00:00.000Z', 'unit'],
      ['overdue', '2024-06-26T16:00:00.000Z', 'unit+supervision'],
      ['escalation', '2024-06-26T16:00:00.000Z', 'supervision_leader+unit_head'], // was 2024-07-04 00:00
    ]);
    expect(alerted[4].repeatEvery).toEqual({ amount: 7, unit: 'days' });
    expect(view(plain)[4][1]).toBe('2024-07-03T16:00:00.000Z'); // the input is not changed
  });

  it('fires the escalation in the same sweep as the overdue, then weekly from there', () => {
    const sweptAt = beijing('2024-06-27T00:00:05');
    const afterOverdue = nextStageAfter(alerted, 'overdue', sweptAt);
    expect(afterOverdue).toMatchObject({ stage: 'escalation' });
    expect(afterOverdue!.at.getTime()).toBeLessThanOrEqual(sweptAt.getTime());
    expect(nextStageAfter(alerted, 'escalation', sweptAt)?.at.toISOString()).toBe('2024-07-03T16:00:00.000Z'); // 2024-07-04 00:00
  });

  it('moves every later escalation step one step earlier', () => {
    const at = (d: string) => beijing(`${d}T00:00:00`);
    const stages: PlannedStage[] = [
      { stage: 'overdue', type: 'overdue', at: at('2024-07-01'), notify: ['unit'] },
      { stage: 'esc1', type: 'escalation', at: at('2024-07-08'), notify: ['supervision'] },
      { stage: 'esc2', type: 'escalation', at: at('2024-07-15'), notify: ['supervision_leader'], repeatEvery: { amount: 7, unit: 'days' } },
    ];
    const moved = escalateOneStepEarlier(stages);
    // esc1 is not repeating and lands on the overdue: its recipients join the overdue alert.
    expect(moved.map((s) => [s.stage, s.at.getTime(), s.notify])).toEqual([
      ['overdue', at('2024-07-01').getTime(), ['unit', 'supervision']],
      ['esc2', at('2024-07-08').getTime(), ['supervision_leader']],
    ]);
  });

  it('leaves ladders without an overdue or an escalation alone', () => {
    expect(view(escalateOneStepEarlier(ladder('adjustment', '2024-03-26')))).toEqual(view(ladder('adjustment', '2024-03-26')));
    expect(view(escalateOneStepEarlier(ladder('co_opinion', '2024-03-26')))).toEqual(view(ladder('co_opinion', '2024-03-26')));
  });
});
