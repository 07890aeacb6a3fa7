import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { QueueName, Queues, sendJobId } from '#queue';
import { BOOT_TIMEOUT, STEP_TIMEOUT, describeWithBrowser, expectText, startDemoBrowserApp, type BrowserApp } from './support.js';

/**
 * DUBAN_SCREENSHOTS=on also saves the pages shown in docs/ui.md (the first screen of each, as a
 * 1366×768 monitor shows it); DUBAN_SCREENSHOTS_DIR=/some/dir saves whole pages there instead.
 */
const SHOTS = process.env.DUBAN_SCREENSHOTS === 'on' || !!process.env.DUBAN_SCREENSHOTS_DIR;
const WHOLE = !!process.env.DUBAN_SCREENSHOTS_DIR;
const SHOT_DIR = process.env.DUBAN_SCREENSHOTS_DIR ? `${process.env.DUBAN_SCREENSHOTS_DIR}/` : new URL('../../docs/screenshots/', import.meta.url).pathname;

/**
 * Every role's pages over the demo data, on the demo's "now" (2026-11-27): the desks, the register
 * and its filters, the proposal page, the administration, the dashboard's guard, the supervision
 * office deciding an extension, a proposer rating a reply, a phone-sized screen and the keyboard.
 */
describeWithBrowser('The UI over the demo data', () => {
  let app: BrowserApp;
  let page: Page;
  let ds: DataSource;
  let ids: Record<number, string>;

  beforeAll(async () => {
    ({ app, ds, ids } = await startDemoBrowserApp('uidemo'));
    page = app.page;
    if (SHOTS) mkdirSync(SHOT_DIR, { recursive: true });
  }, BOOT_TIMEOUT);
  afterAll(() => app?.close(), BOOT_TIMEOUT);

  const shot = async (name: string, fold = false) => {
    if (SHOTS) await app.screenshot(`${SHOT_DIR}${name}.png`, { fold: fold && !WHOLE });
  };

  it("shows a unit its desk: what to accept, what is in hand, what falls due and what is overdue", async () => {
    await app.login('xzsp', 'demo-shenpiju-2024');
    await expectText(page.locator('h1'), '工作台');
    await expectText(page.locator('#in-hand'), '第305号提案');
    await expectText(page.locator('#soon'), '第305号提案');
    const light = page.locator('#soon tr', { hasText: '第305号' }).locator('.cd');
    await expectText(light, '剩 18 天');
    expect(await light.getAttribute('class')).toContain('cd-green');
    await page.goto(`/proposals/${ids[305]}`);
    // The reply is the unit's next step: its form is open, its countdown on the fold and in 概况.
    await expectText(page.locator('details[id^="reply-"][open] > summary'), '剩 18 天');
    await expectText(page.locator('#glance'), '剩 18 天');
    await shot('proposal', true);
  }, STEP_TIMEOUT);

  it('lets the unit ask for an extension, and the supervision office grant it', async () => {
    await page.goto(`/proposals/${ids[305]}`);
    await page.getByText('申请延期（当前期限 2026-12-15）').click();
    await page.getByLabel('延期至').fill('2027-01-15');
    await page.getByLabel('理由', { exact: true }).last().fill('需会同财政部门测算自助终端布设经费');
    await page.getByRole('button', { name: '提交延期申请' }).click();
    await expectText(page.locator('.flash'), '延期申请已提交督查室');

    await app.login('duchashi', 'demo-duchaban-2024');
    await expectText(page.locator('#requests'), '申请延期至 2027-01-15');
    await shot('home', true);
    await page.locator('#requests').getByRole('link', { name: /第305号提案/ }).click();
    await page.getByRole('button', { name: '同意延期' }).click();
    await expectText(page.locator('.flash'), '已同意延期');
    await expectText(page.locator('#deadlines li', { hasText: '答复' }), '到期日 2027-01-15');
    await expectText(page.locator('#timeline'), '2026-12-15 → 2027-01-15');
  }, STEP_TIMEOUT);

  it('lets the supervision office write a supervision note into the timeline', async () => {
    await page.goto(`/proposals/${ids[302]}`);
    await page.getByText('督办意见', { exact: true }).click();
    await page.getByLabel('督办意见（记入时间线）').fill('请市教育局在重新办理中逐条回应提案建议。');
    await page.getByRole('button', { name: '记录督办意见' }).click();
    await expectText(page.locator('#timeline'), '请市教育局在重新办理中逐条回应提案建议。');
    // The demo's staff act under their names (姓名（单位 职务）), never their logins.
    await expectText(page.locator('#timeline'), '马晓东（市政府督查室 督查科科长）');
  }, STEP_TIMEOUT);

  it('gives the committee the register with every filter, full-text search and pages', async () => {
    await app.login('tianwei', 'demo-tiweihui-2024');
    await expectText(page.locator('#to-publish'), '第301号提案');
    await page.goto('/proposals');
    const total = Number((await page.locator('#results .count strong').innerText()).trim());
    expect(total).toBeGreaterThan(15);
    await shot('register', true);
    await page.getByLabel('每页').selectOption({ label: '10 件' });
    await page.getByRole('button', { name: '查询' }).click();
    await expectText(page.locator('#results .count'), `第 1 / ${Math.ceil(total / 10)} 页`);
    await page.locator('.pager').getByRole('link', { name: '下一页' }).click();
    await expectText(page.locator('#results .count'), '第 2 /');
    expect(await page.locator('#results tbody tr').count()).toBe(Math.min(10, total - 10));
    await page.goto('/proposals');
    await page.getByLabel('届次').selectOption({ label: '市政协十届四次会议' });
    await page.getByLabel('状态').selectOption({ label: '办理中' });
    await page.getByRole('button', { name: '查询' }).click();
    await expectText(page.locator('#results'), '关于推动政务服务“就近办、自助办”的提案');
    await page.goto('/proposals?overdue=yes');
    const overdue = Number((await page.locator('#results .count strong').innerText()).trim());
    expect(overdue).toBeGreaterThan(0);
    expect(overdue).toBeLessThan(total);
    await page.goto('/proposals?key=yes');
    await expectText(page.locator('#results'), '重点');
    await page.goto('/proposals?theme=' + encodeURIComponent('营商环境'));
    await expectText(page.locator('#results'), '以营商环境为主线强力推进我市数字政府建设');
    await page.goto('/proposals');
    await page.getByLabel('全文检索').fill('196');
    await page.getByRole('button', { name: '查询' }).click();
    await expectText(page.locator('#results .count'), '共 1 件');
    await page.getByLabel('全文检索').fill('陈刚正');
    await page.getByRole('button', { name: '查询' }).click();
    await expectText(page.locator('#results'), '关于建设“免申即享”惠企政策兑现平台的提案');
  }, STEP_TIMEOUT);

  it('shows the proposal page: content, proposers, units, deadlines with their explanation, replies and the timeline', async () => {
    await page.goto(`/proposals/${ids[196]}`);
    await expectText(page.locator('.proposal-head'), '市政协十届二次会议第196号提案');
    await expectText(page.locator('.facts'), '陈刚正');
    await expectText(page.locator('#units'), '市行政审批和政务信息管理局');
    await expectText(page.locator('#deadlines'), '到期日 2024-06-26');
    await expectText(page.locator('#replies'), '所提问题已经解决或基本解决');
    for (const step of ['提交提案', '立案', '交办', '签收', '沟通协商', '答复', '收到回执', '办结', '公开']) await expectText(page.locator('#timeline'), step);
    await shot('proposal-196', true);
  }, STEP_TIMEOUT);

  it("lets a proposer rate a reply signed in, and shows no one else's proposals", async () => {
    await app.login('chengangzheng', 'demo-weiyuan-2024');
    await expectText(page.locator('#to-rate'), '第301号提案');
    await page.locator('#to-rate').getByRole('link').first().click();
    await page.getByLabel('基本满意').check();
    await page.getByRole('button', { name: '提交回执' }).click();
    await expectText(page.locator('.flash'), '回执已记录：基本满意');
    await expectText(page.locator('.proposal-head .st'), '已办结');
    const other = await page.goto(`/proposals/${ids[302]}`);
    expect(other?.status()).toBe(404);
    expect((await page.goto('/admin/users'))?.status()).toBe(403);
  }, STEP_TIMEOUT);

  it('lets the admin edit the directory, with errors in Chinese', async () => {
    await app.login('admin', 'demo-guanliyuan-2024');
    await page.goto('/admin/units');
    await expectText(page.locator('table'), '市行政审批和政务信息管理局');
    await page.getByRole('link', { name: '新建单位' }).click();
    await page.getByLabel('代码').fill('Bad Code');
    await page.getByLabel('名称').fill('市统计局');
    await page.getByLabel('通知邮箱').fill('tongji@pds.example.gov.cn');
    await page.getByRole('button', { name: '保存' }).click();
    await expectText(page.locator('.form-error'), '请检查：代码');
    await page.getByLabel('代码').fill('tongji');
    await page.getByLabel('部门类型').selectOption({ label: '统计' });
    await page.getByLabel('职能').fill('负责全市统计调查和统计数据发布。');
    await page.getByRole('button', { name: '保存' }).click();
    await expectText(page.locator('.flash'), '单位已创建');
    await expectText(page.locator('table'), '市统计局');
    // The unit's duties and department type (issue 16) are kept, and the list names the type.
    await expectText(page.locator('table tr', { hasText: '市统计局' }), '统计');
    expect(await ds.query(`SELECT department_type, duties FROM units WHERE code = 'tongji'`)).toEqual([{ department_type: 'tongji', duties: '负责全市统计调查和统计数据发布。' }]);

    await page.goto('/admin/users/new');
    await page.getByLabel('用户名').fill('tongji');
    await page.getByLabel('密码').fill('Statistics-desk-2031');
    await page.getByLabel('角色', { exact: true }).selectOption({ label: '承办单位' });
    await page.getByLabel('所属单位（承办单位角色必填）').selectOption({ label: '市统计局' });
    await page.getByRole('button', { name: '保存' }).click();
    await expectText(page.locator('.flash'), '用户已创建');
    await page.getByRole('row', { name: /tongji/ }).getByRole('link', { name: '编辑' }).click();
    await page.getByLabel('启用').uncheck();
    await page.getByRole('button', { name: '保存' }).click();
    await expectText(page.locator('.flash'), '用户已保存');
    await page.goto('/admin/sessions');
    await expectText(page.locator('table'), '市政协十届四次会议');
  }, STEP_TIMEOUT);

  it('lists dead notifications and sends one again, recording who did it', async () => {
    const [n] = await ds.query(
      `INSERT INTO notifications (dedupe_key, proposal_id, type, recipient_email, recipient_name, cc, subject, body_text, body_html, message_id, status, attempts, last_error)
       VALUES ('test:dead:1', $1, 'assignment_notice', 'xzsp@pds.example.gov.cn', '市行政审批和政务信息管理局', '[]', '交办通知（测试）', '正文', '<p>正文</p>',
               '<test-dead-1@duban>', 'dead', 10, '550 Mailbox unavailable') RETURNING id`,
      [ids[305]],
    );
    await page.goto('/admin/notifications');
    const row = page.getByRole('row', { name: /交办通知（测试）/ });
    await expectText(row, '投递失败');
    await expectText(row, '550 Mailbox unavailable');
    await row.getByRole('button', { name: '重新发送' }).click();
    await expectText(page.locator('.flash'), '通知已重新排队发送');
    const [r] = await ds.query(`SELECT status FROM notifications WHERE id = $1`, [n.id]);
    expect(r.status).toBe('queued');
    const job = await app.api.app.get(Queues).get(QueueName.Notification).getJob(sendJobId(n.id));
    expect(job?.data).toEqual({ notificationId: n.id });
    const [event] = await ds.query(`SELECT actor FROM events WHERE type = 'notification.resent' AND subject_id = $1`, [n.id]);
    expect(event.actor).toBe('admin:admin');
  }, STEP_TIMEOUT);

  it('shows bull-board to admins only', async () => {
    const board = await page.goto('/admin/queues');
    expect(board?.status()).toBe(200);
    await expectText(page.locator('#root'), 'notification');
    await page.goto('/api/docs');
    await expectText(page.locator('.swagger-ui'), 'Duban 督办 API');
    await app.login('xzsp', 'demo-shenpiju-2024');
    expect((await page.goto('/admin/queues'))?.status()).toBe(403);
    await app.signOut();
    await page.goto('/admin/queues');
    await page.waitForURL(/\/login\?next=%2Fadmin%2Fqueues/);
  }, STEP_TIMEOUT);

  it('shows the published replies to the public', async () => {
    await page.goto('/public/replies');
    await expectText(page.locator('#results'), '以营商环境为主线强力推进我市数字政府建设');
    await shot('public-replies', true);
    await page.getByRole('link', { name: '以营商环境为主线强力推进我市数字政府建设' }).click();
    await expectText(page.locator('article'), 'szwfwhdsjglj/2024-00001');
    await shot('public-reply', true);
    expect(await page.content()).not.toMatch(/chengangzheng@|13[0-9]{9}/);
  }, STEP_TIMEOUT);

  it('fits a phone screen without sideways scrolling', async () => {
    await app.login('xzsp', 'demo-shenpiju-2024');
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const path of ['/', '/proposals', `/proposals/${ids[305]}`, '/public/replies']) {
        await page.goto(path);
        const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
        expect({ path, overflow }).toEqual({ path, overflow: 0 });
      }
      await page.goto(`/proposals/${ids[305]}`);
      await shot('proposal-phone', true);
    } finally {
      await page.setViewportSize({ width: 1366, height: 768 });
    }
  }, STEP_TIMEOUT);

  it('raised no script error and broke no content security policy on its own pages', async () => {
    const own = app.consoleErrors.filter((e) => !/\/admin\/queues|\/api\/docs/.test(new URL(e.url).pathname) && !/status of 4\d\d/.test(e.text));
    expect(own).toEqual([]);
  }, STEP_TIMEOUT);

  it('can be used with the keyboard alone: sign in and open the register', async () => {
    await app.signOut();
    await page.goto('/login');
    // The user name has the focus on arrival; Tab moves on to the password, Enter signs in.
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('username');
    await page.keyboard.type('tianwei');
    await page.keyboard.press('Tab');
    await page.keyboard.type('demo-tiweihui-2024');
    await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.keyboard.press('Enter')]);
    // The first Tab reaches the skip link, the next ones the menu.
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string | undefined>('document.activeElement?.textContent')).toBe('跳到正文');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string | undefined>('document.activeElement?.textContent')).toBe('提案登记簿');
    await Promise.all([page.waitForURL((u) => u.pathname === '/proposals'), page.keyboard.press('Enter')]);
    await expectText(page.locator('h1'), '提案登记簿');
  }, STEP_TIMEOUT);
});
