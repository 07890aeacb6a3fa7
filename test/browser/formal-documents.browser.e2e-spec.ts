import type { Page } from 'playwright-core';
import { createDirectory, PASSWORD, type Directory } from '../support/directory.js';
import { ok } from '../fixtures/supervision/helpers.js';
import { BOOT_TIMEOUT, STEP_TIMEOUT, describeWithBrowser, startBrowserApp, type BrowserApp } from './support.js';

/** The page's getComputedStyle (the tests compile without the DOM library). */
type Styles = { getComputedStyle(el: unknown): { color: string; fontSize: string } };

/**
 * The formal documents from the pages where a user looks for them, in Chromium: the unit finds its
 * own 交办函 (and not the co-handler's) on the proposal's 督办 page and opens it — the 红头 is red,
 * the stylesheet applies under the page's CSP, no console error — and prints it to an A4 PDF; the
 * proposer prints the proposal from its page; the office opens the 督办通知书 from the notices
 * list and the session's 办理情况 report from the dashboard. DUBAN_SCREENSHOTS=on refreshes the
 * screenshots of docs/ui.md.
 */
describeWithBrowser('formal documents in the browser', () => {
  let app: BrowserApp;
  let page: Page;
  let dir: Directory;
  let proposalId: string;

  const shot = async (p: Page, name: string) => {
    if (process.env.DUBAN_SCREENSHOTS === 'on') await p.screenshot({ path: `docs/screenshots/${name}.png`, fullPage: false });
  };

  /** Clicks a link that opens in a new tab and returns that tab once loaded. */
  const openTab = async (link: ReturnType<Page['getByRole']>): Promise<Page> => {
    const [tab] = await Promise.all([app.context.waitForEvent('page'), link.click()]);
    await tab.waitForLoadState('load');
    return tab;
  };

  beforeAll(async () => {
    app = await startBrowserApp('deskedocsui', '2024-01-16T09:00:00+08:00');
    page = app.page;
    dir = await createDirectory(app.api);
    const as = (token: string) => app.api.as(token);
    const committee = as(dir.tokens.committee);
    proposalId = (await ok(committee.post('/api/v1/proposals', {
      sessionId: dir.sessionId, number: 196, title: '以营商环境为主线强力推进我市数字政府建设', content: '一、成立高规格的数字化政府领导小组。\n二、打通数据壁垒。',
      leadProposerId: dir.proposerId,
    }), 'submit')).id;
    await ok(committee.post(`/api/v1/proposals/${proposalId}/review`, { decision: 'file' }), 'file');
    app.api.clock.set('2024-03-26T10:00:00+08:00');
    await ok(committee.post(`/api/v1/proposals/${proposalId}/assignments`, { leadUnitId: dir.units.xzsp, coUnitIds: [dir.units.fagai] }), 'assign');
    app.api.clock.set('2024-06-28T10:00:00+08:00');
    await ok(as(dir.adminToken).post('/api/v1/admin/deadlines/sweep'), 'sweep');
    await ok(as(dir.tokens.supervisor).post(`/api/v1/proposals/${proposalId}/supervision-notices`, { unitId: dir.units.xzsp, content: '请说明逾期未答复的原因。', workdays: 3 }), 'notice');
  }, BOOT_TIMEOUT);
  afterAll(() => app?.close(), BOOT_TIMEOUT);

  it('gives the unit its own 交办函 on the proposal’s 督办 page, drawn under its CSP, and as an A4 PDF', async () => {
    await app.login('xzsp', PASSWORD);
    await page.goto(`/proposals/${proposalId}/supervision`);
    const documents = page.locator('section[aria-labelledby="h-documents"]');
    await documents.getByText('交办函 · 市行政审批和政务信息管理局（主办）').waitFor();
    expect(await documents.getByText('市发展和改革委员会').count()).toBe(0);
    const errorsBefore = app.consoleErrors.length;
    const tab = await openTab(documents.locator('li', { hasText: '交办函' }).getByRole('link', { name: '打印版（HTML）' }));
    expect(await tab.title()).toBe('关于交办市政协十届二次会议第196号提案的函');
    const issuer = tab.locator('.masthead .issuer');
    expect(await issuer.innerText()).toBe('市政协提案委员会');
    // The one stylesheet is allowed by its hash: the 红头 is red and the title at 22pt.
    expect(await issuer.evaluate((el) => (globalThis as unknown as Styles).getComputedStyle(el).color)).toBe('rgb(212, 0, 0)');
    expect(parseFloat(await tab.locator('h1').evaluate((el) => (globalThis as unknown as Styles).getComputedStyle(el).fontSize))).toBeCloseTo((22 * 4) / 3, 1);
    expect(await tab.locator('.doc-no').innerText()).toBe('提交〔2024〕196号');
    await shot(tab, 'assignment-letter');
    expect(app.consoleErrors.slice(errorsBefore)).toEqual([]);
    await tab.close();

    const href = await documents.locator('li', { hasText: '交办函' }).getByRole('link', { name: 'PDF' }).getAttribute('href');
    const pdf = await page.request.get(href!);
    expect(pdf.status()).toBe(200);
    const body = await pdf.body();
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    // A4 (210 × 297 mm = 595.3 × 841.9 pt; Chromium rounds to its own pixel grid), every page.
    const boxes = [...body.toString('latin1').matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(boxes.length).toBeGreaterThan(0);
    for (const [w, h] of boxes) {
      expect(Math.abs(w - 595.3)).toBeLessThan(1.5);
      expect(Math.abs(h - 841.9)).toBeLessThan(1.5);
    }
    // The co-handler's letter is not this unit's to print.
    const coLetter = await page.request.get(href!.replace(/assignments\/[^/]+/, `assignments/${(await ok(app.api.as(dir.tokens.committee).get(`/api/v1/proposals/${proposalId}`), 'p')).assignments.find((a: any) => a.role === 'co').id}`));
    expect(coLetter.status()).toBe(404);
  }, STEP_TIMEOUT);

  it('lets the proposer print the proposal from its page', async () => {
    await app.login('chengangzheng', PASSWORD);
    await page.goto(`/proposals/${proposalId}`);
    const tab = await openTab(page.getByRole('link', { name: '打印提案' }));
    expect(await tab.locator('.masthead .issuer').innerText()).toBe('市政协十届二次会议提案');
    expect(await tab.locator('table.form tr', { hasText: '办理单位' }).innerText()).toContain('主办：市行政审批和政务信息管理局；协办：市发展和改革委员会');
    await shot(tab, 'proposal-form');
    await tab.close();
  }, STEP_TIMEOUT);

  it('gives the office the 督办通知书 from the notices list and the 办理情况 report from the dashboard', async () => {
    await app.login('duchashi', PASSWORD);
    await page.goto('/supervision/notices');
    const notice = await openTab(page.getByRole('link', { name: '督办通知书（打印）' }));
    expect(await notice.locator('.doc-no').innerText()).toBe('督〔2024〕1号');
    expect(await notice.locator('.body').innerText()).toContain('答复期限为二〇二四年六月二十六日，已逾期2日，尚未完成');
    await shot(notice, 'supervision-notice');
    await notice.close();
    await page.goto(`/supervision?sessionId=${dir.sessionId}`);
    const report = await openTab(page.locator('#report-links').getByRole('link', { name: '打印版（HTML）' }));
    expect(await report.locator('h1').innerText()).toContain('提案办理情况的报告');
    expect(await report.locator('h2').allInnerTexts()).toEqual(['一、总体情况', '二、办理状态', '三、办理结果', '四、承办单位办理情况', '五、重点提案办理情况']);
    await shot(report, 'session-report');
    await report.close();
  }, STEP_TIMEOUT);
});
