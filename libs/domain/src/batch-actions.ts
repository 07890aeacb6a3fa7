import type { AccessRole } from './access-rules.js';
import { ACTION_ROLES, type ActorAction } from './actions.js';
import { canAssignment, type AssignmentRole, type AssignmentState } from './assignment-state.js';
import { InvalidTransitionError, RuleViolationError, type DomainError } from './errors.js';
import { canProposal, type ProposalStatus } from './proposal-state.js';
import { isAnswerDeadline, isSupervisable } from './states.js';

/**
 * Batch actions (批量操作) of the back office: 批量交办 (assign), 签收 (accept), 催办 (urge: a
 * supervision notice to the unit of a running deadline) and 公开 (publish). Each item of a batch is
 * still done by its own single-item use case; what is here tells, before anything is done, whether
 * the state machines allow the item at all, so that the preview says what will happen and the
 * confirmation rarely surprises.
 */
export const BATCH_ACTIONS = ['assign', 'accept', 'urge', 'publish'] as const;
export type BatchAction = (typeof BATCH_ACTIONS)[number];

/** The single-item action each batch does: 催办 issues a supervision notice (督办通知). */
export const BATCH_ITEM_ACTIONS: Readonly<Record<BatchAction, ActorAction>> = { assign: 'assign', accept: 'accept', urge: 'issue_notice', publish: 'publish' };

/** The roles each batch is offered to: those of its single-item action (domain actions, ACTION_ROLES). */
export const BATCH_ROLES: Readonly<Record<BatchAction, readonly AccessRole[]>> = {
  assign: ACTION_ROLES[BATCH_ITEM_ACTIONS.assign],
  accept: ACTION_ROLES[BATCH_ITEM_ACTIONS.accept],
  urge: ACTION_ROLES[BATCH_ITEM_ACTIONS.urge],
  publish: ACTION_ROLES[BATCH_ITEM_ACTIONS.publish],
};

export function mayRunBatch(role: AccessRole, action: BatchAction): boolean {
  return BATCH_ROLES[action].includes(role);
}

/** 批量交办: the proposal must be filed (立案) and not yet assigned. */
export function assignRefusal(p: { status: ProposalStatus }): DomainError | null {
  return canProposal(p.status, 'assign') ? null : new InvalidTransitionError('proposal', p.status, 'assign');
}

/** 签收: the assignment's state and role must allow accepting it. */
export function acceptRefusal(a: { state: AssignmentState; role: AssignmentRole }): DomainError | null {
  return canAssignment(a.state, a.role, 'accept') ? null : new InvalidTransitionError('assignment', a.state, 'accept');
}

/** 催办: a running deadline that a handling unit owes (ANSWER_DEADLINE_KINDS: feedback and publication are not a unit's), on a proposal still being handled. */
export function urgeRefusal(d: { status: string; kind: string; hasAssignment: boolean; proposalStatus: string }): DomainError | null {
  if (d.status !== 'open') return new RuleViolationError('urge_settled', 'the deadline is no longer running');
  if (!d.hasAssignment || !isAnswerDeadline(d.kind)) return new RuleViolationError('urge_kind', `a ${d.kind} deadline is not a unit's to answer`);
  if (!isSupervisable(d.proposalStatus)) {
    return new RuleViolationError('notice_state', `Cannot issue a supervision notice: proposal is in state "${d.proposalStatus}"`);
  }
  return null;
}
