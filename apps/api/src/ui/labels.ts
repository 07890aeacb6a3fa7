import { actorDisplay } from '#mail';
import { DEADLINE_KIND_PAGE_LABELS, USER_ROLE_LABELS, labelOf } from '#contracts';
import type { Body, StageType } from '#domain';

// States, roles, kinds, ratings, decisions and events: the one catalogue typed by the domain's unions
// (libs/contracts/src/labels.ts), so a new state without its label does not compile.
export {
  ASSIGNMENT_ROLE_LABELS, ASSIGNMENT_STATE_LABELS, BODY_LABELS, CLOSE_REASON_LABELS, CO_SIGNING_STATE_LABELS, COMMUNICATION_METHOD_LABELS, DEADLINE_STATUS_LABELS,
  EVENT_LABELS, FEEDBACK_VIA_LABELS, NOTIFICATION_STATUS_LABELS, PROPOSAL_STATUS_LABELS as STATUS_LABELS, PROPOSER_KIND_LABELS, RATING_LABELS,
  REQUEST_STATUS_LABELS, REVIEW_DECISION_LABELS, UNIT_KIND_LABELS, UNIT_ROLE_LABELS, DESK_STAGE_LABELS,
} from '#contracts';

/** The Chinese words the UI shows for Duban's codes; those not typed by a union (ladder stages, which the office may name) are here. */

export const ROLE_LABELS = USER_ROLE_LABELS;
export const DEADLINE_KIND_LABELS = DEADLINE_KIND_PAGE_LABELS;

/** 政协（委员、党派团体） / 人大（代表）: a proposer's body with who belongs to it. */
export const PROPOSER_BODY_LABELS: Record<Body, string> = { cppcc: '政协（委员、党派团体）', npc: '人大（代表）' };

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

const STAGE_TYPE_DONE_LABELS: Record<StageType, string> = { reminder: '已发到期提醒', overdue: '已逾期通报', escalation: '已升级督办', expiry: '已到期' };

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
  return (STAGE_TYPE_DONE_LABELS as Record<string, string>)[kind] ?? '已发提醒';
}

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

/** A code's label, the code itself when the table does not know it (contracts labelOf). */
export const label = labelOf;
