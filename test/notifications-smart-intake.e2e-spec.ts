import type { ParsedMail } from 'mailparser';
import { DataSource } from 'typeorm';
import { eventually, startApi, type TestApi } from './support/api.js';
import { createDirectory, type Directory } from './support/directory.js';
import { addresses, startSmtpSink, type SmtpSink } from './support/smtp.js';

/**
 * What smart intake adds to the notifications (docs/intake.md, "What the notification worker adds"),
 * against real Postgres, Redis, every worker and an SMTP server of this process: alert-theme
 * proposals followed by the supervision office.
 */

const mail = (code: string) => `${code}@pds.example.gov.cn`;

interface MailRun {
  api: TestApi;
  dir: Directory;
  smtp: SmtpSink;
}

/** Boots Duban with every worker and an SMTP server for the enclosing describe block. */
function withMail(label: string): MailRun {
  const run = {} as MailRun;
  beforeAll(async () => {
    run.smtp = await startSmtpSink();
    run.api = await startApi(label, '2024-01-16T09:00:00+08:00', { env: { SMTP_URL: run.smtp.url, DUBAN_PUBLIC_URL: 'http://duban.test' } });
    run.dir = await createDirectory(run.api);
  });
  afterAll(async () => {
    await run.api?.close();
    await run.smtp?.close();
  });
  return run;
}

/** Messages addressed to (not copied to) the address whose subject contains the text. */
const inbox = (run: MailRun, address: string, subject: string) =>
  run.smtp.received.filter((m) => addresses(m.to).includes(address) && m.subject?.includes(subject));

/** Every event dispatched, its jobs done and its mails sent and received: what is not in the inbox by then will not come. */
const settled = (run: MailRun) =>
  eventually(async () => {
    const [{ busy, sent }] = await run.api.app.get(DataSource).query(
      `SELECT ((SELECT count(*) FROM events WHERE dispatched_at IS NULL) + (SELECT count(*) FROM event_jobs WHERE completed_at IS NULL)
             + (SELECT count(*) FROM notifications WHERE status NOT IN ('sent', 'dead')))::int AS busy,
              (SELECT count(*) FROM notifications WHERE status = 'sent')::int AS sent`,
    );
    expect([busy, sent]).toEqual([0, run.smtp.received.length]);
  }, 30_000);

/** The duplicates: every dedupe key must have arrived once. */
const twice = (run: MailRun) => [...run.smtp.countsByDedupeKey()].filter(([, n]) => n > 1);

/**
 * An alert-theme proposal (营商环境, config/intake.json `alertThemes`) is followed by the supervision
 * office as a key proposal is: the office hears at once that it arrived (proposal.classified), every
 * event that tells no one else is copied to it with the reason, and the mails of the others carry it
 * in cc. An ordinary proposal copies the office on nothing of the kind.
 */
