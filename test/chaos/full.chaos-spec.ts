import { formatReport, runChaos } from './chaos-run.js';

/**
 * `npm run chaos`: the API and two copies of each worker as separate processes under steady load
 * for two minutes, with a worker killed (kill -9) every few seconds, Redis flushed, the SMTP server
 * refusing mail for 30 s, the SMPP server and the WeCom robot endpoint down for 20 s each, and
 * Postgres connections dropped. Prints the faults and the outcome.
 */
describe('chaos', () => {
  it('loses and doubles nothing', async () => {
    const report = await runChaos({
      seconds: Number(process.env.CHAOS_SECONDS ?? 120),
      copies: 2,
      smtpDownSeconds: 30,
      channelDownSeconds: 20,
      killEverySeconds: 5,
      log: (line) => process.stdout.write(`${line}\n`),
    });
    process.stdout.write(`${formatReport(report)}\n`);
    expect(report).toMatchObject({
      duplicates: [], missing: [], unexpected: [], deadNotifications: 0, stagesDuplicated: 0, stagesOverdueUnfired: 0,
      undispatchedEvents: 0, incompleteJobs: 0, stuckJobs: 0,
    });
    // Sent twice only where SMTP leaves no choice: the server took it, its sender died before hearing so.
    expect(report.resentAfterLostReply.length).toBeLessThanOrEqual(report.resendBound);
    // What the load implies, counted apart from the planner: a 新提案 per proposal and committee unit, a 交办通知 per assignment.
    expect(report.impliedByLoad.newProposal.planned).toBe(report.impliedByLoad.newProposal.expected);
    expect(report.impliedByLoad.assignmentNotice.planned).toBe(report.impliedByLoad.assignmentNotice.expected);
    // Each 交办通知 also by SMS and to the unit's WeCom group: every one received, none twice (a resend only after a kill mid-send).
    for (const c of ['sms', 'wecom'] as const) {
      expect(report.channels[c]).toMatchObject({ missing: [], duplicates: [] });
      // At least one per 交办通知 (overdue alerts and escalations go by SMS too, by default).
      expect(report.channels[c].sent).toBeGreaterThanOrEqual(report.impliedByLoad.assignmentNotice.expected);
      expect(report.channels[c].resent.length).toBeLessThanOrEqual(report.resendBound);
    }
  }, 900_000);
});
