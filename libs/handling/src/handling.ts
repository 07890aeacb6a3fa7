import { In, Not } from 'typeorm';
import { COMMUNICATING_STATES, isIsoDate, toShanghaiDate, RuleViolationError, type AttachmentRules, type CommunicationMethod } from '#domain';
import { AssignmentRow, CommunicationRow, OpinionRow, ProposalRow, ReplyRow } from '#persistence';
import { type Actor, type AppContext, type SessionRules, type Tx, actorId, loadAssignment, loadProposal, moveAssignment, moveProposal, requireAction, InvalidInputError, NotFoundError } from '#kernel';
import { closeDeadlines, openDeadlines } from '#deadlines';
import type { AttachmentFiles, IncomingFile, PreparedAttachment } from './attachments/attachments.js';
import { requireUnitStep } from './unit-flow.js';

export { COMMUNICATION_METHODS, type CommunicationMethod } from '#domain';

export interface RecordCommunicationInput {
  method: CommunicationMethod;
  happenedOn: string;
  summary: string;
  /** 纪要、照片: recorded with the communication, or nothing is. */
  attachments?: IncomingFile[];
}

/** 沟通/见面: the unit records a contact with the proposer (the supervision office counts these). */
export class RecordCommunication {
  /** `files`: the attachment store, for the minutes and photos of a meeting. */
  constructor(
    private readonly ctx: AppContext,
    private readonly files?: AttachmentFiles,
  ) {}

  async execute(actor: Actor, assignmentId: string, input: RecordCommunicationInput): Promise<CommunicationRow> {
    requireAction(actor, 'communicate');
    if (!isIsoDate(input.happenedOn)) throw new InvalidInputError('happenedOn', 'must be a calendar date YYYY-MM-DD');
    const incoming = input.attachments ?? [];
    if (incoming.length === 0) return this.record(actor, assignmentId, input, []);
    if (!this.files) throw new Error('RecordCommunication was built without the attachment store');
    const { proposal } = await unitAssignment(this.ctx, actor, assignmentId);
    const rules = (await this.ctx.rules.forSession(this.ctx.ds.manager, proposal.sessionId)).rules.attachments;
    if (incoming.length > rules.maxFiles) throw new InvalidInputError('attachment', `would exceed ${rules.maxFiles} files (附件已达 ${rules.maxFiles} 个的上限)`, 'ATTACHMENT_TOO_MANY', {}, 'attachment_too_many');
    const prepared: PreparedAttachment[] = [];
    return this.files.within(prepared, async () => {
      for (const file of incoming) prepared.push(await this.files!.prepare(rules, proposal.id, file, { field: 'attachment', purpose: 'file', existing: prepared.length }));
      return this.record(actor, assignmentId, input, prepared, rules);
    });
  }

  private async record(actor: Actor, assignmentId: string, input: RecordCommunicationInput, files: PreparedAttachment[], rules?: AttachmentRules): Promise<CommunicationRow> {
    requireAction(actor, 'communicate');
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
      for (const f of files) await this.files!.insert(tx, f, { type: 'communication', id: row.id }, rules!, 'attachment');
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
  /** 答复函: the signed letter, scanned to PDF (required when the rules' `attachments.replyLetterRequired` is on). */
  letter?: IncomingFile;
}

/** 答复: a lead or separate unit answers; when every answering unit has, the proposal is replied. */
export class SubmitReply {
  /** `files`: the attachment store, for the reply's letter (a reply without a letter needs none). */
  constructor(
    private readonly ctx: AppContext,
    private readonly files?: AttachmentFiles,
  ) {}

  async execute(actor: Actor, assignmentId: string, input: SubmitReplyInput): Promise<ReplyRow> {
    requireAction(actor, 'reply');
    // The letter is checked, scanned and stored before the transaction, and removed again if it fails.
    const letter = input.letter ? await this.prepareLetter(actor, assignmentId, input.letter) : null;
    const run = () => this.ctx.transaction(actor, async (tx) => {
      const { assignment, proposal } = await loadAssignment(tx.em, actor, assignmentId);
      // Where the unit's leader signs its replies (审签), the reply leaves only through ApproveReply.
      await requireUnitStep(tx, actor, assignment, 'reply');
      return this.record(tx, assignment, proposal, input, letter);
    });
    return letter ? this.withFiles([letter], run) : run();
  }

  /**
   * The reply recorded, its deadlines settled, the proposal replied when every answering unit has:
   * the unit's own reply here, a leader's 签发 of the officer's draft in ApproveReply.
   */
  async record(tx: Tx, assignment: AssignmentRow, proposal: ProposalRow, input: Omit<SubmitReplyInput, 'letter'>, letter: PreparedAttachment | null): Promise<ReplyRow> {
    const assignmentId = assignment.id;
    const rules = await this.ctx.rules.forSession(tx.em, proposal.sessionId);
    requireResultCategory(rules, input.resultCategory);
    if (rules.rules.attachments.replyLetterRequired && !letter) {
      throw new InvalidInputError('letter', 'is required: the signed reply letter as a PDF (答复函扫描件，PDF)', 'LETTER_REQUIRED', {}, 'letter_required');
    }
    await moveAssignment(tx.em, assignment, 'reply', { repliedAt: tx.now, deskStage: null, deskStageSince: null });
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
        submittedBy: actorId(tx.actor),
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
    if (letter) await this.files!.insert(tx, letter, { type: 'reply', id: reply.id }, rules.rules.attachments, 'letter');
    await this.completeIfAllReplied(tx, rules, proposal);
    return reply;
  }

  /** Runs `fn` with prepared files stored, removing them again if it fails (the leader's 签发 with its letter too). */
  withFiles<T>(files: PreparedAttachment[], fn: () => Promise<T>): Promise<T> {
    if (!this.files) throw new Error('SubmitReply was built without the attachment store');
    return this.files.within(files, fn);
  }

  /** The letter checked (format, size, virus scan) and stored before the transaction that records the reply. */
  async prepareLetter(actor: Actor, assignmentId: string, file: IncomingFile): Promise<PreparedAttachment> {
    if (!this.files) throw new Error('SubmitReply was built without the attachment store');
    const { proposal } = await unitAssignment(this.ctx, actor, assignmentId);
    const rules = (await this.ctx.rules.forSession(this.ctx.ds.manager, proposal.sessionId)).rules.attachments;
    return this.files.prepare(rules, proposal.id, file, { field: 'letter', purpose: 'letter', existing: 0 });
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

/** 办理结果类别: one of the session's result categories (A–D), or a 400 naming `resultCategory`. */
export function requireResultCategory(rules: SessionRules, code: string): void {
  if (!rules.rules.resultCategories.some((c) => c.code === code)) {
    throw new InvalidInputError('resultCategory', `must be one of ${rules.rules.resultCategories.map((c) => c.code).join(', ')}`);
  }
}

/** An assignment of the actor's unit and its proposal, read without locks (before a transaction stores files). */
async function unitAssignment(ctx: AppContext, actor: Actor, assignmentId: string): Promise<{ assignment: AssignmentRow; proposal: ProposalRow }> {
  const em = ctx.ds.manager;
  const assignment = await em.findOneBy(AssignmentRow, { id: assignmentId });
  if (!assignment || (actor.kind === 'user' && assignment.unitId !== actor.unitId)) throw new NotFoundError('assignment', assignmentId);
  return { assignment, proposal: await loadProposal(em, actor, assignment.proposalId) };
}
