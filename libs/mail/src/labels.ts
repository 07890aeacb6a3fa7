import { ASSIGNMENT_ROLE_LABELS, RATING_LABELS } from '#contracts';
import type { AssignmentRoleName, MailDeadlineKind, MailProposal, RatingName } from './types.js';

const DEADLINE_KIND_LABELS: Record<MailDeadlineKind, string> = {
  reply: '答复',
  co_opinion: '协办意见',
  adjustment: '申请调整',
  feedback: '回执',
  rehandling: '重新办理',
  publication: '公开',
};


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
