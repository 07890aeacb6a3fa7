import type { StoredDeadlineKind } from './rules.js';

/**
 * 逾期 (overdue): the one definition every list, filter and figure of "overdue now" uses — the API's
 * register (`GET /proposals?overdue=`), the UI's register, the desk and the 期限清单.
 *
 * A deadline is overdue when it is still open, its due instant has passed, and it is a duty. The
 * adjustment window (申请调整期) is not a duty but a right: once its day has passed the unit may no
 * longer ask for an adjustment, the sweep settles it as expired, and nobody is late.
 */
export const NOT_A_DUTY_DEADLINE_KINDS: readonly StoredDeadlineKind[] = ['adjustment'];

/** The fields of a deadline the rule reads (a row, a view, a replayed deadline). */
export interface OverdueCandidate {
  status: string;
  kind: string;
  dueAt: Date | string | null;
}

/** Is this deadline overdue at `now`? Open, a duty (not an adjustment window), and past its due instant. */
export function isOverdue(d: OverdueCandidate, now: Date): boolean {
  if (d.status !== 'open' || d.dueAt === null) return false;
  if ((NOT_A_DUTY_DEADLINE_KINDS as readonly string[]).includes(d.kind)) return false;
  return new Date(d.dueAt).getTime() < now.getTime();
}

/** Is this a deadline of a duty (one that can fall overdue), not an adjustment window? */
export function isDutyDeadline(kind: string): boolean {
  return !(NOT_A_DUTY_DEADLINE_KINDS as readonly string[]).includes(kind);
}
