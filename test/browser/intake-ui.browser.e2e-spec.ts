import { chromium, type Page } from 'playwright-core';
import { eventually } from '../support/api.js';
import { createDirectory, PASSWORD, type Directory } from '../support/directory.js';
import { BOOT_TIMEOUT, CHROMIUM, STEP_TIMEOUT, describeWithBrowser, expectText, startBrowserApp, type BrowserApp } from './support.js';

/**
 * Smart intake in the UI (docs/intake.md, docs/ui.md): a proposal with a near-duplicate shows it as a
 * 并案 suggestion at filing review (one click fills the merge target); once filed, the assign form
 * ranks the intake's routing suggestions with their reasons; the import page uploads a small CSV,
 * follows its progress and shows the row report, with JavaScript and without it.
 */
describeWithBrowser('smart intake in the browser', () => {
  let app: BrowserApp;
  let page: Page;
  let dir: Directory;
  const firstTitle = '关于推进政务服务一网通办提升企业开办效率的提案';
  const secondTitle = '关于推进政务服务一网通办提高企业开办效率的提案';
  const text = (extra: string) =>
    `当前我市政务服务一网通办仍存在数据共享不充分、电子证照应用不广、企业开办环节多等问题。${extra}建议打通部门政务数据，推广电子证照和免证办，实行企业开办一窗通办、帮办代办，压缩企业开办时间。`;
  let firstId: string;
  let secondId: string;

  beforeAll(async () => {
    app = await startBrowserApp('uiintake', '2024-01-16T09:00:00+08:00');
    page = app.page;
    dir = await createDirectory(app.api);
    const committee = app.api.as(dir.tokens.committee);
    const submit = async (title: string, content: string) =>
      (await committee.post('/api/v1/proposals', { sessionId: dir.sessionId, title, content, leadProposerId: dir.proposerId }).expect(201)).body.id as string;
    firstId = await submit(firstTitle, text('群众和企业反映办事仍需多次跑腿。'));
    secondId = await submit(secondTitle, text('群众和企业反映办事仍需多次跑腿，开办手续繁琐。'));
    await eventually(async () => {
      const similar = (await committee.get(`/api/v1/proposals/${secondId}/similar`).expect(200)).body;
      if (similar.status !== 'done' || !similar.items.some((s: { proposalId: string; duplicate: boolean }) => s.proposalId === firstId && s.duplicate)) {
        throw new Error(`not yet: ${JSON.stringify(similar)}`);
      }
    }, 30_000);
  }, BOOT_TIMEOUT);
  afterAll(() => app?.close(), BOOT_TIMEOUT);

  it('shows the near-duplicate as a 并案 suggestion that fills the merge target', async () => {
    await app.login('tianwei', PASSWORD);
    await page.goto(`/proposals/${secondId}`);
    const review = page.locator('form#review');
    await expectText(review.locator('.merge-suggest'), firstTitle);
    await expectText(review.locator('.merge-suggest'), '相似度');
    await expectText(review.locator('.merge-suggest'), '共同词语');
    await review.getByRole('button', { name: '并入此案' }).first().click();
    expect(await review.locator('#review-merge').inputValue()).toBe(firstId);
    expect(await review.getByLabel('并案', { exact: true }).isChecked()).toBe(true);
  }, STEP_TIMEOUT);

  it('ranks the routing suggestions with their reasons in the assign form', async () => {
    await app.api.as(dir.tokens.committee).post(`/api/v1/proposals/${secondId}/review`, { decision: 'file' }).expect(200);
    await page.goto(`/proposals/${secondId}`);
    const assign = page.locator('form#assign');
    const routing = assign.locator('.routing-suggest');
    await expectText(routing, '市行政审批和政务信息管理局');
    await expectText(routing, '关键词');
    // Each suggestion says how sure it is (issue 16), never a raw score.
    await expectText(routing, '把握');
    expect(await routing.textContent()).not.toContain('得分');
    await routing.getByRole('button', { name: '市行政审批和政务信息管理局' }).click();
    expect(await assign.locator('#assign-lead').inputValue()).toBe(dir.units.xzsp);
    expect(app.consoleErrors).toEqual([]);
  }, STEP_TIMEOUT);

  it('imports a small CSV from the import page and shows its row report', async () => {
    await page.goto('/proposals');
    await page.getByRole('link', { name: '批量导入' }).first().click();
    await page.waitForURL((url) => url.pathname === '/imports');
    const csv = [
      '编号,标题,内容,第一提案人',
      '301,关于加快城区停车场建设的提案,建议在老城区利用边角地建设立体停车场，缓解停车难。,陈刚正',
      '302,,建议增加公共自行车投放点。,陈刚正',
      '303,关于加强中小学课后服务的提案,建议统筹校内外资源，丰富课后服务内容。,无此人',
    ].join('\n');
    await page.getByLabel('届次', { exact: true }).selectOption({ label: '市政协十届二次会议' });
    await page.getByLabel('文件', { exact: true }).setInputFiles({ name: '提案导入.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    const posted = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/imports');
    await page.getByRole('button', { name: '上传并导入' }).click();
    // With JavaScript the form posts through htmx, and the status box below is polled by htmx.
    expect((await posted).headers()['hx-request']).toBe('true');
    await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
    await expectText(page.locator('h1'), '提案导入.csv');
    const status = page.locator('#import-status');
    await eventually(async () => {
      const all = await status.innerText();
      if (!all.includes('已完成')) throw new Error(`not done: ${all}`);
    }, 25_000);
    await expectText(status, '导入 1 件');
    const errors = page.locator('table.import-errors');
    await expectText(errors, '标题');
    await expectText(errors, '第一提案人');
    const rows = await errors.locator('tbody tr td:first-child').allInnerTexts();
    expect(rows).toEqual(expect.arrayContaining(['3', '4']));
    expect(app.consoleErrors).toEqual([]);
  }, STEP_TIMEOUT + 30_000);

  it('imports a CSV from the plain form in a browser without JavaScript', async () => {
    // A second Chromium, scripts off: the form posts multipart with its _csrf field, the page reloads itself.
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      const context = await browser.newContext({ baseURL: app.baseUrl, javaScriptEnabled: false, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 768 } });
      context.setDefaultTimeout(15_000);
      const plain = await context.newPage();
      await plain.goto('/login');
      await plain.getByLabel('用户名').fill('tianwei');
      await plain.getByLabel('密码').fill(PASSWORD);
      await Promise.all([plain.waitForURL((url) => url.pathname !== '/login'), plain.getByRole('button', { name: '登录' }).click()]);
      await plain.goto('/imports');
      const csv = ['编号,标题,内容,第一提案人', '311,关于完善社区养老服务设施的提案,建议在老旧小区配建社区养老服务站，推广助餐助浴上门服务。,陈刚正'].join('\n');
      await plain.getByLabel('届次', { exact: true }).selectOption({ label: '市政协十届二次会议' });
      await plain.getByLabel('文件', { exact: true }).setInputFiles({ name: '无脚本导入.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      await Promise.all([plain.waitForURL(/\/imports\/[0-9a-f-]{36}$/), plain.getByRole('button', { name: '上传并导入' }).click()]);
      await expectText(plain.locator('h1'), '无脚本导入.csv');
      // No htmx polling without scripts: the page reloads itself (<noscript> refresh) until the import is done.
      await eventually(async () => {
        const all = await plain.locator('#import-status').innerText();
        if (!all.includes('已完成')) throw new Error(`not done: ${all}`);
      }, 25_000);
      await expectText(plain.locator('#import-status'), '导入 1 件');
      await expectText(plain.locator('#import-status'), '没有。');
    } finally {
      await browser.close();
    }
  }, STEP_TIMEOUT + 30_000);
});
