import { In, Not } from 'typeorm';
import { COMMUNICATING_STATES, isIsoDate, toShanghaiDate, RuleViolationError, type CommunicationMethod } from '#domain';
import { AssignmentRow, CommunicationRow, OpinionRow, ProposalRow, ReplyRow } from '#persistence';
import type { Actor } from '../actor.js';
import type { AppContext, Tx } from '../app-context.js';
import { loadAssignment, moveAssignment, moveProposal, requireAction } from '../access.js';
import { closeDeadlines, openDeadlines } from '../deadlines.js';
import { InvalidInputError } from '../errors.js';

export { COMMUNICATION_METHODS, type CommunicationMethod } from '#domain';

export interface RecordCommunicationInput {
  method: CommunicationMethod;
  happenedOn: string;
  summary: string;
}

/** 沟通/见面: the unit records a contact with the proposer (the supervision office counts these). */
export class RecordCommunication {
  constructor(private readonly ctx: AppContext) {}

  async execute(actor: Actor, assignmentId: string, input: RecordCommunicationInput): Promise<CommunicationRow> {
    requireAction(actor, 'communicate');
    if (!isIsoDate(input.happenedOn)) throw new InvalidInputError('happenedOn', 'must be a calendar date YYYY-MM-DD');
    return this.ctx.transaction(actor, async (tx) => {
      const { assignment, proposal } = await loadAssignment(tx.em, actor, assignmentId);
      if (!COMMUNICATING_STATES.includes(assignment.state)) {
        throw new RuleViolationError('communication_before_acceptance', `Accept the assignment before recording communication: assignment is in state "${assignment.state}"`);
      }
      if (input.happenedOn > toShanghaiDate(tx.now)) throw new InvalidInputError('happenedOn', 'must not be in the future', 'FIELD_IN_FUTURE');
      const row = await tx.em.save(
        CommunicationRow,
        tx.em.create(CommunicationRow, {
          assignmentId,
          proposalId: proposal.id,
          method: input.method,
          happenedOn: input.happenedOn,
          summary: input.summary.trim(),
          recordedBy: actor.id,
          recordedAt: tx.now,
        }),
      );
      await tx.record({
        type: 'communication.recorded',
        proposalId: proposal.id,
        subjectType: 'communication',
        subjectId: row.id,
        payload: { assignmentId, unitId: assignment.unitId, method: row.method, happenedOn: row.happenedOn },
      });
      return row;
    });
  }
}

/** 协办意见: a co-handling unit gives its opinion to the lead unit. */
export class SubmitOpinion {
  constructor(private readonly ctx: AppContext) {}

  async execute(actor: Actor, assignmentId: string, input: { content: string }): Promise<OpinionRow> {
    requireAction(actor, 'opinion');
    return this.ctx.transaction(actor, async (tx) => {
      const { assignment, proposal } = await loadAssignment(tx.em, actor, assignmentId);
      await moveAssignment(tx.em, assignment, 'submit_opinion');
      const row = await tx.em.save(
        OpinionRow,
        tx.em.create(OpinionRow, { assignmentId, proposalId: proposal.id, content: input.content.trim(), submittedBy: actor.id, submittedAt: tx.now }),
      );
      await closeDeadlines(tx, { assignmentId, kinds: ['co_opinion'] }, 'settled');
      await tx.record({
        type: 'opinion.submitted',
        proposalId: proposal.id,
        subjectType: 'opinion',
        subjectId: row.id,
        payload: { assignmentId, unitId: assignment.unitId },
      });
      return row;
    });
  }
}

export interface SubmitReplyInput {
  content: string;
  resultCategory: string;
  signedBy: string;
  contactName: string;
  contactPhone: string;
  public: boolean;
}

/** 答复: a lead or separate unit answers; when every answering unit has, the proposal is replied. */
export class SubmitReply {
  constructor(private readonly ctx: AppContext) {}

  async execute(actor: Actor, assignmentId: string, input: SubmitReplyInput): Promise<ReplyRow> {
    requireAction(actor, 'reply');
    return this.ctx.transaction(actor, async (tx) => {
      const { assignment, proposal } = await loadAssignment(tx.em, actor, assignmentId);
      const rules = await this.ctx.rules.forSession(tx.em, proposal.sessionId);
      if (!rules.rules.resultCategories.some((c) => c.code === input.resultCategory)) {
        throw new InvalidInputError('resultCategory', `must be one of ${rules.rules.resultCategories.map((c) => c.code).join(', ')}`);
      }
      await moveAssignment(tx.em, assignment, 'reply', { repliedAt: tx.now });
      const reply = await tx.em.save(
        ReplyRow,
        tx.em.create(ReplyRow, {
          assignmentId,
          proposalId: proposal.id,
          round: proposal.round,
          content: input.content.trim(),
          resultCategory: input.resultCategory,
          signedBy: input.signedBy.trim(),
          contactName: input.contactName.trim(),
          contactPhone: input.contactPhone.trim(),
          public: input.public,
          submittedBy: actor.id,
          submittedAt: tx.now,
        }),
      );
      const settled = await closeDeadlines(tx, { assignmentId, kinds: ['reply', 'rehandling', 'adjustment'] }, 'settled');
      const answer = settled.find((d) => d.kind !== 'adjustment');
      await tx.record({
        type: 'reply.submitted',
        proposalId: proposal.id,
        subjectType: 'reply',
        subjectId: reply.id,
        payload: {
          assignmentId,
          unitId: assignment.unitId,
          round: reply.round,
          resultCategory: reply.resultCategory,
          public: reply.public,
          onTime: answer ? !answer.settledLate : null,
        },
      });
      await this.completeIfAllReplied(tx, rules, proposal);
      return reply;
    });
  }

  private async completeIfAllReplied(tx: Tx, rules: Awaited<ReturnType<AppContext['rules']['forSession']>>, proposal: ProposalRow): Promise<void> {
    const pending = await tx.em.countBy(AssignmentRow, {
      proposalId: proposal.id,
      role: In(['lead', 'separate']),
      state: Not(In(['replied', 'removed'])),
    });
    if (pending > 0) return;
    await moveProposal(tx.em, proposal, 'reply_complete');
    const base = { proposalId: proposal.id, round: proposal.round, start: tx.now };
    const anyPublic = await tx.em.existsBy(ReplyRow, { proposalId: proposal.id, round: proposal.round, public: true });
    // The feedback deadline, and the publication one for a public reply, in one insert (the proposal's themes not read again).
    await openDeadlines(tx, rules, [{ ...base, kind: 'feedback' }, ...(anyPublic && !proposal.published ? [{ ...base, kind: 'publication' as const }] : [])], proposal);
    await tx.record({
      type: 'proposal.replied',
      proposalId: proposal.id,
      subjectType: 'proposal',
      subjectId: proposal.id,
      payload: { round: proposal.round, public: anyPublic },
    });
  }
}
