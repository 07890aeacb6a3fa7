import { Column, Entity, PrimaryColumn } from 'typeorm';
import { BaseRow, NullableText, Timestamp, Uuid } from './columns.js';

import type { ImportRowStatus, ImportStatus } from '#domain';

export type { ImportRowStatus, ImportStatus };

/** 批量导入: one uploaded XLSX or CSV file of proposals, its progress and its counts. */
@Entity('proposal_imports')
export class ProposalImportRow extends BaseRow {
  @Uuid('session_id') sessionId: string;
  @Column('text') filename: string;
  @Column('text') format: 'xlsx' | 'csv';
  @Column({ name: 'file_sha256', type: 'text' }) fileSha256: string;
  /** The file itself: the job carries the import's id, never the data. Not loaded unless selected. */
  @Column({ type: 'bytea', select: false }) file: Buffer;
  @Column('text', { default: 'queued' }) status: ImportStatus;
  @NullableText('failure') failure: string | null;
  @Column({ name: 'total_rows', type: 'int', nullable: true }) totalRows: number | null;
  @Column({ name: 'processed_rows', type: 'int', default: 0 }) processedRows: number;
  @Column({ name: 'imported_count', type: 'int', default: 0 }) importedCount: number;
  @Column({ name: 'skipped_count', type: 'int', default: 0 }) skippedCount: number;
  @Column({ name: 'invalid_count', type: 'int', default: 0 }) invalidCount: number;
  @Uuid('requested_by') requestedBy: string;
  @Timestamp('requested_at') requestedAt: Date;
  @Timestamp('started_at', true) startedAt: Date | null;
  @Timestamp('finished_at', true) finishedAt: Date | null;
}

export interface ImportProblem {
  /** The column as the file names it (标题), or the field when the column is missing. */
  column: string;
  /** The canonical field: number, title, content, leadProposer, coProposers, category. */
  field: string;
  message: string;
}

/** One data row of an import's report (row_no is the spreadsheet's row number: the header is row 1). */
@Entity('proposal_import_rows')
export class ProposalImportRowRecord {
  @PrimaryColumn({ name: 'import_id', type: 'uuid' }) importId: string;
  @PrimaryColumn({ name: 'row_no', type: 'int' }) rowNo: number;
  @Column('text') status: ImportRowStatus;
  @NullableText('identity') identity: string | null;
  @Column('int', { nullable: true }) number: number | null;
  @NullableText('title') title: string | null;
  @Uuid('proposal_id', true) proposalId: string | null;
  @Column('jsonb', { default: [] }) problems: ImportProblem[];
}

/** A proposal's terms for the similarity index, as of one version of its text. */
@Entity('similarity_documents')
export class SimilarityDocumentRow {
  @PrimaryColumn({ name: 'proposal_id', type: 'uuid' }) proposalId: string;
  /** bigint: read as a string by pg. */
  @Column({ type: 'bigint', insert: false, update: false }) seq: string;
  @Column({ name: 'text_md5', type: 'text' }) textMd5: string;
  @Column('jsonb') terms: Record<string, number>;
  @Column('int') length: number;
  @Timestamp('indexed_at') indexedAt: Date;
  @NullableText('searched_md5') searchedMd5: string | null;
  @Timestamp('searched_at', true) searchedAt: Date | null;
}

/** 相似提案: one of a proposal's most similar earlier proposals. */
@Entity('proposal_similarities')
export class ProposalSimilarityRow {
  @PrimaryColumn({ name: 'proposal_id', type: 'uuid' }) proposalId: string;
  @PrimaryColumn({ name: 'similar_id', type: 'uuid' }) similarId: string;
  @Column('int') rank: number;
  @Column('real') score: number;
  @Column('boolean') duplicate: boolean;
  /** The merge classifier's probability (并案把握), when it judged the pair. */
  @Column({ name: 'merge_probability', type: 'real', nullable: true }) mergeProbability: number | null;
  @Column({ name: 'shared_terms', type: 'text', array: true, default: () => "'{}'" }) sharedTerms: string[];
  @Timestamp('computed_at') computedAt: Date;
}
