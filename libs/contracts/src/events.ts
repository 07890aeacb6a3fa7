import type { AssignmentRole, Recipient, Satisfaction, StageType } from '#domain';

/**
 * The event catalogue (事件目录): every event Duban records, what it is about (`subject`) and what its
 * payload carries — the one contract that the outbox, the routing table (libs/queue/src/routing.ts),
 * the job handlers, the notification planner, the audit timeline and the history replay share.
 * `Tx.record` accepts only an event of this catalogue with its own payload, and the routing table
 * is a map over every type here, so a new event without its payload type or its routes does not
 * compile. Each payload is what the code writes today; a field added later is optional (`?`), as
 * the events already stored do not have it.
 */
export interface EventCatalogue {
  // ---- intake (收案): filing, review, classification, similar proposals, bulk import ----------
  'proposal.submitted': { subject: 'proposal'; payload: ProposalSubmitted };
  'proposal.resubmitted': { subject: 'proposal'; payload: { changed: string[] } };
  'proposal.filed': { subject: 'proposal'; payload: ProposalReviewed };
  'proposal.not_filed': { subject: 'proposal'; payload: ProposalReviewed };
  'proposal.merged': { subject: 'proposal'; payload: ProposalReviewed };
  'proposal.converted': { subject: 'proposal'; payload: ProposalReviewed };
  'proposal.returned': { subject: 'proposal'; payload: ProposalReviewed };
  'proposal.withdrawn': { subject: 'proposal'; payload: { reason: string | null } };
  'proposal.classified': { subject: 'proposal'; payload: ProposalClassified };
  'proposal.duplicates_found': { subject: 'proposal'; payload: DuplicatesFound };
  'import.requested': { subject: 'import'; payload: ImportRequested };
  'import.completed': { subject: 'import'; payload: ImportCompleted };
  'import.failed': { subject: 'import'; payload: { importId: string; failure: string } };
  // ---- co-signing (联名): the lead proposer's invitations and the invitees' answers --------------
  'cosigning.invited': { subject: 'co_signing'; payload: CoSignerInvited };
  'cosigning.confirmed': { subject: 'co_signing'; payload: CoSigningAnswered };
  'cosigning.declined': { subject: 'co_signing'; payload: CoSigningAnswered };
  // ---- handling (办理): assignment, adjustment, extension, contact, opinions, replies ---------
  'proposal.assigned': { subject: 'proposal'; payload: ProposalAssigned };
  'assignment.accepted': { subject: 'assignment'; payload: { unitId: string; role: AssignmentRole; proposalStatus: string } };
  'assignment.adjustment_requested': { subject: 'adjustment_request'; payload: AdjustmentRequested };
  'assignment.adjustment_rejected': { subject: 'adjustment_request'; payload: RequestRejected };
  'assignment.adjustment_approved': { subject: 'adjustment_request'; payload: AdjustmentApproved };
  'assignment.reassigned': { subject: 'assignment'; payload: AssignmentReassigned };
  'assignment.extension_requested': { subject: 'extension_request'; payload: ExtensionRequested };
  'assignment.extension_granted': { subject: 'extension_request'; payload: ExtensionGranted };
  'assignment.extension_rejected': { subject: 'extension_request'; payload: RequestRejected };
  'communication.recorded': { subject: 'communication'; payload: { assignmentId: string; unitId: string; method: string; happenedOn: string } };
  'opinion.submitted': { subject: 'opinion'; payload: { assignmentId: string; unitId: string } };
  'reply.submitted': { subject: 'reply'; payload: ReplySubmitted };
  // ---- the unit's internal flow (单位内部流转, libs/domain/src/sign-off.ts): 分派, 拟稿, 审签 ------------
  'assignment.officer_assigned': { subject: 'assignment'; payload: OfficerAssigned };
  'reply.drafted': { subject: 'reply_draft'; payload: ReplyDrafted };
  'reply.approved': { subject: 'reply_draft'; payload: ReplyDecided };
  'reply.returned': { subject: 'reply_draft'; payload: ReplyDecided };
  'proposal.replied': { subject: 'proposal'; payload: { round: number; public: boolean } };
  // ---- feedback (回执), re-handling, closing, publication --------------------------------------
  'feedback.received': { subject: 'feedback'; payload: FeedbackReceived };
  'proposal.rehandling': { subject: 'proposal'; payload: ProposalRehandling };
  'proposal.closed': { subject: 'proposal'; payload: ProposalClosed };
  'proposal.published': { subject: 'proposal'; payload: { publicationIndex: string } };
  // ---- deadlines (期限): the sweep's ladder stages, and moves by a rules change ----------------
  'deadline.reminder_due': { subject: 'deadline'; payload: DeadlineStageFired };
  'deadline.overdue': { subject: 'deadline'; payload: DeadlineStageFired };
  'deadline.escalated': { subject: 'deadline'; payload: DeadlineStageFired };
  'deadline.expired': { subject: 'deadline'; payload: DeadlineStageFired };
  'deadline.recomputed': { subject: 'deadline'; payload: DeadlineRecomputed };
  // ---- supervision (督办): notices, notes, key proposals, rules, the weekly digest --------------
  'supervision.notice_issued': { subject: 'supervision_notice'; payload: NoticeIssued };
  'supervision.notice_responded': { subject: 'supervision_notice'; payload: NoticeResponded };
  'supervision.notice_withdrawn': { subject: 'supervision_notice'; payload: NoticeWithdrawn };
  'supervision.note_added': { subject: 'proposal'; payload: { note: string } };
  'supervision.weekly_digest': { subject: 'digest'; payload: { week: string; asOf: string } };
  'proposal.key_designated': { subject: 'proposal'; payload: { key: boolean; leaderName: string | null } };
  'rules.changed': { subject: 'rules'; payload: RulesChanged };
  'session.rules_changed': { subject: 'session'; payload: SessionRulesChanged };
  // ---- attachments (附件): every upload and every download, for the audit trail -------------------
  'attachment.uploaded': { subject: 'attachment'; payload: AttachmentUploaded };
  'attachment.downloaded': { subject: 'attachment'; payload: AttachmentDownloaded };
  // ---- notifications (通知) ---------------------------------------------------------------------
  'notification.dead': { subject: 'notification'; payload: NotificationDead };
  'notification.resent': { subject: 'notification'; payload: { notificationType: string; recipientEmail: string; previousAttempts: number } };
}

