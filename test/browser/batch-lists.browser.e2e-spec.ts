import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { createDirectory, PASSWORD, type Directory } from '../support/directory.js';
import { BOOT_TIMEOUT, STEP_TIMEOUT, describeWithBrowser, expectText, startBrowserApp, type BrowserApp } from './support.js';

/**
 * The back-office basics (issue 12): sortable columns (plain links, no JavaScript needed), row
 * selection, a batch action walked through its preview and its per-item result, and 导出 Excel of
 * the filtered, sorted list read back with exceljs.
 */
describeWithBrowser('Sortable lists, batch actions and list exports', () => {
  let app: BrowserApp;
  let page: Page;
  let dir: Directory;
  const ids: Record<number, string> = {};

  const ok = async (res: Promise<{ status: number; body: any }>) => {
    const r = await res;
    if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  /** The numbers of the register's rows, top to bottom. */
  const numbers = async () => (await page.locator('table.register tbody tr td.nowrap:not(.select)').allInnerTexts()).map((t) => t.split('\n')[0]);

  beforeAll(async () => {
    app = await startBrowserApp('deskflists', '2024-02-01T09:00:00+08:00');
    page = app.page;
    dir = await createDirectory(app.api);
    const committee = app.api.as(dir.tokens.committee);
    // Titles chosen so that title order differs from number order; No. 4 stays 待审查.
    const titles: Record<number, string> = { 1: '关于优化营商环境的提案', 2: '关于加强城市绿化的提案', 3: '关于发展农村电商的提案', 4: '关于改善停车难的提案' };
    for (const n of [3, 1, 4, 2]) {
      const p = await ok(committee.post('/api/v1/proposals', { sessionId: dir.sessionId, number: n, title: titles[n], content: '具体建议……', leadProposerId: dir.proposerId }));
      ids[n] = p.id;
      if (n !== 4) await ok(committee.post(`/api/v1/proposals/${p.id}/review`, { decision: 'file' }));
    }
    await app.login('tianwei', PASSWORD);
  }, BOOT_TIMEOUT);
  afterAll(() => app?.close(), BOOT_TIMEOUT);

  it('sorts the register by a column through plain links, reversing on the second click', async () => {
    await page.goto('/proposals');
    await page.getByRole('link', { name: /^提案号/ }).click();
    await page.waitForURL(/sort=number&dir=asc/);
    expect(await numbers()).toEqual(['第1号', '第2号', '第3号', '第4号']);
    await expect(page.locator('th[aria-sort="ascending"]').innerText()).resolves.toContain('提案号');
    await page.getByRole('link', { name: /^提案号/ }).click();
    await page.waitForURL(/sort=number&dir=desc/);
    expect(await numbers()).toEqual(['第4号', '第3号', '第2号', '第1号']);
    // A column not on the whitelist is the default order, not an error.
    const res = await page.goto('/proposals?sort=p.id;DROP&dir=up');
    expect(res?.status()).toBe(200);
  }, STEP_TIMEOUT);

  it('walks 批量交办: selection, a preview per item, the confirmation and a per-item result', async () => {
    await page.goto('/proposals?sort=number&dir=asc');
    for (const n of [1, 2, 4]) await page.getByLabel(`选择市政协十届二次会议第${n}号提案`).check();
    await page.locator('#batch-form').getByRole('button', { name: '批量交办' }).click();
    await expectText(page.locator('h1'), '批量交办：确认');
    const rows = page.locator('table.batch-items tbody tr');
    await expect(rows.count()).resolves.toBe(3);
    await expectText(rows.nth(0), '✓');
    await expectText(rows.nth(2), '不能办理：提案当前为「待审查」，不能交办。');
    await page.getByLabel('主办单位').selectOption({ label: '市行政审批和政务信息管理局' });
    await page.getByRole('button', { name: '确认批量交办（2 项）' }).click();
    await expectText(page.locator('.batch-summary'), '已办理 2 项');
    const result = page.locator('table.batch-items tbody tr');
    await expect(result.count()).resolves.toBe(2);
    await expectText(result.nth(0), '市行政审批和政务信息管理局');
    const p1 = await ok(app.api.as(dir.tokens.supervisor).get(`/api/v1/proposals/${ids[1]}`));
    expect(p1.status).toBe('assigned');
    const p4 = await ok(app.api.as(dir.tokens.supervisor).get(`/api/v1/proposals/${ids[4]}`));
    expect(p4.status).toBe('submitted');
  }, STEP_TIMEOUT);

  it('exports the filtered, sorted register to XLSX (every match, in the page’s order, with the filters stated)', async () => {
    await page.goto(`/proposals?status=filed&sort=title&dir=desc`);
    const href = await page.getByRole('link', { name: '导出 Excel' }).getAttribute('href');
    expect(href).toContain('status=filed');
    expect(href).toContain('sort=title');
    const res = await page.request.get(href!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await res.body()) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    const titleCol = headers.indexOf('案由（标题）') + 1;
    expect(titleCol).toBeGreaterThan(0);
    const titles: string[] = [];
    sheet.eachRow((row, n) => { if (n > 1) titles.push(String(row.getCell(titleCol).value)); });
    // After the batch only No. 3 is still filed.
    expect(titles).toEqual(['关于发展农村电商的提案']);
    const notes = workbook.worksheets.find((w) => w.name === '说明');
    const text: string[] = [];
    notes?.eachRow((row) => text.push((row.values as unknown[]).slice(1).join(' ')));
    expect(text.join('\n')).toContain('状态：已立案');
    expect(text.join('\n')).toContain('排序：按标题降序');
  }, STEP_TIMEOUT);
});
