import { CO_SIGNING_OPEN_STATUSES, type CoSigningRules, type CoSigningState, type ProposalStatus } from '#domain';
import { CoSigningInvitationRow, ProposalRow } from '#persistence';
import { type Actor, type AppContext, STAFF, loadProposal, ForbiddenError, NotFoundError } from '#kernel';

/** One invitation as the lists show it: the invitee by name and 界别, never by contact data. */
export interface CoSignerView {
  invitationId: string;
  proposerId: string;
  name: string;
  sector: string | null;
  state: CoSigningState;
  via: 'app' | 'link' | null;
  invitedAt: string;
  answeredAt: string | null;
}

/** 联名情况: who was invited to co-sign a proposal and how each answered, with the rules' minimum. */
export interface CoSigningView {
  proposalId: string;
  proposal: { id: string; title: string; number: number | null; sessionName: string; leadProposerId: string };
  status: ProposalStatus;
  /** Invitations may still be made and answered (before filing). */
  open: boolean;
  /** The rules' `coSigning.minConfirmed` for the proposal's session (0: no minimum). */
  minConfirmed: number;
  counts: { invited: number; confirmed: number; declined: number; pending: number };
  invitations: CoSignerView[];
}

/** An invitation as its invitee reads it: the proposal they are asked to sign, in full, and who else signed. */
export interface InvitationView {
  invitationId: string;
  state: CoSigningState;
  /** The invitee may still answer (pending, proposal not yet filed). */
  answerable: boolean;
  invitedAt: string;
  answeredAt: string | null;
  expiresAt?: string;
  invitee: { id: string; name: string };
  proposal: { id: string; sessionName: string; title: string; content: string; status: ProposalStatus; leadProposerName: string; confirmedCoSigners: string[] };
}

interface Row {
  id: string;
  proposal_id: string;
  proposer_id: string;
  name: string;
  sector: string | null;
  state: CoSigningState;
  via: 'app' | 'link' | null;
  invited_at: Date;
  answered_at: Date | null;
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/** The reads of co-signing (联名): the proposal's list for its lead proposer and the staff, and the invitee's own invitations. */
export class CoSigningQueries {
  constructor(private readonly ctx: AppContext) {}

  /**
   * GET /proposals/:id/co-signers: the lead proposer and the staff (the committee's filing review
   * reads who confirmed, declined or has not answered). A co-proposer or a unit reads the proposal's
   * co-proposers on the proposal itself, not the invitations.
   */
  async forProposal(actor: Actor, proposalId: string): Promise<CoSigningView> {
    if (actor.kind !== 'user' || !(STAFF.includes(actor.role) || actor.role === 'proposer')) throw new ForbiddenError();
    const em = this.ctx.ds.manager;
    const proposal = await loadProposal(em, actor, proposalId);
    if (actor.role === 'proposer' && proposal.leadProposerId !== actor.proposerId) throw new ForbiddenError('Only the lead proposer reads the invitations', 'LEAD_PROPOSER_ONLY');
    const rows: Row[] = await em.query(
      `SELECT i.id, i.proposal_id, i.proposer_id, p.name, p.sector, i.state, i.via, i.invited_at, i.answered_at
         FROM co_signing_invitations i JOIN proposers p ON p.id = i.proposer_id
        WHERE i.proposal_id = $1 ORDER BY i.invited_at, p.name`,
      [proposalId],
    );
    const rules = await this.ctx.rules.forSession(em, proposal.sessionId);
    const [session]: Array<{ name: string }> = await em.query(`SELECT name FROM sessions WHERE id = $1`, [proposal.sessionId]);
    const count = (state: CoSigningState) => rows.filter((r) => r.state === state).length;
    return {
      proposalId,
      proposal: { id: proposal.id, title: proposal.title, number: proposal.number, sessionName: session?.name ?? '', leadProposerId: proposal.leadProposerId },
      status: proposal.status,
      open: CO_SIGNING_OPEN_STATUSES.includes(proposal.status),
      minConfirmed: rules.rules.coSigning.minConfirmed,
      counts: { invited: rows.length, confirmed: count('confirmed'), declined: count('declined'), pending: count('pending') },
      invitations: rows.map((r) => ({
        invitationId: r.id, proposerId: r.proposer_id, name: r.name, sector: r.sector, state: r.state, via: r.via,
        invitedAt: iso(r.invited_at)!, answeredAt: iso(r.answered_at),
      })),
    };
  }

