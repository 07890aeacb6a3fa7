import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { ADMIN } from '../support/accounts.js';
import { eventually } from '../support/api.js';
import { createDirectory, PASSWORD, type Directory } from '../support/directory.js';
import { addresses, startSmtpSink, type SmtpSink } from '../support/smtp.js';
import { BOOT_TIMEOUT, STEP_TIMEOUT, describeWithBrowser, expectText, startBrowserApp, type BrowserApp } from './support.js';

/**
 * Users have real names (issue 12, defect 7 and "real names of the staff who acted"): the admin
 * gives a user 姓名 and 职务 (form and API), and the proposal's timeline names who acted as
 * "姓名（单位 职务）" and Duban's own work as "系统自动（…）" — never a login or a process name;
 * the supervision office's copy of a key proposal's step says 操作人 the same way.
 */
describeWithBrowser('People named by name, office and title', () => {
  let app: BrowserApp;
  let page: Page;
  let dir: Directory;
  let smtp: SmtpSink;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    app = await startBrowserApp('deskcnames', '2024-03-04T09:00:00+08:00', { env: { SMTP_URL: smtp.url, DUBAN_PUBLIC_URL: 'http://duban.test' } });
    page = app.page;
    dir = await createDirectory(app.api);
  }, BOOT_TIMEOUT);
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  }, BOOT_TIMEOUT);

  const ok = async (res: Promise<{ status: number; body: any }> | any) => {
    const r = await res;
    if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };

  it('takes 姓名 and 职务 in the admin form and the admin API', async () => {
    const admin = app.api.as(dir.adminToken);
    const users: Array<{ id: string; username: string }> = (await ok(admin.get('/api/v1/users'))).items;
    const id = (name: string) => users.find((u) => u.username === name)!.id;
    // The API: PATCH names an existing user, POST a new one.
    const xzsp = await ok(admin.patch(`/api/v1/users/${id('xzsp')}`, { displayName: '王丽萍', title: '综合科科长' }));
    expect(xzsp).toMatchObject({ username: 'xzsp', displayName: '王丽萍', title: '综合科科长' });
    const created = await ok(admin.post('/api/v1/users', { username: 'dcs-li', password: PASSWORD, role: 'supervisor', displayName: '李红', title: '督查科副科长' }));
    expect(created).toMatchObject({ displayName: '李红', title: '督查科副科长' });
    expect((await admin.post('/api/v1/users', { username: 'dcs-zhao', password: PASSWORD, role: 'supervisor', displayName: '' })).status).toBe(400);

    // The form: the committee's user gets a name and a title.
    await app.login(ADMIN.username, ADMIN.password);
    await page.goto(`/admin/users/${id('tianwei')}`);
    await page.getByLabel('姓名').fill('许静');
    await page.getByLabel('职务').fill('提案科科长');
    await page.getByRole('button', { name: '保存' }).click();
    await page.goto('/admin/users');
    await expectText(page.locator('table'), '许静');
    await expectText(page.locator('table'), '提案科科长');
    // The header greets the user by name, not by login.
    await app.login('tianwei', PASSWORD);
    await expectText(page.locator('header .who .user'), '许静');
  }, STEP_TIMEOUT);

  it('names people and Duban’s own work in the timeline, never by login or process', async () => {
    const committee = app.api.as(dir.tokens.committee);
    const p = await ok(committee.post('/api/v1/proposals', {
      sessionId: dir.sessionId, title: '关于持续优化营商环境的提案', content: '建议压减涉企审批事项，推行“一件事一次办”，为市场主体减负。', leadProposerId: dir.proposerId,
    }));
    await ok(committee.post(`/api/v1/proposals/${p.id}/review`, { decision: 'file' }));
    const [lead] = await ok(committee.post(`/api/v1/proposals/${p.id}/assignments`, { leadUnitId: dir.units.xzsp, key: true, leaderName: '张副市长' }));
    await ok(app.api.as(dir.tokens.xzsp).post(`/api/v1/assignments/${lead.id}/accept`));
    // The supervision office's copy of the key proposal's step names who did it.
    const [copy] = await eventually(async () => {
      const found = smtp.received.filter((m) => addresses(m.to).includes('duchashi@pds.example.gov.cn') && m.subject?.includes('承办单位已签收'));
      expect(found).toHaveLength(1);
      return found;
    }, 20_000);
    expect(copy.text).toContain('操作人：王丽萍（市行政审批和政务信息管理局 综合科科长）');
    expect(copy.text).not.toContain('unit:xzsp');
    // The adjustment window (申请调整期) closes: the sweep records it.
    app.api.clock.set('2024-03-20T10:00:00+08:00');
    const ds = app.api.app.get(DataSource);
    await eventually(async () => {
      const rows = await ds.query(`SELECT type FROM events WHERE proposal_id = $1 AND type IN ('proposal.classified', 'deadline.expired')`, [p.id]);
      expect(rows.map((r: { type: string }) => r.type).sort()).toEqual(['deadline.expired', 'proposal.classified']);
    }, 20_000);

    await app.login('duchashi', PASSWORD);
    await page.goto(`/proposals/${p.id}`);
    const timeline = page.locator('#timeline');
    await expectText(timeline, '王丽萍（市行政审批和政务信息管理局 综合科科长）');
    await expectText(timeline, '许静（市政协提案委员会 提案科科长）');
    await expectText(timeline, '系统自动（智能分办）');
    await expectText(timeline, '系统自动（期限检查）');
    const text = await timeline.innerText();
    for (const internal of ['xzsp', 'tianwei', 'intake-worker', 'deadline-sweep', '系统（']) expect(text).not.toContain(internal);

    // The rules page, before anyone changed the rules, says so without naming a file.
    await page.goto('/supervision/rules');
    await expectText(page.locator('#h-versions + *'), '尚未修改，使用系统默认的时限规则');
    expect(await page.locator('main').innerText()).not.toMatch(/config\/|rules\.json/);

    // A proposer reads who acted by office alone (as before): no names of staff.
    await app.login('chengangzheng', PASSWORD);
    await page.goto(`/proposals/${p.id}`);
    const theirs = await page.locator('#timeline').innerText();
    expect(theirs).toContain('承办单位');
    expect(theirs).not.toContain('王丽萍');
  }, STEP_TIMEOUT * 2);

  it('names the proposer who rated through the signed link', async () => {
    const committee = app.api.as(dir.tokens.committee);
    const p = await ok(committee.post('/api/v1/proposals', { sessionId: dir.sessionId, title: '关于完善城市公共自行车系统的提案', content: '建议增设站点。', leadProposerId: dir.proposerId }));
    await ok(committee.post(`/api/v1/proposals/${p.id}/review`, { decision: 'file' }));
    const [lead] = await ok(committee.post(`/api/v1/proposals/${p.id}/assignments`, { leadUnitId: dir.units.xzsp }));
    const unit = app.api.as(dir.tokens.xzsp);
    await ok(unit.post(`/api/v1/assignments/${lead.id}/accept`));
    await ok(unit.post(`/api/v1/assignments/${lead.id}/reply`, {
      content: '陈刚正委员：\n\n您提出的提案收悉。现答复如下……', resultCategory: 'A', signedBy: '市行政审批和政务信息管理局', contactName: '王', contactPhone: '2580162', public: false,
    }));
    const ds = app.api.app.get(DataSource);
    const link = await eventually(async () => {
      const rows: Array<{ body_text: string }> = await ds.query(
        `SELECT n.body_text FROM notifications n JOIN events e ON e.id = n.event_id WHERE n.type = 'reply_notice' AND e.proposal_id = $1`,
        [p.id],
      );
      const m = rows.map((r) => /\/feedback\/([\w-]+\.[\w-]+\.[\w-]+)/.exec(r.body_text)).find(Boolean);
      if (!m) throw new Error('no reply email with a feedback link yet');
      return `/feedback/${m[1]}`;
    }, 20_000);
    await app.signOut();
    await page.goto(link);
    await page.getByLabel('满意', { exact: true }).check();
    await page.getByRole('button', { name: '提交评价' }).click();
    await expectText(page.locator('.flash'), '感谢您的评价');

    await app.login('duchashi', PASSWORD);
    await page.goto(`/proposals/${p.id}`);
    await expectText(page.locator('#timeline'), '陈刚正（提案者，通过回执链接）');
  }, STEP_TIMEOUT * 2);
});
