import { readFileSync } from 'node:fs';
import type { TimeRules } from '#domain';
import { LayeredRulesProvider } from '#kernel';
import { replayDeadlines, type ReplayEvent } from './replay.js';

const provider = new LayeredRulesProvider(JSON.parse(readFileSync('config/rules.json', 'utf8')) as TimeRules);
const ev = (type: string, at: string, payload: Record<string, unknown> = {}, proposalId: string | null = 'p'): ReplayEvent => ({
  type, proposalId, payload, occurredAt: new Date(`${at}T10:00:00+08:00`),
});

describe('replaying the deadlines from the events', () => {
  it('opens, settles, moves and cancels as the use cases do', () => {
    const events = [
      ev('proposal.assigned', '2024-03-26', { assignments: [{ id: 'a1', unitId: 'u1', role: 'lead' }, { id: 'a2', unitId: 'u2', role: 'co' }] }),
      ev('opinion.submitted', '2024-04-10', { assignmentId: 'a2' }),
      ev('assignment.extension_granted', '2024-05-06', { assignmentId: 'a1', newDueOn: '2024-07-26' }),
      ev('reply.submitted', '2024-07-01', { assignmentId: 'a1' }),
      ev('proposal.replied', '2024-07-01', { round: 1, public: true }),
      ev('feedback.received', '2024-07-05', { rating: 'unsatisfied' }),
      ev('proposal.rehandling', '2024-07-05', { round: 2, assignmentIds: ['a1'] }),
      ev('rules.changed', '2024-07-10', { version: 1, document: { holidayOverrides: [{ date: '2024-08-05', kind: 'holiday', reason: '防汛' }] } }, null),
      ev('deadline.recomputed', '2024-07-10', { dedupeKey: 'rehandling:a1:2', dueOn: '2024-08-06' }),
    ];
    const d = replayDeadlines(events, (_p, layer) => provider.compose(layer, null));
    const view = [...d.values()].map((x) => `${x.key} ${x.dueOn} ${x.closedAs ?? 'open'} ${x.unitId ?? '-'}`);
    expect(view).toEqual([
      'reply:a1:1 2024-07-26 settled u1',
      'adjustment:a1:1 2024-04-02 settled u1',
      'co_opinion:a2:1 2024-04-26 settled u2',
      'adjustment:a2:1 2024-04-02 open u2',
      'feedback:p:1 2024-07-29 settled -',
      'publication:p:1 2024-07-29 cancelled -',
      'rehandling:a1:2 2024-08-06 open u1',
    ]);
  });

  it('computes a due date with the rules in force when the deadline opened', () => {
    const layer = { holidayOverrides: [{ date: '2024-06-26', kind: 'holiday', reason: '防汛' }] };
    const assigned = ev('proposal.assigned', '2024-03-26', { assignments: [{ id: 'a1', unitId: 'u1', role: 'lead' }] });
    const before = replayDeadlines([assigned, ev('rules.changed', '2024-04-01', { version: 1, document: layer }, null)], (_p, l) => provider.compose(l, null));
    const after = replayDeadlines([ev('rules.changed', '2024-03-01', { version: 1, document: layer }, null), assigned], (_p, l) => provider.compose(l, null));
    expect(before.get('reply:a1:1')!.dueOn).toBe('2024-06-26');
    expect(after.get('reply:a1:1')!.dueOn).toBe('2024-06-27');
  });

  it('computes a due date with the session override in force when the deadline opened', () => {
    const override = { holidayOverrides: [{ date: '2024-06-26', kind: 'holiday', reason: '防汛' }] };
    const assigned = ev('proposal.assigned', '2024-03-26', { assignments: [{ id: 'a1', unitId: 'u1', role: 'lead' }] });
    const changed = (at: string) => ev('session.rules_changed', at, { sessionId: 's', version: 1, document: override }, null);
    const rulesAt = (_p: string, l: Parameters<typeof provider.compose>[0], overrides: ReadonlyMap<string, Record<string, unknown>>) =>
      provider.compose(l, overrides.get('s') ?? null);
    expect(replayDeadlines([assigned, changed('2024-04-01')], rulesAt).get('reply:a1:1')!.dueOn).toBe('2024-06-26');
    expect(replayDeadlines([changed('2024-03-01'), assigned], rulesAt).get('reply:a1:1')!.dueOn).toBe('2024-06-27');
    // …and the admin's layer is left alone by a session's change.
    expect(replayDeadlines([changed('2024-03-01'), assigned], (_p, l) => provider.compose(l, null)).get('reply:a1:1')!.dueOn).toBe('2024-06-26');
  });
});
