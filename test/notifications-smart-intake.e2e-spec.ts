import type { ParsedMail } from 'mailparser';
import { DataSource } from 'typeorm';
import { eventually, startApi, type TestApi } from './support/api.js';
import { createDirectory, type Directory } from './support/directory.js';
import { addresses, dedupeKeyOf, startSmtpSink, type SmtpSink } from './support/smtp.js';

/**
 * What smart intake adds to the notifications (docs/intake.md, "What the notification worker adds"),
 * against real Postgres, Redis, every worker and an SMTP server of this process: alert-theme
 * proposals followed by the supervision office, the reply of a proposal reaching the proposers of
 * the proposals merged into it, and one summary mail per bulk import instead of one per row.
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

/**
 * What reached the address apart from the weekly digest (督办周报): the sweep records the week's
 * digest the first time it runs after Monday 09:00, so whether the office gets one in these runs
 * depends only on whether the directory existed by the sweep's first tick.
 */
const besidesDigest = (run: MailRun, address: string) => run.smtp.to(address).filter((m) => !m.subject?.startsWith('【督办周报】'));

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
    expect(besidesDigest(run, mail('duchashi')).map((m) => m.subject)).toEqual([arrived.subject]);
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
    expect(copy.text).toMatch(/\n时间：\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}\n/); // Beijing time, as the office reads it
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

/**
 * 并案: No. 202 (王芳, with 李明) was merged into No. 201 (李明, with 陈刚正), and No. 201 into
 * No. 196 (陈刚正). When No. 196 is answered, the proposers of the proposals merged into it, along
 * the chain, receive its reply too: once each, naming their own proposals, without the feedback
 * link, which stays with No. 196's own proposer.
 */
