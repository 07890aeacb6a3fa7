import type { AccessRole } from './access-rules.js';
import type { ProposalStatus } from './proposal-state.js';

/** Who may add a file to what (附件权限): the rule the upload applies and the pages ask. */

/**
 * Proposal states in which its proposers may still add material (附件材料): until filing review is
 * done.
 */
export const PROPOSER_ATTACH_STATUSES: readonly ProposalStatus[] = ['submitted', 'returned'];

/** Who adds a file: the role, and the unit a unit user stands for. */
export interface AttachingActor {
  role: AccessRole;
  unitId?: string | null;
}

/** The thing a file would be added to, with the facts the rule needs (its proposal's status; the unit it belongs to). */
export type AttachTarget =
  | { type: 'proposal'; proposalStatus: ProposalStatus }
  | { type: 'reply' | 'communication' | 'supervision_notice'; unitId: string | null };

/**
 * May this person add a file to this thing, which they already see (附件权限)? `allowed`; `forbidden`
 * (not theirs to add to); `state` (theirs, but not now). The proposal's material: the committee and
 * admins any time, its proposers until filing review is done; a reply or a communication: its own
 * unit; a supervision notice: the supervision office and the unit it was sent to.
 */
export function attachPermission(actor: AttachingActor, target: AttachTarget): 'allowed' | 'forbidden' | 'state' {
  const role = actor.role;
  const ownUnit = role === 'unit' && !!actor.unitId && target.type !== 'proposal' && actor.unitId === target.unitId;
  switch (target.type) {
    case 'proposal':
      if (role === 'admin' || role === 'committee') return 'allowed';
      if (role === 'proposer') return PROPOSER_ATTACH_STATUSES.includes(target.proposalStatus) ? 'allowed' : 'state';
      return 'forbidden';
    case 'reply':
    case 'communication':
      return ownUnit ? 'allowed' : 'forbidden';
    case 'supervision_notice':
      return role === 'admin' || role === 'supervisor' || ownUnit ? 'allowed' : 'forbidden';
  }
}
