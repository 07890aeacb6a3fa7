import { eventually, startApi, type TestApi } from './support/api.js';
import { createDirectory, type Directory } from './support/directory.js';

/**
 * The reply deadline of a No. 196-like case (assigned 2024-03-26, due 2024-06-26) walks its ladder:
 * reminders at −30, −7 and −1 days, overdue the day after, escalation a week later and weekly after.
 */
describe('deadline sweep', () => {
  let api: TestApi;
  let dir: Directory;
  let proposalId: string;
  let assignmentId: string;

  beforeAll(async () => {
    api = await startApi('sweep', '2024-01-16T09:00:00+08:00');
    dir = await createDirectory(api);
    const committee = api.as(dir.tokens.committee);
    // Not tagged 营商环境: proposals of an alert theme escalate one step earlier (test/intake-theme-alert.e2e-spec.ts).
    proposalId = (await committee.post('/api/v1/proposals', { sessionId: dir.sessionId, number: 196, title: '强力推进我市数字政府建设', content: '内容', leadProposerId: dir.proposerId })).body.id;
    await committee.post(`/api/v1/proposals/${proposalId}/review`, { decision: 'file' });
    api.clock.set('2024-03-26T10:00:00+08:00');
    assignmentId = (await committee.post(`/api/v1/proposals/${proposalId}/assignments`, { leadUnitId: dir.units.xzsp })).body[0].id;
  });
  afterAll(() => api?.close());

  const admin = () => api.as(dir.adminToken);
  const deadlineEvents = async () =>
    (await api.as(dir.tokens.supervisor).get(`/api/v1/proposals/${proposalId}/events`)).body
      .filter((e: any) => e.type.startsWith('deadline.') && e.payload.kind === 'reply')
      .map((e: any) => `${e.type} ${e.payload.stage}#${e.payload.occurrence}`);

  it('refuses simulated time to anyone but the admin', async () => {
    expect((await api.as(dir.tokens.committee).post('/api/v1/admin/clock', { now: '2024-05-27T10:00:00+08:00' })).status).toBe(403);
    const bad = await admin().post('/api/v1/admin/clock', { now: 'tomorrow' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual(['now']);
  });

  it.each([
    ['2024-05-27T10:00:00+08:00', ['deadline.reminder_due reminder_30d#1']],
    ['2024-06-19T10:00:00+08:00', ['deadline.reminder_due reminder_30d#1', 'deadline.reminder_due reminder_7d#1']],
    ['2024-06-25T10:00:00+08:00', ['deadline.reminder_due reminder_30d#1', 'deadline.reminder_due reminder_7d#1', 'deadline.reminder_due reminder_1d#1']],
  ])('at %s exactly the reminders due so far have fired', async (now, expected) => {
    expect((await admin().post('/api/v1/admin/clock', { now })).status).toBe(200);
    await admin().post('/api/v1/admin/deadlines/sweep');
    await admin().post('/api/v1/admin/deadlines/sweep'); // a second sweep finds nothing more
    // The scheduled sweep may hold the rows the manual one skipped (SKIP LOCKED) for a moment.
    await eventually(async () => expect(await deadlineEvents()).toEqual(expected));
  });

  it('fires the overdue alert the day after the due date, by the scheduled sweep alone', async () => {
    await admin().post('/api/v1/admin/clock', { now: '2024-06-27T09:00:00+08:00' });
    await eventually(async () => expect((await deadlineEvents()).slice(3)).toEqual(['deadline.overdue overdue#1']));
    const p = (await api.as(dir.tokens.supervisor).get(`/api/v1/proposals/${proposalId}`)).body;
    expect(p.deadlines.find((d: any) => d.kind === 'reply')).toMatchObject({ overdue: true, stage: 'overdue', nextStage: 'escalation' });
    const overdueList = await api.as(dir.tokens.supervisor).get('/api/v1/proposals?overdue=true');
    expect(overdueList.body.items.map((x: any) => x.id)).toEqual([proposalId]);
  });

  it('escalates seven days later and weekly after that, once each', async () => {
    await admin().post('/api/v1/admin/clock', { now: '2024-07-04T10:00:00+08:00' });
    await admin().post('/api/v1/admin/deadlines/sweep');
    await admin().post('/api/v1/admin/clock', { now: '2024-07-11T10:00:00+08:00' });
    await admin().post('/api/v1/admin/deadlines/sweep');
    await admin().post('/api/v1/admin/deadlines/sweep');
    await eventually(async () => expect((await deadlineEvents()).slice(4)).toEqual(['deadline.escalated escalation#1', 'deadline.escalated escalation#2']));
  });

  it('stops once the reply is in', async () => {
    await api.as(dir.tokens.xzsp).post(`/api/v1/assignments/${assignmentId}/accept`);
    const reply = await api.as(dir.tokens.xzsp).post(`/api/v1/assignments/${assignmentId}/reply`, {
      content: '答复', resultCategory: 'A', signedBy: '局长', contactName: '王', contactPhone: '2580162', public: false,
    });
    expect(reply.status).toBe(201);
    await admin().post('/api/v1/admin/clock', { now: '2024-07-25T10:00:00+08:00' });
    await admin().post('/api/v1/admin/deadlines/sweep');
    await new Promise((r) => setTimeout(r, 700)); // a scheduled sweep, too, finds nothing
    expect(await deadlineEvents()).toHaveLength(6);
    const p = (await api.as(dir.tokens.supervisor).get(`/api/v1/proposals/${proposalId}`)).body;
    expect(p.deadlines.find((d: any) => d.kind === 'reply')).toMatchObject({ status: 'settled', settledLate: true, nextActionAt: null });
  });

  it('closes the proposal as "no feedback" when the proposer does not rate within 20 working days', async () => {
    // replied 2024-07-11 10:00 (Thursday): 20 working days later is 2024-08-08; it expires as that day ends.
    await admin().post('/api/v1/admin/clock', { now: '2024-08-09T10:00:00+08:00' });
    await admin().post('/api/v1/admin/deadlines/sweep');
    const p = await eventually(async () => {
      const current = (await api.as(dir.tokens.supervisor).get(`/api/v1/proposals/${proposalId}`)).body;
      expect(current).toMatchObject({ status: 'closed', closeReason: 'no_feedback' });
      return current;
    });
    expect(p.deadlines.find((d: any) => d.kind === 'feedback')).toMatchObject({ status: 'expired' });
  });

  it('writes the weekly digest once per week', async () => {
    const digests = async () => (await api.db.url, await countDigests(api));
    expect(await digests()).toBeGreaterThan(0);
    const before = await digests();
    await admin().post('/api/v1/admin/deadlines/sweep');
    expect(await digests()).toBe(before);
  });
});

async function countDigests(api: TestApi): Promise<number> {
  const { DataSource } = await import('typeorm');
  const ds = api.app.get(DataSource);
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM events WHERE type = 'supervision.weekly_digest'`);
  return n;
}
