import { Not, In, type EntityManager } from 'typeorm';
import { DETACHED_ASSIGNMENT_STATES, mayListNotifications, whoRefusal, type ActorAction, proposalTransition, type AccessRole, assignmentTransition, type ProposalAction, type AssignmentAction, type ProposalStatus, type AssignmentState } from '#domain';
import { AssignmentRow, CoProposerRow, ProposalRow } from '#persistence';
import { type Actor, type Role, hasRole } from './actor.js';
import { ConflictError, ForbiddenError, NotFoundError } from './errors.js';

/** Staff who see every proposal. */
export const STAFF: Role[] = ['admin', 'committee', 'supervisor'];

export function requireRole(actor: Actor, ...roles: Role[]): asserts actor is Extract<Actor, { kind: 'user' }> {
  if (!hasRole(actor, ...roles)) throw new ForbiddenError();
}

/**
 * The domain's "who may do what" (domain actions: ACTION_ROLES, the lead proposer), as the proposal
 * page and `GET /proposals/:id/actions` read it: 403 for a role that never may, and — once the
 * proposal is loaded (`proposal` given) — for a proposer who is not its lead proposer (`notLead`).
 */
export function requireAction(
  actor: Actor,
  action: ActorAction,
  proposal?: { leadProposerId: string | null },
  notLead = 'Only the lead proposer may do this',
): asserts actor is Extract<Actor, { kind: 'user' }> {
  if (actor.kind !== 'user') throw new ForbiddenError();
  const refusal = whoRefusal(actor, action, proposal ? proposal.leadProposerId : actor.proposerId);
  if (refusal?.reason === 'role') throw new ForbiddenError();
  if (refusal?.reason === 'relation') throw new ForbiddenError(notLead, 'LEAD_PROPOSER_ONLY');
}

/**
 * Can this actor see this proposal at all? A unit sees the proposals it handles — not one it was
 * adjusted out of (an assignment `removed`, domain `DETACHED_ASSIGNMENT_STATES`) — and a proposer its own.
 */
export async function canSeeProposal(em: EntityManager, actor: Actor, proposal: ProposalRow): Promise<boolean> {
  // The rule is canSeeFile's; only the rows a unit's or a co-signer's relation needs are read here.
  if (actor.kind === 'user' && actor.role === 'unit') {
    return em.exists(AssignmentRow, { where: { proposalId: proposal.id, unitId: actor.unitId ?? '', state: Not(In(DETACHED_ASSIGNMENT_STATES)) } });
  }
  if (actor.kind === 'user' && actor.role === 'proposer' && proposal.leadProposerId !== actor.proposerId) {
    return em.exists(CoProposerRow, { where: { proposalId: proposal.id, proposerId: actor.proposerId ?? '' } });
  }
  return canSeeFile(actor, proposal, [], []);
}

/**
 * canSeeProposal over rows already read (the proposal's file reads its assignments and co-signers
 * anyway, ProposalQueries.get): the same rule without a round trip.
 */
export function canSeeFile(
  actor: Actor,
  proposal: { id: string; leadProposerId: string },
  assignments: ReadonlyArray<{ unitId: string; state: string }>,
  coProposerIds: readonly string[],
): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind === 'link') return actor.proposalId === proposal.id;
  switch (actor.role) {
    case 'admin':
    case 'committee':
    case 'supervisor':
      return true;
    case 'unit':
      return assignments.some((a) => a.unitId === actor.unitId && !(DETACHED_ASSIGNMENT_STATES as readonly string[]).includes(a.state));
    case 'proposer':
      return proposal.leadProposerId === actor.proposerId || coProposerIds.includes(actor.proposerId ?? '');
  }
}

/**
 * The role whose disclosure rules (domain access-rules) apply to this actor: a proposer through a
 * signed link reads as a proposer; a worker reads everything.
 */
export function readerRole(actor: Actor): AccessRole | 'system' {
  return actor.kind === 'user' ? actor.role : actor.kind === 'link' ? 'proposer' : 'system';
}

/**
 * May this actor list a proposal's notifications (addresses, cc lists, delivery errors)? Staff and
 * the units that handle it (the caller has checked the proposal is visible); a proposer none.
 */
export function mayListProposalNotifications(actor: Actor): boolean {
  return actor.kind === 'user' && mayListNotifications(actor.role);
}

/**
 * Loads a proposal the actor may see, locked for the rest of the transaction when `lock` is set:
 * the proposal is the aggregate root, so every change to it or its assignments takes this lock first
 * and decisions over all its assignments ("every unit has replied") see each other's writes.
 */
export async function loadProposal(em: EntityManager, actor: Actor, id: string, lock = false): Promise<ProposalRow> {
  const proposal = await em.findOne(ProposalRow, { where: { id }, ...(lock ? { lock: { mode: 'for_no_key_update' as const } } : {}) });
  if (!proposal || !(await canSeeProposal(em, actor, proposal))) throw new NotFoundError('proposal', id);
  return proposal;
}

/** Loads an assignment and its proposal (locked); a unit user only reaches its own unit's assignments. */
export async function loadAssignment(
  em: EntityManager,
  actor: Actor,
  id: string,
): Promise<{ assignment: AssignmentRow; proposal: ProposalRow }> {
  const found = await em.findOneBy(AssignmentRow, { id });
  if (!found) throw new NotFoundError('assignment', id);
  if (actor.kind === 'user' && actor.role === 'unit' && found.unitId !== actor.unitId) throw new NotFoundError('assignment', id);
  const proposal = await loadProposal(em, actor, found.proposalId, true);
  const assignment = await em.findOneByOrFail(AssignmentRow, { id });
  return { assignment, proposal };
}

/** Compare-and-set: moves the proposal only if nobody changed it since it was read. */
export async function moveProposal(
  em: EntityManager,
  proposal: ProposalRow,
  action: ProposalAction,
  changes: Partial<ProposalRow> = {},
): Promise<ProposalStatus> {
  const from = proposal.status;
  const to = proposalTransition(from, action);
  const result = await em
    .createQueryBuilder()
    .update(ProposalRow)
    .set({ ...changes, status: to, version: () => 'version + 1' })
    .where('id = :id AND version = :version', { id: proposal.id, version: proposal.version })
    .execute();
  if (result.affected !== 1) throw new ConflictError(`proposal ${proposal.id} was changed by someone else; reload and try again`, undefined, 'CHANGED_BY_SOMEONE_ELSE');
  Object.assign(proposal, changes, { status: to, version: proposal.version + 1 });
  return to;
}

export async function moveAssignment(
  em: EntityManager,
  assignment: AssignmentRow,
  action: AssignmentAction,
  changes: Partial<AssignmentRow> = {},
): Promise<AssignmentState> {
  const to = assignmentTransition(assignment.state, assignment.role, action);
  const result = await em
    .createQueryBuilder()
    .update(AssignmentRow)
    .set({ ...changes, state: to, version: () => 'version + 1' })
    .where('id = :id AND version = :version', { id: assignment.id, version: assignment.version })
    .execute();
  if (result.affected !== 1) throw new ConflictError(`assignment ${assignment.id} was changed by someone else; reload and try again`, undefined, 'CHANGED_BY_SOMEONE_ELSE');
  Object.assign(assignment, changes, { state: to, version: assignment.version + 1 });
  return to;
}
