import { In, type EntityManager } from 'typeorm';
import { isMergeTarget, proposalSearchVector, refusedSubmissionFields, submissionSessionProblem, toShanghaiDate, type ReviewDecision } from '#domain';
import { CoProposerRow, ProposalRow, ProposerRow, SessionRow } from '#persistence';
import { type Actor, type AppContext, type Tx, loadProposal, moveProposal, requireAction, ConflictError, ForbiddenError, InvalidInputError } from '#kernel';
import { assertEnoughCoSigners } from './co-signing.js';

export interface SubmitProposalInput {
  sessionId: string;
  title: string;
  content: string;
  leadProposerId: string;
  /** Co-signers (联名): set by the committee or an admin only (domain `STAFF_SUBMISSION_FIELDS`). */
  coProposerIds?: string[];
  category?: string | null;
  /** Only for proposals imported with the number they already carry; set by the committee or an admin only. */
  number?: number | null;
  /** Only for a proposal created by a bulk import (批量导入): its `proposal.submitted` names the import. */
  importId?: string | null;
}

/** Why SubmitProposal refuses a session (the UI says them in Chinese: apps/api/src/ui/errors.ts). */
export const SESSION_OF_OTHER_BODY = "is not of the lead proposer's body: CPPCC members and groups submit to CPPCC sessions, NPC deputies to NPC sessions";
export const SESSION_CLOSED = 'no longer takes submissions: a later session of its body has opened';

/** 提交提案: a member, a group or the committee on their behalf hands in a proposal. */
export class SubmitProposal {
  constructor(private readonly ctx: AppContext) {}

  /**
   * `alsoInTransaction` runs in the submission's transaction once the proposal is recorded: what must
   * stand or fall with it (a draft's files becoming its 附件材料, the draft deleted).
   */
  async execute(actor: Actor, input: SubmitProposalInput, alsoInTransaction?: (tx: Tx, proposal: ProposalRow) => Promise<void>): Promise<ProposalRow> {
    requireAction(actor, 'submit');
    if (actor.role === 'proposer' && actor.proposerId !== input.leadProposerId) {
      throw new ForbiddenError('A proposer submits proposals in their own name only', 'OWN_NAME_ONLY');
    }
    // The official number and the co-signers are the committee's to set, whichever client sends them.
    const refused = refusedSubmissionFields(actor.role, input);
    if (refused.length > 0) {
      throw new ForbiddenError(`${refused.join(', ')}: only the committee may set ${refused.length > 1 ? 'these fields' : 'this field'} of a submission`, 'COMMITTEE_FIELDS_ONLY', { field: refused.join(',') });
    }
    const coIds = [...new Set(input.coProposerIds ?? [])];
    if (coIds.includes(input.leadProposerId)) throw new InvalidInputError('coProposerIds', 'must not contain the lead proposer');
    return this.ctx.transaction(actor, async (tx) => {
      const session = await tx.em.findOne(SessionRow, { where: { id: input.sessionId }, lock: { mode: 'pessimistic_write' } });
      if (!session) throw new InvalidInputError('sessionId', 'no such session');
      const lead = await tx.em.findOneBy(ProposerRow, { id: input.leadProposerId });
      if (!lead) throw new InvalidInputError('leadProposerId', 'no such proposer');
      // 提案 to CPPCC sessions, 建议 to NPC sessions; a proposer's own submission to an open session only (domain submission-sessions).
      const problem = submissionSessionProblem(session, lead.body, {
        ownSubmission: actor.kind === 'user' && actor.role === 'proposer',
        sessions: await tx.em.find(SessionRow, { select: { id: true, body: true, openedOn: true } }),
        today: toShanghaiDate(tx.now),
      });
      if (problem === 'body') throw new InvalidInputError('sessionId', SESSION_OF_OTHER_BODY, 'SESSION_OF_OTHER_BODY');
      if (problem === 'closed') throw new InvalidInputError('sessionId', SESSION_CLOSED, 'SESSION_CLOSED');
      if (coIds.length > 0 && (await tx.em.countBy(ProposerRow, { id: In(coIds) })) !== coIds.length) {
        throw new InvalidInputError('coProposerIds', 'contains an unknown proposer');
      }
      if (input.number != null) {
        if (await tx.em.existsBy(ProposalRow, { sessionId: session.id, number: input.number })) {
          throw new ConflictError(`number: 第${input.number}号 already exists in this session`, 'number', 'PROPOSAL_NUMBER_USED');
        }
        // Later filings continue after the highest imported number, so none collides with it.
        await tx.em.update(SessionRow, { id: session.id }, { lastNumber: Math.max(session.lastNumber, input.number) });
      }
      const proposal = await tx.em.save(
        ProposalRow,
        tx.em.create(ProposalRow, {
          sessionId: session.id,
          number: input.number ?? null,
          title: input.title.trim(),
          content: input.content.trim(),
          // The words the search box finds it by (检索词), written with the text.
          searchTerms: proposalSearchVector(input.title.trim(), input.content.trim()),
          status: 'submitted',
          category: input.category ?? null,
          themes: [],
          key: false,
          leadProposerId: input.leadProposerId,
          submittedAt: tx.now,
          round: 1,
          version: 1,
        }),
      );
      if (coIds.length > 0) {
        await tx.em.insert(CoProposerRow, coIds.map((proposerId, i) => ({ proposalId: proposal.id, proposerId, position: i + 1 })));
      }
      await tx.record({
        type: 'proposal.submitted',
        proposalId: proposal.id,
        subjectType: 'proposal',
        subjectId: proposal.id,
        payload: {
          sessionId: session.id, title: proposal.title, number: proposal.number, leadProposerId: input.leadProposerId, coProposerIds: coIds,
          ...(input.importId ? { importId: input.importId } : {}),
        },
      });
      if (alsoInTransaction) await alsoInTransaction(tx, proposal);
      return proposal;
    });
  }
}

