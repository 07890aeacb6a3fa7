import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { StoredFileColumns } from './attachment.entity.js';
import { Timestamp, Uuid } from './columns.js';

/** 提案草稿: a proposal its author (a member, signed in) is still writing; no one else sees it. */
@Entity('proposal_drafts')
export class ProposalDraftRow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Uuid('user_id') userId: string;
  @Uuid('proposer_id') proposerId: string;
  @Uuid('session_id', true) sessionId: string | null;
  @Column('text', { default: '' }) title: string;
  @Column('text', { default: '' }) content: string;
  @Column('text', { nullable: true }) category: string | null;
  @Timestamp('created_at') createdAt: Date;
  @Timestamp('updated_at') updatedAt: Date;
  @Column('int', { default: 1 }) version: number;
}

/** A file of a draft: stored and checked like an attachment, recorded as one when the draft is submitted. */
@Entity('proposal_draft_files')
export class ProposalDraftFileRow extends StoredFileColumns {
  @PrimaryColumn('uuid') id: string;
  @Uuid('draft_id') draftId: string;
  @Timestamp('uploaded_at') uploadedAt: Date;
}
