import { toShanghaiDate } from '#domain';

/** Dates and countdowns as the UI shows them, always in Asia/Shanghai. */

const DAY_MS = 86_400_000;

const toDate = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));

/** '2024-06-26' */
export function formatDate(value: Date | string | null | undefined): string {
  if (!value) return '';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return toShanghaiDate(toDate(value));
}

/** '2024-06-26 15:00' */
export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return '';
  const d = toDate(value);
  const time = d.toLocaleTimeString('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });
  return `${toShanghaiDate(d)} ${time}`;
}

/** '2024-06-26' → '2024年6月26日' */
export function chineseDate(value: Date | string | null | undefined): string {
  const day = formatDate(value);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : day;
}

/** '2026年11月27日 09:00' (Asia/Shanghai): the moment a page's figures are counted at, in its heading. */
export function chineseDateTime(value: Date | string | null | undefined): string {
  if (!value) return '';
  return `${chineseDate(value)} ${formatDateTime(value).slice(-5)}`;
}

/** Whole calendar days from `from` to `to` (YYYY-MM-DD each), positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  const utc = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
  return Math.round((utc(to) - utc(from)) / DAY_MS);
}

export type Tone = 'green' | 'yellow' | 'red' | 'done';

export interface Countdown {
  tone: Tone;
  text: string;
  /** Calendar days left (negative when overdue); null for a deadline that no longer runs. */
  days: number | null;
}

/**
 * How much time a deadline has left, as a traffic light that follows the reminder ladder: green
 * with more than 7 days left, yellow from the 7-day reminder on, red on the last day and once
 * overdue. Days are calendar days in Asia/Shanghai; a deadline falls due at the end of its day.
 */
export function countdown(d: { dueOn: string; dueAt: Date | string; status?: string | null; kind?: string }, now: Date): Countdown {
  // An adjustment window is a right, not a duty: once past it is closed, never overdue.
  if (d.kind === 'adjustment' && (d.status !== 'open' || toDate(d.dueAt).getTime() < now.getTime())) return { tone: 'done', text: '已截止', days: null };
  if (d.status && d.status !== 'open') {
    const text = { settled: '已完成', cancelled: '已取消', expired: '已到期' }[d.status] ?? d.status;
    return { tone: 'done', text, days: null };
  }
  const days = daysBetween(toShanghaiDate(now), formatDate(d.dueOn));
  if (toDate(d.dueAt).getTime() < now.getTime()) return { tone: 'red', text: `已逾期 ${Math.max(1, -days)} 天`, days: Math.min(-1, days) };
  if (days <= 0) return { tone: 'red', text: '今天到期', days: 0 };
  if (days <= 1) return { tone: 'red', text: '剩 1 天', days };
  if (days <= 7) return { tone: 'yellow', text: `剩 ${days} 天`, days };
  return { tone: 'green', text: `剩 ${days} 天`, days };
}

/** An NPC session (人大) files suggestions (建议) by deputies (代表); a CPPCC one proposals (提案) by members (委员). */
export const isNpcSession = (sessionName: string | null | undefined): boolean => !!sessionName?.includes('人大');

/** '市政协十届二次会议第196号提案' ('…（未编号）提案' before filing); NPC sessions file 建议. */
export function proposalNumberText(sessionName: string | null | undefined, number: number | null | undefined): string {
  const kind = isNpcSession(sessionName) ? '建议' : '提案';
  return `${sessionName ?? ''}${number == null ? '（未编号）' : `第${number}号`}${kind}`;
}

/** The public list names CPPCC members '…委员'; an NPC suggestion's deputies are '…代表'. */
export function proposersText(sessionName: string | null | undefined, proposers: string): string {
  return isNpcSession(sessionName) ? proposers.replace(/委员(?=、|$)/g, '代表') : proposers;
}
