import { ASSIGNMENT_ROLE_LABELS, DEADLINE_KIND_LABELS, RATING_LABELS, USER_ROLE_LABELS } from '#contracts';
import type { AssignmentRoleName, MailDeadlineKind, MailProposal, RatingName } from './types.js';

// 用户角色 and 办结方式: the one zh-CN catalogue (libs/contracts/src/labels.ts), typed by the domain's unions.
export { CLOSE_REASON_LABELS, USER_ROLE_LABELS } from '#contracts';

/** What Duban's own processes do, as the office reads it: "系统自动（期限检查）", never a process name. */
export const SYSTEM_ACTOR_LABELS: Record<string, string> = {
  'intake-worker': '系统自动（智能分办）',
  'deadline-sweep': '系统自动（期限检查）',
  'deadline-worker': '系统自动（期限检查）',
  'assignment-worker': '系统自动（办理流转）',
  'notification-worker': '系统自动（通知发送）',
};


/** The person behind a user actor, from the directory: 姓名, 职务 and the office they act for. */
export interface ActorPerson {
  name: string | null;
  title: string | null;
  /** The unit of a unit user; the committee's or the supervision office's name for their staff. */
  office: string | null;
}

/**
 * Who acted, from an event's actor label (`role:username`, `proposer-link:…`, `system:…`, or a bare
 * role as a proposer's timeline gives it) and the person behind a user: "王丽萍（市行政审批和政务
 * 信息管理局 综合科科长）"; a user without a name is named by office (or role), never by login.
 */
export function actorDisplay(actor: string, person?: ActorPerson | null): string {
  const [kind, ...rest] = actor.split(':');
  if (kind === 'system') return SYSTEM_ACTOR_LABELS[rest.join(':')] ?? '系统自动';
  if (kind === 'proposer-link') return person?.name ? `${person.name}（提案者，通过回执链接）` : '提案者（回执链接）';
  const role: string | undefined = (USER_ROLE_LABELS as Record<string, string>)[kind];
  if (!role) return '系统自动';
  if (!person?.name) return person?.office ?? role;
  // "姓名（单位 职务）"; one whose office the directory does not name (an administrator, a proposer) by role.
  if (!person.office) return `${person.name}（${role}）`;
  return `${person.name}（${[person.office, person.title].filter((x) => !!x).join(' ')}）`;
}

/** 主办 / 协办 / 分办 */
export function roleLabel(role: AssignmentRoleName): string {
  return ASSIGNMENT_ROLE_LABELS[role] ?? role;
}

/** 答复 / 协办意见 / 申请调整 / 回执 / 重新办理 / 公开 */
export function deadlineKindLabel(kind: MailDeadlineKind): string {
  return DEADLINE_KIND_LABELS[kind] ?? kind;
}

/** 满意 / 基本满意 / 不满意 */
export function ratingLabel(rating: RatingName): string {
  return RATING_LABELS[rating] ?? rating;
}

/** True for a suggestion of an NPC session (人大代表建议), false for a CPPCC proposal (政协提案). */
export function isNpcSession(sessionName: string): boolean {
  return sessionName.includes('人大');
}

/** '提案' for a CPPCC proposal, '建议' for an NPC suggestion. */
export function proposalKindWord(p: Pick<MailProposal, 'sessionName'>): string {
  return isNpcSession(p.sessionName) ? '建议' : '提案';
}

/** '市政协十届二次会议第196号提案' ('市政协十届二次会议（未编号）提案' before filing). */
export function proposalNumberLabel(p: Pick<MailProposal, 'sessionName' | 'number'>): string {
  const no = p.number === null || p.number === undefined ? '（未编号）' : `第${p.number}号`;
  return `${p.sessionName}${no}${proposalKindWord(p)}`;
}

/** '市政协十届二次会议第196号提案《以营商环境为主线强力推进我市数字政府建设》' */
export function proposalLabel(p: Pick<MailProposal, 'sessionName' | 'number' | 'title'>): string {
  return `${proposalNumberLabel(p)}《${p.title}》`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/** '2024-06-26' (or an ISO timestamp starting with it) → '2024年6月26日'; anything else is returned as given. */
export function formatChineseDate(date: string): string {
  const m = ISO_DATE.exec(date);
  if (!m) return date;
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}

/** Whole days from `from` to `to`, both 'YYYY-MM-DD' (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  const a = ISO_DATE.exec(from);
  const b = ISO_DATE.exec(to);
  if (!a || !b) throw new RangeError(`Not a YYYY-MM-DD date: ${a ? to : from}`);
  const utc = (m: RegExpExecArray) => Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Math.round((utc(b) - utc(a)) / 86_400_000);
}
