import { RuleViolationError } from '#domain';
import { AssignmentRow, ReplyDraftRow, UserRow, type ReplyRow } from '#persistence';
import { type Actor, type AppContext, loadAssignment, requireAction, InvalidInputError } from '#kernel';
import { moveDesk, requireUnitStep } from './unit-flow.js';
import { requireResultCategory, type SubmitReply, type SubmitReplyInput } from './handling.js';
import type { IncomingFile } from './attachments/attachments.js';

/**
 * The unit's internal flow (单位内部流转与审签; domain sign-off.ts), where the unit's leader signs its
 * replies: the liaison gives the accepted work to an officer (分派经办人), the officer drafts the
 * reply (拟稿), the leader approves it — the reply then leaves as any reply does, with the leader as
 * 签发人 — or returns it with a comment (退回修改). Each step is an event with its notification; none
 * moves a deadline: the statutory reply deadline runs from 交办 whatever happens inside the unit.
 */

export interface AssignOfficerInput {
  officerUserId: string;
}

/** 分派经办人: the liaison gives an accepted assignment to an officer of the unit (or to another one). */
export class AssignOfficer {
  constructor(private readonly ctx: AppContext) {}

  async execute(actor: Actor, assignmentId: string, input: AssignOfficerInput): Promise<AssignmentRow> {
    requireAction(actor, 'assign_officer');
    return this.ctx.transaction(actor, async (tx) => {
      const { assignment, proposal } = await loadAssignment(tx.em, actor, assignmentId);
      await requireUnitStep(tx, actor, assignment, 'assign_officer');
      const officer = await tx.em.findOneBy(UserRow, { id: input.officerUserId });
      if (!officer || !officer.active || officer.role !== 'unit' || officer.unitId !== assignment.unitId || officer.unitRole !== 'officer') {
        throw new InvalidInputError('officerUserId', 'must be an active officer (经办人) of the unit');
      }
      const previous = assignment.officerUserId;
      await moveDesk(tx, assignment, { officerUserId: officer.id, deskStage: 'officer' });
      await tx.record({
        type: 'assignment.officer_assigned',
        proposalId: proposal.id,
        subjectType: 'assignment',
        subjectId: assignment.id,
        payload: { assignmentId: assignment.id, unitId: assignment.unitId, officerUserId: officer.id, previousOfficerUserId: previous },
      });
      return assignment;
    });
  }
}

/** The reply as the officer drafts it: the letter's fields without 签发人 (the leader who approves it is). */
export type DraftReplyInput = Omit<SubmitReplyInput, 'signedBy' | 'letter'>;

/** 拟稿: the officer's draft of the reply goes to the unit's leader for sign-off (审签). */
export class DraftReply {
  constructor(private readonly ctx: AppContext) {}

  async execute(actor: Actor, assignmentId: string, input: DraftReplyInput): Promise<ReplyDraftRow> {
    requireAction(actor, 'draft_reply');
    return this.ctx.transaction(actor, async (tx) => {
      const { assignment, proposal } = await loadAssignment(tx.em, actor, assignmentId);
      await requireUnitStep(tx, actor, assignment, 'draft_reply');
      // Refused now, while the officer still has the form, rather than when the leader signs.
      requireResultCategory(await this.ctx.rules.forSession(tx.em, proposal.sessionId), input.resultCategory);
      await moveDesk(tx, assignment, { deskStage: 'leader' });
      const draft = await tx.em.save(
        ReplyDraftRow,
        tx.em.create(ReplyDraftRow, {
          assignmentId,
          proposalId: proposal.id,
          round: proposal.round,
          content: input.content.trim(),
          resultCategory: input.resultCategory,
          contactName: input.contactName.trim(),
          contactPhone: input.contactPhone.trim(),
          public: input.public,
          status: 'pending',
          draftedBy: actor.id,
          draftedAt: tx.now,
          decidedBy: null,
          decidedAt: null,
          comment: null,
          replyId: null,
        }),
      );
      await tx.record({
        type: 'reply.drafted',
        proposalId: proposal.id,
        subjectType: 'reply_draft',
        subjectId: draft.id,
        payload: { assignmentId, unitId: assignment.unitId, round: draft.round, officerUserId: actor.id },
      });
      return draft;
    });
  }
}