describe('notifications of an alert-theme (营商环境) proposal', () => {
  const run = withMail('alertmail');
  const ALERT_TITLE = '关于深化“一件事一次办”改革持续优化营商环境的提案';
  const PLAIN_TITLE = '关于完善中小学课后服务的提案';
  const ids = { alert: '', plain: '' };
  const assignments = { alert: '', plain: '' };
  const as = (who: keyof Directory['tokens']) => run.api.as(run.dir.tokens[who]);
  const about = (list: ParsedMail[], title: string) => list.filter((m) => m.subject?.includes(title));
  const proposal = async (id: string) => (await as('supervisor').get(`/api/v1/proposals/${id}`)).body;

  it('tells the supervision office at once that a 营商环境 proposal arrived, and the committee without copying the office', async () => {
    const submit = (title: string, content: string, number: number) =>
      as('committee').post('/api/v1/proposals', { sessionId: run.dir.sessionId, number, title, content, leadProposerId: run.dir.proposerId });
    ids.alert = (await submit(ALERT_TITLE, '建议压减涉企审批事项，推行“一件事一次办”，为市场主体减负。', 11)).body.id;
    ids.plain = (await submit(PLAIN_TITLE, '建议丰富课后服务内容，减轻家长负担。', 12)).body.id;
    const [arrived] = await eventually(async () => {
      const found = inbox(run, mail('duchashi'), '【预警主题提案】');
      expect(found).toHaveLength(1);
      expect(inbox(run, mail('tianwei'), '【新提案】')).toHaveLength(2);
      return found;
    });
    expect(arrived.subject).toBe(`【预警主题提案】市政协十届二次会议第11号提案《${ALERT_TITLE}》（营商环境）`);
    expect(arrived.text).toContain('督办系统收到陈刚正委员提出的市政协十届二次会议第11号提案');
    expect(arrived.text).toContain('涉及预警主题“营商环境”');
    expect(arrived.text).toContain(`http://duban.test/proposals/${ids.alert}`);
    expect((await proposal(ids.alert)).themes).toContain('营商环境');
    await eventually(async () => expect((await proposal(ids.plain)).category).not.toBeNull());
    await settled(run);
    for (const m of inbox(run, mail('tianwei'), '【新提案】')) expect(addresses(m.cc)).toEqual([]);
    expect(run.smtp.to(mail('duchashi')).map((m) => m.subject)).toEqual([arrived.subject]);
  });

  it('copies an event that tells no one else (签收) to the office, saying why; not for an ordinary proposal', async () => {
    for (const id of Object.values(ids)) expect((await as('committee').post(`/api/v1/proposals/${id}/review`, { decision: 'file' })).status).toBe(200);
    run.api.clock.set('2024-03-26T10:00:00+08:00');
    for (const k of ['alert', 'plain'] as const) {
      const assigned = await as('committee').post(`/api/v1/proposals/${ids[k]}/assignments`, { leadUnitId: run.dir.units.xzsp });
      expect(assigned.status).toBe(201);
      assignments[k] = assigned.body[0].id;
    }
    run.api.clock.set('2024-03-27T09:30:00+08:00');
    for (const k of ['alert', 'plain'] as const) expect((await as('xzsp').post(`/api/v1/assignments/${assignments[k]}/accept`)).status).toBe(200);
    const [copy] = await eventually(async () => {
      const found = inbox(run, mail('duchashi'), '【预警主题提案动态】');
      expect(found).toHaveLength(1);
      return found;
    });
    expect(copy.subject).toBe(`【预警主题提案动态】市政协十届二次会议第11号提案《${ALERT_TITLE}》：承办单位已签收`);
    expect(copy.text).toContain(`预警主题（营商环境）提案市政协十届二次会议第11号提案《${ALERT_TITLE}》：承办单位已签收。`);
    expect(copy.text).toContain('抄送原因：本件为预警主题（营商环境）提案，各环节均抄送市政府督查室');
    await settled(run);
    expect(about(run.smtp.to(mail('duchashi')), PLAIN_TITLE).map((m) => m.subject)).toEqual([`【交办通知】市政协十届二次会议第12号提案《${PLAIN_TITLE}》`]);
    expect(about(inbox(run, mail('duchashi'), '动态】'), PLAIN_TITLE)).toEqual([]);
  });

  it('copies the office on the mails to the others (延期告知 to the proposer and the unit)', async () => {
    for (const k of ['alert', 'plain'] as const) {
      const requested = await as('xzsp').post(`/api/v1/assignments/${assignments[k]}/extension-requests`, { reason: '需协调多个部门', newDueOn: '2024-08-30' });
      expect(requested.status).toBe(201);
      expect((await as('supervisor').post(`/api/v1/extension-requests/${requested.body.id}/decision`, { approve: true })).status).toBe(200);
    }
    await eventually(async () => {
      expect(inbox(run, 'chengangzheng@example.com', '【延期告知】')).toHaveLength(2);
      expect(inbox(run, mail('xzsp'), '【延期告知】')).toHaveLength(2);
    });
    for (const to of ['chengangzheng@example.com', mail('xzsp')]) {
      expect(addresses(about(inbox(run, to, '【延期告知】'), ALERT_TITLE)[0].cc)).toEqual([mail('duchashi')]);
      expect(addresses(about(inbox(run, to, '【延期告知】'), PLAIN_TITLE)[0].cc)).toEqual([]);
    }
  });

  it('names both reasons for a key proposal of an alert theme', async () => {
    expect((await as('supervisor').post(`/api/v1/proposals/${ids.alert}/key`, { key: true, leaderName: '李副市长' })).status).toBe(200);
    const [copy] = await eventually(async () => {
      const found = inbox(run, mail('duchashi'), '重点提案标注变更');
      expect(found).toHaveLength(1);
      return found;
    });
    expect(copy.subject).toBe(`【重点提案动态】市政协十届二次会议第11号提案《${ALERT_TITLE}》：重点提案标注变更`);
    expect(copy.text).toContain('抄送原因：本件为重点提案、预警主题（营商环境）提案，各环节均抄送市政府督查室');
  });

  it('sent no email twice', async () => {
    await settled(run);
    expect(twice(run)).toEqual([]);
  });
});
