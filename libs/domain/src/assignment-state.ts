import { InvalidTransitionError } from './errors.js';

/** lead 主办 · co 协办 · separate 分办 (answers on its own). */
export const ASSIGNMENT_ROLES = ['lead', 'co', 'separate'] as const;
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];

/** The roles that write a reply to the proposer; a co unit gives its opinion to the lead unit. */
export const ANSWERING_ROLES: readonly AssignmentRole[] = ['lead', 'separate'];

/**
 * assigned 已交办 · accepted 已签收 · replied 已答复 · opinion_submitted 已提交协办意见 ·
 * adjustment_requested 申请调整中 · removed 已调整出（由新单位承办）.
 */
export const ASSIGNMENT_STATES = ['assigned', 'accepted', 'replied', 'opinion_submitted', 'adjustment_requested', 'removed'] as const;
export type AssignmentState = (typeof ASSIGNMENT_STATES)[number];

export const ASSIGNMENT_ACTIONS = [
  'accept', 'reply', 'submit_opinion', 'request_adjustment', 'approve_adjustment', 'reject_adjustment', 'reopen',
] as const;
export type AssignmentAction = (typeof ASSIGNMENT_ACTIONS)[number];

interface AssignmentEdge {
  to: AssignmentState;
  roles: readonly AssignmentRole[];
}

const ALL_ROLES = ASSIGNMENT_ROLES;

/** state → action → next state and the roles that may take it. Anything absent is refused. */
export const ASSIGNMENT_TRANSITIONS: Readonly<Record<AssignmentState, Readonly<Partial<Record<AssignmentAction, AssignmentEdge>>>>> = {
  assigned: {
    accept: { to: 'accepted', roles: ALL_ROLES },
    request_adjustment: { to: 'adjustment_requested', roles: ALL_ROLES },
  },
  accepted: {
    reply: { to: 'replied', roles: ANSWERING_ROLES },
    submit_opinion: { to: 'opinion_submitted', roles: ['co'] },
    request_adjustment: { to: 'adjustment_requested', roles: ALL_ROLES },
  },
  adjustment_requested: {
    approve_adjustment: { to: 'removed', roles: ALL_ROLES },
    // Rejected: the unit keeps the proposal and has to accept it again.
    reject_adjustment: { to: 'assigned', roles: ALL_ROLES },
  },
  // Reopened when the proposer is unsatisfied and the proposal goes to re-handling.
  replied: { reopen: { to: 'accepted', roles: ANSWERING_ROLES } },
  opinion_submitted: {},
  removed: {},
};

export function assignmentTransition(current: AssignmentState, role: AssignmentRole, action: AssignmentAction): AssignmentState {
  const edge = ASSIGNMENT_TRANSITIONS[current]?.[action];
  if (edge === undefined) throw new InvalidTransitionError('assignment', current, action);
  if (!edge.roles.includes(role)) throw new InvalidTransitionError('assignment', current, action, role);
  return edge.to;
}

export function canAssignment(current: AssignmentState, role: AssignmentRole, action: AssignmentAction): boolean {
  return ASSIGNMENT_TRANSITIONS[current]?.[action]?.roles.includes(role) ?? false;
}

export function allowedAssignmentActions(current: AssignmentState, role: AssignmentRole): AssignmentAction[] {
  return ASSIGNMENT_ACTIONS.filter((action) => canAssignment(current, role, action));
}

export function isAnsweringRole(role: AssignmentRole): boolean {
  return ANSWERING_ROLES.includes(role);
}

/**
 * Whether the proposal counts as replied (reply_complete): every lead/separate unit still on
 * it has replied. Removed assignments no longer count; with no answering unit it is false.
 */
export function everyAnsweringUnitReplied(assignments: ReadonlyArray<{ role: AssignmentRole; state: AssignmentState }>): boolean {
  const answering = assignments.filter((a) => isAnsweringRole(a.role) && a.state !== 'removed');
  return answering.length > 0 && answering.every((a) => a.state === 'replied');
}
