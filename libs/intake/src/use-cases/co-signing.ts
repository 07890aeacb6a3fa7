import { In, type EntityManager } from 'typeorm';
import {
  coSignersShortfall, coSigningAnswerRefusal, coSigningGrantsAccess, coSigningInviteRefusal, coSigningTransition, type CoSigningAnswer,
  type CoSigningRules, type DomainError,
} from '#domain';
import { CoProposerRow, CoSigningInvitationRow, ProposalRow, ProposerRow } from '#persistence';
import { type Actor, type AppContext, loadProposal, ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '#kernel';

/** The most invitations one request makes (the submission's limit on co-proposers). */
export const MAX_CO_SIGNERS = 50;

/** Turns a refusal of the domain's co-signing rules (domain co-signing.ts) into the error the API answers. */
function refuse(refusal: 'role' | 'relation' | DomainError | null): void {
  if (refusal === 'role') throw new ForbiddenError('Only a proposer invites co-signers to their own proposal');
  if (refusal === 'relation') throw new ForbiddenError('Only the lead proposer may invite co-signers', 'LEAD_PROPOSER_ONLY');
  if (refusal) throw refusal;
}

/**
 * 邀请联名: the lead proposer (a member) invites other members of the same body to co-sign their
 * proposal before it is filed. Each invitee gets one invitation (a second one for the same person is
 * 409) and is mailed it with a signed link (cosigning.invited → the notification planner). Nobody
 * becomes a co-proposer here: only their own confirmation makes them one.
 */
export class InviteCoSigners {
  constructor(private readonly ctx: AppContext) {}

  async execute(actor: Actor, proposalId: string, input: { proposerIds: string[] }): Promise<CoSigningInvitationRow[]> {
    if (actor.kind !== 'user') throw new ForbiddenError();
    refuse(actor.role === 'proposer' ? null : 'role');
    const ids = [...new Set(input.proposerIds ?? [])];
    if (ids.length === 0) throw new InvalidInputError('proposerIds', 'is required', 'FIELD_REQUIRED');
    if (ids.length > MAX_CO_SIGNERS) throw new InvalidInputError('proposerIds', `at most ${MAX_CO_SIGNERS} at once`, 'CO_SIGNER_INVALID');
    return this.ctx.transaction(actor, async (tx) => {
      const proposal = await loadProposal(tx.em, actor, proposalId, true);
      refuse(coSigningInviteRefusal(actor, proposal));
      if (ids.includes(proposal.leadProposerId)) throw new InvalidInputError('proposerIds', 'must not contain the lead proposer', 'CO_SIGNER_INVALID');
      const lead = await tx.em.findOneByOrFail(ProposerRow, { id: proposal.leadProposerId });
      const invitees = await tx.em.findBy(ProposerRow, { id: In(ids) });
      if (invitees.length !== ids.length) throw new InvalidInputError('proposerIds', 'contains an unknown proposer', 'CO_SIGNER_INVALID');
      // 联名 is between people: a group (党派团体) files in its own name; a CPPCC member co-signs CPPCC proposals only.
      const unfit = invitees.find((p) => p.kind !== 'member' || p.body !== lead.body);
      if (unfit) throw new InvalidInputError('proposerIds', `${unfit.name} cannot co-sign: only members of the lead proposer's body can`, 'CO_SIGNER_INVALID');
      const taken = [
        ...(await tx.em.findBy(CoSigningInvitationRow, { proposalId, proposerId: In(ids) })).map((r) => r.proposerId),
        ...(await tx.em.findBy(CoProposerRow, { proposalId, proposerId: In(ids) })).map((r) => r.proposerId),
      ];
      if (taken.length > 0) {
        const name = invitees.find((p) => p.id === taken[0])?.name ?? taken[0];
        throw new ConflictError(`${name} was already invited to co-sign (or is a co-proposer)`, 'proposerIds', 'CO_SIGNER_ALREADY_INVITED');
      }
      const rows = ids.map((proposerId) =>
        tx.em.create(CoSigningInvitationRow, { proposalId, proposerId, invitedBy: lead.id, state: 'pending', via: null, invitedAt: tx.now, answeredAt: null, version: 1 }),
      );
      await tx.em.save(CoSigningInvitationRow, rows);
      await tx.recordMany(
        rows.map((r) => ({
          type: 'cosigning.invited' as const,
          proposalId,
          subjectType: 'co_signing' as const,
          subjectId: r.id,
          payload: { invitationId: r.id, proposerId: r.proposerId, invitedBy: lead.id },
        })),
      );
      return rows;
    });
  }
}

/**
 * 确认联名 / 谢绝联名: the invitee answers their invitation, once, while the proposal is not yet
 * filed — in Duban (a proposer user) or through the mail's signed link (actor `link`, the invitee the
 * link was signed for). A confirmation makes them a co-proposer (proposal_co_proposers, after those
 * already listed) in the same transaction: from then on they see the proposal and receive its reply.
 */
export class AnswerCoSigning {
  constructor(private readonly ctx: AppContext) {}

  async execute(actor: Actor, invitationId: string, answer: CoSigningAnswer): Promise<CoSigningInvitationRow> {
    const invitee = actor.kind === 'link' ? actor.proposerId : actor.kind === 'user' && actor.role === 'proposer' ? actor.proposerId : null;
    if (actor.kind === 'system' || (actor.kind === 'user' && actor.role !== 'proposer')) throw new ForbiddenError('Only the invitee answers an invitation to co-sign');
    return this.ctx.transaction(actor, async (tx) => {
      const found = await tx.em.findOneBy(CoSigningInvitationRow, { id: invitationId });
      // Someone else's invitation is not told apart from a missing one.
      if (!found || found.proposerId !== invitee) throw new NotFoundError('co-signing invitation', invitationId);
      // The proposal is the aggregate root: its lock orders this answer against filing review.
      const proposal = await tx.em.findOneOrFail(ProposalRow, { where: { id: found.proposalId }, lock: { mode: 'for_no_key_update' } });
      const invitation = await tx.em.findOneByOrFail(CoSigningInvitationRow, { id: invitationId });
      refuse(coSigningAnswerRefusal({ proposerId: invitee }, invitation, proposal.status));
      const state = coSigningTransition(invitation.state, answer);
      const via = actor.kind === 'link' ? 'link' : 'app';
      const result = await tx.em
        .createQueryBuilder()
        .update(CoSigningInvitationRow)
        .set({ state, via, answeredAt: tx.now, version: () => 'version + 1' })
        .where('id = :id AND version = :version', { id: invitation.id, version: invitation.version })
        .execute();
      if (result.affected !== 1) throw new ConflictError('the invitation was answered meanwhile; reload it', undefined, 'CHANGED_BY_SOMEONE_ELSE');
      Object.assign(invitation, { state, via, answeredAt: tx.now, version: invitation.version + 1 });
      if (coSigningGrantsAccess(state)) {
        await tx.em.query(
          `INSERT INTO proposal_co_proposers (proposal_id, proposer_id, position)
           SELECT $1, $2, coalesce(max(position), 0) + 1 FROM proposal_co_proposers WHERE proposal_id = $1
           ON CONFLICT DO NOTHING`,
          [proposal.id, invitation.proposerId],
        );
      }
      await tx.record({
        type: state === 'confirmed' ? 'cosigning.confirmed' : 'cosigning.declined',
        proposalId: proposal.id,
        subjectType: 'co_signing',
        subjectId: invitation.id,
        payload: { invitationId: invitation.id, proposerId: invitation.proposerId, via },
      });
      return invitation;
    });
  }
}

/**
 * 立案 of a joint proposal (one that invited co-signers): refused while fewer confirmed than the
 * rules' `coSigning.minConfirmed` (domain coSignersShortfall). The confirmed are the proposal's
 * co-proposers: those who confirmed, and any the committee entered as agreed on paper.
 */
export async function assertEnoughCoSigners(em: EntityManager, rules: CoSigningRules, proposalId: string): Promise<void> {
  const [{ invited, confirmed }]: Array<{ invited: number; confirmed: number }> = await em.query(
    `SELECT (SELECT count(*)::int FROM co_signing_invitations WHERE proposal_id = $1) AS invited,
            (SELECT count(*)::int FROM proposal_co_proposers WHERE proposal_id = $1) AS confirmed`,
    [proposalId],
  );
  const shortfall = coSignersShortfall(rules, { invited, confirmed });
  if (shortfall) throw shortfall;
}
