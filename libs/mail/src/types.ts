import type { AssignmentRole, Satisfaction } from '#domain';

/** A proposal (政协提案) or a suggestion (人大代表建议) as the mail templates need it. */
export interface MailProposal {
  id: string;
  /** e.g. '市政协十届二次会议' or '市十一届人大三次会议'; a session name containing '人大' makes it a 建议. */
  sessionName: string;
  number: number | null;
  title: string;
  /** 重点提案 */
  key: boolean;
  /** The leader who supervises a key proposal (领衔督办). */
  leaderName: string | null;
  themes: string[];
  /** How the proposer(s) are addressed, e.g. '陈刚正委员', '民盟平顶山市委'. */
  proposers: string;
}

/** A handling unit (承办单位). */
export interface MailUnit {
  name: string;
  contactName?: string | null;
  contactPhone?: string | null;
}

export type MailDeadlineKind = 'reply' | 'co_opinion' | 'adjustment' | 'feedback' | 'rehandling' | 'publication';

export interface MailDeadline {
  kind: MailDeadlineKind;
  /** YYYY-MM-DD (Asia/Shanghai); the deadline falls due at the end of that day. */
  dueOn: string;
  /** How the date was computed, as the deadline calculator recorded it. */
  explanation: string;
  /** Days until dueOn; computed from `ctx.now` when absent. */
  daysLeft?: number;
  /** Days past dueOn; computed from `ctx.now` when absent. */
  daysOverdue?: number;
}

export interface MailContext {
  /** Base URL of the UI, e.g. 'http://localhost:3000' (a trailing slash is ignored). */
  publicUrl: string;
  now: Date;
  /** Name of the supervision office; default '市政府督查室'. */
  supervisionOffice?: string;
  /** Name of the committee that files proposals; default '市政协提案委员会' (人大: '市人大常委会代表工作委员会'). */
  committee?: string;
  /** Name the system signs automatic mails with; default '督办系统'. */
  systemName?: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export type AssignmentRoleName = AssignmentRole;
export type RatingName = Satisfaction;
