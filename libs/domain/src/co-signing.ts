import type { AccessRole } from './access-rules.js';
import { RuleViolationError, type DomainError } from './errors.js';
import type { ProposalStatus } from './proposal-state.js';
import type { CoSigningRules } from './co-signing-rules.js';

/**
 * 联名（附议）: a member who drafts a proposal invites other members to sign it with them; each invitee
 * confirms (确认联名) or declines (谢绝联名), in Duban or through the signed link of the invitation
 * mail. Only a confirmed co-signer becomes a co-proposer (联名提案者): sees the proposal and receives
 * its reply. The rules may ask a joint proposal for a minimum of confirmed co-signers before filing.
 */

/** An invitation: pending 待确认 · confirmed 已确认 · declined 已谢绝. */
export const CO_SIGNING_STATES = ['pending', 'confirmed', 'declined'] as const;
export type CoSigningState = (typeof CO_SIGNING_STATES)[number];

/** What an invitee does with an invitation: confirm 确认联名 · decline 谢绝联名. */
export const CO_SIGNING_ANSWERS = ['confirm', 'decline'] as const;
export type CoSigningAnswer = (typeof CO_SIGNING_ANSWERS)[number];

/** The whole machine: a pending invitation is answered once; an answer is final. */
export const CO_SIGNING_TRANSITIONS: Readonly<Record<CoSigningState, Readonly<Partial<Record<CoSigningAnswer, CoSigningState>>>>> = {
  pending: { confirm: 'confirmed', decline: 'declined' },
  confirmed: {},
  declined: {},
};

/** The state an answer leads to; an invitation already answered refuses any answer (a link used twice, too). */
export function coSigningTransition(current: CoSigningState, answer: CoSigningAnswer): CoSigningState {
  const next = CO_SIGNING_TRANSITIONS[current]?.[answer];
  if (next === undefined) throw new RuleViolationError('co_signing_answered', `Cannot ${answer}: the invitation is already ${current}`);
  return next;
}

/**
 * Proposal states in which co-signers may be invited and may answer: before filing review is done
 * (已提交, and 退回修改 while it is being revised). Once filed, the signers are those who confirmed.
 */
export const CO_SIGNING_OPEN_STATUSES: readonly ProposalStatus[] = ['submitted', 'returned'];

/** Does an invitation in this state make its invitee a co-proposer (sees the proposal, receives its reply)? */
export function coSigningGrantsAccess(state: CoSigningState): boolean {
  return state === 'confirmed';
}

/** Why this actor may not invite co-signers to this proposal now, or null: the lead proposer only, before filing. */
export function coSigningInviteRefusal(
  actor: { role: AccessRole; proposerId?: string | null },
  proposal: { status: ProposalStatus; leadProposerId: string },
): 'role' | 'relation' | DomainError | null {
  if (actor.role !== 'proposer') return 'role';
  if (actor.proposerId !== proposal.leadProposerId) return 'relation';
  return coSigningStateRefusal(proposal.status);
}

/** Why an invitee may not answer now, or null: their own invitation, pending, on a proposal not yet filed. */
export function coSigningAnswerRefusal(
  invitee: { proposerId: string | null | undefined },
  invitation: { proposerId: string; state: CoSigningState },
  proposalStatus: ProposalStatus,
): 'relation' | DomainError | null {
  if (invitee.proposerId !== invitation.proposerId) return 'relation';
  if (invitation.state !== 'pending') return new RuleViolationError('co_signing_answered', `the invitation is already ${invitation.state}`);
  return coSigningStateRefusal(proposalStatus);
}

function coSigningStateRefusal(status: ProposalStatus): DomainError | null {
  return CO_SIGNING_OPEN_STATUSES.includes(status)
    ? null
    : new RuleViolationError('co_signing_closed', `Co-signing is closed: proposal is in state "${status}"`);
}

/**
 * 立案 of a joint proposal: refused while fewer co-signers confirmed than the rules ask. A proposal
 * that invited no one is not joint (a member alone, or co-proposers the committee entered from paper).
 */
export function coSignersShortfall(rules: CoSigningRules, counts: { invited: number; confirmed: number }): DomainError | null {
  if (counts.invited === 0 || counts.confirmed >= rules.minConfirmed) return null;
  return new RuleViolationError(
    'co_signers_too_few',
    `a joint proposal needs at least ${rules.minConfirmed} confirmed co-signers to be filed; ${counts.confirmed} confirmed`,
  );
}