export type { ReviewDecision };

export interface ReviewProposalInput {
  decision: ReviewDecision;
  reason?: string | null;
  mergeIntoId?: string | null;
}

const REVIEW_EVENT: Record<ReviewDecision, 'proposal.filed' | 'proposal.not_filed' | 'proposal.merged' | 'proposal.converted' | 'proposal.returned'> = {
  file: 'proposal.filed',
  not_file: 'proposal.not_filed',
  merge: 'proposal.merged',
  convert: 'proposal.converted',
  return: 'proposal.returned',
};

/** 立案审查: the committee files a proposal (giving it its number), or declines, merges, converts or returns it. */
export class ReviewProposal {
  constructor(private readonly ctx: AppContext) {}

  async execute(actor: Actor, proposalId: string, input: ReviewProposalInput): Promise<ProposalRow> {
    requireAction(actor, 'review');
    const reason = input.reason?.trim() || null;
    if (['not_file', 'convert', 'return'].includes(input.decision) && !reason) {
      throw new InvalidInputError('reason', `is required when the decision is ${input.decision}`);
    }
    if (input.decision === 'merge' && !input.mergeIntoId) throw new InvalidInputError('mergeIntoId', 'is required to merge');
    return this.ctx.transaction(actor, async (tx) => {
      const proposal = await loadProposal(tx.em, actor, proposalId, true);
      const changes: Partial<ProposalRow> = { reviewReason: reason };
      if (input.decision === 'merge') {
        const target = await tx.em.findOneBy(ProposalRow, { id: input.mergeIntoId! });
        if (!target || target.id === proposal.id || target.sessionId !== proposal.sessionId) {
          throw new InvalidInputError('mergeIntoId', 'must be another proposal of the same session');
        }
        if (!isMergeTarget(target.status)) {
          throw new InvalidInputError('mergeIntoId', `cannot merge into a proposal in state "${target.status}"`);
        }
        changes.mergedIntoId = target.id;
      }
      if (input.decision === 'file') {
        // 联名: a joint proposal is filed with the minimum of confirmed co-signers the rules ask for.
        await assertEnoughCoSigners(tx.em, (await this.ctx.rules.forSession(tx.em, proposal.sessionId)).rules.coSigning, proposal.id);
        changes.filedAt = tx.now;
        if (proposal.number == null) changes.number = await this.nextNumber(tx.em, proposal.sessionId);
      }
      await moveProposal(tx.em, proposal, input.decision, changes);
      await tx.record({
        type: REVIEW_EVENT[input.decision],
        proposalId: proposal.id,
        subjectType: 'proposal',
        subjectId: proposal.id,
        payload: { number: proposal.number, reason, ...(changes.mergedIntoId ? { mergeIntoId: changes.mergedIntoId } : {}) },
      });
      return proposal;
    });
  }

