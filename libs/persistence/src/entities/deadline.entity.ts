import { Column, Entity } from 'typeorm';
import type { DeadlineRowKind, DeadlineStatus } from '#domain';
import { BaseRow, Timestamp, Uuid } from './columns.js';

/**
 * A running time limit (期限) and where it stands on its reminder/escalation ladder.
 * `next_action_at` is what the sweep claims; `explanation` says how the due date was computed.
 */
@Entity('deadlines')
export class DeadlineRow extends BaseRow {
  @Uuid('proposal_id') proposalId: string;
  @Uuid('assignment_id', true) assignmentId: string | null;
  @Column('text') kind: DeadlineRowKind;
  @Column('int', { default: 1 }) round: number;
  @Column({ name: 'dedupe_key', type: 'text' }) dedupeKey: string;
  @Column('text', { default: 'open' }) status: DeadlineStatus;
  @Timestamp('started_at') startedAt: Date;
  @Column({ name: 'due_on', type: 'date' }) dueOn: string;
  @Timestamp('due_at') dueAt: Date;
  @Column('text', { default: 'open' }) stage: string;
  @Column({ name: 'next_stage', type: 'text', nullable: true }) nextStage: string | null;
  @Timestamp('next_action_at', true) nextActionAt: Date | null;
  @Column('jsonb', { default: [] }) ladder: unknown[];
  @Column('jsonb', { default: {} }) rule: Record<string, unknown>;
  @Column('text') explanation: string;
  @Timestamp('settled_at', true) settledAt: Date | null;
  @Column({ name: 'settled_late', type: 'boolean', nullable: true }) settledLate: boolean | null;
  @Column('int', { default: 1 }) version: number;
}
