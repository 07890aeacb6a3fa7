import { submissionSessionProblem, submissionSessions, type SessionForSubmission } from './submission-sessions.js';

const sessions: SessionForSubmission[] = [
  { id: 'cppcc-10-4', body: 'cppcc', openedOn: '2026-01-12' },
  { id: 'cppcc-10-3', body: 'cppcc', openedOn: '2025-01-13' },
  { id: 'npc-11-3', body: 'npc', openedOn: '2025-01-14' },
  { id: 'cppcc-10-5', body: 'cppcc', openedOn: '2027-01-11' },
];
const byId = (id: string) => sessions.find((s) => s.id === id)!;

describe('which sessions take a submission', () => {
  it("offers a proposer their body's open sessions only: the current one and a scheduled one", () => {
    expect(submissionSessions(sessions, 'cppcc', { ownSubmission: true, today: '2026-11-27' }).map((s) => s.id)).toEqual(['cppcc-10-4', 'cppcc-10-5']);
    expect(submissionSessions(sessions, 'npc', { ownSubmission: true, today: '2026-11-27' }).map((s) => s.id)).toEqual(['npc-11-3']);
  });

  it('lets the committee enter past sessions, never one of the other body', () => {
    expect(submissionSessions(sessions, 'cppcc', { ownSubmission: false, today: '2026-11-27' }).map((s) => s.id)).toEqual(['cppcc-10-4', 'cppcc-10-3', 'cppcc-10-5']);
    expect(submissionSessionProblem(byId('npc-11-3'), 'cppcc', { ownSubmission: false, sessions, today: '2026-11-27' })).toBe('body');
  });

  it('closes a session on the day the next one of its body opens', () => {
    const options = { ownSubmission: true, sessions };
    expect(submissionSessionProblem(byId('cppcc-10-3'), 'cppcc', { ...options, today: '2026-01-11' })).toBeNull();
    expect(submissionSessionProblem(byId('cppcc-10-3'), 'cppcc', { ...options, today: '2026-01-12' })).toBe('closed');
  });
});
