import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { DataSource as DataSourceToken } from 'typeorm';
import { eventually } from '../support/api.js';
import { createDirectory, PASSWORD } from '../support/directory.js';
import { BOOT_TIMEOUT, STEP_TIMEOUT, describeWithBrowser, expectText, startBrowserApp, type BrowserApp } from './support.js';

/**
 * No. 196 through the UI in a real browser, with the dates it really had: the committee files and
 * assigns it, the unit accepts, records a meeting and replies, the proposer rates the reply through
 * the link in the reply email, the committee publishes it and the public page shows it. Then what
 * must be refused: another unit's proposal by URL (404), a form without its CSRF token (403).
 */
describeWithBrowser('No. 196 in the browser', () => {
  let app: BrowserApp;
  let page: Page;
  let proposalPath: string;
  const seed = readFileSync(new URL('../fixtures/no196/no196-seed.txt', import.meta.url), 'utf8');
  const content = seed.slice(seed.indexOf('运用数字技术'), seed.indexOf('承办单位')).trim();
  const replyText = seed.slice(seed.indexOf('对市政协十届二次会议'), seed.indexOf('扫一扫')).trim();
  const title = '以营商环境为主线强力推进我市数字政府建设';

  beforeAll(async () => {
    app = await startBrowserApp('ui196', '2024-01-16T09:00:00+08:00');
    page = app.page;
    await createDirectory(app.api);
  }, BOOT_TIMEOUT);
  afterAll(() => app?.close(), BOOT_TIMEOUT);

  const flash = () => page.locator('.flash');

  it('asks a stranger to sign in first, and comes back after', async () => {
    await page.goto('/proposals');
    await page.waitForURL(/\/login\?next=%2Fproposals/);
    await expectText(flash(), '请先登录');
    await page.getByLabel('用户名').fill('tianwei');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expectText(page.locator('.form-error'), '用户名或密码不正确');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((url) => url.pathname === '/proposals');
    await expectText(page.locator('h1'), '提案登记簿');
  }, STEP_TIMEOUT);

  it('lets the committee take No. 196 in through the form', async () => {
    await page.goto('/proposals/new');
    await page.getByLabel('届次').selectOption({ label: '市政协十届二次会议' });
    await page.getByLabel('提案号').fill('196');
    await page.getByLabel('标题').fill(title);
    await page.getByLabel('提案内容').fill(content);
    await page.getByLabel('领衔提案者').selectOption({ label: '陈刚正（经济界）' });
    await page.getByLabel('类别').selectOption({ label: '经济建设' });
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await page.waitForURL(/\/proposals\/[0-9a-f-]{36}$/);
    proposalPath = new URL(page.url()).pathname;
    await expectText(flash(), '提案已提交');
    await expectText(page.locator('.proposal-head'), '市政协十届二次会议第196号提案');
    await expectText(page.locator('.proposal-head .st'), '待审查');
  }, STEP_TIMEOUT);

  it('files it (立案) on 2024-01-20', async () => {
    app.api.clock.set('2024-01-20T10:00:00+08:00');
    await page.goto(proposalPath);
    const review = page.locator('form#review');
    await review.getByLabel('立案', { exact: true }).check();
    await review.getByRole('button', { name: '提交审查结论' }).click();
    await expectText(flash(), '已立案，编为第196号');
    await expectText(page.locator('.proposal-head .st'), '已立案');
  }, STEP_TIMEOUT);

  it('assigns it to 市行政审批和政务信息管理局 on 2024-03-26 with the unit picker', async () => {
    app.api.clock.set('2024-03-26T10:00:00+08:00');
    await page.goto(proposalPath);
    const assign = page.locator('form#assign');
    await assign.getByLabel('主办单位').selectOption({ label: '市行政审批和政务信息管理局' });
    await assign.getByRole('button', { name: '交办' }).click();
    await expectText(flash(), '已交办给 1 个单位');
    const units = page.locator('#units');
    await expectText(units, '市行政审批和政务信息管理局');
    await expectText(units, '待签收');
    const reply = page.locator('#deadlines li', { hasText: '答复' });
    await expectText(reply, '到期日 2024-06-26');
    await expectText(reply.locator('.cd'), '剩 92 天');
    await reply.getByText('计算方法').click();
    await expectText(reply, '2024-03-26');
    await expectText(page.locator('#timeline'), '交办');
  }, STEP_TIMEOUT);

  it('hides No. 196 from another unit: its URL is a 404 page', async () => {
    await app.login('jiaoyu', PASSWORD);
    const response = await page.goto(proposalPath);
    expect(response?.status()).toBe(404);
    await expectText(page.locator('h1'), '页面不存在');
    expect(await page.content()).not.toContain(title);
    await page.goto('/proposals');
    await expectText(page.locator('#results .count'), '共 0 件');
  }, STEP_TIMEOUT);

  it('is accepted by the unit from its desk on 2024-03-27', async () => {
    app.api.clock.set('2024-03-27T09:30:00+08:00');
    await app.login('xzsp', PASSWORD);
    const desk = page.locator('#to-accept');
    await expectText(desk, '市政协十届二次会议第196号提案');
    await desk.getByRole('link', { name: '市政协十届二次会议第196号提案' }).click();
    await page.getByRole('button', { name: '签收' }).click();
    await expectText(flash(), '已签收');
    await expectText(page.locator('.proposal-head .st'), '办理中');
  }, STEP_TIMEOUT);

  it('records the meeting with the proposer on 2024-05-10', async () => {
    app.api.clock.set('2024-05-10T16:00:00+08:00');
    await page.goto(proposalPath);
    // The page's 概况 lists the next steps; the occasional ones are folded until asked for.
    await expectText(page.locator('#glance'), '答复');
    await page.locator('#glance').getByRole('link', { name: '记录沟通协商' }).click();
    const form = page.locator('form[id^="communicate-"]');
    await form.getByLabel('沟通方式').selectOption('meeting');
    await form.getByLabel('沟通日期').fill('2024-05-10');
    await form.getByLabel('沟通情况').fill('与陈刚正委员面商数字政府建设推进情况');
    await form.getByRole('button', { name: '记录沟通' }).click();
    await expectText(flash(), '沟通情况已记录');
    await expectText(page.locator('#replies'), '与陈刚正委员面商数字政府建设推进情况');
  }, STEP_TIMEOUT);

  it('replies on 2024-06-26 with result A, public', async () => {
    app.api.clock.set('2024-06-26T15:00:00+08:00');
    await page.goto(proposalPath);
    const form = page.locator('form[id^="reply-"]');
    // The reply is the unit's next step: its form is the one open, its countdown on the fold.
    await expectText(page.locator('details[id^="reply-"][open] > summary .cd'), '今天到期');
    await expectText(page.locator('#glance .step-open'), '答复');
    await form.getByLabel('答复内容').fill(replyText);
    await form.getByLabel('A 所提问题已经解决或基本解决').check();
    await form.getByLabel('签发人').fill('市行政审批和政务信息管理局');
    expect(await form.getByLabel('联系人').inputValue()).toBe('王');
    expect(await form.getByLabel('联系电话').inputValue()).toBe('2580162');
    await form.getByRole('button', { name: '提交答复' }).click();
    await expectText(flash(), '答复已提交');
    await expectText(page.locator('.proposal-head .st'), '已答复');
    await expectText(page.locator('#replies .reply'), '2024年6月26日');
  }, STEP_TIMEOUT);

  it('lets the proposer rate the reply once, through the link in the reply email, without signing in', async () => {
    const link = await eventually(async () => {
      const rows: Array<{ body_text: string }> = await app.api.app.get(DataSourceToken).query(
        `SELECT body_text FROM notifications WHERE type = 'reply_notice' AND recipient_email = 'chengangzheng@example.com'`,
      );
      const m = rows.map((r) => /\/feedback\/([\w-]+\.[\w-]+\.[\w-]+)/.exec(r.body_text)).find(Boolean);
      if (!m) throw new Error('no reply email with a feedback link yet');
      return `/feedback/${m[1]}`;
    }, 20_000);
    app.api.clock.set('2024-07-02T11:00:00+08:00');
    await app.signOut();
    await page.goto(link);
    await expectText(page.locator('h1'), title);
    await expectText(page.locator('.reply'), '现答复如下');
    await page.getByLabel('满意', { exact: true }).check();
    await page.getByLabel('意见和建议').fill('满意');
    await page.getByRole('button', { name: '提交评价' }).click();
    await expectText(flash(), '感谢您的评价（满意）');
    await expectText(page.locator('#rate'), '每个回执链接只能评价一次');
    await page.goto(link);
    expect(await page.getByRole('button', { name: '提交评价' }).count()).toBe(0);
    const forged = await page.goto(`${link.slice(0, -4)}AAAA`);
    expect(forged?.status()).toBe(404);
  }, STEP_TIMEOUT);

  it('is published by the committee on 2024-07-19 under 索引号 szwfwhdsjglj/2024-00001', async () => {
    app.api.clock.set('2024-07-19T09:00:00+08:00');
    await app.login('tianwei', PASSWORD);
    await page.goto(proposalPath);
    await expectText(page.locator('.proposal-head .st'), '已办结');
    await expectText(page.locator('#feedback + ul'), '满意');
    await page.getByLabel('索引号（留空则自动生成）').fill('szwfwhdsjglj/2024-00001');
    await page.getByRole('button', { name: '公开', exact: true }).click();
    await expectText(flash(), '已公开，索引号 szwfwhdsjglj/2024-00001');
  }, STEP_TIMEOUT);

  it('shows the reply on the public pages with the fields of the published page, and no contact data of the proposer', async () => {
    await app.signOut();
    await page.goto('/public/replies');
    await expectText(page.locator('#results'), title);
    await page.getByLabel('关键词或编号').fill('数字政府');
    await page.getByRole('button', { name: '检索' }).click();
    await expectText(page.locator('#results .count'), '共 1 条');
    await page.getByRole('link', { name: title }).click();
    const record = page.locator('article.public-page');
    const field = async (name: string) => (await record.locator(`th:text-is("${name}") + td`).innerText()).trim();
    expect(await field('索引号')).toBe('szwfwhdsjglj/2024-00001');
    expect(await field('发布日期')).toBe('2024-07-19');
    expect(await field('提案号')).toBe('市政协十届二次会议第196号提案');
    expect(await field('提案者')).toBe('陈刚正委员');
    expect(await field('标题')).toBe(title);
    expect(await field('提案内容')).toContain('成立高规格的数字化政府领导小组');
    expect(await field('承办单位')).toBe('主办：市行政审批和政务信息管理局');
    expect(await field('办理结果')).toBe('已办结');
    expect(await field('答复内容')).toContain('2024年6月26日');
    const html = await page.content();
    expect(html).not.toContain('chengangzheng@example.com');
  }, STEP_TIMEOUT);

  it('refuses a form posted without its CSRF token (403), and a cookie-authenticated API call without the header', async () => {
    await app.login('tianwei', PASSWORD);
    await page.goto('/proposals/new');
    await page.locator('#new-proposal input[name="_csrf"]').evaluate((input) => input.remove());
    await page.getByLabel('标题').fill('无令牌的提案');
    await page.getByLabel('提案内容').fill('不应被受理');
    await page.getByLabel('领衔提案者').selectOption({ label: '陈刚正（经济界）' });
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: '提交', exact: true }).click()]);
    expect(response.status()).toBe(403);
    await expectText(page.locator('h1'), '表单已失效');
    const api = await page.evaluate(async (path) => {
      const r = await fetch(`/api/v1${path}/publish`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return { status: r.status, body: await r.json() };
    }, proposalPath);
    expect(api).toEqual({ status: 403, body: expect.objectContaining({ code: 'csrf_invalid' }) });
    const count = await app.api.app.get(DataSourceToken).query(`SELECT count(*)::int AS n FROM proposals WHERE title = '无令牌的提案'`);
    expect(count[0].n).toBe(0);
    // Nothing else went wrong in the pages: no script error, no content security policy violation
    // (the 401/403/404 answers the steps above asked for are the only failed loads).
    expect(app.consoleErrors.filter((e) => !/status of (401|403|404|410)/.test(e.text))).toEqual([]);
  }, STEP_TIMEOUT);
});

