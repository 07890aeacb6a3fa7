import { InvalidTransitionError } from './errors.js';
import type { Satisfaction } from './rules.js';

/**
 * Proposal lifecycle (提案状态): submitted 已提交 · filed 立案 · not_filed 不予立案 ·
 * merged 并案 · converted 转为意见建议 · returned 退回修改 · withdrawn 撤回 · assigned 已交办 ·
 * handling 办理中 · replied 已答复 · rehandling 重新办理 · closed 办结.
 */
export const PROPOSAL_STATUSES = [
  'submitted', 'filed', 'not_filed', 'merged', 'converted', 'returned', 'withdrawn',
  'assigned', 'handling', 'replied', 'rehandling', 'closed',
] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/**
 * file/not_file/merge/convert/return are the review decisions (审查); accept means the lead unit
 * accepted; reply_complete means every lead/separate unit has replied; rate_* and
 * feedback_expired come from the proposer's feedback (回执) or its absence.
 */
export const PROPOSAL_ACTIONS = [
  'file', 'not_file', 'merge', 'convert', 'return', 'resubmit', 'withdraw', 'assign', 'accept',
  'reply_complete', 'rate_satisfied', 'rate_unsatisfied', 'feedback_expired', 'close',
] as const;
export type ProposalAction = (typeof PROPOSAL_ACTIONS)[number];

/** The whole machine: state → action → next state. Anything absent is refused. */
export const PROPOSAL_TRANSITIONS: Readonly<Record<ProposalStatus, Readonly<Partial<Record<ProposalAction, ProposalStatus>>>>> = {
  submitted: { file: 'filed', not_file: 'not_filed', merge: 'merged', convert: 'converted', return: 'returned', withdraw: 'withdrawn' },
  returned: { resubmit: 'submitted', withdraw: 'withdrawn' },
  filed: { assign: 'assigned' },
  assigned: { accept: 'handling' },
  handling: { reply_complete: 'replied' },
  rehandling: { reply_complete: 'replied' },
  replied: { rate_satisfied: 'closed', feedback_expired: 'closed', close: 'closed', rate_unsatisfied: 'rehandling' },
  not_filed: {},
  merged: {},
  converted: {},
  withdrawn: {},
  closed: {},
};

/** A published reply is shown for a proposal in one of these states (公开是已答复/办结提案上的标记). */
export const PUBLISHABLE_STATUSES: readonly ProposalStatus[] = ['replied', 'closed'];

export function proposalTransition(current: ProposalStatus, action: ProposalAction): ProposalStatus {
  const next = PROPOSAL_TRANSITIONS[current]?.[action];
  if (next === undefined) throw new InvalidTransitionError('proposal', current, action);
  return next;
}

export function canProposal(current: ProposalStatus, action: ProposalAction): boolean {
  return PROPOSAL_TRANSITIONS[current]?.[action] !== undefined;
}

export function allowedProposalActions(current: ProposalStatus): ProposalAction[] {
  return PROPOSAL_ACTIONS.filter((action) => canProposal(current, action));
}

export function isPublishable(status: ProposalStatus): boolean {
  return PUBLISHABLE_STATUSES.includes(status);
}

/** The proposal action a rating leads to: only 不满意 sends it back for re-handling. */
export function proposalActionForRating(rating: Satisfaction): ProposalAction {
  return rating === 'unsatisfied' ? 'rate_unsatisfied' : 'rate_satisfied';
}
