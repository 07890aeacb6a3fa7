import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { AssignmentRole, AssignmentState, CoSigningState, CommunicationMethod, DeskStage, FeedbackVia, ProposalStatus, RequestStatus, Satisfaction } from '#domain';
import { BaseRow, NullableText, Timestamp, Uuid } from './columns.js';

@Entity('proposals')
export class ProposalRow extends BaseRow {
  @Uuid('session_id') sessionId: string;
  @Column('int', { nullable: true }) number: number | null;
  @Column('text') title: string;
  @Column('text') content: string;
  @Column('text') status: ProposalStatus;
  @NullableText('category') category: string | null;
  @Column('text', { array: true, default: () => "'{}'" }) themes: string[];
  @Column('boolean', { default: false }) key: boolean;
  @NullableText('leader_name') leaderName: string | null;
  @Uuid('lead_proposer_id') leadProposerId: string;
  @Uuid('merged_into_id', true) mergedIntoId: string | null;
  @NullableText('review_reason') reviewReason: string | null;
  @NullableText('close_reason') closeReason: string | null;
  @Column('boolean', { default: false }) published: boolean;
  @Timestamp('published_at', true) publishedAt: Date | null;
  @NullableText('publication_index') publicationIndex: string | null;
  @Timestamp('submitted_at') submittedAt: Date;
  @Timestamp('filed_at', true) filedAt: Date | null;
  @Timestamp('closed_at', true) closedAt: Date | null;
  /** 1 for the first handling, 2 after an unsatisfied rating reopened it (重新办理). */
  @Column('int', { default: 1 }) round: number;
  /** Bumped by every compare-and-set state change. */
  @Column('int', { default: 1 }) version: number;
  /**
   * 检索词: the jieba terms of title and content (domain `proposalSearchVector`, migration
   * 1766400000000), written with the text; never read back (the search reads it in SQL).
   */
  @Column('tsvector', { name: 'search_terms', nullable: true, select: false }) searchTerms?: string | null;
}

@Entity('proposal_co_proposers')
export class CoProposerRow {
  @PrimaryColumn({ name: 'proposal_id', type: 'uuid' }) proposalId: string;
  @PrimaryColumn({ name: 'proposer_id', type: 'uuid' }) proposerId: string;
  @Column('int') position: number;
}

/** 联名邀请: the lead proposer's invitation to one member to co-sign (domain co-signing.ts). */
@Entity('co_signing_invitations')
export class CoSigningInvitationRow extends BaseRow {
  @Uuid('proposal_id') proposalId: string;
  /** The invitee. */
  @Uuid('proposer_id') proposerId: string;
  /** The lead proposer who invited. */
  @Uuid('invited_by') invitedBy: string;
  @Column('text') state: CoSigningState;
  /** How the invitee answered: in Duban or through the mail's signed link. */
  @Column('text', { nullable: true }) via: 'app' | 'link' | null;
  @Timestamp('invited_at') invitedAt: Date;
  @Timestamp('answered_at', true) answeredAt: Date | null;
  /** Bumped by every compare-and-set state change. */
  @Column('int', { default: 1 }) version: number;
}

/** 交办: one unit's part in handling one proposal. */
@Entity('assignments')
export class AssignmentRow extends BaseRow {
  @Uuid('proposal_id') proposalId: string;
  @Uuid('unit_id') unitId: string;
  @Column('text') role: AssignmentRole;
  @Column('text') state: AssignmentState;
  @NullableText('state_before_adjustment') stateBeforeAdjustment: AssignmentState | null;
  @Uuid('replaces_id', true) replacesId: string | null;
  @Timestamp('assigned_at') assignedAt: Date;
  @Timestamp('accepted_at', true) acceptedAt: Date | null;
  @Timestamp('replied_at', true) repliedAt: Date | null;
  @Timestamp('removed_at', true) removedAt: Date | null;
  /** 经办人: the unit's officer the liaison gave the work to (domain sign-off.ts). */
  @Uuid('officer_user_id', true) officerUserId: string | null;
  /** Where in the unit it waits once accepted (在本单位等待), and since when; null before acceptance and once replied. */
  @NullableText('desk_stage') deskStage: DeskStage | null;
  @Timestamp('desk_stage_since', true) deskStageSince: Date | null;
  /** Bumped by every compare-and-set state change. */
  @Column('int', { default: 1 }) version: number;
}

