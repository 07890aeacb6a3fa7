import type {
  AccessRole, AssignmentRole, AssignmentState, Body, CloseReason, CoSigningState, CommunicationMethod, DeadlineRowKind, DeskStage, UnitRole, DeadlineStatus, FeedbackVia, ImportStatus,
  NoticeStatus, NotificationStatus, ProposalStatus, ProposerKind, RankColor, Recipient, RequestStatus, ReviewDecision, Satisfaction, StageType,
  UnitKind,
} from '#domain';
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

/** 本单位岗位 (a unit user's post, domain sign-off.ts) */
export const UNIT_ROLE_LABELS: Record<UnitRole, string> = {
  liaison: '联络员',
  officer: '经办人',
  leader: '分管领导',
};

/** 在本单位等待 (where in the unit an assignment waits) */
export const DESK_STAGE_LABELS: Record<DeskStage, string> = {
  liaison: '待联络员分派',
  officer: '经办人办理中',
  leader: '待分管领导审签',
};

/** 办理方式: 主办 / 协办 / 分办 */
export const ASSIGNMENT_ROLE_LABELS: Record<AssignmentRole, string> = { lead: '主办', co: '协办', separate: '分办' };

/** 满意度: 满意 / 基本满意 / 不满意 */
export const RATING_LABELS: Record<Satisfaction, string> = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' };

/** 用户角色: how the pages, the timeline, the mails and the letters name a user's role. */
export const USER_ROLE_LABELS: Record<AccessRole, string> = {
  admin: '系统管理员',
  committee: '提案委',
  supervisor: '督查室',
  unit: '承办单位',
  proposer: '提案者',
};

/** 期限种类, as the mails and the supervision pages say them (the proposal page says 回执 in full: DEADLINE_KIND_PAGE_LABELS). */
export const DEADLINE_KIND_LABELS: Record<DeadlineRowKind, string> = {
  reply: '答复',
  co_opinion: '协办意见',
  adjustment: '申请调整',
  feedback: '回执',
  rehandling: '重新办理',
  publication: '公开',
  supervision: '督办回复',
};

/** 期限种类 on the proposal page and the lists. */
export const DEADLINE_KIND_PAGE_LABELS: Record<DeadlineRowKind, string> = { ...DEADLINE_KIND_LABELS, feedback: '回执（满意度测评）' };

/** 期限状态 */
export const DEADLINE_STATUS_LABELS: Record<DeadlineStatus, string> = { open: '进行中', settled: '已完成', cancelled: '已取消', expired: '已到期' };

/** 通知（邮件）状态 */
export const NOTIFICATION_STATUS_LABELS: Record<NotificationStatus, string> = {
  queued: '待发送',
  held: '暂缓（非工作时间）',
  sending: '发送中',
  sent: '已发送',
  retrying: '重试中',
  dead: '投递失败',
};

/** 调整、延期申请的状态 */
export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = { pending: '待决定', approved: '已同意', rejected: '未同意' };

/** 督办通知的状态 */
/** 联名邀请 (domain co-signing.ts). */
export const CO_SIGNING_STATE_LABELS: Record<CoSigningState, string> = { pending: '待确认', confirmed: '已确认', declined: '已谢绝' };

export const NOTICE_STATUS_LABELS: Record<NoticeStatus, string> = { open: '待回复', responded: '已回复', withdrawn: '已撤回' };

/** 批量导入的状态 */
export const IMPORT_STATUS_LABELS: Record<ImportStatus, string> = { queued: '排队中', running: '导入中', completed: '已完成', failed: '失败' };

/** 回执来源 */
export const FEEDBACK_VIA_LABELS: Record<FeedbackVia, string> = { staff: '工作人员代录', proposer: '提案者本人', link: '回执链接' };

/** 沟通方式 */
export const COMMUNICATION_METHOD_LABELS: Record<CommunicationMethod, string> = {
  meeting: '座谈面商',
  phone: '电话沟通',
  visit: '走访',
  letter: '函件',
  online: '网络沟通',
};

/** 审查结论 */
export const REVIEW_DECISION_LABELS: Record<ReviewDecision, string> = {
  file: '立案',
  not_file: '不予立案',
  merge: '并案',
  convert: '转为意见建议',
  return: '退回修改',
};

/** 办结方式 (a withdrawal's typed reason is shown as it is: `labelOf`). */
export const CLOSE_REASON_LABELS: Record<CloseReason, string> = { rated: '提案者已评价', no_feedback: '回执期满未反馈', withdrawn: '撤回' };

/** 单位类别 */
export const UNIT_KIND_LABELS: Record<UnitKind, string> = { department: '承办部门', committee: '提案委', supervision: '督查室' };

/** 提案者类别 */
export const PROPOSER_KIND_LABELS: Record<ProposerKind, string> = { member: '委员/代表', group: '党派团体' };

/** 政协 / 人大 */
export const BODY_LABELS: Record<Body, string> = { cppcc: '政协', npc: '人大' };

/** 红黄绿牌 */
export const RANK_COLOR_LABELS: Record<RankColor, string> = { red: '红牌', yellow: '黄牌', green: '绿牌' };

/** Who a stage of a deadline ladder notifies (the supervision pages' rules). */
export const RECIPIENT_LABELS: Record<Recipient, string> = {
  unit: '承办单位', unit_head: '承办单位负责人', lead_unit: '主办单位', supervision: '督查室', supervision_leader: '督查室负责同志',
  proposer: '提案者', committee: '提案委',
};

/** The type of a ladder's stage. */
export const STAGE_TYPE_LABELS: Record<StageType, string> = { reminder: '提醒', overdue: '逾期通报', escalation: '升级督办', expiry: '期满' };

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
  'cosigning.invited': '邀请联名',
  'cosigning.confirmed': '确认联名',
  'cosigning.declined': '谢绝联名',
  'proposal.assigned': '交办',
  'assignment.accepted': '签收',
  'assignment.officer_assigned': '分派经办人',
  'reply.drafted': '答复拟稿，报分管领导审签',
  'reply.approved': '分管领导审签同意（签发）',
  'reply.returned': '分管领导退回修改',
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
