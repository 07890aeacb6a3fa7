import type { Page } from 'playwright-core';
import { ADMIN, eventually } from './support/api.js';
import { createDirectory, PASSWORD, type Directory } from './support/directory.js';
import { BOOT_TIMEOUT, STEP_TIMEOUT, describeWithBrowser, expectText, startBrowserApp, type BrowserApp } from './browser/support.js';
import { ok } from './fixtures/supervision/helpers.js';

/**
 * The supervision pages in Chromium: the dashboard draws its four ECharts charts (served by Duban,
 * under the strict CSP) and the red/yellow/green ranking; the 营商环境 view; the history as of a
 * date; a 督办 notice issued on the proposal's page and answered by the unit; a holiday override
 * added on the rules page. Set SUPERVISION_SCREENSHOTS=<dir> to keep screenshots.
 */
describeWithBrowser('supervision pages in the browser', () => {
  let app: BrowserApp;
  let page: Page;
  let dir: Directory;
  const ids: string[] = [];

  const shot = async (name: string) => {
    if (process.env.SUPERVISION_SCREENSHOTS) await app.screenshot(`${process.env.SUPERVISION_SCREENSHOTS}/${name}.png`);
  };

  beforeAll(async () => {
    app = await startBrowserApp('supdash', '2024-01-16T09:00:00+08:00');
    page = app.page;
    dir = await createDirectory(app.api);
    const as = (token: string) => app.api.as(token);
    const committee = as(dir.tokens.committee);
    const titles = ['关于优化营商环境支持民营企业的提案', '关于完善社区养老服务的提案', '关于加强河道治理的提案', '关于推进数字政府建设的提案'];
    for (const [i, title] of titles.entries()) {
      const p = await ok(committee.post('/api/v1/proposals', { sessionId: dir.sessionId, number: i + 1, title, content: '请研究办理。', leadProposerId: dir.proposerId }), 'submit');
      await ok(committee.post(`/api/v1/proposals/${p.id}/review`, { decision: 'file' }), 'file');
      ids.push(p.id);
    }
    await eventually(async () => {
      const p = await ok(as(dir.tokens.supervisor).get(`/api/v1/proposals/${ids[0]}`), 'get');
      expect(p.themes).toContain('营商环境');
    });
    app.api.clock.set('2024-03-01T10:00:00+08:00');
    const units = [dir.units.xzsp, dir.units.jiaoyu, dir.units.xzsp, dir.units.jiaoyu];
    const assignments: string[] = [];
    for (const [i, id] of ids.entries()) assignments.push((await ok(committee.post(`/api/v1/proposals/${id}/assignments`, { leadUnitId: units[i] }), 'assign'))[0].id);
    app.api.clock.set('2024-03-04T10:00:00+08:00');
    const unitToken = (i: number) => (units[i] === dir.units.xzsp ? dir.tokens.xzsp : dir.tokens.jiaoyu);
    for (const [i, a] of assignments.entries()) await ok(as(unitToken(i)).post(`/api/v1/assignments/${a}/accept`), 'accept');
    app.api.clock.set('2024-04-15T10:00:00+08:00');
    const reply = { content: '答复正文。', signedBy: '局长', contactName: '王', contactPhone: '2580162', public: false };
    await ok(as(dir.tokens.xzsp).post(`/api/v1/assignments/${assignments[0]}/reply`, { ...reply, resultCategory: 'A' }), 'reply');
    await ok(as(dir.tokens.jiaoyu).post(`/api/v1/assignments/${assignments[1]}/reply`, { ...reply, resultCategory: 'B' }), 'reply');
    await ok(as(dir.tokens.committee).post(`/api/v1/proposals/${ids[0]}/feedback`, { rating: 'satisfied' }), 'rate');
    // Nos. 3 and 4 are never answered: overdue from 2024-06-04 on.
    app.api.clock.set('2024-06-20T10:00:00+08:00');
    await ok(as(dir.adminToken).post('/api/v1/admin/deadlines/sweep'), 'sweep');
  }, BOOT_TIMEOUT);
  afterAll(() => app?.close(), BOOT_TIMEOUT);

  it('keeps the supervision pages from a unit: it sees its notices only', async () => {
    await app.login('xzsp', PASSWORD);
    const res = await page.goto('/supervision');
    expect(res?.status()).toBe(403);
    await page.goto('/supervision/notices');
    await expectText(page.locator('h1'), '督办通知');
  }, STEP_TIMEOUT);

  it('draws the dashboard: on-time rate per unit, results by category, overdue by unit and week, trends, and the ranking', async () => {
    await app.login('duchashi', PASSWORD);
    app.consoleErrors.length = 0;
    await page.goto('/supervision');
    await expectText(page.locator('h1'), '督办看板');
    expect(await page.locator('[data-chart]').count()).toBe(4);
    // each chart marks itself drawn when ECharts has finished rendering it
    await page.locator('[data-chart][data-rendered="true"]').nth(3).waitFor({ timeout: 15_000 });
    for (const name of ['onTime', 'results', 'overdue', 'trends']) {
      const canvas = page.locator(`[data-chart="${name}"] canvas`);
      expect(await canvas.count()).toBeGreaterThan(0);
      const box = await canvas.first().boundingBox();
      expect(box!.width).toBeGreaterThan(200);
      expect(box!.height).toBeGreaterThan(200);
    }
    await expectText(page.locator('.tiles'), '当前逾期');
    await expectText(page.locator('.tiles'), '50%'); // 按时办复率: 2 of the 4 answers that came due
    const ranking = page.locator('table.ranking tbody tr');
    expect(await ranking.count()).toBe(2);
    await expectText(ranking, '市行政审批和政务信息管理局');
    await expectText(page.locator('table.ranking'), '红牌');
    await shot('supervision-dashboard');
    expect(app.consoleErrors).toEqual([]);
  }, STEP_TIMEOUT);

  it('shows the 营商环境 view over that theme alone', async () => {
    app.consoleErrors.length = 0;
    await page.goto('/supervision/business');
    await expectText(page.locator('h1'), '营商环境专题');
    await page.locator('[data-chart][data-rendered="true"]').nth(2).waitFor({ timeout: 15_000 });
    expect(await page.locator('table.ranking tbody tr').count()).toBe(1);
    expect(app.consoleErrors).toEqual([]);
  }, STEP_TIMEOUT);

  it('tells who was responsible for what on a past date', async () => {
    await page.goto('/supervision/as-of?date=2024-06-10');
    await expectText(page.locator('h1'), '2024年6月10日');
    const rows = page.locator('#open tbody tr.overdue-row');
    expect(await rows.count()).toBe(2);
    await expectText(rows, '市教育局');
    await page.getByLabel('日期', { exact: true }).fill('2024-05-01');
    await page.getByRole('button', { name: '回溯' }).click();
    await page.waitForURL(/date=2024-05-01/);
    expect(await page.locator('#open tbody tr.overdue-row').count()).toBe(0);
  }, STEP_TIMEOUT);

  it('issues a 督办 notice from the proposal page, and the unit answers it', async () => {
    await page.goto(`/proposals/${ids[2]}`);
    await page.getByRole('link', { name: '督办与答复函' }).click();
    await page.waitForURL(/\/supervision$/);
    await page.getByLabel('督办事项').fill('请说明逾期原因并于三个工作日内答复委员');
    await page.getByLabel(/回复期限/).fill('3');
    await page.getByRole('button', { name: '发出' }).click();
    await expectText(page.locator('.flash'), '督〔2024〕1号督办通知已发出');
    await expectText(page.locator('#h-notices ~ article'), '请说明逾期原因');
    await page.getByLabel('列为重点提案').check();
    await page.getByLabel('领衔督办的市领导').fill('张副市长');
    await page.getByRole('button', { name: '保存' }).click();
    await expectText(page.locator('.proposal-head'), '张副市长领衔督办');

    await app.login('xzsp', PASSWORD);
    await page.goto('/supervision/notices');
    await page.getByLabel('回复内容').fill('已与委员沟通，正在起草答复。');
    await page.getByRole('button', { name: '提交回复' }).click();
    await expectText(page.locator('.flash'), '督办回复已提交');
    await expectText(page.locator('article'), '已与委员沟通');
  }, STEP_TIMEOUT);

  it('lets the admin add a holiday override, versioned, and recompute the running deadlines', async () => {
    await app.login(ADMIN.username, ADMIN.password);
    await page.goto('/supervision/rules');
    await page.locator('#h-date').fill('2024-06-21');
    await page.locator('#h-reason').fill('防汛抢险，全市机关临时休息');
    await page.getByRole('button', { name: '保存并重新计算期限' }).click();
    await expectText(page.locator('.flash'), '规则已更新为第1版');
    await expectText(page.locator('#h-versions ~ ul'), '防汛抢险');
    await expectText(page.locator('#h-holidays ~ .table-wrap'), '2024-06-21');
    await shot('supervision-rules');
    const notice = (await ok(app.api.as(dir.tokens.supervisor).get('/api/v1/supervision/notices'), 'notices')).items[0];
    expect(notice.status).toBe('responded');
  }, STEP_TIMEOUT);
});
