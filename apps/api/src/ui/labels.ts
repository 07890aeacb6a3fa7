import { actorDisplay, CLOSE_REASON_LABELS, USER_ROLE_LABELS } from '#mail';

// States, roles, ratings and events: the one catalogue typed by the domain's unions (libs/contracts/src/labels.ts).
export { ASSIGNMENT_ROLE_LABELS, ASSIGNMENT_STATE_LABELS, EVENT_LABELS, PROPOSAL_STATUS_LABELS as STATUS_LABELS, RATING_LABELS } from '#contracts';

/**
 * The Chinese words the UI shows for Duban's codes (states, roles, kinds, events). Those the mails
 * say too (roles, who acted, close reasons) come from the one catalogue in libs/mail/src/labels.ts.
 */

export const ROLE_LABELS: Record<string, string> = USER_ROLE_LABELS;

export const UNIT_KIND_LABELS: Record<string, string> = { department: '承办部门', committee: '提案委', supervision: '督查室' };
export const PROPOSER_KIND_LABELS: Record<string, string> = { member: '委员/代表', group: '党派团体' };
export const BODY_LABELS: Record<string, string> = { cppcc: '政协', npc: '人大' };
export const PROPOSER_BODY_LABELS: Record<string, string> = { cppcc: '政协（委员、党派团体）', npc: '人大（代表）' };

export const DEADLINE_KIND_LABELS: Record<string, string> = {
  reply: '答复',
  co_opinion: '协办意见',
  adjustment: '申请调整',
  feedback: '回执（满意度测评）',
  rehandling: '重新办理',
  publication: '公开',
  supervision: '督办回复',
};

export const DEADLINE_STATUS_LABELS: Record<string, string> = { open: '进行中', settled: '已完成', cancelled: '已取消', expired: '已到期' };

export const DEADLINE_STAGE_LABELS: Record<string, string> = {
  open: '未到提醒期',
  reminder_30d: '已发到期前30天提醒',
  reminder_7d: '已发到期前7天提醒',
  reminder_1d: '已发到期前1天提醒',
  reminder_5wd: '已发到期前5个工作日提醒',
  reminder_1wd: '已发到期前1个工作日提醒',
  overdue: '已逾期通报',
  escalation: '已升级督办',
  expiry: '已到期',
  done: '已结束',
};

const STAGE_TYPE_DONE_LABELS: Record<string, string> = { reminder: '已发到期提醒', overdue: '已逾期通报', escalation: '已升级督办', expiry: '已到期' };

/**
 * Where a deadline stands on its ladder, in Chinese, whatever the stage's code: the known codes by
 * name, a code of the usual form (reminder_30d, reminder_5wd) by its days, any other by the type of
 * the stage (a ladder the office edited may name its stages freely) — never the code itself.
 */
export function stageText(stage: string | null | undefined, type?: string | null): string {
  if (!stage) return DEADLINE_STAGE_LABELS.open;
  if (DEADLINE_STAGE_LABELS[stage]) return DEADLINE_STAGE_LABELS[stage];
  const m = /^reminder_(\d+)(d|wd)$/.exec(stage);
  if (m) return `已发到期前${m[1]}${m[2] === 'wd' ? '个工作日' : '天'}提醒`;
  const kind = type ?? stage.split('_')[0];
  return STAGE_TYPE_DONE_LABELS[kind] ?? '已发提醒';
}

export const COMMUNICATION_METHOD_LABELS: Record<string, string> = {
  meeting: '座谈面商',
  phone: '电话沟通',
  visit: '走访',
  letter: '函件',
  online: '网络沟通',
};

export const FEEDBACK_VIA_LABELS: Record<string, string> = { staff: '工作人员代录', proposer: '提案者本人', link: '回执链接' };

export const REVIEW_DECISION_LABELS: Record<string, string> = {
  file: '立案',
  not_file: '不予立案',
  merge: '并案',
  convert: '转为意见建议',
  return: '退回修改',
};

export { CLOSE_REASON_LABELS };

export const REQUEST_STATUS_LABELS: Record<string, string> = { pending: '待决定', approved: '已同意', rejected: '未同意' };

export const NOTIFICATION_STATUS_LABELS: Record<string, string> = {
  queued: '待发送',
  held: '暂缓（非工作时间）',
  sending: '发送中',
  sent: '已发送',
  retrying: '重试中',
  dead: '投递失败',
};

/** An SMS delivery receipt's stat (SMPP 状态报告) as the admin pages show it. */
export const SMS_RECEIPT_LABELS: Record<string, string> = {
  DELIVRD: '已送达',
  ACCEPTD: '已接收',
  ENROUTE: '投递中',
  UNDELIV: '未送达',
  EXPIRED: '已过期',
  REJECTD: '被拒绝',
  DELETED: '已删除',
  UNKNOWN: '状态未知',
};

/** Who did it, from the event's actor label alone (no person known): the shared catalogue's actorDisplay. */
export function actorText(actor: string): string {
  return actorDisplay(actor);
}

export const label = (table: Record<string, string>, code: string | null | undefined): string => (code ? (table[code] ?? code) : '');
