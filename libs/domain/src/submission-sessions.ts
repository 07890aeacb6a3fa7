/**
 * To which sessions (届次) a proposal may be submitted. A CPPCC member or group files 提案 to a CPPCC
 * session, an NPC deputy files 建议 to an NPC session: the proposer's body is the session's, whoever
 * enters it. A proposer submitting in their own name may also only file to an open session: one
 * that no later session of the same body has replaced yet (a session takes proposals from before
 * its meeting until the next meeting opens — 会前征集 and 闭会期间 alike). The committee enters and
 * imports the proposals of past sessions too (代录, 批量导入 with their numbers), so that rule is the
 * proposer's only.
 */
export const BODIES = ['cppcc', 'npc'] as const;
export type Body = (typeof BODIES)[number];

export interface SessionForSubmission {
  id: string;
  body: Body;
  /** YYYY-MM-DD */
  openedOn: string;
}

export type SubmissionSessionProblem = 'body' | 'closed';

/** Has a later session of the same body opened (on or before `today`, YYYY-MM-DD Asia/Shanghai)? */
export function sessionSuperseded(session: SessionForSubmission, all: readonly SessionForSubmission[], today: string): boolean {
  return all.some((s) => s.id !== session.id && s.body === session.body && s.openedOn > session.openedOn && s.openedOn <= today);
}

/**
 * Why this session does not take this proposal, or null when it does. `ownSubmission`: a proposer
 * submitting in their own name (the open-session rule applies).
 */
export function submissionSessionProblem(
  session: SessionForSubmission,
  proposerBody: Body,
  options: { ownSubmission: boolean; sessions: readonly SessionForSubmission[]; today: string },
): SubmissionSessionProblem | null {
  if (session.body !== proposerBody) return 'body';
  if (options.ownSubmission && sessionSuperseded(session, options.sessions, options.today)) return 'closed';
  return null;
}

/** The sessions to offer on a submission form, newest first as given. */
export function submissionSessions<T extends SessionForSubmission>(
  sessions: readonly T[],
  proposerBody: Body,
  options: { ownSubmission: boolean; today: string },
): T[] {
  return sessions.filter((s) => submissionSessionProblem(s, proposerBody, { ...options, sessions }) === null);
}
