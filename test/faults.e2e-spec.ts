import { formatReport, runChaos } from './chaos/chaos-run.js';

/**
 * The small chaos run (npm run chaos runs the long one): the API and each worker as separate
 * processes from dist/, one fault of each kind, and nothing lost or doubled.
 */
describe('faults: one of each kind', () => {
  it('loses and doubles nothing when a worker is killed, Redis is flushed, SMTP refuses, the SMSC and the robot endpoint are down and Postgres drops connections', async () => {
    const report = await runChaos({ seconds: 14, copies: 1, smtpDownSeconds: 4, channelDownSeconds: 4, killEverySeconds: 0 });
    console.log(formatReport(report));
    expect(report.proposals).toBeGreaterThan(3);
    expect(report.stagesFired).toBeGreaterThan(0);
    expect(report).toMatchObject({
      duplicates: [], missing: [], unexpected: [], deadNotifications: 0, stagesDuplicated: 0, stagesOverdueUnfired: 0,
      undispatchedEvents: 0, incompleteJobs: 0, stuckJobs: 0,
    });
    // Sent twice only where SMTP leaves no choice: the server took it, its sender died before hearing so.
    expect(report.resentAfterLostReply.length).toBeLessThanOrEqual(report.resendBound);
    // What the load implies, counted apart from the planner: a 新提案 per proposal and committee unit, a 交办通知 per assignment.
    expect(report.impliedByLoad.newProposal.planned).toBe(report.impliedByLoad.newProposal.expected);
    expect(report.impliedByLoad.assignmentNotice.planned).toBe(report.impliedByLoad.assignmentNotice.expected);
    // Each 交办通知 also by SMS and to the unit's WeCom group (a resend only after a kill mid-send).
    for (const c of ['sms', 'wecom'] as const) {
      expect(report.channels[c]).toMatchObject({ missing: [], duplicates: [] });
      // At least one per 交办通知 (overdue alerts and escalations go by SMS too, by default).
      expect(report.channels[c].sent).toBeGreaterThanOrEqual(report.impliedByLoad.assignmentNotice.expected);
    }
    expect(report.delivered - report.resentAfterLostReply.length).toBe(report.notifications);
  }, 300_000);
});
