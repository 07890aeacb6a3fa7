import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppContext, CLOCK } from '#kernel';
import { DeliverNotification, FeedbackLinks, MaintainNotifications, MailTransport, PlanNotifications, safeFileName } from '#notifications';
import { ReassignAfterAdjustment, ReopenForRehandling } from '#handling';
import { SweepDeadlines } from '#deadlines';
import { DubanConfig } from '#common';
import { FixedClock } from '#domain';
import { DubanPlatformModule } from '#application';
import { ApiHttpModule } from '../apps/api/src/api.module.js';
import { configureApi } from '../apps/api/src/bootstrap.js';
import { FeedbackLinkController } from '../apps/api/src/http/feedback-link.controller.js';
import { ADMIN, obliterateQueues, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { createDirectory, type Directory } from './support/directory.js';
import { simpleParser } from 'mailparser';
import { addresses, startSmtpSink, type SmtpSink } from './support/smtp.js';


/**
 * The notification side against real Postgres and a real SMTP server, on proposal No. 196 with the
 * dates it really had: planning, delivery, retries and the dead letter, the .eml fallback, office
 * hours, the weekly digest, and the signed feedback link of the reply email.
 */
describe('Notifications of No. 196', () => {
  let app: INestApplication;
  let db: TestDatabase;
  let http: ReturnType<typeof request>;
  let clock: FixedClock;
  let ds: DataSource;
  let dir: Directory;
  let smtp: SmtpSink;
  let plan: PlanNotifications;
  let viaSmtp: DeliverNotification;
  let mailDir: string;
  let proposalId: string;
  let assignmentId: string;
  const seed = readFileSync(new URL('./fixtures/no196/no196-seed.txt', import.meta.url), 'utf8');
  const content = seed.slice(seed.indexOf('运用数字技术'), seed.indexOf('承办单位')).trim();
  const replyText = seed.slice(seed.indexOf('对市政协十届二次会议'), seed.indexOf('扫一扫')).trim();
  const email = (code: string) => `${code}@pds.example.gov.cn`;

  beforeAll(async () => {
    db = await createTestDatabase('notify');
    mailDir = mkdtempSync(join(tmpdir(), 'duban-mail-'));
    Object.assign(process.env, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      DATABASE_URL: db.url,
      DUBAN_ADMIN_USERNAME: ADMIN.username,
      DUBAN_ADMIN_PASSWORD: ADMIN.password,
      DUBAN_QUEUE_PREFIX: db.name,
      DUBAN_TIME_TRAVEL: 'on',
      DUBAN_MAIL_DIR: mailDir,
      DUBAN_PUBLIC_URL: 'http://duban.test',
    });
    delete process.env.SMTP_URL;
    clock = new FixedClock('2024-01-16T09:00:00+08:00');
    // The API module with the feedback-link controller (added here until the API module lists it).
    const listed: unknown[] = Reflect.getMetadata('controllers', ApiHttpModule) ?? [];
    @Module({ imports: [DubanPlatformModule.forProcess('duban-test'), ApiHttpModule], controllers: listed.includes(FeedbackLinkController) ? [] : [FeedbackLinkController] })
    class NotificationsTestModule {}
    const moduleRef = await Test.createTestingModule({ imports: [NotificationsTestModule] })
      .overrideProvider(CLOCK).useValue(clock)
      .overrideProvider(DubanConfig).useValue(DubanConfig.fromEnv(process.env))
      .compile();
    app = moduleRef.createNestApplication({ bufferLogs: true });
    await configureApi(app);
    await app.init();
    http = request(app.getHttpServer());
    const as = (token: string) => ({
      get: (path: string) => http.get(path).set('Authorization', `Bearer ${token}`),
      post: (path: string, body: object = {}) => http.post(path).set('Authorization', `Bearer ${token}`).send(body),
      patch: (path: string, body: object = {}) => http.patch(path).set('Authorization', `Bearer ${token}`).send(body),
    });
    const login = async (username: string, password: string) => (await http.post('/api/v1/auth/login').send({ username, password })).body.accessToken as string;
    dir = await createDirectory({ login, as } as unknown as TestApi);
    ds = app.get(DataSource);
    plan = app.get(PlanNotifications);
    smtp = await startSmtpSink();
    viaSmtp = new DeliverNotification(app.get(AppContext), MailTransport.smtp(smtp.url), { mailFrom: '"督办系统" <duban@pds.example.gov.cn>' });
  });

  afterAll(async () => {
    await app?.close();
    await smtp?.close();
    await db?.drop();
    if (db?.name) await obliterateQueues(db.name);
    if (mailDir) rmSync(mailDir, { recursive: true, force: true });
  });

  const as = (who: keyof Directory['tokens']) => ({
    get: (path: string) => http.get(path).set('Authorization', `Bearer ${dir.tokens[who]}`),
    post: (path: string, body: object = {}) => http.post(path).set('Authorization', `Bearer ${dir.tokens[who]}`).send(body),
  });
  const eventOf = async (type: string): Promise<string> => {
    const rows = await ds.query(`SELECT id FROM events WHERE type = $1 AND (proposal_id = $2 OR proposal_id IS NULL) ORDER BY seq DESC LIMIT 1`, [type, proposalId ?? null]);
    if (!rows[0]) throw new Error(`no ${type} event`);
    return rows[0].id;
  };
  const rowsOf = (eventId: string) =>
    ds.query(
      `SELECT id, dedupe_key, type, recipient_email, cc, subject, body_text, body_html, message_id, status, attempts, last_error, not_before, sent_at
         FROM notifications WHERE event_id = $1 ORDER BY dedupe_key`,
      [eventId],
    );

  it('files and assigns No. 196 (the case the mails are about)', async () => {
    const created = await as('committee').post('/api/v1/proposals', {
      sessionId: dir.sessionId, number: 196, title: '以营商环境为主线强力推进我市数字政府建设', content, leadProposerId: dir.proposerId,
    });
    expect(created.status).toBe(201);
    proposalId = created.body.id;
    clock.set('2024-01-22T10:00:00+08:00');
    expect((await as('committee').post(`/api/v1/proposals/${proposalId}/review`, { decision: 'file' })).status).toBe(200);
    clock.set('2024-03-26T10:00:00+08:00');
    const assigned = await as('committee').post(`/api/v1/proposals/${proposalId}/assignments`, { leadUnitId: dir.units.xzsp });
    expect(assigned.status).toBe(201);
    assignmentId = assigned.body[0].id;
    clock.set('2024-03-27T09:30:00+08:00');
    expect((await as('xzsp').post(`/api/v1/assignments/${assignmentId}/accept`)).status).toBe(200);
  });

  it('plans one 交办通知 for the lead unit, with the reply due date 2024年6月26日, copied to the supervision office', async () => {
    const eventId = await eventOf('proposal.assigned');
    const ids = await plan.execute(eventId);
    const rows = await rowsOf(eventId);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(ids).toEqual([row.id]);
    expect(row).toMatchObject({
      type: 'assignment_notice',
      recipient_email: email('xzsp'),
      cc: [email('duchashi')],
      status: 'queued',
      attempts: 0,
      dedupe_key: `${eventId}:unit:${assignmentId}`,
      subject: '【交办通知】市政协十届二次会议第196号提案《以营商环境为主线强力推进我市数字政府建设》',
    });
    expect(row.message_id).toBe(`<${createHash('sha256').update(row.dedupe_key).digest('hex').slice(0, 32)}@duban>`);
    expect(row.body_text).toContain('2024年6月26日');
    expect(row.body_text).toContain('陈刚正委员');
    expect(row.body_text).toContain('2024年4月2日'); // the last day to ask for an adjustment
    expect(row.body_html).toContain('2024年6月26日');
  });

  it('planning the same event again creates nothing and returns the same ids', async () => {
    const eventId = await eventOf('proposal.assigned');
    const first = (await rowsOf(eventId)).map((r: any) => r.id);
    expect(await plan.execute(eventId)).toEqual(first);
    expect(await plan.execute(eventId)).toEqual(first);
    expect((await rowsOf(eventId)).map((r: any) => r.id)).toEqual(first);
  });

  it('delivers exactly one email with the row’s Message-ID, however often it is asked to', async () => {
    const [row] = await rowsOf(await eventOf('proposal.assigned'));
    const outcomes = await Promise.all([viaSmtp.execute(row.id, { lastAttempt: false }), viaSmtp.execute(row.id, { lastAttempt: false })]);
    expect(outcomes.sort()).toEqual(['sent', 'skipped']);
    expect(await viaSmtp.execute(row.id, { lastAttempt: true })).toBe('skipped');
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail.messageId).toBe(row.message_id);
    expect(mail.headers.get('x-duban-dedupe-key')).toBe(row.dedupe_key);
    expect(mail.subject).toBe(row.subject);
    expect(addresses(mail.to)).toEqual([email('xzsp')]);
    expect(addresses(mail.cc)).toEqual([email('duchashi')]);
    expect(addresses(mail.from)).toEqual(['duban@pds.example.gov.cn']);
    expect(mail.text).toContain('2024年6月26日');
    const [after] = await rowsOf(await eventOf('proposal.assigned'));
    expect(after).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    expect(new Date(after.sent_at).toISOString()).toBe(new Date('2024-03-27T09:30:00+08:00').toISOString());
  });

  it('retries when the SMTP server refuses, then marks the mail dead on the last attempt and records notification.dead', async () => {
    const submitted = await eventOf('proposal.submitted');
    const [id] = await plan.execute(submitted);
    const [row] = await rowsOf(submitted);
    expect(row).toMatchObject({ id, type: 'new_proposal', recipient_email: email('tianwei'), status: 'queued' });
    smtp.refuseAll = true;
    try {
      await expect(viaSmtp.execute(id, { lastAttempt: false })).rejects.toThrow(/recipients were rejected|Mailbox unavailable/);
      expect((await rowsOf(submitted))[0]).toMatchObject({ status: 'retrying', attempts: 1, last_error: expect.stringContaining('550') });
      await expect(viaSmtp.execute(id, { lastAttempt: true })).resolves.toBe('dead');
      expect(await viaSmtp.execute(id, { lastAttempt: true })).toBe('skipped');
    } finally {
      smtp.refuseAll = false;
    }
    expect((await rowsOf(submitted))[0]).toMatchObject({ status: 'dead', attempts: 2, last_error: expect.stringContaining('550') });
    const dead = await ds.query(`SELECT id, proposal_id, dedupe_key, payload FROM events WHERE type = 'notification.dead'`);
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({
      proposal_id: proposalId,
      dedupe_key: `notification.dead:${id}`,
      payload: { notificationId: id, type: 'new_proposal', recipient: email('tianwei'), subject: row.subject, attempts: 2, lastError: expect.stringContaining('550') },
    });
    expect(smtp.received).toHaveLength(1);
  });

  it('tells the supervision office about the dead mail, and writes it as an .eml file when there is no SMTP server', async () => {
    const deadEvent = await eventOf('notification.dead');
    const ids = await plan.execute(deadEvent);
    const rows = await rowsOf(deadEvent);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: 'delivery_failure', recipient_email: email('duchashi'), cc: [] });
    expect(rows[0].subject).toContain('邮件投递失败');
    expect(rows[0].body_text).toContain(email('tianwei'));
    // DUBAN_MAIL_DIR is set and SMTP_URL is not: the app's own transport writes files.
    expect(await app.get(DeliverNotification).execute(ids[0], { lastAttempt: false })).toBe('sent');
    const file = join(mailDir, `${safeFileName(rows[0].dedupe_key)}.eml`);
    expect(existsSync(file)).toBe(true);
    const parsed = await simpleParser(readFileSync(file));
    expect(parsed.messageId).toBe(rows[0].message_id);
    expect(parsed.subject).toBe(rows[0].subject);
    expect(parsed.headers.get('x-duban-dedupe-key')).toBe(rows[0].dedupe_key);
    expect(addresses(parsed.to)).toEqual([email('duchashi')]);
    expect((await rowsOf(deadEvent))[0].status).toBe('sent');
  });

  it('holds a reminder fired at 02:00 until the office opens at 08:30, then releases it', async () => {
    clock.set('2024-05-27T02:00:00+08:00'); // Monday: the reply deadline's 30-day reminder falls due at 00:00
    await app.get(SweepDeadlines).execute();
    const eventId = await eventOf('deadline.reminder_due');
    expect(await plan.execute(eventId)).toEqual([]);
    const rows = await rowsOf(eventId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: 'reminder', recipient_email: email('xzsp'), status: 'held' });
    expect(new Date(rows[0].not_before).toISOString()).toBe(new Date('2024-05-27T08:30:00+08:00').toISOString());
    // Rendered as of the morning it is read.
    expect(rows[0].body_text).toContain('距截止还有30天');
    expect(rows[0].body_text).toContain('2024年6月26日');
    const maintain = app.get(MaintainNotifications);
    clock.set('2024-05-27T08:29:00+08:00');
    expect((await maintain.execute()).released).toEqual([]);
    expect(await viaSmtp.execute(rows[0].id, { lastAttempt: false })).toBe('skipped');
    clock.set('2024-05-27T08:30:00+08:00');
    expect((await maintain.execute()).released).toEqual([rows[0].id]);
    expect((await rowsOf(eventId))[0].status).toBe('queued');
    expect(await plan.execute(eventId)).toEqual([rows[0].id]);
  });

  it('sends the supervision office the weekly digest with No. 196 falling due within seven days', async () => {
    clock.set('2024-06-24T09:30:00+08:00'); // Monday after 09:00
    await app.get(SweepDeadlines).execute();
    const eventId = await eventOf('supervision.weekly_digest');
    const ids = await plan.execute(eventId);
    const rows = await rowsOf(eventId);
    expect(ids).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: 'weekly_digest', recipient_email: email('duchashi'), status: 'queued' });
    expect(rows[0].subject).toBe('【督办周报】2024年第26周：超期0件，七日内到期1件');
    expect(rows[0].body_text).toContain('市行政审批和政务信息管理局');
    expect(rows[0].body_text).toContain('以营商环境为主线强力推进我市数字政府建设');
  });

  describe('the reply and its feedback link', () => {
    let token: string;

    it('sends the reply to 陈刚正 with his own feedback link, and copies without it to the committee and the supervision office', async () => {
      clock.set('2024-06-26T15:00:00+08:00');
      const replied = await as('xzsp').post(`/api/v1/assignments/${assignmentId}/reply`, {
        content: replyText, resultCategory: 'A', signedBy: '市行政审批和政务信息管理局', contactName: '王', contactPhone: '2580162', public: true,
      });
      expect(replied.status).toBe(201);
      const eventId = await eventOf('proposal.replied');
      const ids = await plan.execute(eventId);
      const rows = await rowsOf(eventId);
      expect(ids).toHaveLength(3);
      const byTo = Object.fromEntries(rows.map((r: any) => [r.recipient_email, r]));
      expect(Object.keys(byTo).sort()).toEqual(['chengangzheng@example.com', email('duchashi'), email('tianwei')].sort());
      const mine = byTo['chengangzheng@example.com'];
      expect(mine).toMatchObject({ type: 'reply_notice', cc: [], subject: '【答复告知】市政协十届二次会议第196号提案《以营商环境为主线强力推进我市数字政府建设》' });
      expect(mine.body_text).toContain('抄送：市政协提案委员会、市政府督查室');
      expect(mine.body_text).toContain('联系人：王');
      expect(mine.body_text).toContain('2024年6月26日');
      const link = /http:\/\/duban\.test\/feedback\/([\w-]+\.[\w-]+\.[\w-]+)/.exec(mine.body_text);
      expect(link).not.toBeNull();
      token = link![1];
      for (const copy of [byTo[email('duchashi')], byTo[email('tianwei')]]) {
        expect(copy.body_text).not.toContain('/feedback/');
        expect(copy.body_text).toContain('本件为抄送件');
      }
    });

    it('shows the proposal and the reply behind the link, without the proposer’s contact data', async () => {
      const res = await http.get(`/api/v1/feedback-links/${token}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        proposal: { id: proposalId, number: 196, title: '以营商环境为主线强力推进我市数字政府建设', sessionName: '市政协十届二次会议' },
        round: 1,
        proposerName: '陈刚正',
        feedback: null,
        replies: [expect.objectContaining({ unitName: '市行政审批和政务信息管理局', resultCategory: 'A', contactName: '王' })],
      });
      expect(res.body.replies[0].content).toContain('2024年6月26日');
      expect(JSON.stringify(res.body)).not.toContain('chengangzheng@example.com');
    });

    it('refuses a forged or tampered token (404)', async () => {
      const [head, body, sig] = token.split('.');
      const forged = new FeedbackLinks({ secret: 'not-the-app-secret', publicUrl: 'http://duban.test' }).sign(
        { proposalId, proposerId: dir.proposerId, round: 1 },
        new Date('2030-01-01T00:00:00Z'),
      );
      for (const bad of [forged, `${head}.${body}.${sig.slice(0, -3)}abc`, 'not-a-token']) {
        expect((await http.get(`/api/v1/feedback-links/${bad}`)).status).toBe(404);
        const post = await http.post(`/api/v1/feedback-links/${bad}`).send({ rating: 'unsatisfied' });
        expect(post.status).toBe(404);
        expect(post.body.code).toBe('not_found');
      }
      expect((await as('committee').get(`/api/v1/proposals/${proposalId}`)).body.feedback).toEqual([]);
    });

    it('takes the rating once: 陈刚正 rates it 满意 and the proposal closes; a second rating is 409', async () => {
      clock.set('2024-07-02T11:00:00+08:00');
      const bad = await http.post(`/api/v1/feedback-links/${token}`).send({ rating: 'great' });
      expect(bad.status).toBe(400);
      const res = await http.post(`/api/v1/feedback-links/${token}`).send({ rating: 'satisfied', comment: '满意' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ proposalId, round: 1, rating: 'satisfied', via: 'link' });
      const again = await http.post(`/api/v1/feedback-links/${token}`).send({ rating: 'unsatisfied' });
      expect(again.status).toBe(409);
      const p = (await as('committee').get(`/api/v1/proposals/${proposalId}`)).body;
      expect(p.status).toBe('closed');
      expect(p.feedback).toEqual([expect.objectContaining({ rating: 'satisfied', via: 'link' })]);
      expect((await http.get(`/api/v1/feedback-links/${token}`)).body.feedback).toMatchObject({ rating: 'satisfied', comment: '满意' });
    });

    it('tells the unit the result (评价结果 满意)', async () => {
      const eventId = await eventOf('feedback.received');
      expect(await plan.execute(eventId)).toHaveLength(1);
      const [row] = await rowsOf(eventId);
      expect(row).toMatchObject({ type: 'feedback_result', recipient_email: email('xzsp'), subject: '【评价结果】市政协十届二次会议第196号提案《以营商环境为主线强力推进我市数字政府建设》（满意）' });
    });

    it('expires a day after the feedback period ends (410)', async () => {
      const feedback = (await as('committee').get(`/api/v1/proposals/${proposalId}`)).body.deadlines.find((d: any) => d.kind === 'feedback');
      expect(feedback.dueOn).toBe('2024-07-24');
      clock.set('2024-07-25T23:59:00+08:00');
      expect((await http.get(`/api/v1/feedback-links/${token}`)).status).toBe(200);
      clock.set('2024-07-26T00:00:00+08:00');
      const res = await http.get(`/api/v1/feedback-links/${token}`);
      expect(res.status).toBe(410);
      expect(res.body.code).toBe('link_expired');
    });
  });

  describe('a key proposal with a co-handler, an adjustment, an extension, two proposers and a re-handling', () => {
    let keyId: string;
    let leadAssignment: string;
    let newLead: string;
    let token: string;
    const key = '本件为重点提案，由分管副市长领衔督办。';

    it('sends each unit its own 交办通知 naming the other, copied to the supervision office', async () => {
      clock.set('2024-07-29T10:00:00+08:00');
      const created = await as('committee').post('/api/v1/proposals', {
        sessionId: dir.sessionId, title: '关于推进中小学课后服务的建议', content: '建议……', leadProposerId: dir.otherProposerId, coProposerIds: [dir.proposerId],
      });
      expect(created.status).toBe(201);
      keyId = created.body.id;
      proposalId = keyId;
      expect((await as('committee').post(`/api/v1/proposals/${keyId}/review`, { decision: 'file' })).status).toBe(200);
      const assigned = await as('committee').post(`/api/v1/proposals/${keyId}/assignments`, {
        leadUnitId: dir.units.jiaoyu, coUnitIds: [dir.units.fagai], key: true, leaderName: '分管副市长',
      });
      expect(assigned.status).toBe(201);
      leadAssignment = assigned.body.find((a: any) => a.role === 'lead').id;
      const eventId = await eventOf('proposal.assigned');
      expect(await plan.execute(eventId)).toHaveLength(2);
      const byTo = Object.fromEntries((await rowsOf(eventId)).map((r: any) => [r.recipient_email, r]));
      expect(byTo[email('jiaoyu')].cc).toEqual([email('duchashi')]);
      expect(byTo[email('jiaoyu')].body_text).toContain('协办单位市发展和改革委员会');
      expect(byTo[email('jiaoyu')].body_text).toContain(key);
      expect(byTo[email('jiaoyu')].body_text).toContain('李明委员、陈刚正委员');
      expect(byTo[email('fagai')].cc).toEqual([email('duchashi')]);
      expect(byTo[email('fagai')].body_text).toContain('本件由市教育局主办，你单位协办');
    });

    it('tells the supervision office of an adjustment request, and the new unit of its reassignment', async () => {
      const requested = await as('jiaoyu').post(`/api/v1/assignments/${leadAssignment}/adjustment-requests`, { reason: '本件主要涉及政务服务，不属我局职责', suggestedUnitId: dir.units.xzsp });
      expect(requested.status).toBe(201);
      const requestedEvent = await eventOf('assignment.adjustment_requested');
      expect(await plan.execute(requestedEvent)).toHaveLength(1);
      const [toOffice] = await rowsOf(requestedEvent);
      expect(toOffice).toMatchObject({ type: 'adjustment_requested', recipient_email: email('duchashi'), cc: [] });
      expect(toOffice.body_text).toContain('建议改由市行政审批和政务信息管理局办理');
      expect((await as('supervisor').post(`/api/v1/adjustment-requests/${requested.body.id}/decision`, { approve: true })).status).toBe(200);
      newLead = (await app.get(ReassignAfterAdjustment).execute(requested.body.id))!.id;
      const reassigned = await eventOf('assignment.reassigned');
      expect(await plan.execute(reassigned)).toHaveLength(1);
      const [notice] = await rowsOf(reassigned);
      expect(notice).toMatchObject({ type: 'assignment_notice', recipient_email: email('xzsp'), cc: [email('duchashi')], dedupe_key: `${reassigned}:unit:${newLead}` });
      expect(notice.body_text).toContain('原交由市教育局办理');
      expect(notice.body_text).toContain('协办单位市发展和改革委员会');
    });

    it('tells the lead proposer and the unit of a granted extension, copying the supervision office on a key proposal', async () => {
      expect((await as('xzsp').post(`/api/v1/assignments/${newLead}/accept`)).status).toBe(200);
      const requested = await as('xzsp').post(`/api/v1/assignments/${newLead}/extension-requests`, { reason: '需协调多个部门', newDueOn: '2024-11-29' });
      expect(requested.status).toBe(201);
      expect((await as('supervisor').post(`/api/v1/extension-requests/${requested.body.id}/decision`, { approve: true })).status).toBe(200);
      const eventId = await eventOf('assignment.extension_granted');
      expect(await plan.execute(eventId)).toHaveLength(2);
      const byTo = Object.fromEntries((await rowsOf(eventId)).map((r: any) => [r.recipient_email, r]));
      expect(Object.keys(byTo).sort()).toEqual(['liming@example.com', email('xzsp')]);
      for (const row of Object.values(byTo) as any[]) {
        expect(row).toMatchObject({ type: 'extension_granted', cc: [email('duchashi')] });
        expect(row.body_text).toContain('2024年11月29日');
      }
    });

    it('sends the reply to both proposers, the link to the lead proposer only', async () => {
      clock.set('2024-08-20T15:00:00+08:00');
      const replied = await as('xzsp').post(`/api/v1/assignments/${newLead}/reply`, {
        content: '李明委员、陈刚正委员：\n\n您提出的建议收悉。现答复如下……', resultCategory: 'B', signedBy: '市行政审批和政务信息管理局', contactName: '王', contactPhone: '2580162', public: false,
      });
      expect(replied.status).toBe(201);
      const eventId = await eventOf('proposal.replied');
      expect(await plan.execute(eventId)).toHaveLength(4);
      const byTo = Object.fromEntries((await rowsOf(eventId)).map((r: any) => [r.recipient_email, r]));
      expect(Object.keys(byTo).sort()).toEqual(['chengangzheng@example.com', 'liming@example.com', email('duchashi'), email('tianwei')].sort());
      expect(byTo['liming@example.com'].cc).toEqual([]);
      expect(byTo['chengangzheng@example.com'].cc).toEqual([]);
      expect(byTo['chengangzheng@example.com'].body_text).not.toContain('/feedback/');
      token = /\/feedback\/([\w-]+\.[\w-]+\.[\w-]+)/.exec(byTo['liming@example.com'].body_text)![1];
    });

    it('on 不满意 tells the reopened unit its re-handling deadline; the old link shows the rating and the re-handling, and rates nothing more', async () => {
      clock.set('2024-08-22T10:00:00+08:00');
      const rated = await http.post(`/api/v1/feedback-links/${token}`).send({ rating: 'unsatisfied', comment: '尚未落实' });
      expect(rated.status).toBe(201);
      expect(await plan.execute(await eventOf('feedback.received'))).toEqual([]);
      expect(await app.get(ReopenForRehandling).execute(rated.body.id)).toBe(true);
      const eventId = await eventOf('proposal.rehandling');
      expect(await plan.execute(eventId)).toHaveLength(1);
      const [row] = await rowsOf(eventId);
      expect(row).toMatchObject({ type: 'feedback_result', recipient_email: email('xzsp'), cc: [email('duchashi')] });
      expect(row.subject).toContain('（不满意）');
      expect(row.body_text).toContain('尚未落实');
      expect(row.body_text).toContain('2024年9月23日'); // one month after the rating, the 22nd being a Sunday
      const old = await http.get(`/api/v1/feedback-links/${token}`);
      expect(old.status).toBe(200);
      expect(old.body.feedback).toMatchObject({ rating: 'unsatisfied', comment: '尚未落实' });
      expect(old.body.followUp).toEqual({ kind: 'rehandling', rehandlingDueOn: '2024-09-23' });
      expect((await http.post(`/api/v1/feedback-links/${token}`).send({ rating: 'satisfied' })).status).toBe(409);
    });
  });
  it('writes to a unit’s new address as soon as the directory changes (the planner’s cache of units follows every change)', async () => {
    // The last proposal assigned above: 市发改委 leads, 市教育局 assists.
    const eventId = await eventOf('proposal.assigned');
    const patch = (emailAddress: string) =>
      http.patch(`/api/v1/units/${dir.units.fagai}`).set('Authorization', `Bearer ${dir.adminToken}`).send({ email: emailAddress });
    const replan = async () => {
      await ds.query(`DELETE FROM notifications WHERE event_id = $1`, [eventId]);
      await plan.execute(eventId);
      return (await rowsOf(eventId)).map((r: { recipient_email: string }) => r.recipient_email).sort();
    };
    expect(await replan()).toEqual([email('fagai'), email('jiaoyu')]);
    expect((await patch('fagai-new@pds.example.gov.cn')).status).toBe(200);
    expect(await replan()).toEqual(['fagai-new@pds.example.gov.cn', email('jiaoyu')]);
    expect((await patch(email('fagai'))).status).toBe(200);
    expect(await replan()).toEqual([email('fagai'), email('jiaoyu')]);
  });
});
