// Mail templates of Duban: pure functions that render each notification as
// { subject, text, html } in Chinese. No NestJS, no TypeORM, no I/O.
export * from './types.js';
export {
  roleLabel,
  deadlineKindLabel,
  ratingLabel,
  proposalLabel,
  proposalNumberLabel,
  proposalKindWord,
  isNpcSession,
  formatChineseDate,
  actorDisplay,
  USER_ROLE_LABELS,
  SYSTEM_ACTOR_LABELS,
  CLOSE_REASON_LABELS,
  type ActorPerson,
} from './labels.js';
export { proposalUrl, DEFAULT_SUPERVISION_OFFICE, DEFAULT_SYSTEM_NAME } from './common.js';
export { renderAssignmentNotice, type AssignmentNoticeInput } from './assignment-notice.js';
export {
  renderReminder,
  renderOverdueAlert,
  renderEscalation,
  type ReminderInput,
  type OverdueAlertInput,
  type OverdueAudience,
  type EscalationInput,
  type EscalationAudience,
} from './deadline-notices.js';
export { renderReplyNotice, ccLine, defaultReplyCc, type MailReply, type ReplyNoticeInput } from './reply-notice.js';
export {
  renderFeedbackResult,
  renderExtensionGranted,
  renderAdjustmentRequested,
  renderNewProposal,
  renderDeliveryFailure,
  type FeedbackResultInput,
  type ExtensionGrantedInput,
  type AdjustmentRequestedInput,
  type NewProposalInput,
  type DeliveryFailureInput,
} from './handling-notices.js';
export { renderWeeklyDigest, type WeeklyDigestInput, type DigestUnit, type DigestItem } from './weekly-digest.js';
export {
  renderImportSummary,
  importUrl,
  MAX_LISTED_ALERT_PROPOSALS,
  type ImportSummaryInput,
  type ImportedAlertProposal,
} from './import-summary.js';
export { renderCoSigningAnswered, renderCoSigningInvitation, type CoSigningAnsweredInput, type CoSigningInvitationInput } from './co-signing-invitation.js';
export { renderUnitFlowNotice, type UnitFlowInput, type UnitFlowStep } from './unit-flow-notices.js';
