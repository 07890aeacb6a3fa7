import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { eventually, startApi, type TestApi } from './support/api.js';
import { createDirectory, type Directory } from './support/directory.js';
import { startRobotSink, type RobotSink } from './support/robots.js';
import { startSmppSink, type SmppSink } from './support/smpp.js';

const UNIT_MOBILE = '13800000196';
const PROPOSER_MOBILE = '13900000196';
const DINGTALK_SECRET = 'SEC0123456789abcdef0123456789abcdef';
const sign = (secret: string, ts: string) => encodeURIComponent(createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64'));

/**
 * No. 196 again, over the channels beside email (issue 15): a real SMPP server and a local HTTP
 * server for the WeCom / DingTalk robots, both in this process. The channel rules add SMS to the
 * unit's 交办通知; the defaults send the proposer's 答复通知 by SMS and the supervision office's
 * 督办周报 to its work groups.
 */
describe('No. 196 over SMS, WeCom and DingTalk', () => {
  let api: TestApi;
  let dir: Directory;
  let smsc: SmppSink;
  let robots: RobotSink;
  let proposalId: string;
  let assignmentId: string;
  const seed = readFileSync(new URL('./fixtures/no196/no196-seed.txt', import.meta.url), 'utf8');
  const content = seed.slice(seed.indexOf('运用数字技术'), seed.indexOf('承办单位')).trim();
  const reply = seed.slice(seed.indexOf('对市政协十届二次会议'), seed.indexOf('扫一扫')).trim();
  const as = (who: keyof Directory['tokens']) => api.as(dir.tokens[who]);
  const admin = () => api.as(dir.adminToken);
  const rows = (where: string, params: unknown[] = []) =>
    api.app.get(DataSource).query(
      `SELECT dedupe_key, type, channel, recipient_email, recipient_address, recipient_ref, status, body_text, provider_ids, receipt_status, link
         FROM notifications WHERE ${where} ORDER BY created_at, dedupe_key`,
      params,
    ) as Promise<any[]>;

  beforeAll(async () => {
    smsc = await startSmppSink();
    robots = await startRobotSink(sign);
    robots.dingtalkSecret = DINGTALK_SECRET;
    api = await startApi('ch196', '2024-01-16T09:00:00+08:00', {
      env: { SMPP_URL: smsc.url, DUBAN_NOTIFY_CHANNELS: JSON.stringify({ assignment_notice: { unit: ['email', 'sms'] } }), DUBAN_MAIL_BACKOFF_MS: '200', DUBAN_SMS_ATTEMPTS: '4' },
    });
    dir = await createDirectory(api);
  });
  afterAll(async () => {
    await api?.close();
    await smsc?.close();
    await robots?.close();
  });

  it('refuses contact fields that are not a mobile or a webhook with 400 naming the field', async () => {
    const bad = await admin().patch(`/api/v1/units/${dir.units.xzsp}`, { mobile: '2580162', wecomWebhook: 'ftp://x', dingtalkSecret: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual(expect.arrayContaining(['mobile', 'wecomWebhook', 'dingtalkSecret']));
    const proposer = await admin().patch(`/api/v1/proposers/${dir.proposerId}`, { mobile: '12345' });
    expect(proposer.status).toBe(400);
    expect(proposer.body.fields).toEqual(['mobile']);
    expect((await admin().get(`/api/v1/units/${dir.units.xzsp}`)).body.mobile).toBeNull();
  });

  it('keeps the mobiles and robots of the unit, the proposer and the office, never answering the DingTalk secret', async () => {
    expect((await admin().patch(`/api/v1/units/${dir.units.xzsp}`, { mobile: UNIT_MOBILE })).status).toBe(200);
    expect((await admin().patch(`/api/v1/proposers/${dir.proposerId}`, { mobile: `+86 ${PROPOSER_MOBILE}` })).status).toBe(200);
    const office = await admin().patch(`/api/v1/units/${dir.units.supervision}`, {
      wecomWebhook: `${robots.base}/wecom/office-key`, dingtalkWebhook: `${robots.base}/dingtalk/send?access_token=office`, dingtalkSecret: DINGTALK_SECRET,
    });
    expect(office.status).toBe(200);
    const got = (await admin().get(`/api/v1/units/${dir.units.supervision}`)).body;
    expect(got).toMatchObject({ wecomWebhook: `${robots.base}/wecom/office-key` });
    expect(JSON.stringify(got)).not.toContain(DINGTALK_SECRET);
  });

  it('sends the unit its 交办通知 by SMS too, in UCS-2 with a short link, and records the receipt', async () => {
    let res = await as('committee').post('/api/v1/proposals', {
      sessionId: dir.sessionId, number: 196, title: '以营商环境为主线强力推进我市数字政府建设', content, leadProposerId: dir.proposerId, category: '经济建设',
    });
    proposalId = res.body.id;
    api.clock.set('2024-01-20T10:00:00+08:00');
    expect((await as('committee').post(`/api/v1/proposals/${proposalId}/review`, { decision: 'file' })).status).toBe(200);
    api.clock.set('2024-03-26T10:00:00+08:00');
    res = await as('committee').post(`/api/v1/proposals/${proposalId}/assignments`, { leadUnitId: dir.units.xzsp });
    expect(res.status).toBe(201);
    assignmentId = res.body[0].id;

    const [sms] = await eventually(async () => {
      const got = smsc.to(UNIT_MOBILE);
      expect(got).toHaveLength(1);
      return got;
    });
    expect(sms!.text).toMatch(/^【督办系统】.*第196号.* 详见 http:\/\/localhost:3000\/s\/[0-9A-Za-z]{8}$/);
    // A long SMS: two parts of UCS-2, the first 67 characters, each with the concatenation element of one reference.
    const parts = smsc.submits.filter((s) => s.to === UNIT_MOBILE);
    expect(sms!.parts).toBe(2);
    expect(parts.map((p) => [p.dataCoding, p.udh?.slice(0, 2), p.udh?.[4], p.udh?.[5]])).toEqual([[8, [8, 4], 2, 1], [8, [8, 4], 2, 2]]);
    expect(parts[0]!.text).toHaveLength(66);
    const [row] = await eventually(async () => {
      const r = await rows(`channel = 'sms' AND type = 'assignment_notice'`);
      expect(r).toEqual([expect.objectContaining({ status: 'sent', receipt_status: 'DELIVRD', recipient_address: UNIT_MOBILE })]);
      return r;
    });
    expect(row.dedupe_key).toMatch(new RegExp(`^[0-9a-f-]{36}:unit:${assignmentId}:sms$`));
    expect(row.provider_ids).toEqual(sms!.ids);
    expect(row.recipient_ref).toBe(`unit:${dir.units.xzsp}`);
    // The email is there as before, under its old key.
    expect(await rows(`channel = 'email' AND type = 'assignment_notice'`)).toEqual([
      expect.objectContaining({ dedupe_key: row.dedupe_key.replace(/:sms$/, ''), recipient_email: 'xzsp@pds.example.gov.cn' }),
    ]);

    // The short link leads to the proposal.
    const code = /\/s\/([0-9A-Za-z]{8})$/.exec(sms!.text)![1];
    const redirect = await api.http.get(`/s/${code}`);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.location).toBe(`http://localhost:3000/proposals/${proposalId}`);
    expect((await api.http.get('/s/ZZZZZZZZ')).status).toBe(404);
  });

  it("posts the office's 督办周报 to its WeCom group, and signed to its DingTalk group", async () => {
    const posts = await eventually(async () => {
      const wecom = robots.posts.filter((p) => p.path === '/wecom/office-key');
      const dingtalk = robots.posts.filter((p) => p.path === '/dingtalk/send');
      expect(wecom.length).toBeGreaterThanOrEqual(1);
      expect(dingtalk.length).toBeGreaterThanOrEqual(1);
      return { wecom, dingtalk };
    });
    expect(posts.wecom[0]!.body).toMatchObject({ msgtype: 'markdown', markdown: { content: expect.stringContaining('督办周报') } });
    expect(posts.dingtalk[0]!.body).toMatchObject({ msgtype: 'markdown', markdown: { title: expect.stringContaining('督办周报') } });
    expect(posts.dingtalk[0]!.query.get('access_token')).toBe('office');
    expect(posts.dingtalk[0]!.query.get('timestamp')).toMatch(/^\d{13}$/);
    const sent = await rows(`channel IN ('wecom', 'dingtalk') AND status = 'sent'`);
    expect(sent.length).toBe(posts.wecom.length + posts.dingtalk.length);
    expect(sent.every((r) => r.recipient_address === `unit:${dir.units.supervision}`)).toBe(true);
  });

  it('sends the proposer the 答复通知 by SMS (the default) after the reply', async () => {
    api.clock.set('2024-03-27T09:30:00+08:00');
    expect((await as('xzsp').post(`/api/v1/assignments/${assignmentId}/accept`)).status).toBe(200);
    api.clock.set('2024-06-26T15:00:00+08:00');
    const res = await as('xzsp').post(`/api/v1/assignments/${assignmentId}/reply`, {
      content: reply, resultCategory: 'A', signedBy: '市行政审批和政务信息管理局', contactName: '王', contactPhone: '2580162', public: true,
    });
    expect(res.status).toBe(201);
    const [sms] = await eventually(async () => {
      const got = smsc.to(PROPOSER_MOBILE);
      expect(got).toHaveLength(1);
      return got;
    });
    expect(sms!.text).toContain('答复');
    // The unit had no SMS for it: reply notices go by SMS to the proposer only.
    expect(smsc.to(UNIT_MOBILE)).toHaveLength(1);
  });

  it('sends nothing twice: one SMS per key, one robot post per key', async () => {
    await eventually(async () => {
      const keys = await rows(`channel <> 'email'`);
      expect(new Set(keys.map((k) => k.dedupe_key)).size).toBe(keys.length);
      expect(smsc.received).toHaveLength(keys.filter((k) => k.channel === 'sms' && k.status === 'sent').length);
    });
  });

  /** A proposal filed and assigned to 市行政审批和政务信息管理局 (its 交办通知 goes by SMS too, per the rules of this file). */
  const assignAnother = async (title: string) => {
    const p = await as('committee').post('/api/v1/proposals', { sessionId: dir.sessionId, title, content: `${title}的具体建议……`, leadProposerId: dir.proposerId });
    expect((await as('committee').post(`/api/v1/proposals/${p.body.id}/review`, { decision: 'file' })).status).toBe(200);
    expect((await as('committee').post(`/api/v1/proposals/${p.body.id}/assignments`, { leadUnitId: dir.units.xzsp })).status).toBe(201);
    return p.body.id as string;
  };

  it('retries an SMS the SMSC refuses and, after its own 4 attempts, marks it dead and tells the office', async () => {
    api.clock.set('2024-07-03T10:00:00+08:00');
    smsc.refuseAll = true;
    const before = smsc.received.length;
    const id = await assignAnother('关于优化政务短信服务的提案');
    const [dead] = await eventually(async () => {
      const r = await rows(`channel = 'sms' AND proposal_id = $1`, [id]);
      expect(r).toEqual([expect.objectContaining({ status: 'dead' })]);
      return r;
    }, 30_000);
    expect(dead).toBeDefined();
    const [row] = await api.app.get(DataSource).query(`SELECT attempts, last_error FROM notifications WHERE channel = 'sms' AND proposal_id = $1`, [id]);
    expect(row).toMatchObject({ attempts: 4, last_error: expect.stringContaining('submit_sm') });
    // The email went as usual.
    expect(await rows(`channel = 'email' AND proposal_id = $1 AND type = 'assignment_notice'`, [id])).toEqual([expect.objectContaining({ status: 'sent' })]);
    const [event] = await api.app.get(DataSource).query(`SELECT payload FROM events WHERE type = 'notification.dead' AND proposal_id = $1`, [id]);
    expect(event.payload).toMatchObject({ channel: 'sms', recipient: expect.stringContaining(UNIT_MOBILE), attempts: 4 });
    expect(smsc.received.length).toBe(before);
    smsc.refuseAll = false;
  });

  it('sends an SMS once the SMSC is back after being down, once', async () => {
    await smsc.stop();
    const id = await assignAnother('关于短信网关中断后补发的提案');
    await eventually(async () => {
      expect(await rows(`channel = 'sms' AND proposal_id = $1`, [id])).toEqual([expect.objectContaining({ status: 'retrying' })]);
    });
    await smsc.start();
    await eventually(async () => {
      expect(await rows(`channel = 'sms' AND proposal_id = $1`, [id])).toEqual([expect.objectContaining({ status: 'sent', receipt_status: 'DELIVRD' })]);
    }, 30_000);
    expect(smsc.received.filter((m) => m.text.includes('短信网关中断后补发'))).toHaveLength(1);
  });

  it('retries a robot post the platform refused (errcode 45009) until it takes it', async () => {
    robots.errcode = 45009;
    api.clock.set('2024-07-08T10:00:00+08:00');
    await eventually(async () => {
      const r = await rows(`channel = 'wecom' AND type = 'weekly_digest' AND status = 'retrying'`);
      expect(r.length).toBeGreaterThanOrEqual(1);
    });
    const posted = robots.posts.length;
    robots.errcode = 0;
    await eventually(async () => {
      const r = await api.app.get(DataSource).query(`SELECT status, attempts FROM notifications WHERE channel = 'wecom' AND type = 'weekly_digest' ORDER BY created_at DESC LIMIT 1`);
      expect(r[0]).toMatchObject({ status: 'sent' });
      expect(r[0].attempts).toBeGreaterThanOrEqual(2);
    }, 30_000);
    expect(robots.posts.length).toBeGreaterThan(posted);
    const keys = await rows(`channel IN ('wecom', 'dingtalk')`);
    expect(new Set(keys.map((k) => k.dedupe_key)).size).toBe(keys.length);
  });

  it('counts each channel’s messages in /metrics', async () => {
    const metrics = (await api.http.get('/metrics')).text;
    expect(metrics).toMatch(/duban_channel_messages_total\{[^}]*channel="sms"[^}]*outcome="sent"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/duban_channel_messages_total\{[^}]*channel="sms"[^}]*outcome="dead"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/duban_channel_messages_total\{[^}]*channel="wecom"[^}]*outcome="retrying"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/duban_sms_receipts_total\{stat="DELIVRD"\} [1-9]/);
  });
});
