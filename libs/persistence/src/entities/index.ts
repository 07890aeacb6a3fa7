import { SessionRow, UnitRow, ProposerRow, UserRow } from './directory.entities.js';
import {
  ProposalRow, CoProposerRow, CoSigningInvitationRow, AssignmentRow, AdjustmentRequestRow, ExtensionRequestRow,
  CommunicationRow, OpinionRow, ReplyRow, ReplyDraftRow, FeedbackRow,
} from './proposal.entities.js';
import { DeadlineRow } from './deadline.entity.js';
import { EventJobRow, EventRow, NotificationRow } from './event.entities.js';
import { ProposalImportRow, ProposalImportRowRecord, ProposalSimilarityRow, SimilarityDocumentRow } from './intake.entities.js';
import { RulesVersionRow, SupervisionNoticeRow } from './supervision.entities.js';
import { AttachmentRow } from './attachment.entity.js';
import { ProposalDraftFileRow, ProposalDraftRow } from './draft.entity.js';

export * from './directory.entities.js';
export * from './proposal.entities.js';
export * from './deadline.entity.js';
export * from './event.entities.js';
export * from './intake.entities.js';
export * from './supervision.entities.js';
export * from './attachment.entity.js';
export * from './draft.entity.js';

export const ENTITIES = [
  SessionRow, UnitRow, ProposerRow, UserRow, ProposalRow, CoProposerRow, CoSigningInvitationRow, AssignmentRow, AdjustmentRequestRow,
  ExtensionRequestRow, CommunicationRow, OpinionRow, ReplyRow, ReplyDraftRow, FeedbackRow, DeadlineRow, EventRow, EventJobRow, NotificationRow,
  ProposalImportRow, ProposalImportRowRecord, SimilarityDocumentRow, ProposalSimilarityRow,
  SupervisionNoticeRow, RulesVersionRow, AttachmentRow, ProposalDraftRow, ProposalDraftFileRow,
];