export type EventType = keyof EventCatalogue;
export type EventPayload<T extends EventType> = EventCatalogue[T]['payload'];
export type EventSubject<T extends EventType> = EventCatalogue[T]['subject'];

/** An event to record (`Tx.record`): a union discriminated by `type`, each type with its own subject and payload. */
export type NewEvent<T extends EventType = EventType> = {
  [K in T]: {
    type: K;
    proposalId?: string | null;
    subjectType: EventSubject<K>;
    subjectId?: string | null;
    payload: EventPayload<K>;
    /** For events that must exist at most once (a deadline stage firing, a weekly digest). */
    dedupeKey?: string;
  };
}[T];

/** A recorded event as read back from Postgres, once its type is known (`storedEvent`). */
export type StoredEvent<T extends EventType = EventType> = {
  [K in T]: {
    id: string;
    type: K;
    proposalId: string | null;
    subjectType: string;
    subjectId: string | null;
    actorId: string | null;
    actor: string;
    occurredAt: Date;
    payload: EventPayload<K>;
  };
}[T];

/** Every event type, in the catalogue's order (a `Record` over the types: one left out does not compile). */
const EVENT_TYPE_SET: Record<EventType, true> = {
  'proposal.submitted': true, 'proposal.resubmitted': true, 'proposal.filed': true, 'proposal.not_filed': true, 'proposal.merged': true,
  'proposal.converted': true, 'proposal.returned': true, 'proposal.withdrawn': true, 'proposal.classified': true, 'proposal.duplicates_found': true,
  'import.requested': true, 'import.completed': true, 'import.failed': true,
  'cosigning.invited': true, 'cosigning.confirmed': true, 'cosigning.declined': true,
  'proposal.assigned': true, 'assignment.accepted': true, 'assignment.adjustment_requested': true, 'assignment.adjustment_rejected': true,
  'assignment.adjustment_approved': true, 'assignment.reassigned': true, 'assignment.extension_requested': true, 'assignment.extension_granted': true,
  'assignment.extension_rejected': true, 'communication.recorded': true, 'opinion.submitted': true, 'reply.submitted': true, 'proposal.replied': true,
  'assignment.officer_assigned': true, 'reply.drafted': true, 'reply.approved': true, 'reply.returned': true,
  'feedback.received': true, 'proposal.rehandling': true, 'proposal.closed': true, 'proposal.published': true,
  'deadline.reminder_due': true, 'deadline.overdue': true, 'deadline.escalated': true, 'deadline.expired': true, 'deadline.recomputed': true,
  'supervision.notice_issued': true, 'supervision.notice_responded': true, 'supervision.notice_withdrawn': true, 'supervision.note_added': true,
  'supervision.weekly_digest': true, 'proposal.key_designated': true, 'rules.changed': true, 'session.rules_changed': true,
  'attachment.uploaded': true, 'attachment.downloaded': true,
  'notification.dead': true, 'notification.resent': true,
};

