import type { AssignmentRole, AssignmentState, ProposalStatus, Satisfaction } from '#domain';
import type { EventType } from './events.js';

/**
 * The zh-CN words for Duban's states (状态、承办状态、办理方式、满意度) and events, one catalogue for the
 * UI, the emails and the exports. Each table is a `Record` over its domain union: a new state without
 * its label does not compile.
 */

/** 提案状态 */
export const PROPOSAL_STATUS_LABELS: Record<ProposalStatus, string> = {
  submitted: '待审查',
  filed: '已立案',
  not_filed: '不予立案',
  merged: '已并案',
  converted: '转为意见建议',
  returned: '退回修改',
  withdrawn: '已撤回',
  assigned: '已交办',
  handling: '办理中',
  replied: '已答复',
  rehandling: '重新办理',
  closed: '已办结',
};

/** 承办状态 (an assignment's state, as a unit's desk shows it) */
export const ASSIGNMENT_STATE_LABELS: Record<AssignmentState, string> = {
  assigned: '待签收',
  accepted: '办理中',
  replied: '已答复',
  opinion_submitted: '已提交协办意见',
  adjustment_requested: '申请调整中',
  removed: '已调整出',
};

/** 办理方式: 主办 / 协办 / 分办 */
export const ASSIGNMENT_ROLE_LABELS: Record<AssignmentRole, string> = { lead: '主办', co: '协办', separate: '分办' };

/** 满意度: 满意 / 基本满意 / 不满意 */
export const RATING_LABELS: Record<Satisfaction, string> = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' };

/** What the timeline calls each event. */
export const EVENT_LABELS: Record<EventType, string> = {
  'proposal.submitted': '提交提案',
  'proposal.resubmitted': '修改后重新提交',
  'proposal.classified': '自动分类',
  'proposal.duplicates_found': '发现相似提案',
  'proposal.filed': '立案',
  'proposal.not_filed': '不予立案',
  'proposal.merged': '并案',
  'proposal.converted': '转为意见建议',
  'proposal.returned': '退回修改',
  'proposal.withdrawn': '撤回',
  'import.requested': '批量导入申请',
  'import.completed': '批量导入完成',
  'import.failed': '批量导入失败',
  'proposal.assigned': '交办',
  'assignment.accepted': '签收',
  'assignment.adjustment_requested': '申请调整',
  'assignment.adjustment_approved': '同意调整',
  'assignment.adjustment_rejected': '不同意调整',
  'assignment.reassigned': '重新交办',
  'assignment.extension_requested': '申请延期',
  'assignment.extension_granted': '同意延期',
  'assignment.extension_rejected': '不同意延期',
  'communication.recorded': '沟通协商',
  'opinion.submitted': '提交协办意见',
  'reply.submitted': '答复',
  'proposal.replied': '全部答复完毕',
  'feedback.received': '收到回执',
  'proposal.rehandling': '重新办理',
  'proposal.closed': '办结',
  'proposal.published': '公开',
  'deadline.reminder_due': '期限提醒',
  'deadline.overdue': '逾期',
  'deadline.escalated': '升级督办',
  'deadline.expired': '期限届满',
  'notification.dead': '通知投递失败',
  'notification.resent': '重新发送通知',
  'supervision.note_added': '督办意见',
  'supervision.weekly_digest': '督办周报',
  'supervision.notice_issued': '督办通知',
  'attachment.uploaded': '上传附件',
  'attachment.downloaded': '下载附件',
  'supervision.notice_responded': '督办回复',
  'supervision.notice_withdrawn': '撤回督办通知',
  'proposal.key_designated': '重点提案标注',
  'deadline.recomputed': '期限按新规则重新计算',
  'rules.changed': '时限规则变更',
  'session.rules_changed': '届次时限规则变更',
};

/** The label of a code read from outside the types (a query's row, a form): the code itself when unknown. */
export function labelOf<K extends string>(table: Record<K, string>, code: string | null | undefined): string {
  return code ? ((table as Record<string, string>)[code] ?? code) : '';
}
