import { In } from 'typeorm';
import { AssignmentRow, DeadlineRow, FeedbackRow, ProposalRow, ProposerRow, ReplyRow, SessionRow, UnitRow } from '#persistence';
import { type AppContext, ConflictError } from '#kernel';
import type { GiveFeedback, Rating } from '#handling';
import { FeedbackLinkExpiredError, FeedbackLinkInvalidError, type FeedbackLinkClaims, type FeedbackLinks } from './feedback-links.js';

/** What the proposer sees behind the link: the proposal and the replies being rated, no one's contact data but the units'. */
export interface FeedbackLinkView {
  proposal: { id: string; sessionName: string; number: number | null; title: string };
  round: number;
  proposerName: string;
  replies: Array<{
    unitName: string;
    content: string;
    resultCategory: string;
    resultLabel: string;
    signedBy: string;
    contactName: string;
    contactPhone: string;
    submittedAt: string;
  }>;
  feedbackDueOn: string | null;
  expiresAt: string;
  /** The rating already given for this round, if any. */
  feedback: { rating: Rating; comment: string | null; receivedAt: string } | null;
  /**
   * What became of the proposal since this round was rated: `reopening` (不满意, the units not yet
   * reopened), `rehandling` (重新办理, with the units' re-handling due date), `answered_again` (a later
   * reply was sent, with its own link), or null (nothing follows a rating of this round, or none yet).
   */
  followUp: { kind: 'reopening' | 'rehandling' | 'answered_again'; rehandlingDueOn: string | null } | null;
}

/**
 * 回执 through the signed link in the reply email: shows the replies of the round, and records the
 * lead proposer's rating through GiveFeedback (actor `link`), whose unique (proposal, round) makes
 * it work once. After a 不满意 rating the proposal is re-handled in a new round; the link of the rated
 * round then shows the rating and the re-handling, and rates nothing more.
 */
export class FeedbackByLink {
  constructor(
    private readonly ctx: AppContext,
    private readonly links: FeedbackLinks,
    private readonly giveFeedback: GiveFeedback,
  ) {}

  async view(token: string): Promise<FeedbackLinkView> {
    const { claims, proposal, expiresAt } = await this.open(token);
    const em = this.ctx.ds.manager;
    const session = await em.findOneByOrFail(SessionRow, { id: proposal.sessionId });
    const proposer = await em.findOneBy(ProposerRow, { id: claims.proposerId });
    const replies = await em.find(ReplyRow, { where: { proposalId: proposal.id, round: claims.round }, order: { submittedAt: 'ASC' } });
    const assignments = replies.length ? await em.findBy(AssignmentRow, { id: In(replies.map((r) => r.assignmentId)) }) : [];
    const units = assignments.length ? await em.findBy(UnitRow, { id: In(assignments.map((a) => a.unitId)) }) : [];
    const unitName = (assignmentId: string) => units.find((u) => u.id === assignments.find((a) => a.id === assignmentId)?.unitId)?.name ?? '';
    const rules = await this.ctx.rules.forSession(em, proposal.sessionId);
    const deadline = await em.findOneBy(DeadlineRow, { proposalId: proposal.id, kind: 'feedback', round: claims.round });
    const feedback = await em.findOneBy(FeedbackRow, { proposalId: proposal.id, round: claims.round });
    return {
      followUp: await this.followUp(proposal, claims.round, feedback),
      proposal: { id: proposal.id, sessionName: session.name, number: proposal.number, title: proposal.title },
      round: claims.round,
      proposerName: proposer?.name ?? '',
      replies: replies.map((r) => ({
        unitName: unitName(r.assignmentId),
        content: r.content,
        resultCategory: r.resultCategory,
        resultLabel: rules.rules.resultCategories.find((c) => c.code === r.resultCategory)?.label ?? r.resultCategory,
        signedBy: r.signedBy,
        contactName: r.contactName,
        contactPhone: r.contactPhone,
        submittedAt: r.submittedAt.toISOString(),
      })),
      feedbackDueOn: deadline?.dueOn ?? null,
      expiresAt: expiresAt.toISOString(),
      feedback: feedback ? { rating: feedback.rating, comment: feedback.comment, receivedAt: feedback.receivedAt.toISOString() } : null,
    };
  }

  /** Records the rating (once: a second one is a 409 from GiveFeedback, as is one through the link of an earlier, rated round). */
  async submit(token: string, input: { rating: Rating; comment?: string | null }): Promise<FeedbackRow> {
    const { claims, proposal } = await this.open(token);
    if (claims.round < proposal.round) throw new ConflictError('this reply has already been rated', undefined, 'ALREADY_RATED');
    return this.giveFeedback.execute({ kind: 'link', proposerId: claims.proposerId, proposalId: claims.proposalId }, claims.proposalId, input);
  }

  private async open(token: string): Promise<{ claims: FeedbackLinkClaims; proposal: ProposalRow; expiresAt: Date }> {
    const { expiresAt, ...claims } = this.links.verify(token, this.ctx.clock.now());
    const proposal = await this.ctx.ds.manager.findOneBy(ProposalRow, { id: claims.proposalId });
    // Only the lead proposer is ever sent a link; anything else was not made by us.
    if (!proposal || proposal.leadProposerId !== claims.proposerId || claims.round > proposal.round) throw new FeedbackLinkInvalidError();
    // A later round exists only because this one was rated 不满意: the link still shows that rating and
    // what became of it (it rates nothing more). An earlier round without a rating was not made by us.
    if (claims.round < proposal.round && !(await this.ctx.ds.manager.existsBy(FeedbackRow, { proposalId: proposal.id, round: claims.round }))) {
      throw new FeedbackLinkExpiredError('This feedback link is for an earlier reply; the proposal has been handled again since');
    }
    return { claims, proposal, expiresAt };
  }

  private async followUp(proposal: ProposalRow, round: number, feedback: FeedbackRow | null): Promise<FeedbackLinkView['followUp']> {
    if (feedback?.rating !== 'unsatisfied') return null;
    if (proposal.round === round) return { kind: 'reopening', rehandlingDueOn: null };
    if (proposal.status === 'rehandling') {
      const due = await this.ctx.ds.manager.find(DeadlineRow, { where: { proposalId: proposal.id, kind: 'rehandling', round: proposal.round, status: 'open' }, order: { dueOn: 'DESC' } });
      return { kind: 'rehandling', rehandlingDueOn: due[0]?.dueOn ?? null };
    }
    return { kind: 'answered_again', rehandlingDueOn: null };
  }
}