describe('the reply of a proposal reaches the proposers of the proposals merged into it', () => {
  const run = withMail('mergedreply');
  const REPLY = '陈刚正委员：\n\n您提出的关于推进数字政府建设的提案收悉。现答复如下：\n\n一、已建成全市统一的政务数据共享平台。\n\n二、下一步将持续推进“一网通办”。\n\n2024年6月20日';
  const ids = { x: '', a: '', b: '' };
  let wangfang: string;
  let replyId: string;
  const as = (who: keyof Directory['tokens']) => run.api.as(run.dir.tokens[who]);

  it('merges No. 202 into No. 201 and No. 201 into No. 196, then answers No. 196', async () => {
    const { dir } = run;
    wangfang = (await run.api.as(dir.adminToken).post('/api/v1/proposers', { name: '王芳', kind: 'member', sector: '科技界', email: 'wangfang@example.com' })).body.id;
    const submit = async (number: number, title: string, leadProposerId: string, coProposerIds: string[]) =>
      (await as('committee').post('/api/v1/proposals', { sessionId: dir.sessionId, number, title, content: '建议打通部门数据，推进政务数据共享。', leadProposerId, coProposerIds })).body.id as string;
    ids.x = await submit(196, '以营商环境为主线强力推进我市数字政府建设', dir.proposerId, []);
    ids.a = await submit(201, '关于打破政务信息孤岛的提案', dir.otherProposerId, [dir.proposerId]);
    ids.b = await submit(202, '关于推进政务数据共享的提案', wangfang, [dir.otherProposerId]);
    expect((await as('committee').post(`/api/v1/proposals/${ids.b}/review`, { decision: 'merge', mergeIntoId: ids.a })).status).toBe(200);
    expect((await as('committee').post(`/api/v1/proposals/${ids.a}/review`, { decision: 'merge', mergeIntoId: ids.x })).status).toBe(200);
    expect((await as('committee').post(`/api/v1/proposals/${ids.x}/review`, { decision: 'file' })).status).toBe(200);
    run.api.clock.set('2024-03-26T10:00:00+08:00');
    const assignment = (await as('committee').post(`/api/v1/proposals/${ids.x}/assignments`, { leadUnitId: dir.units.xzsp })).body[0].id;
    expect((await as('xzsp').post(`/api/v1/assignments/${assignment}/accept`)).status).toBe(200);
    run.api.clock.set('2024-06-20T15:00:00+08:00');
    const replied = await as('xzsp').post(`/api/v1/assignments/${assignment}/reply`, {
      content: REPLY, resultCategory: 'A', signedBy: '市行政审批和政务信息管理局', contactName: '王', contactPhone: '2580162', public: true,
    });
    expect(replied.status).toBe(201);
    replyId = replied.body.id;
    await eventually(async () => expect(inbox(run, 'wangfang@example.com', '【答复告知】')).toHaveLength(1));
    await settled(run);
  });

  it('sends No. 196’s proposer the reply with the feedback link, as before, and once (he also signed No. 201)', () => {
    const found = inbox(run, 'chengangzheng@example.com', '【答复告知】');
    expect(found).toHaveLength(1);
    expect(found[0].subject).toBe('【答复告知】市政协十届二次会议第196号提案《以营商环境为主线强力推进我市数字政府建设》');
    expect(found[0].text).toMatch(/http:\/\/duban\.test\/feedback\/[\w.-]+/);
  });

  it('sends 李明 one mail naming both his merged proposals, without the link', () => {
    const found = inbox(run, 'liming@example.com', '【答复告知】');
    expect(found).toHaveLength(1);
    const [m] = found;
    expect(m.subject).toBe('【答复告知】市政协十届二次会议第201号提案《关于打破政务信息孤岛的提案》等2件（已并入市政协十届二次会议第196号提案办理）');
    expect(addresses(m.cc)).toEqual([]);
    expect(m.text).toContain('李明委员：');
    expect(m.text).toContain(
      '您提出的市政协十届二次会议第201号提案《关于打破政务信息孤岛的提案》、市政协十届二次会议第202号提案《关于推进政务数据共享的提案》，经立案审查已并入市政协十届二次会议第196号提案《以营商环境为主线强力推进我市数字政府建设》（陈刚正委员提出）并案办理',
    );
    expect(m.text).not.toContain('/feedback/');
    expect(m.text).toContain('满意度测评由陈刚正委员进行');
    expect(dedupeKeyOf(m)).toMatch(new RegExp(`:merged:${run.dir.otherProposerId}:${replyId}$`));
  });

  it('sends 王芳 (No. 202, merged into No. 201, merged into No. 196) the reply in full, naming her own proposal', () => {
    const [m] = inbox(run, 'wangfang@example.com', '【答复告知】');
    expect(m.subject).toBe('【答复告知】市政协十届二次会议第202号提案《关于推进政务数据共享的提案》（已并入市政协十届二次会议第196号提案办理）');
    expect(m.text).toContain('王芳委员：');
    expect(m.text).toContain('并案至市政协十届二次会议第196号提案办理');
    expect(m.text).toContain('一、已建成全市统一的政务数据共享平台。\n\n二、下一步将持续推进“一网通办”。');
    expect(m.text).toContain('联系人：王');
    expect(m.text).not.toContain('/feedback/');
    expect(dedupeKeyOf(m)).toMatch(new RegExp(`:merged:${wangfang}:${replyId}$`));
  });

  it('still copies the committee and the supervision office once, and sent no email twice', () => {
    expect(inbox(run, mail('tianwei'), '【答复告知】')).toHaveLength(1);
    expect(inbox(run, mail('duchashi'), '【答复告知】')).toHaveLength(1);
    expect(run.smtp.received.filter((m) => m.subject?.startsWith('【答复告知】'))).toHaveLength(5);
    expect(twice(run)).toEqual([]);
  });
});

/**
 * A bulk import tells the committee once (批量导入完成: the file, the counts, the link to the row
 * report), not once per imported proposal; its alert-theme proposals are listed there, with the
 * supervision office copied, rather than announced one by one. Classification and similar-proposal
 * search still run for every imported proposal; a proposal entered by hand still gets its 新提案 mail.
 */
