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

  /** The cells of a sheet's column named `header`, below the header row. */
  const column = (sheet: ExcelJS.Worksheet, header: string) => {
    const col = (sheet.getRow(1).values as unknown[]).indexOf(header);
    expect(col).toBeGreaterThan(0);
    const cells: string[] = [];
    sheet.eachRow((row, n) => { if (n > 1) cells.push(String(row.getCell(col).value)); });
    return cells;
  };
  const xlsx = async (href: string) => {
    const res = await page.request.get(href);
    expect(res.status()).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await res.body()) as unknown as ArrayBuffer);
    return workbook;
  };

  it('lets a unit 批量签收 its assignments from 本单位承办, sorted by title', async () => {
    await app.login('xzsp', PASSWORD);
    await page.goto('/assignments');
    await page.getByRole('link', { name: /^标题/ }).click();
    await page.waitForURL(/sort=title/);
    await page.locator('input.select-all').check();
    await expect(page.locator('input[name="ids"]:checked').count()).resolves.toBe(2);
    await page.locator('#batch-form').getByRole('button', { name: '批量签收' }).click();
    await expectText(page.locator('h1'), '批量签收：确认');
    await page.getByRole('button', { name: '确认批量签收（2 项）' }).click();
    await expectText(page.locator('.batch-summary'), '已办理 2 项');
    await page.getByRole('link', { name: '返回列表' }).first().click();
    await expectText(page.locator('main'), '没有待签收的提案。');
  }, STEP_TIMEOUT);

  it('walks 批量催办 from the overdue list and exports that list', async () => {
    app.api.clock.set('2024-06-20T09:00:00+08:00');
    await app.login('duchashi', PASSWORD);
    await page.goto('/deadlines?sort=number&dir=desc');
    const rows = page.locator('table.deadline-list tbody tr');
    await expect(rows.count()).resolves.toBe(2);
    await expectText(rows.nth(0), '第2号');
    await expectText(rows.nth(1), '第1号');
    await page.locator('input.select-all').check();
    await page.locator('#batch-form').getByRole('button', { name: '批量催办' }).click();
    await expectText(page.locator('h1'), '批量催办：确认');
    await expectText(page.locator('table.batch-items'), '将向市行政审批和政务信息管理局发出督办通知');
    await page.getByRole('button', { name: '确认批量催办（2 项）' }).click();
    await expectText(page.locator('.batch-summary'), '已办理 2 项');
    await expectText(page.locator('table.batch-items'), '已向市行政审批和政务信息管理局发出督办通知 督〔2024〕');

    await page.goto('/deadlines?sort=number&dir=desc');
    await expectText(page.locator('table.deadline-list'), '督〔2024〕');
    const href = await page.getByRole('link', { name: '导出 Excel' }).getAttribute('href');
    const workbook = await xlsx(href!);
    expect(workbook.worksheets[0].name).toBe('逾期清单');
    expect(column(workbook.worksheets[0], '提案号')).toEqual(['市政协十届二次会议第2号提案', '市政协十届二次会议第1号提案']);
    expect(column(workbook.worksheets[0], '督办通知').every((c) => c.startsWith('督〔2024〕'))).toBe(true);
    expect(column(workbook.worksheets[0], '剩余').every((c) => c.startsWith('已逾期'))).toBe(true);
    const notes = column(workbook.getWorksheet('说明')!, '说明').join('\n');
    expect(notes).toContain('排序：按提案号降序');

    // The unit sees its own overdue list and no 催办; a proposer has no export.
    await app.login('xzsp', PASSWORD);
    await page.goto('/deadlines');
    await expect(page.locator('#batch-form').count()).resolves.toBe(0);
    await app.login('chengangzheng', PASSWORD);
    expect((await page.request.get('/deadlines/export.xlsx')).status()).toBe(403);
  }, STEP_TIMEOUT);
});
