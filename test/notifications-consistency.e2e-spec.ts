import type { ParsedMail } from 'mailparser';
import { DataSource } from 'typeorm';
import { Queues, QueueName } from '#queue';
import { eventually, startApi, type TestApi } from './support/api.js';
import { createDirectory, type Directory } from './support/directory.js';
import { addresses, startSmtpSink, type SmtpSink } from './support/smtp.js';

/**
 * Mails that agree with the app (issue 12, defect 6), against real Postgres, Redis, every worker
 * and an SMTP server of this process: the 新提案 mail is planned after the intake worker classified
 * the proposal, so it names the themes the page shows; the routine close of an adjustment window
 * (调整期届满) is no news for the supervision office following a key proposal.
 */
const mail = (code: string) => `${code}@pds.example.gov.cn`;

describe('mails that agree with the app', () => {
  let api: TestApi;
  let dir: Directory;
  let smtp: SmtpSink;
  const as = (who: keyof Directory['tokens']) => api.as(dir.tokens[who]);
  const inbox = (address: string, subject: string): ParsedMail[] =>
    smtp.received.filter((m) => addresses(m.to).includes(address) && m.subject?.includes(subject));
  const db = () => api.app.get(DataSource);
  const settled = () =>
    eventually(async () => {
      const [{ busy, sent }] = await db().query(
        `SELECT ((SELECT count(*) FROM events WHERE dispatched_at IS NULL) + (SELECT count(*) FROM event_jobs WHERE completed_at IS NULL)
               + (SELECT count(*) FROM notifications WHERE status NOT IN ('sent', 'dead')))::int AS busy,
                (SELECT count(*) FROM notifications WHERE status = 'sent')::int AS sent`,
      );
      expect([busy, sent]).toEqual([0, smtp.received.length]);
    }, 30_000);

  beforeAll(async () => {
    smtp = await startSmtpSink();
    api = await startApi('deskcmailagree', '2024-01-16T09:00:00+08:00', { env: { SMTP_URL: smtp.url, DUBAN_PUBLIC_URL: 'http://duban.test' } });
    dir = await createDirectory(api);
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await smtp?.close();
  });

  it('plans the 新提案 mail only once the proposal is classified, and names the themes the app shows', async () => {
    const intake = api.app.get(Queues).get(QueueName.Intake);
    // The intake worker is slow today: its queue waits. Before the fix the 新提案 mail went out regardless, "主题标签：未识别".
    await intake.pause();
    let id: string;
    try {
      const submitted = await as('committee').post('/api/v1/proposals', {
        sessionId: dir.sessionId, number: 21, title: '关于持续优化营商环境的提案', content: '建议压减涉企审批事项，推行“一件事一次办”，为市场主体减负。', leadProposerId: dir.proposerId,
      });
      expect(submitted.status).toBe(201);
      id = submitted.body.id;
      // Long enough for the relay and the notification worker (both run every few hundred ms) to have planned it.
      await new Promise((r) => setTimeout(r, 2500));
      const planned = await db().query(`SELECT type FROM notifications WHERE proposal_id = $1`, [id]);
      expect(planned).toEqual([]);
    } finally {
      await intake.resume();
    }
    const [news] = await eventually(async () => {
      const found = inbox(mail('tianwei'), '【新提案】');
      expect(found).toHaveLength(1);
      return found;
    }, 20_000);
    const themes: string[] = (await as('committee').get(`/api/v1/proposals/${id}`)).body.themes;
    expect(themes).toContain('营商环境');
    expect(news.text).toContain(`主题标签：${themes.join('、')}`);
    expect(news.text).not.toContain('未识别');
    // …and the supervision office's 预警主题提案 mail of the same classification says the same.
    await eventually(async () => expect(inbox(mail('duchashi'), '【预警主题提案】')).toHaveLength(1));
  }, 60_000);

  it('still sends the 新提案 mail of a resubmission the classifier finds nothing new in', async () => {
    await settled();
    const created = await as('committee').post('/api/v1/proposals', {
      sessionId: dir.sessionId, number: 22, title: '关于完善中小学课后服务的提案', content: '建议丰富课后服务内容，减轻家长负担。', leadProposerId: dir.proposerId,
    });
    const id = created.body.id;
    await eventually(async () => expect(inbox(mail('tianwei'), '第22号')).toHaveLength(1));
    await settled();
    expect((await as('committee').post(`/api/v1/proposals/${id}/review`, { decision: 'return', reason: '请补充调研数据' })).status).toBe(200);
    const resubmitted = await as('proposer').post(`/api/v1/proposals/${id}/resubmit`, { title: '关于完善中小学课后服务的提案', content: '建议丰富课后服务内容，减轻家长负担。' });
    expect(resubmitted.status).toBe(200);
    await eventually(async () => expect(inbox(mail('tianwei'), '第22号')).toHaveLength(2), 20_000);
  }, 60_000);

  it('does not tell the supervision office of a key proposal that its adjustment windows closed (no 期限届满 copies)', async () => {
    await settled();
    const committee = as('committee');
    const created = await committee.post('/api/v1/proposals', { sessionId: dir.sessionId, number: 23, title: '关于加快城市更新的提案', content: '内容', leadProposerId: dir.proposerId });
    const id = created.body.id;
    expect((await committee.post(`/api/v1/proposals/${id}/review`, { decision: 'file' })).status).toBe(200);
    api.clock.set('2024-03-26T10:00:00+08:00');
    const assigned = await committee.post(`/api/v1/proposals/${id}/assignments`, {
      leadUnitId: dir.units.xzsp, coUnitIds: [dir.units.fagai, dir.units.jiaoyu], key: true, leaderName: '张副市长',
    });
    expect(assigned.status).toBe(201);
    await settled();
    // Three adjustment windows (one per unit) of 5 working days close together.
    api.clock.set('2024-04-10T10:00:00+08:00');
    await eventually(async () => {
      const [{ n }] = await db().query(`SELECT count(*)::int AS n FROM events WHERE type = 'deadline.expired' AND proposal_id = $1`, [id]);
      expect(n).toBe(3);
    }, 20_000);
    await settled();
    const copies = inbox(mail('duchashi'), '【重点提案动态】');
    expect(copies.filter((m) => m.subject?.includes('期限届满'))).toEqual([]);
    // The office is still copied on what happens on the proposal (a unit accepting it).
    expect((await as('xzsp').post(`/api/v1/assignments/${assigned.body[0].id}/accept`)).status).toBe(200);
    const [accepted] = await eventually(async () => {
      const found = inbox(mail('duchashi'), '【重点提案动态】').filter((m) => m.subject?.includes('承办单位已签收'));
      expect(found).toHaveLength(1);
      return found;
    });
    // Who acted, by office (this unit user has no 姓名 on record), never by login.
    expect(accepted.text).toContain('操作人：市行政审批和政务信息管理局');
    expect(accepted.text).not.toMatch(/操作人：.*(xzsp|unit:|system)/);
  }, 90_000);
});