  /**
   * The next 第N号 of the session. The increment holds the session row's lock until commit, so
   * concurrent filings queue up; a rolled-back filing rolls its increment back: no gap, no duplicate.
   */
  private async nextNumber(em: EntityManager, sessionId: string): Promise<number> {
    const result = await em
      .createQueryBuilder()
      .update(SessionRow)
      .set({ lastNumber: () => 'last_number + 1' })
      .where('id = :sessionId', { sessionId })
      .returning('last_number')
      .execute();
    return (result.raw as Array<{ last_number: number }>)[0]!.last_number;
  }
}

/** 撤回: the proposer (or the committee for them) withdraws a proposal not yet filed. */
export class WithdrawProposal {
  constructor(private readonly ctx: AppContext) {}

  async execute(actor: Actor, proposalId: string, reason?: string | null): Promise<ProposalRow> {
    requireAction(actor, 'withdraw');
    return this.ctx.transaction(actor, async (tx) => {
      const proposal = await loadProposal(tx.em, actor, proposalId, true);
      requireAction(actor, 'withdraw', proposal, 'Only the lead proposer may withdraw a proposal');
      await moveProposal(tx.em, proposal, 'withdraw', { closeReason: reason?.trim() || 'withdrawn' });
      await tx.record({ type: 'proposal.withdrawn', proposalId, subjectType: 'proposal', subjectId: proposalId, payload: { reason: reason ?? null } });
      return proposal;
    });
  }
}

export interface ResubmitProposalInput {
  title?: string;
  content?: string;
  category?: string | null;
}

/** 修改后重新提交: a returned proposal comes back for review after revision. */
export class ResubmitProposal {
  constructor(private readonly ctx: AppContext) {}

  async execute(actor: Actor, proposalId: string, input: ResubmitProposalInput): Promise<ProposalRow> {
    requireAction(actor, 'resubmit');
    return this.ctx.transaction(actor, async (tx) => {
      const proposal = await loadProposal(tx.em, actor, proposalId, true);
      requireAction(actor, 'resubmit', proposal, 'Only the lead proposer may resubmit a proposal');
      const changes: Partial<ProposalRow> = { reviewReason: null };
      if (input.title !== undefined) changes.title = input.title.trim();
      if (input.content !== undefined) changes.content = input.content.trim();
      if (input.category !== undefined) changes.category = input.category;
      // A new text, its terms in the same statement (else the trigger clears them: found by substring).
      if (changes.title !== undefined || changes.content !== undefined) {
        changes.searchTerms = proposalSearchVector(changes.title ?? proposal.title, changes.content ?? proposal.content);
      }
      await moveProposal(tx.em, proposal, 'resubmit', changes);
      await tx.record({
        type: 'proposal.resubmitted',
        proposalId,
        subjectType: 'proposal',
        subjectId: proposalId,
        payload: { changed: Object.keys(changes).filter((k) => k !== 'reviewReason') },
      });
      return proposal;
    });
  }
}
