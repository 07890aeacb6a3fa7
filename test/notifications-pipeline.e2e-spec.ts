import { DataSource } from 'typeorm';
import { QueueName } from '#queue';
import { DEADLINE_HANDLERS } from '#deadlines';
import { INTAKE_HANDLERS } from '#intake';
import { NOTIFICATION_HANDLERS } from '#notifications';
import { eventually, startApi, type TestApi } from './support/api.js';
import { createDirectory, type Directory } from './support/directory.js';
import { addresses, startSmtpSink, type SmtpSink } from './support/smtp.js';


/**
 * The whole path through the queues: an event → the outbox relay → NotifyForEvent → SendNotification
 * → SMTP; retries with backoff until the last attempt, the dead letter reported to the supervision
 * office, and the maintenance pass re-enqueueing a notification whose job is gone.
 */
describe('Notification worker, through the queues', () => {
  let api: TestApi;
  let dir: Directory;
  let smtp: SmtpSink;
  let ds: DataSource;
  let proposalId: string;
  const email = (code: string) => `${code}@pds.example.gov.cn`;
  const to = (address: string) => smtp.received.filter((m) => addresses(m.to).includes(address));

  beforeAll(async () => {
    smtp = await startSmtpSink();
    smtp.refused.add(email('tianwei'));
    api = await startApi('notifypipe', '2024-01-16T09:00:00+08:00', {
      env: { SMTP_URL: smtp.url, DUBAN_MAIL_ATTEMPTS: '3', DUBAN_MAIL_BACKOFF_MS: '50', DUBAN_PUBLIC_URL: 'http://duban.test' },
      // The intake worker too: the 新提案 mail is planned once it has classified the proposal.
      queues: [QueueName.Outbox, QueueName.Intake, QueueName.Notification],
      handlers: [...DEADLINE_HANDLERS, ...INTAKE_HANDLERS, ...NOTIFICATION_HANDLERS],
    });
    dir = await createDirectory(api);
    ds = api.app.get(DataSource);
  });

  afterAll(async () => {
    await api?.close();
    await smtp?.close();
  });

  const as = (who: keyof Directory['tokens']) => api.as(dir.tokens[who]);
  const notifications = (type: string) =>
    ds.query(`SELECT id, recipient_email, status, attempts, last_error FROM notifications WHERE type = $1 ORDER BY created_at`, [type]);

  it('retries the 新提案 mail the committee’s server refuses, marks it dead after 3 attempts and tells the supervision office', async () => {
    const res = await as('committee').post('/api/v1/proposals', {
      sessionId: dir.sessionId, number: 196, title: '以营商环境为主线强力推进我市数字政府建设', content: '运用数字技术驱动政府服务创新……', leadProposerId: dir.proposerId,
    });
    expect(res.status).toBe(201);
    proposalId = res.body.id;
    const [dead] = await eventually(async () => {
      const rows = await notifications('new_proposal');
      expect(rows).toEqual([expect.objectContaining({ recipient_email: email('tianwei'), status: 'dead', attempts: 3 })]);
      return rows;
    });
    expect(dead.last_error).toContain('550');
    const failure = await eventually(async () => {
      const mails = to(email('duchashi')).filter((m) => m.subject?.startsWith('【邮件投递失败】'));
      expect(mails).toHaveLength(1);
      return mails[0];
    });
    expect(failure.text).toContain(email('tianwei'));
    expect(await ds.query(`SELECT count(*)::int AS n FROM events WHERE type = 'notification.dead'`)).toEqual([{ n: 1 }]);
    expect(to(email('tianwei'))).toEqual([]);
  });

  it('sends the 交办通知 to the lead unit, copied to the supervision office, once', async () => {
    api.clock.set('2024-01-22T10:00:00+08:00');
    expect((await as('committee').post(`/api/v1/proposals/${proposalId}/review`, { decision: 'file' })).status).toBe(200);
    api.clock.set('2024-03-26T10:00:00+08:00');
    expect((await as('committee').post(`/api/v1/proposals/${proposalId}/assignments`, { leadUnitId: dir.units.xzsp })).status).toBe(201);
    const mail = await eventually(async () => {
      const mails = to(email('xzsp'));
      expect(mails).toHaveLength(1);
      return mails[0];
    });
    expect(mail.subject).toBe('【交办通知】市政协十届二次会议第196号提案《以营商环境为主线强力推进我市数字政府建设》');
    expect(addresses(mail.cc)).toEqual([email('duchashi')]);
    expect(mail.text).toContain('2024年6月26日');
    const [row] = await eventually(async () => {
      const rows = await notifications('assignment_notice');
      expect(rows).toEqual([expect.objectContaining({ status: 'sent', attempts: 1 })]);
      return rows;
    });
    expect(mail.messageId).toBe((await ds.query(`SELECT message_id FROM notifications WHERE id = $1`, [row.id]))[0].message_id);
  });

  it('re-enqueues a notification that should be sent but whose job is gone', async () => {
    // The committee's server takes mail again; an operator puts the dead mail back in the queue
    // by hand, long enough ago for the maintenance pass to look for its job (finished long since).
    smtp.refused.clear();
    const [dead] = await notifications('new_proposal');
    await ds.query(`UPDATE notifications SET status = 'queued', attempts = 0, updated_at = now() - interval '1 minute' WHERE id = $1`, [dead.id]);
    await eventually(async () => {
      expect(await notifications('new_proposal')).toEqual([expect.objectContaining({ status: 'sent', attempts: 1 })]);
    });
    expect(to(email('tianwei'))).toHaveLength(1);
  });
});