/** 申请调整 */
@Entity('adjustment_requests')
export class AdjustmentRequestRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Uuid('assignment_id') assignmentId: string;
  @Uuid('proposal_id') proposalId: string;
  @Column('text') reason: string;
  @Uuid('suggested_unit_id', true) suggestedUnitId: string | null;
  /** A lead unit asking to stay on as co-handler of the unit it suggests (本单位改为协办). */
  @Column('boolean', { name: 'keep_as_co', default: false }) keepAsCo: boolean;
  @Column('text', { default: 'pending' }) status: RequestStatus;
  @Uuid('requested_by', true) requestedBy: string | null;
  @Timestamp('requested_at') requestedAt: Date;
  @Uuid('decided_by', true) decidedBy: string | null;
  @Timestamp('decided_at', true) decidedAt: Date | null;
  @Uuid('new_unit_id', true) newUnitId: string | null;
  @Uuid('new_assignment_id', true) newAssignmentId: string | null;
}

/** 申请延期 */
@Entity('extension_requests')
export class ExtensionRequestRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Uuid('assignment_id') assignmentId: string;
  @Uuid('proposal_id') proposalId: string;
  @Uuid('deadline_id') deadlineId: string;
  @Column('text') reason: string;
  @Column({ name: 'new_due_on', type: 'date' }) newDueOn: string;
  /** 原期限: the due date when the unit asked (the deadline itself moves when the request is granted). */
  @Column({ name: 'current_due_on', type: 'date', nullable: true }) currentDueOn: string | null;
  @Column('text', { default: 'pending' }) status: RequestStatus;
  @Uuid('requested_by', true) requestedBy: string | null;
  @Timestamp('requested_at') requestedAt: Date;
  @Uuid('decided_by', true) decidedBy: string | null;
  @Timestamp('decided_at', true) decidedAt: Date | null;
}

/** 沟通/见面: a contact between the unit and the proposer. */
@Entity('communications')
export class CommunicationRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Uuid('assignment_id') assignmentId: string;
  @Uuid('proposal_id') proposalId: string;
  @Column('text') method: CommunicationMethod;
  @Column({ name: 'happened_on', type: 'date' }) happenedOn: string;
  @Column('text') summary: string;
  @Uuid('recorded_by', true) recordedBy: string | null;
  @Timestamp('recorded_at') recordedAt: Date;
}

/** 协办意见 */
@Entity('opinions')
export class OpinionRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Uuid('assignment_id') assignmentId: string;
  @Uuid('proposal_id') proposalId: string;
  @Column('text') content: string;
  @Uuid('submitted_by', true) submittedBy: string | null;
  @Timestamp('submitted_at') submittedAt: Date;
}

/** What a reply letter says, whether sent (答复) or a draft waiting for sign-off (答复稿). */
abstract class ReplyLetterColumns {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Uuid('assignment_id') assignmentId: string;
  @Uuid('proposal_id') proposalId: string;
  @Column('int') round: number;
  @Column('text') content: string;
  @Column({ name: 'result_category', type: 'text' }) resultCategory: string;
  @Column({ name: 'contact_name', type: 'text' }) contactName: string;
  @Column({ name: 'contact_phone', type: 'text' }) contactPhone: string;
  @Column('boolean') public: boolean;
}

/** 答复 */
@Entity('replies')
export class ReplyRow extends ReplyLetterColumns {
  @Column({ name: 'signed_by', type: 'text' }) signedBy: string;
  @Uuid('submitted_by', true) submittedBy: string | null;
  @Timestamp('submitted_at') submittedAt: Date;
}

/**
 * 答复稿: the officer's draft of a reply, sent to the unit's leader for sign-off (审签). One row per
 * submission: a returned draft stays (with the leader's comment) and the officer's next one is a new row.
 */
@Entity('reply_drafts')
export class ReplyDraftRow extends ReplyLetterColumns {
  /** pending 待审签 · approved 已签发 · returned 已退回 */
  @Column('text') status: 'pending' | 'approved' | 'returned';
  @Uuid('drafted_by') draftedBy: string;
  @Timestamp('drafted_at') draftedAt: Date;
  @Uuid('decided_by', true) decidedBy: string | null;
  @Timestamp('decided_at', true) decidedAt: Date | null;
  /** 退回意见 */
  @NullableText('comment') comment: string | null;
  /** The reply the approval sent. */
  @Uuid('reply_id', true) replyId: string | null;
}

/** 回执: the proposer's rating of the reply. */
@Entity('feedback')
export class FeedbackRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Uuid('proposal_id') proposalId: string;
  @Column('int') round: number;
  @Column('text') rating: Satisfaction;
  @NullableText('comment') comment: string | null;
  @Uuid('given_by', true) givenBy: string | null;
  @Column('text') via: FeedbackVia;
  @Timestamp('received_at') receivedAt: Date;
}
