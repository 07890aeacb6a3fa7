import { DateTime } from 'luxon';

import { DomainError } from './errors.js';
import type { DeadlineKind, LadderStep, Recipient, StageType, TimeRules } from './rules.js';
import { SHANGHAI_TIMEZONE, addCalendarDays, endOfShanghaiDay, startOfShanghaiDay } from './shanghai-time.js';
import type { WorkCalendar } from './work-calendar.js';

/**
 * The reminder / overdue / escalation ladder of one deadline (提醒、逾期、督办升级).
 *
 * When a step fires (one rule for every step): its offset is counted from the due day, in
 * calendar days or working days. A step before the due day (negative offset: reminders) fires
 * as that day begins, 00:00 Asia/Shanghai. A step on or after the due day (offset ≥ 0: overdue,
 * expiry, escalation) fires as that day ends, i.e. 00:00 of the next day, because the due day
 * itself is still within time. So for a reply due 2024-06-26: reminder −30d at 2024-05-27 00:00,
 * overdue at 2024-06-27 00:00, escalation +7d at 2024-07-04 00:00 and every 7 days after.
 * Reminders that fall on a rest day are not moved: mail can be read on Monday.
 */
export interface PlannedStage {
  stage: string;
  type: StageType;
  at: Date;
  notify: Recipient[];
  repeatEvery?: { amount: number; unit: 'days' };
}

export function ladderFor(
  deadline: { kind: DeadlineKind; dueOn: string; dueAt: Date },
  rules: TimeRules,
  calendar: WorkCalendar,
): PlannedStage[] {
  const steps = rules.deadlines[deadline.kind]?.ladder ?? [];
  const planned = steps.map((step) => planStep(step, deadline.dueOn, calendar));
  // Stable sort: steps at the same instant keep the order the rules list them in.
  return planned.map((s, i) => ({ s, i })).sort((a, b) => a.s.at.getTime() - b.s.at.getTime() || a.i - b.i).map(({ s }) => s);
}

function planStep(step: LadderStep, dueOn: string, calendar: WorkCalendar): PlannedStage {
  const { amount, unit } = step.offset;
  const day = unit === 'workdays' ? calendar.addWorkdays(dueOn, amount) : addCalendarDays(dueOn, amount);
  const at = amount < 0 ? startOfShanghaiDay(day) : new Date(endOfShanghaiDay(day).getTime() + 1);
  const planned: PlannedStage = { stage: step.stage, type: step.type, at, notify: [...step.notify] };
  if (step.repeatEvery) planned.repeatEvery = { ...step.repeatEvery };
  return planned;
}

/** Stages that must happen even when their time passed before the deadline opened or was swept. */
export const NEVER_SKIPPED_STAGE_TYPES: readonly StageType[] = ['overdue', 'expiry'];

/**
 * The stage to schedule after `currentStage` fired (null: none has fired yet), as of `now`.
 *
 * - Reminders whose time has passed are skipped, so a deadline opened late (or a sweep after an
 *   outage) does not send a burst of stale reminders.
 * - Overdue and expiry are never skipped: they are returned with their (past) time and fire at once.
 * - A repeating stage (weekly escalation) fires at most once to catch up: reached from an earlier
 *   stage, it comes back with its latest due occurrence; after it fired, its next occurrence is
 *   the first one after `now` (previous + 7 days in the ordinary case).
 * Returns null when nothing is left.
 */
export function nextStageAfter(stages: readonly PlannedStage[], currentStage: string | null, now: Date): PlannedStage | null {
  let from = 0;
  if (currentStage !== null) {
    const index = stages.findIndex((s) => s.stage === currentStage);
    if (index < 0) throw new DomainError('unknown_stage', `Stage "${currentStage}" is not in this deadline's ladder`, 'STAGE_UNKNOWN');
    const current = stages[index];
    if (current.repeatEvery) return { ...current, at: occurrenceAfter(current, now) };
    from = index + 1;
  }
  for (const stage of stages.slice(from)) {
    if (stage.at.getTime() > now.getTime() || NEVER_SKIPPED_STAGE_TYPES.includes(stage.type)) return stage;
    if (stage.repeatEvery) return { ...stage, at: latestOccurrenceAtOrBefore(stage, now) };
  }
  return null;
}

/**
 * Where a running deadline stands after its due date moved (an extension granted, a recomputation
 * under new rules): the stages it went through were counted from the old date, so "已发到期前7天提醒"
 * no longer describes it. Its stage becomes the latest stage of the new ladder that is already past,
 * but no further along the ladder than the stage it had reached (nothing that never fired is
 * claimed), else 'open'; the next stage is planned from there as after any stage. So a reply due
 * 12-15 that had its 7-day reminder and is extended to 01-15 stands at 'open' again, its 30-day
 * reminder for 01-15 to come; a deadline already overdue and moved to a date also past stays overdue
 * without a second overdue alert.
 */
export function restageAfterMove(ladder: readonly PlannedStage[], currentStage: string, now: Date): { stage: string; next: PlannedStage | null } {
  if (currentStage === 'open') return { stage: 'open', next: firstPendingStage(ladder, now) };
  const reached = ladder.findIndex((s) => s.stage === currentStage);
  // A stage the new ladder does not have (the rules changed it away): the first stage still ahead.
  const upTo = reached < 0 ? -1 : reached;
  let stage = 'open';
  for (let i = 0; i <= upTo; i += 1) if (ladder[i].at.getTime() <= now.getTime()) stage = ladder[i].stage;
  if (reached < 0) {
    const ahead = ladder.find((s) => s.at.getTime() > now.getTime()) ?? null;
    return { stage: currentStage, next: ahead };
  }
  return { stage, next: stage === 'open' ? firstPendingStage(ladder, now) : nextStageAfter(ladder, stage, now) };
}

/** The first stage still to come when a deadline opens at `now` (see nextStageAfter). */
export function firstPendingStage(stages: readonly PlannedStage[], now: Date): PlannedStage | null {
  return nextStageAfter(stages, null, now);
}

/** The occurrence after `previous` of a repeating stage: previous + its interval, in Asia/Shanghai days. */
export function nextOccurrence(stage: PlannedStage, previous: Date): Date {
  if (!stage.repeatEvery) throw new DomainError('not_repeating', `Stage "${stage.stage}" does not repeat`, 'STAGE_NOT_REPEATING');
  return DateTime.fromJSDate(previous, { zone: SHANGHAI_TIMEZONE }).plus({ days: stage.repeatEvery.amount }).toJSDate();
}

function occurrenceAfter(stage: PlannedStage, now: Date): Date {
  let at = stage.at;
  while (at.getTime() <= now.getTime()) at = nextOccurrence(stage, at);
  return at;
}

function latestOccurrenceAtOrBefore(stage: PlannedStage, now: Date): Date {
  let at = stage.at;
  for (let next = nextOccurrence(stage, at); next.getTime() <= now.getTime(); next = nextOccurrence(stage, next)) at = next;
  return at;
}
