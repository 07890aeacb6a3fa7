import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { NoticeStatus } from '#domain';
import { BaseRow, NullableText, Timestamp, Uuid } from './columns.js';

/** 督办通知: the supervision office asks a handling unit about a proposal, by a short deadline of its own. */
@Entity('supervision_notices')
export class SupervisionNoticeRow extends BaseRow {
  @Column('int') year: number;
  @Column('int') number: number;
  @Uuid('proposal_id') proposalId: string;
  @Uuid('assignment_id') assignmentId: string;
  @Uuid('unit_id') unitId: string;
  /** The notice's deadline: a `deadlines` row of kind 'supervision', swept with its own ladder. */
  @Uuid('deadline_id') deadlineId: string;
  @Column('text') content: string;
  @Column('text', { default: 'open' }) status: NoticeStatus;
  @Uuid('issued_by', true) issuedBy: string | null;
  @Timestamp('issued_at') issuedAt: Date;
  @NullableText('response') response: string | null;
  @Uuid('responded_by', true) respondedBy: string | null;
  @Timestamp('responded_at', true) respondedAt: Date | null;
  @Column({ name: 'responded_late', type: 'boolean', nullable: true }) respondedLate: boolean | null;
  @NullableText('withdrawn_reason') withdrawnReason: string | null;
  @Column('int', { default: 1 }) version: number;
}

/** One version of the admin's rules layer (ladders, holiday overrides): versioned, never updated. */
@Entity('rules_versions')
export class RulesVersionRow {
  @PrimaryColumn('int') version: number;
  @Column('jsonb') document: Record<string, unknown>;
  @Column('text') reason: string;
  @Column('jsonb', { default: [] }) changes: unknown[];
  @Column('int', { default: 0 }) recomputed: number;
  @Uuid('changed_by', true) changedBy: string | null;
  @Column({ name: 'changed_by_label', type: 'text' }) changedByLabel: string;
  @Timestamp('changed_at') changedAt: Date;
}
