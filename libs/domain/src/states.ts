import type { ProposalStatus } from './proposal-state.js';
import type { AssignmentState } from './assignment-state.js';
import { STORED_DEADLINE_KINDS } from './rules.js';

/**
 * The states of Duban's other records (期限、通知、申请、督办通知、导入) and the named sets of states the
 * rules speak of, each written once. The use cases test them with `includes`, the queries pass them to
 * SQL as a parameter (`status = ANY($1)`), never as a literal list; the CHECK constraints of the
 * database hold the same lists (test/status-checks.e2e-spec.ts compares them).
 */

// ---- the states of the records beside the proposal and its assignments -------------------------

/** A deadline: open 进行中 · settled 已完成 · cancelled 已取消 · expired 已到期 (a window that closed, no one late). */
export const DEADLINE_STATUSES = ['open', 'settled', 'cancelled', 'expired'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

/** The kinds a deadline row can have: the stored time rules and a 督办 notice's own answer (`supervision`). */
export const DEADLINE_ROW_KINDS = [...STORED_DEADLINE_KINDS, 'supervision'] as const;
export type DeadlineRowKind = (typeof DEADLINE_ROW_KINDS)[number];

/** A notification (an email): queued 待发送 · held 暂缓 · sending 发送中 · sent 已发送 · retrying 重试中 · dead 投递失败. */
export const NOTIFICATION_STATUSES = ['queued', 'held', 'sending', 'sent', 'retrying', 'dead'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** An adjustment or extension request (申请调整、申请延期): pending 待决定 · approved 已同意 · rejected 未同意. */
export const REQUEST_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** A 督办 notice: open 待回复 · responded 已回复 · withdrawn 已撤回. */
export const NOTICE_STATUSES = ['open', 'responded', 'withdrawn'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/** A bulk import (批量导入): queued · running · completed · failed. */
export const IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** A row of a bulk import: imported · skipped (already there) · invalid. */
export const IMPORT_ROW_STATUSES = ['imported', 'skipped', 'invalid'] as const;
export type ImportRowStatus = (typeof IMPORT_ROW_STATUSES)[number];

/** How a rating reached Duban (回执): staff 工作人员代录 · proposer 提案者本人 · link 回执链接. */
export const FEEDBACK_VIAS = ['staff', 'proposer', 'link'] as const;
export type FeedbackVia = (typeof FEEDBACK_VIAS)[number];

/** How a unit contacted the proposer (沟通协商): 座谈面商, 电话, 走访, 函件, 网络. */
export const COMMUNICATION_METHODS = ['meeting', 'phone', 'visit', 'letter', 'online'] as const;
export type CommunicationMethod = (typeof COMMUNICATION_METHODS)[number];

// ---- named sets of states -----------------------------------------------------------------------

/** Proposal states a proposal may be merged into (并案): it must still be, or become, a live case. */
export const MERGE_TARGET_STATUSES: readonly ProposalStatus[] = ['submitted', 'filed', 'assigned', 'handling'];

/** Proposal states in which a unit is still at work on it, so that a supervision notice (督办) can ask it something. */
export const SUPERVISABLE_STATUSES: readonly ProposalStatus[] = ['assigned', 'handling', 'rehandling', 'replied'];

/** Proposal states in which the office may mark it key (重点提案) or unmark it: from filing to the reply. */
export const KEY_DESIGNATABLE_STATUSES: readonly ProposalStatus[] = ['filed', ...SUPERVISABLE_STATUSES];

/** Assignment states in which a unit may record a contact with the proposer (沟通协商): accepted, and after. */
export const COMMUNICATING_STATES: readonly AssignmentState[] = ['accepted', 'replied', 'opinion_submitted', 'adjustment_requested'];

/** Deadline kinds a handling unit owes (its answer): a 督办 notice can urge them, an extension moves them. */
export const ANSWER_DEADLINE_KINDS = ['reply', 'co_opinion', 'rehandling'] as const;

/** Notification states still waiting to be sent by a worker (not held for working hours, not sending). */
export const UNSENT_NOTIFICATION_STATUSES: readonly NotificationStatus[] = ['queued', 'retrying'];

export function isSupervisable(status: string): boolean {
  return (SUPERVISABLE_STATUSES as readonly string[]).includes(status);
}

export function isMergeTarget(status: string): boolean {
  return (MERGE_TARGET_STATUSES as readonly string[]).includes(status);
}

export function isAnswerDeadline(kind: string): boolean {
  return (ANSWER_DEADLINE_KINDS as readonly string[]).includes(kind);
}

// ---- the codes of the directory and the decisions ----------------------------------------------

/** A unit: department 承办部门 · committee 提案委 · supervision 督查室. */
export const UNIT_KINDS = ['department', 'committee', 'supervision'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** A proposer: member 委员/代表 · group 党派团体. */
export const PROPOSER_KINDS = ['member', 'group'] as const;
export type ProposerKind = (typeof PROPOSER_KINDS)[number];

/** The decisions of the filing review (立案审查): the proposal actions from `submitted` that the committee takes. */
export const REVIEW_DECISIONS = ['file', 'not_file', 'merge', 'convert', 'return'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** Why a proposal was closed (办结方式); a withdrawal keeps its reason as typed, so a stored value may be any text. */
export const CLOSE_REASONS = ['rated', 'no_feedback', 'withdrawn'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

/** The supervision office's cards (红黄绿牌) of a unit's ranking. */
export const RANK_COLORS = ['red', 'yellow', 'green'] as const;
export type RankColor = (typeof RANK_COLORS)[number];
