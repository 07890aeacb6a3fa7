import {
  ACCESS_ROLES, ASSIGNMENT_ROLES, ASSIGNMENT_STATES, BODIES, CO_SIGNING_STATES, COMMUNICATION_METHODS, DEADLINE_ROW_KINDS, DEADLINE_STATUSES, FEEDBACK_VIAS,
  IMPORT_ROW_STATUSES, IMPORT_STATUSES, NOTICE_STATUSES, NOTIFICATION_STATUSES, PROPOSAL_STATUSES, PROPOSER_KINDS, REQUEST_STATUSES,
  SATISFACTIONS, UNIT_KINDS,
} from '#domain';

/**
 * Every status-like column and the domain union its CHECK constraint holds (the entities are typed
 * by the same unions). test/status-checks.e2e-spec.ts reads each CHECK from Postgres and compares:
 * a state added to the domain fails it until a migration widens the CHECK.
 *
 * Not here, on purpose: `events.type` (an event type the catalogue no longer knows stays readable
 * as history: contracts `storedEvent`), `proposals.close_reason` (a withdrawal keeps its reason as
 * typed), `deadlines.stage` (ladders are data the office edits) and `notifications.type`.
 */
export const STATUS_COLUMNS: ReadonlyArray<{ table: string; column: string; values: readonly string[] }> = [
  { table: 'proposals', column: 'status', values: PROPOSAL_STATUSES },
  { table: 'assignments', column: 'state', values: ASSIGNMENT_STATES },
  { table: 'assignments', column: 'state_before_adjustment', values: ASSIGNMENT_STATES },
  { table: 'assignments', column: 'role', values: ASSIGNMENT_ROLES },
  { table: 'adjustment_requests', column: 'status', values: REQUEST_STATUSES },
  { table: 'extension_requests', column: 'status', values: REQUEST_STATUSES },
  { table: 'communications', column: 'method', values: COMMUNICATION_METHODS },
  { table: 'feedback', column: 'rating', values: SATISFACTIONS },
  { table: 'feedback', column: 'via', values: FEEDBACK_VIAS },
  { table: 'deadlines', column: 'kind', values: DEADLINE_ROW_KINDS },
  { table: 'deadlines', column: 'status', values: DEADLINE_STATUSES },
  { table: 'notifications', column: 'status', values: NOTIFICATION_STATUSES },
  { table: 'supervision_notices', column: 'status', values: NOTICE_STATUSES },
  { table: 'proposal_imports', column: 'status', values: IMPORT_STATUSES },
  { table: 'proposal_import_rows', column: 'status', values: IMPORT_ROW_STATUSES },
  { table: 'users', column: 'role', values: ACCESS_ROLES },
  { table: 'units', column: 'kind', values: UNIT_KINDS },
  { table: 'proposers', column: 'kind', values: PROPOSER_KINDS },
  { table: 'proposers', column: 'body', values: BODIES },
  { table: 'sessions', column: 'body', values: BODIES },
  { table: 'co_signing_invitations', column: 'state', values: CO_SIGNING_STATES },
];
