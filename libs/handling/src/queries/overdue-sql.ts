import { NOT_A_DUTY_DEADLINE_KINDS } from '#domain';

// The domain's 逾期 rule (libs/domain/src/overdue.ts, `isOverdue`) as SQL, for every read model
// that filters or counts overdue deadlines. The kinds are the domain's constants, never user input.
const exempt = NOT_A_DUTY_DEADLINE_KINDS.map((kind) => `'${kind}'`).join(', ');

/** A deadline `d` of a duty (domain `isDutyDeadline`): not an adjustment window. */
export const dutyDeadlineSql = (d: string): string => `${d}.kind NOT IN (${exempt})`;

/** A running duty `d`: open and not an adjustment window (the deadlines the lists show). */
export const runningDutySql = (d: string): string => `${d}.status = 'open' AND ${dutyDeadlineSql(d)}`;

/** Deadline `d` is overdue at the instant bound to `now` (a placeholder: `$1`, `:now`) — domain `isOverdue`. */
export const overdueDeadlineSql = (d: string, now: string): string => `${runningDutySql(d)} AND ${d}.due_at < ${now}`;

/** Proposal `p` has an overdue deadline at `now` (the register's 逾期 filter, in the API and the UI alike). */
export const proposalOverdueSql = (now: string): string =>
  `EXISTS (SELECT 1 FROM deadlines od WHERE od.proposal_id = p.id AND ${overdueDeadlineSql('od', now)})`;
