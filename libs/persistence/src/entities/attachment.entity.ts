import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AttachmentOwner, AttachmentPurpose } from '#domain';
import { Timestamp, Uuid } from './columns.js';

/** The columns of a stored, checked file: an attachment, or a draft's file (提案草稿) before it becomes one. */
export abstract class StoredFileColumns {
  @Column('text') filename: string;
  @Column({ name: 'media_type', type: 'text' }) mediaType: string;
  @Column('text') format: string;
  @Column({ name: 'size_bytes', type: 'int' }) sizeBytes: number;
  @Column({ name: 'sha256', type: 'text' }) sha256: string;
  @Column({ name: 'storage_key', type: 'text' }) storageKey: string;
}

/**
 * 附件: one stored file of a proposal, a reply, a communication or a supervision notice. The bytes
 * are in the attachment store (the file system or an S3 bucket) under `storageKey`; the row holds
 * what was checked: the sniffed media type, the size and the SHA-256 of the content.
 */
@Entity('attachments')
export class AttachmentRow extends StoredFileColumns {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** The proposal the owner belongs to: access follows it. */
  @Uuid('proposal_id') proposalId: string;
  @Column({ name: 'owner_type', type: 'text' }) ownerType: AttachmentOwner;
  @Uuid('owner_id') ownerId: string;
  @Column('text', { default: 'file' }) purpose: AttachmentPurpose;
  @Uuid('uploaded_by', true) uploadedBy: string | null;
  @Timestamp('uploaded_at') uploadedAt: Date;
}