  /**
   * GET /proposals/:id/co-signers/candidates: whom the lead proposer may still invite — the other
   * members of their body, not yet invited nor co-proposers — by name and 界别 only.
   */
  async candidates(actor: Actor, proposalId: string): Promise<Array<{ id: string; name: string; sector: string | null }>> {
    if (actor.kind !== 'user' || actor.role !== 'proposer') throw new ForbiddenError();
    const proposal = await loadProposal(this.ctx.ds.manager, actor, proposalId);
    if (proposal.leadProposerId !== actor.proposerId) throw new ForbiddenError('Only the lead proposer may invite co-signers', 'LEAD_PROPOSER_ONLY');
    return this.ctx.ds.query(
      `SELECT p.id, p.name, p.sector FROM proposers p, proposers lead
        WHERE lead.id = $2 AND p.id <> lead.id AND p.kind = 'member' AND p.body = lead.body
          AND NOT EXISTS (SELECT 1 FROM co_signing_invitations i WHERE i.proposal_id = $1 AND i.proposer_id = p.id)
          AND NOT EXISTS (SELECT 1 FROM proposal_co_proposers c WHERE c.proposal_id = $1 AND c.proposer_id = p.id)
        ORDER BY p.name LIMIT 2000`,
      [proposalId, proposal.leadProposerId],
    );
  }

  /** GET /co-signing/invitations: a proposer's own invitations, newest first, with the proposals' titles. */
  async mine(actor: Actor): Promise<Array<{ invitationId: string; state: CoSigningState; answerable: boolean; invitedAt: string; proposalId: string; title: string; leadProposerName: string; sessionName: string }>> {
    if (actor.kind !== 'user' || actor.role !== 'proposer') throw new ForbiddenError();
    const rows: Array<{ id: string; state: CoSigningState; invited_at: Date; proposal_id: string; title: string; status: ProposalStatus; lead: string; session: string }> =
      await this.ctx.ds.query(
        `SELECT i.id, i.state, i.invited_at, pr.id AS proposal_id, pr.title, pr.status, l.name AS lead, s.name AS session
           FROM co_signing_invitations i JOIN proposals pr ON pr.id = i.proposal_id JOIN proposers l ON l.id = pr.lead_proposer_id
           JOIN sessions s ON s.id = pr.session_id
          WHERE i.proposer_id = $1 ORDER BY i.invited_at DESC, i.id`,
        [actor.proposerId ?? null],
      );
    return rows.map((r) => ({
      invitationId: r.id, state: r.state, answerable: r.state === 'pending' && CO_SIGNING_OPEN_STATUSES.includes(r.status), invitedAt: iso(r.invited_at)!,
      proposalId: r.proposal_id, title: r.title, leadProposerName: r.lead, sessionName: r.session,
    }));
  }

  /**
   * One invitation, for its invitee only (a proposer user, or the holder of its signed link): the
   * proposal's text, which they must read to decide — the proposal itself stays hidden from them
   * (404) until they confirm.
   */
  async invitation(invitee: { proposerId: string | null | undefined }, invitationId: string): Promise<InvitationView> {
    const em = this.ctx.ds.manager;
    const inv = await em.findOneBy(CoSigningInvitationRow, { id: invitationId });
    if (!inv || inv.proposerId !== invitee.proposerId) throw new NotFoundError('co-signing invitation', invitationId);
    const proposal = await em.findOneByOrFail(ProposalRow, { id: inv.proposalId });
    const [names]: Array<{ invitee: string; lead: string; session: string; confirmed: string[] }> = await em.query(
      `SELECT (SELECT name FROM proposers WHERE id = $2) AS invitee, (SELECT name FROM proposers WHERE id = $3) AS lead,
              (SELECT name FROM sessions WHERE id = $4) AS session,
              coalesce((SELECT array_agg(p.name ORDER BY c.position) FROM proposal_co_proposers c JOIN proposers p ON p.id = c.proposer_id WHERE c.proposal_id = $1), '{}') AS confirmed`,
      [proposal.id, inv.proposerId, proposal.leadProposerId, proposal.sessionId],
    );
    return {
      invitationId: inv.id,
      state: inv.state,
      answerable: inv.state === 'pending' && CO_SIGNING_OPEN_STATUSES.includes(proposal.status),
      invitedAt: inv.invitedAt.toISOString(),
      answeredAt: iso(inv.answeredAt),
      invitee: { id: inv.proposerId, name: names.invitee },
      proposal: {
        id: proposal.id, sessionName: names.session, title: proposal.title, content: proposal.content, status: proposal.status,
        leadProposerName: names.lead, confirmedCoSigners: names.confirmed,
      },
    };
  }

  /** The co-signing rules of a proposal's session. */
  async rulesOf(proposalId: string): Promise<CoSigningRules> {
    const proposal = await this.ctx.ds.manager.findOneByOrFail(ProposalRow, { id: proposalId });
    return (await this.ctx.rules.forSession(this.ctx.ds.manager, proposal.sessionId)).rules.coSigning;
  }

  /** The invitee and proposal of an invitation (the notification planner's and the signed link's). */
  async row(invitationId: string): Promise<CoSigningInvitationRow | null> {
    return this.ctx.ds.manager.findOneBy(CoSigningInvitationRow, { id: invitationId });
  }
}
