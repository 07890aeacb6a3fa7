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
  'accept', 'reply', 'submit_opinion', 'request_adjustment', 'approve_adjustment', 'reject_adjustment', 'reopen', 'take_over_lead',
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
    // 主协办互换: the co-handler's assignment ends because the unit now leads (a new lead assignment).
    take_over_lead: { to: 'removed', roles: ['co'] },
  },
  accepted: {
    reply: { to: 'replied', roles: ANSWERING_ROLES },
    submit_opinion: { to: 'opinion_submitted', roles: ['co'] },
    request_adjustment: { to: 'adjustment_requested', roles: ALL_ROLES },
    take_over_lead: { to: 'removed', roles: ['co'] },
  },
  adjustment_requested: {
    approve_adjustment: { to: 'removed', roles: ALL_ROLES },
    // Rejected: the unit keeps the proposal and has to accept it again.
    reject_adjustment: { to: 'assigned', roles: ALL_ROLES },
  },
  // Reopened when the proposer is unsatisfied and the proposal goes to re-handling.
  replied: { reopen: { to: 'accepted', roles: ANSWERING_ROLES } },
  opinion_submitted: { take_over_lead: { to: 'removed', roles: ['co'] } },
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

/**
 * Why an approved adjustment (同意调整) cannot give the work to a unit:
 * own_unit — it is the unit that asked; already_assigned — the unit is already on the proposal in a
 * role that cannot take the requester's (only a lead's role passes to one of its co-handlers);
 * target_adjusting — that co-handler has itself asked for an adjustment, decide that first;
 * keep_as_co_not_lead — only a lead unit can ask to stay on as co-handler (本单位改为协办);
 * keep_as_co_without_unit — staying on as co-handler needs the unit that is to lead.
 */
export type AdjustmentRefusal = 'own_unit' | 'already_assigned' | 'target_adjusting' | 'keep_as_co_not_lead' | 'keep_as_co_without_unit';

export interface AdjustmentPlan {
  /** The target unit's live co-handler assignment ends (take_over_lead): it takes the lead instead (主协办互换). */
  displacesTarget: boolean;
  /** The requesting lead unit stays on the proposal as a co-handler, as it asked. */
  requesterBecomesCo: boolean;
}

export type AdjustmentDecision = { ok: true; plan: AdjustmentPlan } | { ok: false; refusal: AdjustmentRefusal; targetRole?: AssignmentRole };

/**
 * How an adjustment moves the work (申请调整 → 同意调整): the requesting unit's role passes to the
 * target unit. The target may already be on the proposal only as a co-handler of the requesting
 * lead — the common case of a lead asking to hand the lead to its co-handler —, which then leads
 * and no longer co-handles; the former lead leaves, or stays on as co-handler when it asked to.
 * Pure: the use cases give it the requesting assignment and the target unit's live assignment.
 */
export function planAdjustment(input: {
  requester: { unitId: string; role: AssignmentRole };
  keepAsCo: boolean;
  /** The unit that is to take the role; null: none named yet (a request without a suggestion). */
  targetUnitId: string | null;
  /** The target unit's live (not removed) assignment on the same proposal, if any. */
  target: { role: AssignmentRole; state: AssignmentState } | null;
}): AdjustmentDecision {
  const { requester, keepAsCo, targetUnitId, target } = input;
  if (keepAsCo && requester.role !== 'lead') return { ok: false, refusal: 'keep_as_co_not_lead' };
  if (keepAsCo && !targetUnitId) return { ok: false, refusal: 'keep_as_co_without_unit' };
  if (targetUnitId !== null && targetUnitId === requester.unitId) return { ok: false, refusal: 'own_unit' };
  if (!target || target.state === 'removed') return { ok: true, plan: { displacesTarget: false, requesterBecomesCo: keepAsCo } };
  if (requester.role !== 'lead' || target.role !== 'co') return { ok: false, refusal: 'already_assigned', targetRole: target.role };
  if (target.state === 'adjustment_requested') return { ok: false, refusal: 'target_adjusting', targetRole: target.role };
  return { ok: true, plan: { displacesTarget: true, requesterBecomesCo: keepAsCo } };
}
