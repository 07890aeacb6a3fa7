import type { PlannedStage } from './deadline-ladder.js';

/**
 * Theme alerts (主题预警): on a proposal of an alert theme (config/intake.json `alertThemes`, e.g.
 * 营商环境), any overdue escalates one step earlier. Every escalation step after the overdue alert
 * takes the time of the step before it, so with the default ladder (overdue the day after the due
 * date, escalation a week later and weekly after) the escalation to the supervision leader and the
 * unit head fires together with the overdue alert, then weekly from there.
 *
 * A repeating escalation moved onto the overdue instant fires in the same sweep as the overdue
 * (nextStageAfter brings a repeating stage back with its latest occurrence). A non-repeating one
 * would be skipped there as a stale stage, so when it would land on the overdue instant its
 * recipients join the overdue alert instead and the step is dropped: nobody is told later than before.
 * Ladders without an overdue step (windows that expire) are returned unchanged. Pure.
 */
export function escalateOneStepEarlier(stages: readonly PlannedStage[]): PlannedStage[] {
  const copy = stages.map((s) => ({ ...s, notify: [...s.notify], ...(s.repeatEvery ? { repeatEvery: { ...s.repeatEvery } } : {}) }));
  const overdueIndex = copy.findIndex((s) => s.type === 'overdue');
  if (overdueIndex < 0) return copy;
  const overdue = copy[overdueIndex];
  const after = copy
    .filter((s) => s.type === 'escalation' && s.at.getTime() > overdue.at.getTime())
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  if (after.length === 0) return copy;
  const previousTimes = [overdue.at, ...after.map((s) => s.at)];
  const dropped = new Set<PlannedStage>();
  after.forEach((s, i) => {
    s.at = previousTimes[i];
    if (!s.repeatEvery && s.at.getTime() === overdue.at.getTime()) {
      for (const r of s.notify) if (!overdue.notify.includes(r)) overdue.notify.push(r);
      dropped.add(s);
    }
  });
  // Stable: at equal times the overdue alert (listed first in the rules) stays first.
  return copy
    .filter((s) => !dropped.has(s))
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.at.getTime() - b.s.at.getTime() || a.i - b.i)
    .map(({ s }) => s);
}
