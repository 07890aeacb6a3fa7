import type { AccessRole } from './access-rules.js';
import { canAssignment, type AssignmentRole, type AssignmentState } from './assignment-state.js';
import { InvalidTransitionError, RuleViolationError, type DomainError } from './errors.js';
import { canProposal, isPublishable, type ProposalStatus } from './proposal-state.js';

/**
 * Batch actions (批量操作) of the back office: 批量交办 (assign), 签收 (accept), 催办 (urge: a
 * supervision notice to the unit of a running deadline) and 公开 (publish). Each item of a batch is
 * still done by its own single-item use case; what is here tells, before anything is done, whether
 * the state machines allow the item at all, so that the preview says what will happen and the
 * confirmation rarely surprises.
 */
export const BATCH_ACTIONS = ['assign', 'accept', 'urge', 'publish'] as const;
export type BatchAction = (typeof BATCH_ACTIONS)[number];

/** The roles each batch is offered to (the same roles as the single-item use cases accept). */
export const BATCH_ROLES: Readonly<Record<BatchAction, readonly AccessRole[]>> = {
  assign: ['admin', 'committee', 'supervisor'],
  accept: ['unit'],
  urge: ['admin', 'supervisor'],
  publish: ['admin', 'committee'],
};

export function mayRunBatch(role: AccessRole, action: BatchAction): boolean {
  return BATCH_ROLES[action].includes(role);
}

/** Proposal states in which a unit is still at work on it, so that a supervision notice can ask it something. */
export const SUPERVISABLE_STATUSES: readonly ProposalStatus[] = ['assigned', 'handling', 'rehandling', 'replied'];

export function isSupervisable(status: string): boolean {
  return (SUPERVISABLE_STATUSES as readonly string[]).includes(status);
}

/** Deadline kinds a unit owes (a supervision notice can urge them); feedback and publication are not a unit's. */
export const URGEABLE_DEADLINE_KINDS: readonly string[] = ['reply', 'co_opinion', 'rehandling'];

/** 批量交办: the proposal must be filed (立案) and not yet assigned. */
export function assignRefusal(p: { status: ProposalStatus }): DomainError | null {
  return canProposal(p.status, 'assign') ? null : new InvalidTransitionError('proposal', p.status, 'assign');
}

/** 签收: the assignment's state and role must allow accepting it. */
export function acceptRefusal(a: { state: AssignmentState; role: AssignmentRole }): DomainError | null {
  return canAssignment(a.state, a.role, 'accept') ? null : new InvalidTransitionError('assignment', a.state, 'accept');
}

/** 公开: a replied or closed proposal, not yet published, with a reply marked public. */
export function publishRefusal(p: { status: ProposalStatus; published: boolean; hasPublicReply: boolean }): DomainError | null {
  if (!isPublishable(p.status)) return new RuleViolationError('publication_state', `Cannot publish: proposal is in state "${p.status}"`);
  if (p.published) return new RuleViolationError('already_published', 'proposal is already published');
  if (!p.hasPublicReply) return new RuleViolationError('publication_without_public_reply', 'Cannot publish: no reply to this proposal was marked public');
  return null;
}

/** 催办: a running deadline that a handling unit owes, on a proposal still being handled. */
export function urgeRefusal(d: { status: string; kind: string; hasAssignment: boolean; proposalStatus: string }): DomainError | null {
  if (d.status !== 'open') return new RuleViolationError('urge_settled', 'the deadline is no longer running');
  if (!d.hasAssignment || !URGEABLE_DEADLINE_KINDS.includes(d.kind)) return new RuleViolationError('urge_kind', `a ${d.kind} deadline is not a unit's to answer`);
  if (!isSupervisable(d.proposalStatus)) {
    return new RuleViolationError('notice_state', `Cannot issue a supervision notice: proposal is in state "${d.proposalStatus}"`);
  }
  return null;
}
