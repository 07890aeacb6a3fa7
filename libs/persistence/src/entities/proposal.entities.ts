import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { AssignmentRole, AssignmentState, CommunicationMethod, FeedbackVia, ProposalStatus, RequestStatus, Satisfaction } from '#domain';
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

/** 答复 */
@Entity('replies')
export class ReplyRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Uuid('assignment_id') assignmentId: string;
  @Uuid('proposal_id') proposalId: string;
  @Column('int') round: number;
  @Column('text') content: string;
  @Column({ name: 'result_category', type: 'text' }) resultCategory: string;
  @Column({ name: 'signed_by', type: 'text' }) signedBy: string;
  @Column({ name: 'contact_name', type: 'text' }) contactName: string;
  @Column({ name: 'contact_phone', type: 'text' }) contactPhone: string;
  @Column('boolean') public: boolean;
  @Uuid('submitted_by', true) submittedBy: string | null;
  @Timestamp('submitted_at') submittedAt: Date;
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
