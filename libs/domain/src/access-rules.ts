/**
 * What each role may set, see and keep seeing: pure rules, used alike by the use cases, the queries,
 * the API and the UI (which only hides what these rules refuse anyway).
 */

/** The roles of Duban's users (the same list as the application's `Role`). */
export const ACCESS_ROLES = ['admin', 'committee', 'supervisor', 'unit', 'proposer'] as const;
export type AccessRole = (typeof ACCESS_ROLES)[number];

// ---- submitting a proposal ---------------------------------------------------------------------

/**
 * Fields of a submission (提交提案) only the committee (or an admin) may set: the official number
 * (第N号 is given at filing; a number is typed only for a proposal imported with the one it already
 * carries), and the co-proposers (联名), whose agreement the committee has on paper; attaching members
 * would otherwise show them the proposal before they agreed to sign it. A member invites co-signers
 * instead (co-signing.ts): each becomes a co-proposer only by confirming.
 */
export const STAFF_SUBMISSION_FIELDS = ['number', 'coProposerIds'] as const;
export type StaffSubmissionField = (typeof STAFF_SUBMISSION_FIELDS)[number];

/** Who may set each field of STAFF_SUBMISSION_FIELDS. */
const SUBMISSION_STAFF: Readonly<Record<StaffSubmissionField, readonly AccessRole[]>> = {
  number: ['admin', 'committee'],
  coProposerIds: ['admin', 'committee'],
};

/** May this role set this field of a submission? */
export function maySetSubmissionField(role: AccessRole, field: StaffSubmissionField): boolean {
  return SUBMISSION_STAFF[field].includes(role);
}

/**
 * The fields of a submission that this role set but may not: a number, or a non-empty list of
 * co-proposers, from a proposer. Empty values (null, undefined, []) set nothing.
 */
export function refusedSubmissionFields(role: AccessRole, input: { number?: number | null; coProposerIds?: readonly string[] | null }): StaffSubmissionField[] {
  const set: Record<StaffSubmissionField, boolean> = {
    number: input.number !== undefined && input.number !== null,
    coProposerIds: (input.coProposerIds?.length ?? 0) > 0,
  };
  return STAFF_SUBMISSION_FIELDS.filter((f) => set[f] && !maySetSubmissionField(role, f));
}

// ---- a unit and the proposals it handles -------------------------------------------------------

/**
 * Assignment states that no longer make a unit a handler of the proposal: `removed` (调整出, after an
 * approved adjustment the proposal went to another unit). Such a unit sees the proposal no more.
 */
export const DETACHED_ASSIGNMENT_STATES: readonly string[] = ['removed'];

/** Does an assignment in this state let its unit see the proposal? */
export function assignmentGrantsAccess(state: string): boolean {
  return !DETACHED_ASSIGNMENT_STATES.includes(state);
}

// ---- what a proposer sees of the record --------------------------------------------------------

/**
 * Who may list a proposal's notifications (the mails sent about it, with their addresses, cc lists
 * and delivery errors): the staff and the units that handle it. A proposer reads the mails they
 * received in their own mailbox; the list of everyone's mail is internal.
 */
export function mayListNotifications(role: AccessRole): boolean {
  return role !== 'proposer';
}

/**
 * The events a proposer's timeline shows, each with the payload fields it keeps: the course of
 * their proposal as the committee and the units tell it to them (filing, assignment, contact,
 * extension, reply, rating, closing, publication). Everything else is internal and left out — new
 * event types too, until they are listed here: automatic classification and similar-proposal
 * findings, key designation, 督办 notices and notes (督办意见), adjustment requests and their
 * decisions, extension requests and refusals, co-handlers' opinions, the deadline ladder (reminders,
 * overdue alerts, escalations, recomputations), rules changes and mail delivery.
 */
const PROPOSER_EVENTS: Readonly<Record<string, readonly string[]>> = {
  'proposal.submitted': ['sessionId', 'title', 'number', 'leadProposerId', 'coProposerIds'],
  'proposal.resubmitted': ['changed'],
  'proposal.filed': ['number'],
  'proposal.not_filed': ['number', 'reason'],
  'proposal.merged': ['number', 'reason', 'mergeIntoId'],
  'proposal.converted': ['number', 'reason'],
  'proposal.returned': ['number', 'reason'],
  'proposal.withdrawn': ['reason'],
  'proposal.assigned': ['assignments'],
  'assignment.accepted': ['unitId', 'role'],
  'assignment.reassigned': ['fromUnitId', 'toAssignmentId', 'toUnitId', 'role'],
  'assignment.extension_granted': ['assignmentId', 'unitId', 'previousDueOn', 'newDueOn'],
  'communication.recorded': ['assignmentId', 'unitId', 'method', 'happenedOn'],
  'reply.submitted': ['assignmentId', 'unitId', 'round', 'resultCategory', 'public', 'onTime'],
  'proposal.replied': ['round'],
  'feedback.received': ['rating', 'round', 'via'],
  'proposal.rehandling': ['round', 'unitIds'],
  'proposal.closed': ['reason', 'rating', 'round'],
  'proposal.published': ['publicationIndex'],
};

/** The event types a proposer's timeline shows. */
export const PROPOSER_EVENT_TYPES: readonly string[] = Object.keys(PROPOSER_EVENTS);

export interface DisclosedEvent {
  type: string;
  actor: string;
  payload: Record<string, unknown>;
}

/**
 * An event as the given role may read it, or null when it is internal to that role. Staff and units
 * read events whole. A proposer reads only the events of PROPOSER_EVENTS, with only their listed
 * payload fields, and who acted by role alone (`unit`, `committee`, `system`), not by login name.
 */
export function discloseEvent<E extends DisclosedEvent>(role: AccessRole, event: E): E | null {
  if (role !== 'proposer') return event;
  const fields = PROPOSER_EVENTS[event.type];
  if (!fields) return null;
  const payload: Record<string, unknown> = {};
  for (const f of fields) if (event.payload && f in event.payload) payload[f] = event.payload[f];
  if (event.type === 'proposal.assigned' && Array.isArray(payload.assignments)) {
    payload.assignments = (payload.assignments as Array<Record<string, unknown>>).map((a) => ({ id: a.id, unitId: a.unitId, role: a.role }));
  }
  return { ...event, actor: actorKind(event.actor), payload };
}

/** `unit:xzsp` → `unit`; `system:deadline-sweep` → `system`; `proposer-link:…` → `proposer-link`. */
function actorKind(actor: string): string {
  return (actor ?? '').split(':')[0] ?? '';
}

/**
 * The deadlines a proposer sees on their proposal: the answers they wait for (reply, rehandling) and
 * their own (feedback) and the publication. A unit's adjustment window, a co-handler's opinion to
 * the lead unit and a 督办 notice's answer (`supervision`) are internal, as their events are.
 */
const PROPOSER_DEADLINE_KINDS: readonly string[] = ['reply', 'rehandling', 'feedback', 'publication'];

/** May this role see a deadline of this kind on a proposal it sees? */
export function maySeeDeadlineKind(role: AccessRole, kind: string): boolean {
  return role !== 'proposer' || PROPOSER_DEADLINE_KINDS.includes(kind);
}

/** May this role read the co-handlers' opinions (协办意见, written to the lead unit)? Not a proposer. */
export function mayReadOpinions(role: AccessRole): boolean {
  return role !== 'proposer';
}
