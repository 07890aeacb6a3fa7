import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { NotificationStatus } from '#domain';
import { BaseRow, NullableText, Timestamp, Uuid } from './columns.js';

/** The audit trail and, through `dispatched_at`, the transactional outbox. */
@Entity('events')
export class EventRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'bigint', insert: false, update: false }) seq: string;
  @Column('text') type: string;
  @Uuid('proposal_id', true) proposalId: string | null;
  @Column({ name: 'subject_type', type: 'text' }) subjectType: string;
  @Uuid('subject_id', true) subjectId: string | null;
  @Uuid('actor_id', true) actorId: string | null;
  @Column('text') actor: string;
  @Column('jsonb', { default: {} }) payload: Record<string, unknown>;
  @Timestamp('occurred_at') occurredAt: Date;
  @Column({ name: 'recorded_at', type: 'timestamptz', insert: false, update: false }) recordedAt: Date;
  @Timestamp('dispatched_at', true) dispatchedAt: Date | null;
  /** Set for events that must happen once (a deadline stage firing, a weekly digest). */
  @NullableText('dedupe_key') dedupeKey: string | null;
}

/** One routed job of an event, from enqueue to completion: what the repair pass re-enqueues after a Redis loss. */
@Entity('event_jobs')
export class EventJobRow {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' }) eventId: string;
  @PrimaryColumn({ name: 'job_name', type: 'text' }) jobName: string;
  @Column({ name: 'job_id', type: 'text' }) jobId: string;
  /** The job of several events it travels in (`notify-for-events`), when not its own (migration EventJobBatches). */
  @Column({ name: 'batch_job_id', type: 'text', nullable: true }) batchJobId: string | null;
  @Column('text') queue: string;
  @Column({ name: 'enqueued_at', type: 'timestamptz', default: () => 'now()' }) enqueuedAt: Date;
  @Column('int', { default: 1 }) attempts: number;
  @Timestamp('completed_at', true) completedAt: Date | null;
}

/** One email, identified by what it is about (`dedupe_key`), so a redelivered job never sends twice. */
@Entity('notifications')
export class NotificationRow extends BaseRow {
  @Column({ name: 'dedupe_key', type: 'text' }) dedupeKey: string;
  @Uuid('event_id', true) eventId: string | null;
  @Uuid('proposal_id', true) proposalId: string | null;
  @Column('text') type: string;
  /** The address of an email row (null for the other channels, whose address is `recipientAddress`). */
  @NullableText('recipient_email') recipientEmail: string | null;
  /** email, sms, wecom, dingtalk or in_app (migration NotificationChannels). */
  @Column('text', { default: 'email' }) channel: 'email' | 'sms' | 'wecom' | 'dingtalk' | 'in_app';
  @NullableText('recipient_address') recipientAddress: string | null;
  /** Whom the message is for (`unit:<id>`, `proposer:<id>`): the message centre lists it to that unit's or proposer's users. */
  @NullableText('recipient_ref') recipientRef: string | null;
  /** What the message is about, as a path of the UI (the message centre's link, an SMS's short link). */
  @NullableText('link') link: string | null;
  @Column({ name: 'provider_ids', type: 'text', array: true, nullable: true }) providerIds: string[] | null;
  @NullableText('receipt_status') receiptStatus: string | null;
  @Timestamp('receipt_at', true) receiptAt: Date | null;
  @NullableText('recipient_name') recipientName: string | null;
  @Column('jsonb', { default: [] }) cc: string[];
  @Column('text') subject: string;
  @Column({ name: 'body_text', type: 'text' }) bodyText: string;
  @Column({ name: 'body_html', type: 'text' }) bodyHtml: string;
  @Column({ name: 'message_id', type: 'text' }) messageId: string;
  @Column('text', { default: 'queued' }) status: NotificationStatus;
  @Column('int', { default: 0 }) attempts: number;
  @NullableText('last_error') lastError: string | null;
  @Timestamp('not_before', true) notBefore: Date | null;
  @Timestamp('sent_at', true) sentAt: Date | null;
}
