import { In } from 'typeorm';
import { isPublishable, RuleViolationError, stageAfterAcceptance } from '#domain';
import { AssignmentRow, FeedbackRow, ProposalRow, ReplyRow, SessionRow } from '#persistence';
import { systemActor, type Actor, type AppContext, loadProposal, moveAssignment, moveProposal, requireAction, ConflictError, ForbiddenError } from '#kernel';
import { closeDeadlines, openDeadline } from '#deadlines';

export type Rating = 'satisfied' | 'basically_satisfied' | 'unsatisfied';
export const RATINGS: readonly Rating[] = ['satisfied', 'basically_satisfied', 'unsatisfied'];

/**
 * 回执/满意度测评: the proposer rates the reply (or staff record the rating for them). Satisfied closes
 * the proposal; unsatisfied sends it back to the answering units for re-handling (重新办理).
 */
export class GiveFeedback {
  constructor(private readonly ctx: AppContext) {}

  async execute(actor: Actor, proposalId: string, input: { rating: Rating; comment?: string | null }): Promise<FeedbackRow> {
    // Through the signed link (回执链接) the proposer the link was signed for; else the domain's rule.
    if (actor.kind === 'user') requireAction(actor, 'rate');
    else if (actor.kind !== 'link') throw new ForbiddenError();
    return this.ctx.transaction(actor, async (tx) => {
      const proposal = await loadProposal(tx.em, actor, proposalId, true);
      if (actor.kind === 'user') requireAction(actor, 'rate', proposal, 'Only the lead proposer rates the reply');
      if (proposal.status !== 'replied') {
        throw new RuleViolationError('feedback_state', `Cannot rate: proposal is in state "${proposal.status}"`);
      }
      const round = proposal.round;
      if (await tx.em.existsBy(FeedbackRow, { proposalId, round })) throw new ConflictError('this reply has already been rated', undefined, 'ALREADY_RATED');
      const feedback = await tx.em.save(
        FeedbackRow,
        tx.em.create(FeedbackRow, {
          proposalId,
          round,
          rating: input.rating,
          comment: input.comment?.trim() || null,
          givenBy: actor.kind === 'user' ? actor.id : null,
          via: actor.kind === 'link' ? 'link' : actor.role === 'proposer' ? 'proposer' : 'staff',
          receivedAt: tx.now,
        }),
      );
      await closeDeadlines(tx, { proposalId, kinds: ['feedback'] }, 'settled');
      await tx.record({
        type: 'feedback.received',
        proposalId,
        subjectType: 'feedback',
        subjectId: feedback.id,
        payload: { rating: feedback.rating, round, via: feedback.via, feedbackId: feedback.id },
      });
      if (input.rating === 'unsatisfied') {
        // The assignment worker reopens the case for re-handling (ReopenForRehandling).
      } else {
        await moveProposal(tx.em, proposal, 'rate_satisfied', { closedAt: tx.now, closeReason: 'rated' });
        await tx.record({ type: 'proposal.closed', proposalId, subjectType: 'proposal', subjectId: proposalId, payload: { reason: 'rated', rating: input.rating } });
      }
      return feedback;
    });
  }
}

/**
 * The assignment worker's half of an unsatisfied rating: the proposal goes to re-handling (重新办理),
 * the answering units' assignments reopen, and each gets a re-handling deadline. Doing it twice changes nothing.
 */
export class ReopenForRehandling {
  constructor(private readonly ctx: AppContext) {}

  async execute(feedbackId: string): Promise<boolean> {
    return this.ctx.transaction(systemActor('assignment-worker'), async (tx) => {
      const feedback = await tx.em.findOneBy(FeedbackRow, { id: feedbackId });
      if (!feedback || feedback.rating !== 'unsatisfied') return false;
      const proposal = await tx.em.findOneOrFail(ProposalRow, { where: { id: feedback.proposalId }, lock: { mode: 'for_no_key_update' } });
      if (proposal.status !== 'replied' || proposal.round !== feedback.round) return false;
      const round = feedback.round;
      const proposalId = proposal.id;
      await moveProposal(tx.em, proposal, 'rate_unsatisfied', { round: round + 1 });
      const rules = await this.ctx.rules.forSession(tx.em, proposal.sessionId);
      await closeDeadlines(tx, { proposalId, kinds: ['publication'] }, 'cancelled');
      const answering = await tx.em.findBy(AssignmentRow, { proposalId, role: In(['lead', 'separate']), state: 'replied' });
      const deadlines: string[] = [];
      for (const assignment of answering) {
        // 重新办理 goes back to the officer who handled it (the liaison where none): domain stageAfterAcceptance.
        await moveAssignment(tx.em, assignment, 'reopen', { repliedAt: null, deskStage: stageAfterAcceptance(assignment.officerUserId), deskStageSince: tx.now });
        deadlines.push((await openDeadline(tx, rules, { proposalId, assignmentId: assignment.id, kind: 'rehandling', round: round + 1, start: tx.now })).id);
      }
      await tx.record({
        type: 'proposal.rehandling',
        proposalId,
        subjectType: 'proposal',
        subjectId: proposalId,
        payload: { round: round + 1, feedbackId, assignmentIds: answering.map((a) => a.id), unitIds: answering.map((a) => a.unitId), deadlineIds: deadlines },
      });
      return true;
    });
  }
}

/** 公开: the committee publishes the public replies of a replied or closed proposal. */
export class PublishProposal {
  constructor(private readonly ctx: AppContext) {}

  async execute(actor: Actor, proposalId: string, input: { publicationIndex?: string | null } = {}): Promise<ProposalRow> {
    requireAction(actor, 'publish');
    return this.ctx.transaction(actor, async (tx) => {
      const proposal = await loadProposal(tx.em, actor, proposalId, true);
      if (!isPublishable(proposal.status)) {
        throw new RuleViolationError('publication_state', `Cannot publish: proposal is in state "${proposal.status}"`);
      }
      if (proposal.published) throw new ConflictError('proposal is already published', undefined, 'ALREADY_PUBLISHED');
      if (!(await tx.em.existsBy(ReplyRow, { proposalId, public: true }))) {
        throw new RuleViolationError('publication_without_public_reply', 'Cannot publish: no reply to this proposal was marked public');
      }
      const session = await tx.em.findOneByOrFail(SessionRow, { id: proposal.sessionId });
      const publicationIndex =
        input.publicationIndex?.trim() ||
        `${session.body}-${session.term}-${session.meeting}/${session.year}-${String(proposal.number ?? 0).padStart(5, '0')}`;
      if (await tx.em.existsBy(ProposalRow, { publicationIndex })) {
        throw new ConflictError(`publicationIndex ${publicationIndex} is already used`, 'publicationIndex', 'PUBLICATION_INDEX_USED');
      }
      proposal.published = true;
      proposal.publishedAt = tx.now;
      proposal.publicationIndex = publicationIndex;
      const result = await tx.em
        .createQueryBuilder()
        .update(ProposalRow)
        .set({ published: true, publishedAt: tx.now, publicationIndex, version: () => 'version + 1' })
        .where('id = :id AND version = :version AND published = false', { id: proposalId, version: proposal.version })
        .execute();
      if (result.affected !== 1) throw new ConflictError('proposal was changed by someone else; reload and try again', undefined, 'CHANGED_BY_SOMEONE_ELSE');
      proposal.version += 1;
      await closeDeadlines(tx, { proposalId, kinds: ['publication'] }, 'settled');
      await tx.record({ type: 'proposal.published', proposalId, subjectType: 'proposal', subjectId: proposalId, payload: { publicationIndex } });
      return proposal;
    });
  }
}
