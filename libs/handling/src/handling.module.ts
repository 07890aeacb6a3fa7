import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DubanConfig } from '#common';
import type { Clock } from '#domain';
import { AppContext, CLOCK, useCaseProviders } from '#kernel';
import { AcceptAssignment, AssignProposal, DecideAdjustment, DecideExtension, ReassignAfterAdjustment, RequestAdjustment, RequestExtension } from './assignment.js';
import { RecordCommunication, SubmitOpinion, SubmitReply } from './handling.js';
import { GiveFeedback, PublishProposal, ReopenForRehandling } from './feedback.js';
import { ApproveReply, AssignOfficer, DraftReply, ReturnReply } from './sign-off.js';
import { ProposalQueries } from './queries/proposal-queries.js';
import { PublicQueries } from './queries/public-queries.js';
import { AttachmentFiles, AttachmentQueries, UploadAttachment } from './attachments/attachments.js';
import { ProposalDrafts } from './drafts.js';
import { createAttachmentStorage, type AttachmentStorage } from './attachments/storage.js';
import { createVirusScanner, type VirusScanner } from './attachments/virus-scan.js';

/** The attachment store (attachments/storage.ts) and the virus scanner (attachments/virus-scan.ts). */
export const ATTACHMENT_STORAGE = Symbol('ATTACHMENT_STORAGE');
export const VIRUS_SCANNER = Symbol('VIRUS_SCANNER');

const USE_CASES = [
  AssignProposal, AcceptAssignment, RequestAdjustment, DecideAdjustment, RequestExtension, DecideExtension, ReassignAfterAdjustment,
  SubmitOpinion, GiveFeedback, PublishProposal, ReopenForRehandling, AssignOfficer, DraftReply, ReturnReply,
] as const;

/** The use cases that also take the attachment files (a reply's letter, a meeting's minutes and photos, any upload, a draft's files). */
const FILE_USE_CASES = [RecordCommunication, SubmitReply, UploadAttachment, AttachmentQueries, ProposalDrafts] as const;

/**
 * Handling (承办): assignment and its adjustments and extensions, communications, replies, feedback
 * and publication, the register, and the attachments (附件) they carry.
 */
@Module({
  providers: [
    ...useCaseProviders(USE_CASES),
    // Attachments (附件): the store (disk or S3, DUBAN_ATTACHMENT_STORE) and clamd when DUBAN_CLAMD_URL is set.
    { provide: ATTACHMENT_STORAGE, inject: [DubanConfig], useFactory: (config: DubanConfig) => createAttachmentStorage(config.attachmentStore) },
    { provide: VIRUS_SCANNER, inject: [DubanConfig], useFactory: (config: DubanConfig) => createVirusScanner(config.clamdUrl) },
    {
      provide: AttachmentFiles,
      inject: [ATTACHMENT_STORAGE, VIRUS_SCANNER],
      useFactory: (storage: AttachmentStorage, scanner: VirusScanner) => new AttachmentFiles(storage, scanner),
    },
    ...FILE_USE_CASES.map((UseCase) => ({
      provide: UseCase,
      inject: [AppContext, AttachmentFiles],
      useFactory: (ctx: AppContext, files: AttachmentFiles) => new UseCase(ctx, files),
    })),
    // 审签同意 sends the draft as SubmitReply records any reply.
    { provide: ApproveReply, inject: [AppContext, SubmitReply], useFactory: (ctx: AppContext, replies: SubmitReply) => new ApproveReply(ctx, replies) },
    { provide: ProposalQueries, inject: [DataSource, CLOCK], useFactory: (ds: DataSource, clock: Clock) => new ProposalQueries(ds, clock) },
    { provide: PublicQueries, inject: [DataSource], useFactory: (ds: DataSource) => new PublicQueries(ds) },
  ],
  exports: [...USE_CASES, ...FILE_USE_CASES, ApproveReply, ATTACHMENT_STORAGE, VIRUS_SCANNER, AttachmentFiles, ProposalQueries, PublicQueries],
})
export class HandlingModule {}