/** The pending draft of an assignment, or a 409: there is nothing to sign. */
async function pendingDraft(em: AppContext['ds']['manager'], assignmentId: string): Promise<ReplyDraftRow> {
  const draft = await em.findOne(ReplyDraftRow, { where: { assignmentId, status: 'pending' }, lock: { mode: 'pessimistic_write' } });
  if (!draft) throw new RuleViolationError('sign_off_stage', 'There is no draft waiting for sign-off');
  return draft;
}

/**
 * 审签同意（签发）: the leader approves the officer's draft; the reply is sent as a unit's reply always
 * was (SubmitReply's record: deadlines settled, the proposer told), with the leader as 签发人.
 */
export class ApproveReply {
  constructor(
    private readonly ctx: AppContext,
    private readonly replies: SubmitReply,
  ) {}

  /**
   * `letter`: the signed letter (答复函, PDF) scanned after the leader signed it, sent with the reply —
   * required where the rules' `attachments.replyLetterRequired` is on, as for a reply sent directly.
   */
  async execute(actor: Actor, assignmentId: string, input: { letter?: IncomingFile } = {}): Promise<ReplyRow> {
    requireAction(actor, 'approve_reply');
    const letter = input.letter ? await this.replies.prepareLetter(actor, assignmentId, input.letter) : null;
    const run = () => this.ctx.transaction(actor, async (tx) => {
      const { assignment, proposal } = await loadAssignment(tx.em, actor, assignmentId);
      await requireUnitStep(tx, actor, assignment, 'approve_reply');
      const draft = await pendingDraft(tx.em, assignmentId);
      const leader = await tx.em.findOneByOrFail(UserRow, { id: actor.id });
      const signedBy = leader.displayName?.trim() || leader.username;
      await tx.record({
        type: 'reply.approved',
        proposalId: proposal.id,
        subjectType: 'reply_draft',
        subjectId: draft.id,
        payload: { assignmentId, unitId: assignment.unitId, round: draft.round, officerUserId: draft.draftedBy, leaderUserId: actor.id, signedBy },
      });
      const reply = await this.replies.record(
        tx,
        assignment,
        proposal,
        { content: draft.content, resultCategory: draft.resultCategory, signedBy, contactName: draft.contactName, contactPhone: draft.contactPhone, public: draft.public },
        letter,
      );
      await tx.em.update(ReplyDraftRow, { id: draft.id }, { status: 'approved', decidedBy: actor.id, decidedAt: tx.now, replyId: reply.id });
      return reply;
    });
    return letter ? this.replies.withFiles([letter], run) : run();
  }
}

/** 退回修改: the leader returns the draft to its officer with a comment; the officer drafts again. */
export class ReturnReply {
  constructor(private readonly ctx: AppContext) {}

  async execute(actor: Actor, assignmentId: string, input: { comment: string }): Promise<ReplyDraftRow> {
    requireAction(actor, 'return_reply');
    const comment = (input.comment ?? '').trim();
    if (!comment) throw new InvalidInputError('comment', 'is required: say what the officer should change', 'FIELD_REQUIRED');
    return this.ctx.transaction(actor, async (tx) => {
      const { assignment, proposal } = await loadAssignment(tx.em, actor, assignmentId);
      await requireUnitStep(tx, actor, assignment, 'return_reply');
      const draft = await pendingDraft(tx.em, assignmentId);
      await moveDesk(tx, assignment, { deskStage: 'officer' });
      Object.assign(draft, { status: 'returned', decidedBy: actor.id, decidedAt: tx.now, comment });
      await tx.em.save(ReplyDraftRow, draft);
      await tx.record({
        type: 'reply.returned',
        proposalId: proposal.id,
        subjectType: 'reply_draft',
        subjectId: draft.id,
        payload: { assignmentId, unitId: assignment.unitId, round: draft.round, officerUserId: draft.draftedBy, leaderUserId: actor.id, comment },
      });
      return draft;
    });
  }
}