describe('a bulk import sends one summary to the committee, not a 新提案 mail per row', () => {
  const run = withMail('importmail');
  const FILENAME = '十届二次会议提案（第一批）.csv';
  const ALERT_TITLE = '关于优化营商环境降低涉企审批成本的提案';
  const CSV = [
    '编号,标题,内容,第一提案人,联名提案人',
    `301,${ALERT_TITLE},建议压减涉企审批事项，推行惠企政策免申即享。,陈刚正,李明`,
    '302,关于完善中小学课后服务的提案,建议丰富课后服务内容，减轻家长负担。,李明,',
    '303,关于加快老旧小区加装电梯的提案,建议简化加装电梯办理流程，加大财政补贴。,陈刚正,',
    '304,关于加强停车管理的提案,建议增设停车位。,查无此人,',
  ].join('\n');
  let importId: string;
  let imported: string[];
  const committee = () => run.api.as(run.dir.tokens.committee);

  it('imports three rows of four, then classifies and compares every imported proposal', async () => {
    const res = await run.api.http.post('/api/v1/imports').set('Authorization', `Bearer ${run.dir.tokens.committee}`)
      .field('sessionId', run.dir.sessionId).attach('file', Buffer.from(CSV, 'utf8'), FILENAME);
    expect(res.status).toBe(202);
    importId = res.body.id;
    const report = await eventually(async () => {
      const r = (await committee().get(`/api/v1/imports/${importId}?rows=all`)).body;
      expect(r.status).toBe('completed');
      return r;
    });
    expect(report.counts).toEqual({ imported: 3, skipped: 0, invalid: 1 });
    imported = report.rows.filter((r: any) => r.status === 'imported').map((r: any) => r.proposalId);
    await eventually(async () => {
      for (const id of imported) {
        expect((await committee().get(`/api/v1/proposals/${id}`)).body.category).not.toBeNull();
        expect((await committee().get(`/api/v1/proposals/${id}/similar`)).body.status).toBe('done');
      }
    }, 30_000);
    expect((await committee().get(`/api/v1/proposals/${imported[0]}`)).body.themes).toContain('营商环境');
    await settled(run);
  });

  it('sends the committee one 批量导入完成 mail with the file, the counts and the report link, and no 新提案 mail', () => {
    expect(inbox(run, mail('tianwei'), '【新提案】')).toEqual([]);
    const found = inbox(run, mail('tianwei'), '【批量导入完成】');
    expect(found).toHaveLength(1);
    const [m] = found;
    expect(m.subject).toBe(`【批量导入完成】市政协十届二次会议导入提案3件，1行未通过校验（${FILENAME}）`);
    expect(m.text).toContain(`文件《${FILENAME}》已导入市政协十届二次会议：共4行，成功导入3件，1行未通过校验未导入。`);
    expect(m.text).toContain(`查看导入报告：\nhttp://duban.test/imports/${importId}`);
  });

  it('lists the 营商环境 proposal in it and copies the supervision office, which gets no mail per proposal', () => {
    const [m] = inbox(run, mail('tianwei'), '【批量导入完成】');
    expect(addresses(m.cc)).toEqual([mail('duchashi')]);
    expect(m.text).toContain('■ 预警主题提案（1件）');
    expect(m.text).toContain(`1. 《${ALERT_TITLE}》\n   http://duban.test/proposals/${imported[0]}\n   编号：第301号\n   预警主题：营商环境`);
    expect(m.text).not.toContain('关于完善中小学课后服务的提案');
    expect(besidesDigest(run, mail('duchashi')).map((x) => x.subject)).toEqual([m.subject]);
  });

  it('still sends the 新提案 mail for a proposal entered by hand', async () => {
    const res = await committee().post('/api/v1/proposals', { sessionId: run.dir.sessionId, title: '关于建设城市书房的提案', content: '建议在社区建设城市书房。', leadProposerId: run.dir.proposerId });
    expect(res.status).toBe(201);
    await eventually(async () => expect(inbox(run, mail('tianwei'), '【新提案】')).toHaveLength(1));
    await settled(run);
    expect(inbox(run, mail('tianwei'), '【新提案】')[0].subject).toContain('关于建设城市书房的提案');
    expect(inbox(run, mail('tianwei'), '【批量导入完成】')).toHaveLength(1);
    expect(twice(run)).toEqual([]);
  });
});