export const EVENT_TYPES: readonly EventType[] = Object.keys(EVENT_TYPE_SET) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_TYPE_SET, type);
}

/**
 * The boundary where a stored event becomes typed: a row of `events` (its type a string, its payload
 * JSON) is a `StoredEvent` when its type is in the catalogue, null otherwise (a type no longer
 * written, or one this build does not know). Payloads are trusted once the type is known: only
 * `Tx.record`, which the compiler holds to the catalogue, writes them.
 */
export function storedEvent<R extends { type: string; payload: unknown }>(row: R): (R & StoredEvent) | null {
  if (!isEventType(row.type)) return null;
  return { ...row, payload: row.payload ?? {} } as unknown as R & StoredEvent;
}

/** Narrows a typed event to some of its types. */
export function isEventOf<T extends EventType>(event: StoredEvent, ...types: T[]): event is Extract<StoredEvent, { type: T }> {
  return (types as EventType[]).includes(event.type);
}

// ---- payloads ---------------------------------------------------------------------------------

export interface ProposalSubmitted {
  sessionId: string;
  title: string;
  number: number | null;
  leadProposerId: string;
  coProposerIds: string[];
  /** Set for a proposal created by a bulk import (its summary tells the committee, not one mail per row). */
  importId?: string;
}

/** 立案审查: filed, not filed, merged (into `mergeIntoId`), converted or returned. */
export interface ProposalReviewed {
  number: number | null;
  reason: string | null;
  mergeIntoId?: string;
}

export interface ProposalClassified {
  category: string | null;
  themes: string[];
  matched: unknown;
  /** The themes among config/intake.json `alertThemes` (预警主题, e.g. 营商环境). */
  alert: string[];
}

export interface DuplicatesFound {
  threshold: number;
  duplicates: Array<{ proposalId: string; number: number | null; sessionId: string | null; score: number; sharedTerms: string[] }>;
}

export interface ImportRequested {
  importId: string;
  sessionId: string;
  filename: string;
  format: string;
  sha256: string;
  bytes: number;
}

export interface ImportCompleted {
  importId: string;
  sessionId: string;
  imported: number;
  skipped: number;
  invalid: number;
}

export interface ProposalAssigned {
  assignments: Array<{ id: string; unitId: string; role: AssignmentRole }>;
  key: boolean;
  leaderName: string | null;
}

export interface AdjustmentRequested {
  assignmentId: string;
  unitId: string;
  reason: string;
  suggestedUnitId: string | null;
  /** 本单位改为协办: the lead asks to stay on as co-handler. */
  keepAsCo?: boolean;
}

export interface RequestRejected {
  assignmentId: string;
  unitId: string;
  reason: string | null;
}

export interface AdjustmentApproved {
  assignmentId: string;
  fromUnitId: string;
  toUnitId: string;
  role: AssignmentRole;
  reason?: string | null;
  /** 主协办互换: the co-handler's assignment that takes over the lead. */
  displacedAssignmentId?: string;
  requesterBecomes?: 'co';
}

export interface AssignmentReassigned {
  requestId: string;
  fromAssignmentId: string;
  fromUnitId: string;
  toAssignmentId: string;
  toUnitId: string;
  role: AssignmentRole;
  displacedAssignmentId?: string;
  /** The new assignment's unit's role before (主协办互换, or the former lead staying on as co-handler). */
  previousRole?: AssignmentRole;
}

export interface ExtensionRequested {
  assignmentId: string;
  unitId: string;
  deadlineId: string;
  currentDueOn: string;
  newDueOn: string;
  reason: string;
}

export interface ExtensionGranted {
  assignmentId: string;
  unitId: string;
  deadlineId: string;
  previousDueOn: string;
  newDueOn: string;
}

export interface ReplySubmitted {
  assignmentId: string;
  unitId: string;
  round: number;
  resultCategory: string;
  public: boolean;
  /** Null when the reply settled no deadline. */
  onTime: boolean | null;
}

/** 分派经办人: the liaison gives an accepted assignment to an officer of the unit (again: to another one). */
export interface OfficerAssigned {
  assignmentId: string;
  unitId: string;
  officerUserId: string;
  /** The officer before, when the work moved from one officer to another. */
  previousOfficerUserId: string | null;
}

/** 拟稿: the officer's draft of the reply goes to the unit's leader for sign-off (审签). */
export interface ReplyDrafted {
  assignmentId: string;
  unitId: string;
  round: number;
  officerUserId: string;
}

