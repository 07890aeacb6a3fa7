import { DataSource } from 'typeorm';
import { eventually, startApi, type TestApi } from '../support/api.js';
import { createDirectory, type Directory } from '../support/directory.js';
import { addresses, startSmtpSink, type SmtpSink } from '../support/smtp.js';

const mail = (code: string) => `${code}@pds.example.gov.cn`;

/**
 * Issue 11, items 10 and 12, against every worker and a real SMTP server: a proposer does not list
 * the mails sent about their proposal (everyone's addresses, cc lists and errors), and one event
 * reaches one address once — the supervision office gets one 【超期预警】 for an overdue 营商环境
 * proposal, not its own and a cc copy of the unit's.
 */
describe('security: notifications', () => {
  let api: TestApi;
  let dir: Directory;
  let smtp: SmtpSink;
  let id = '';
  const TITLE = '关于深化“一件事一次办”改革持续优化营商环境的提案';
  const as = (who: keyof Directory['tokens']) => api.as(dir.tokens[who]);
  const admin = () => api.as(dir.adminToken);
  const sql = <T = any>(query: string, params: unknown[] = []): Promise<T[]> => api.app.get(DataSource).query(query, params);
  const travel = async (now: string) => {
    expect((await admin().post('/api/v1/admin/clock', { now })).status).toBe(200);
    expect((await admin().post('/api/v1/admin/deadlines/sweep')).status).toBe(200);
  };
  /** Every event dispatched, its jobs done and its mails sent and received. */
  const settled = () =>
    eventually(async () => {
      const [{ busy, sent }] = await sql(
        `SELECT ((SELECT count(*) FROM events WHERE dispatched_at IS NULL) + (SELECT count(*) FROM event_jobs WHERE completed_at IS NULL)
               + (SELECT count(*) FROM notifications WHERE status NOT IN ('sent', 'dead')))::int AS busy,
                (SELECT count(*) FROM notifications WHERE status = 'sent')::int AS sent`,
      );
      expect([busy, sent]).toEqual([0, smtp.received.length]);
    }, 30_000);

  beforeAll(async () => {
    smtp = await startSmtpSink();
    api = await startApi('secnotify', '2024-01-16T09:00:00+08:00', { env: { SMTP_URL: smtp.url, DUBAN_PUBLIC_URL: 'http://duban.test' } });
    dir = await createDirectory(api);
    id = (await as('committee').post('/api/v1/proposals', {
      sessionId: dir.sessionId, title: TITLE, content: '建议压减涉企审批事项，推行“一件事一次办”，为市场主体减负。', leadProposerId: dir.proposerId,
    })).body.id;
    await eventually(async () => expect((await as('committee').get(`/api/v1/proposals/${id}`)).body.themes).toContain('营商环境'));
    expect((await as('committee').post(`/api/v1/proposals/${id}/review`, { decision: 'file' })).status).toBe(200);
    api.clock.set('2024-03-26T10:00:00+08:00');
    expect((await as('committee').post(`/api/v1/proposals/${id}/assignments`, { leadUnitId: dir.units.xzsp })).status).toBe(201);
    await settled();
  });
  afterAll(async () => {
    await api?.close();
    await smtp?.close();
  });

  it('item 12: an overdue 营商环境 proposal brings the supervision office one 【超期预警】, not two', async () => {
    await travel('2024-06-27T10:00:00+08:00');
    await eventually(async () => expect(smtp.received.filter((m) => m.subject?.includes('【超期预警】'))).toHaveLength(2));
    await settled();
    const alerts = smtp.to(mail('duchashi')).filter((m) => m.subject?.includes('【超期预警】'));
    expect(alerts.map((m) => [addresses(m.to), addresses(m.cc)])).toEqual([[[mail('duchashi')], []]]);
    // The unit's own alert, without the office in cc: the office has its own.
    const unit = smtp.to(mail('xzsp')).filter((m) => m.subject?.includes('【超期预警】'));
    expect(unit.map((m) => [addresses(m.to), addresses(m.cc)])).toEqual([[[mail('xzsp')], []]]);
  });

  it('item 12: no address is reached twice by one event (to or cc), over the whole life so far', async () => {
    const rows: Array<{ event_id: string; recipient_email: string; cc: string[] }> = await sql(`SELECT event_id, recipient_email, cc FROM notifications`);
    const reached = new Map<string, number>();
    const same = new Map<string, number>();
    for (const r of rows) {
      for (const address of [r.recipient_email, ...r.cc]) {
        const k = `${r.event_id} ${address.toLowerCase()}`;
        reached.set(k, (reached.get(k) ?? 0) + 1);
      }
    }
    for (const m of smtp.received) {
      const k = JSON.stringify([addresses(m.to), m.subject, m.text]);
      same.set(k, (same.get(k) ?? 0) + 1);
    }
    expect([...reached].filter(([, n]) => n > 1)).toEqual([]);
    expect([...same].filter(([, n]) => n > 1)).toEqual([]);
  });

  it('item 10: a proposer lists none of the mails about their proposal; staff and the handling unit do', async () => {
    const mine = await as('proposer').get(`/api/v1/notifications?proposalId=${id}`);
    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual([]);
    expect((await as('proposer').get('/api/v1/notifications')).body.items).toEqual([]);
    const staff = (await as('supervisor').get(`/api/v1/notifications?proposalId=${id}`)).body.items as Array<{ recipientEmail: string }>;
    expect(staff.map((n) => n.recipientEmail)).toEqual(expect.arrayContaining([mail('xzsp'), mail('duchashi')]));
    expect((await as('xzsp').get(`/api/v1/notifications?proposalId=${id}`)).body.items.length).toBe(staff.length);
    expect((await as('otherProposer').get(`/api/v1/notifications?proposalId=${id}`)).status).toBe(404);
  });
});
