import type { ParsedMail } from 'mailparser';
import { eventually, startApi, type TestApi } from './support/api.js';
import { createDirectory, type Directory } from './support/directory.js';
import { addresses, dedupeKeyOf, startSmtpSink, type SmtpSink } from './support/smtp.js';

const REPLY = { resultCategory: 'A', signedBy: '市行政审批和政务信息管理局', contactName: '王', contactPhone: '2580162', public: true };
const mail = (code: string) => `${code}@pds.example.gov.cn`;
const head = (code: string) => `${code}-head@pds.example.gov.cn`;
const subjects = (list: ParsedMail[]) => list.map((m) => m.subject ?? '');

/**
 * The event pipeline end to end — use cases, outbox, BullMQ, the four workers and a real SMTP
 * server — for proposal No. 196 and for a proposal with a lead and two co-handlers.
 */
describe('the pipeline, by email', () => {
  let api: TestApi;
  let dir: Directory;
  let smtp: SmtpSink;
  let p196: string;
  let a196: string;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    api = await startApi('pipeline', '2024-01-16T09:00:00+08:00', {
      env: { SMTP_URL: smtp.url, DUBAN_PUBLIC_URL: 'http://duban.test', DUBAN_MAIL_BACKOFF_MS: '200' },
    });
    dir = await createDirectory(api);
  });
  afterAll(async () => {
    await api?.close();
    await smtp?.close();
  });

  const as = (who: keyof Directory['tokens']) => api.as(dir.tokens[who]);
  const admin = () => api.as(dir.adminToken);
  const travel = async (now: string) => {
    expect((await admin().post('/api/v1/admin/clock', { now })).status).toBe(200);
    expect((await admin().post('/api/v1/admin/deadlines/sweep')).status).toBe(200);
  };
  /** Messages addressed to (not copied to) the address whose subject contains the text. */
  const inbox = (address: string, subject: string) => smtp.received.filter((m) => addresses(m.to).includes(address) && m.subject?.includes(subject));

  it('sends the 交办通知 to the unit within seconds of the assignment, with the due date and the rule', async () => {
    const committee = as('committee');
    // Not tagged 营商环境: an alert-theme proposal escalates one step earlier (test/intake-theme-alert.e2e-spec.ts).
    p196 = (await committee.post('/api/v1/proposals', { sessionId: dir.sessionId, number: 196, title: '强力推进我市数字政府建设', content: '运用数字技术驱动政府服务创新……', leadProposerId: dir.proposerId })).body.id;
    await committee.post(`/api/v1/proposals/${p196}/review`, { decision: 'file' });
    api.clock.set('2024-03-26T10:00:00+08:00');
    const started = Date.now();
    a196 = (await committee.post(`/api/v1/proposals/${p196}/assignments`, { leadUnitId: dir.units.xzsp })).body[0].id;
    const [notice] = await eventually(async () => {
      const found = inbox(mail('xzsp'), '交办通知');
      expect(found).toHaveLength(1);
      return found;
    }, 10_000, 50);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(notice!.subject).toContain('第196号');
    expect(notice!.text).toContain('2024年6月26日');
    expect(notice!.text).toContain('民法典');
    expect(dedupeKeyOf(notice!)).not.toBe('');
  });

  it('sends exactly one reminder at 30, 7 and 1 days before the reply deadline', async () => {
    for (const [now, count] of [['2024-05-27T10:00:00+08:00', 1], ['2024-06-19T10:00:00+08:00', 2], ['2024-06-25T10:00:00+08:00', 3]] as const) {
      await travel(now);
      await eventually(async () => expect(inbox(mail('xzsp'), '【到期提醒】')).toHaveLength(count));
    }
    await travel('2024-06-25T11:00:00+08:00');
    await new Promise((r) => setTimeout(r, 800));
    expect(inbox(mail('xzsp'), '【到期提醒】')).toHaveLength(3);
  });

  it('past the deadline: one overdue alert to the unit and one to the supervision office', async () => {
    await travel('2024-06-27T10:00:00+08:00');
    await eventually(async () => {
      expect(inbox(mail('xzsp'), '【超期预警】')).toHaveLength(1);
      expect(inbox(mail('duchashi'), '【超期预警】')).toHaveLength(1);
    });
  });

  it('seven days later: the escalation reaches the supervision leader and the unit head', async () => {
    await travel('2024-07-04T10:00:00+08:00');
    await eventually(async () => {
      expect(inbox(head('duchashi'), '【督办升级】')).toHaveLength(1);
      expect(inbox(head('xzsp'), '【督办升级】')).toHaveLength(1);
    });
  });

  it('the reply reaches the proposer with a working feedback link, and the copies reach the committee and the supervision office', async () => {
    await as('xzsp').post(`/api/v1/assignments/${a196}/accept`);
    api.clock.set('2024-07-05T15:00:00+08:00');
    expect((await as('xzsp').post(`/api/v1/assignments/${a196}/reply`, { ...REPLY, content: '对市政协十届二次会议第196号提案的答复……' })).status).toBe(201);
    const [notice] = await eventually(async () => {
      const found = inbox('chengangzheng@example.com', '【答复告知】');
      expect(found).toHaveLength(1);
      expect(inbox(mail('tianwei'), '【答复告知】')).toHaveLength(1);
      expect(inbox(mail('duchashi'), '【答复告知】')).toHaveLength(1);
      return found;
    });
    expect(notice!.text).toContain('抄送');
    const link = /http:\/\/duban\.test\/feedback\/([\w.-]+)/.exec(notice!.text ?? '');
    expect(link).not.toBeNull();
    const page = await api.http.get(`/api/v1/feedback-links/${link![1]}`);
    expect(page.status).toBe(200);
    expect(JSON.stringify(page.body)).toContain('强力推进我市数字政府建设');
    // An unsatisfied rating through the link opens a rehandling deadline and tells the unit and the office.
    expect((await api.http.post(`/api/v1/feedback-links/${link![1]}`).send({ rating: 'unsatisfied', comment: '请进一步落实' })).status).toBe(201);
    expect((await api.http.post(`/api/v1/feedback-links/${link![1]}`).send({ rating: 'satisfied' })).status).toBe(409);
    const p = await eventually(async () => {
      const current = (await as('supervisor').get(`/api/v1/proposals/${p196}`)).body;
      expect(current.status).toBe('rehandling');
      return current;
    });
    expect(p.deadlines.find((d: any) => d.kind === 'rehandling')).toMatchObject({ status: 'open', dueOn: '2024-08-05' });
    await eventually(async () => {
      expect(smtp.to(mail('xzsp')).filter((m) => m.text?.includes('不满意'))).toHaveLength(1);
      expect(smtp.to(mail('duchashi')).filter((m) => m.text?.includes('不满意'))).toHaveLength(1);
    });
  });

  it('a lead and two co-handlers: each unit gets its 交办通知, a late co-handler is reported to itself and the lead unit', async () => {
    const committee = as('committee');
    api.clock.set('2024-09-02T10:00:00+08:00');
    const id = (await committee.post('/api/v1/proposals', { sessionId: dir.sessionId, title: '关于完善中小学课后服务的提案', content: '课后服务', leadProposerId: dir.otherProposerId })).body.id;
    await committee.post(`/api/v1/proposals/${id}/review`, { decision: 'file' });
    await committee.post(`/api/v1/proposals/${id}/assignments`, { leadUnitId: dir.units.jiaoyu, coUnitIds: [dir.units.xzsp, dir.units.fagai] });
    await eventually(async () => {
      for (const code of ['jiaoyu', 'xzsp', 'fagai']) expect(inbox(mail(code), '关于完善中小学课后服务的提案').filter((m) => m.subject?.includes('交办通知'))).toHaveLength(1);
    });
    // co-opinion due 2024-10-08 (10-02 is National Day): −7d reminder, −1d reminder, then overdue.
    await travel('2024-10-08T10:00:00+08:00');
    await travel('2024-10-09T10:00:00+08:00');
    await eventually(async () => {
      const overdueToFagai = inbox(mail('fagai'), '【超期预警】').filter((m) => m.subject?.includes('课后服务'));
      expect(overdueToFagai).toHaveLength(1);
      // The lead unit hears of both late co-handlers.
      expect(inbox(mail('jiaoyu'), '【超期预警】').filter((m) => m.text?.includes('协办'))).toHaveLength(2);
    });
  });

  it('with the SMTP server down for a while, every email arrives once it is back', async () => {
    await smtp.stop();
    const committee = as('committee');
    const id = (await committee.post('/api/v1/proposals', { sessionId: dir.sessionId, title: '关于加强停车管理的提案', content: '停车难', leadProposerId: dir.proposerId })).body.id;
    await committee.post(`/api/v1/proposals/${id}/review`, { decision: 'file' });
    await committee.post(`/api/v1/proposals/${id}/assignments`, { leadUnitId: dir.units.fagai, coUnitIds: [dir.units.jiaoyu] });
    await new Promise((r) => setTimeout(r, 2500));
    const before = smtp.received.length;
    await smtp.start();
    await eventually(async () => {
      expect(inbox(mail('fagai'), '关于加强停车管理的提案')).toHaveLength(1);
      expect(inbox(mail('jiaoyu'), '关于加强停车管理的提案')).toHaveLength(1);
    }, 30_000, 200);
    expect(smtp.received.length).toBeGreaterThan(before);
  });

  it('exposes queue depths, job durations, sweep lag and notification outcomes on /metrics', async () => {
    const metrics = (await api.http.get('/metrics')).text;
    expect(metrics).toMatch(/duban_queue_jobs\{queue="notification",state="waiting"\} \d+/);
    expect(metrics).toMatch(/duban_job_duration_seconds_count\{queue="notification",job="send-notification",outcome="completed"\} [1-9]/);
    expect(metrics).toContain('duban_sweep_lag_seconds');
    expect(metrics).toMatch(/duban_notifications_total\{[^}]*outcome="sent"[^}]*\} [1-9]/);
  });

  it('sent no email twice', () => {
    const twice = [...smtp.countsByDedupeKey()].filter(([, n]) => n > 1);
    expect(twice).toEqual([]);
    expect(smtp.received.length).toBeGreaterThan(15);
    expect(subjects(smtp.received).every((s) => s.length > 0)).toBe(true);
  });
});