/** 审签: the leader approved the draft (签发: `reply.submitted` follows) or returned it to the officer with a comment. */
export interface ReplyDecided {
  assignmentId: string;
  unitId: string;
  round: number;
  officerUserId: string;
  leaderUserId: string;
  /** 签发人 (approved) as the reply records it. */
  signedBy?: string;
  /** 退回意见 (returned). */
  comment?: string;
}

export interface FeedbackReceived {
  rating: Satisfaction;
  round: number;
  via: string;
  feedbackId: string;
}

export interface ProposalRehandling {
  round: number;
  feedbackId: string;
  assignmentIds: string[];
  unitIds: string[];
  deadlineIds: string[];
}

export type ProposalClosed = { reason: 'rated'; rating: Satisfaction } | { reason: 'no_feedback'; round: number };

/** A ladder stage fired by the sweep (提醒, 逾期, 升级督办, 期满). */
export interface DeadlineStageFired {
  deadlineId: string;
  /** The deadline's kind: reply, co_opinion, …, or supervision (a 督办 notice's own). */
  kind: string;
  round: number;
  stage: string;
  stageType: StageType;
  notify: Recipient[];
  occurrence: number;
  dueOn: string;
  dueAt: string;
  assignmentId: string | null;
  unitId: string | null;
  scheduledFor: string;
}

export interface DeadlineRecomputed {
  deadlineId: string;
  dedupeKey: string;
  kind: string;
  round: number;
  assignmentId: string | null;
  previousDueOn: string;
  dueOn: string;
  dueChanged: boolean;
  ladderChanged: boolean;
  /** The rules layer's version, or the session's own (one of the two). */
  rulesVersion?: number;
  sessionId?: string;
  sessionRulesVersion?: number;
  note: string;
}

export interface NoticeIssued {
  noticeId: string;
  year: number;
  number: number;
  assignmentId: string;
  unitId: string;
  deadlineId: string;
  dedupeKey: string;
  dueOn: string;
  workdays: number;
}

export interface NoticeResponded {
  noticeId: string;
  assignmentId: string;
  unitId: string;
  deadlineId: string;
  dedupeKey: string | null;
  late: boolean;
}

export interface NoticeWithdrawn {
  noticeId: string;
  unitId: string;
  dedupeKey: string | null;
  reason: string;
}

/** One item of a rules change: a ladder, a holiday override, a path of a session's override. */
export interface RuleChange {
  what: 'ladder' | 'holiday' | 'override' | 'sign_off';
  subject: string;
  before: unknown;
  after: unknown;
}

export interface RulesChanged {
  version: number;
  reason: string;
  /** The rules layer now in force (RulesLayer). */
  document: object;
  changes: RuleChange[];
  recomputed: number;
  moved: number;
}

export interface SessionRulesChanged {
  sessionId: string;
  version: number;
  reason: string;
  document: Record<string, unknown>;
  previous: Record<string, unknown>;
  changes: RuleChange[];
  recomputed: number;
  moved: number;
}

export interface NotificationDead {
  notificationId: string;
  /** The dead notification's type (a delivery-failure notice that died is not reported again). */
  type: string;
  recipient: string;
  subject: string;
  attempts: number;
  lastError: string;
  /** The channel it died on (email when absent: rows before the channels). */
  channel?: string;
}

/** 上传附件: a file stored and checked (sniffed format, size, SHA-256 of the content). */
export interface AttachmentUploaded {
  attachmentId: string;
  ownerType: 'proposal' | 'reply' | 'communication' | 'supervision_notice';
  ownerId: string;
  purpose: 'file' | 'letter';
  filename: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
}

/**
 * 下载附件: who read which file (the event's actor; `public` for a published reply's letter read on
 * the public page). Recorded without the event's proposal, so that reading files does not fill the
 * proposal's timeline; the payload names it for the audit.
 */
export interface AttachmentDownloaded {
  attachmentId: string;
  proposalId: string;
  ownerType: 'proposal' | 'reply' | 'communication' | 'supervision_notice';
  ownerId: string;
  via: 'api' | 'ui' | 'public';
}

/** 邀请联名: the lead proposer invited a member to co-sign (the event's subject is the invitation). */
export interface CoSignerInvited {
  invitationId: string;
  /** The invitee. */
  proposerId: string;
  /** The lead proposer who invited. */
  invitedBy: string;
}

/** 确认联名 / 谢绝联名: the invitee's answer, in Duban (`app`) or through the invitation mail's signed link (`link`). */
export interface CoSigningAnswered {
  invitationId: string;
  proposerId: string;
  via: 'app' | 'link';
}
