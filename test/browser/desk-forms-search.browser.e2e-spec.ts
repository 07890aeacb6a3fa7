import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { ClassifyProposal, DemoSeeder, RulesProvider } from '#application';
import { DEMO_NOW } from '../../libs/application/src/demo/demo-data.js';
import { BOOT_TIMEOUT, STEP_TIMEOUT, describeWithBrowser, expectText, startBrowserApp, type BrowserApp } from './support.js';

/**
 * Issue 12, defects 9 and 10 over the demo data: numbers found as people write them (register, API,
 * public page), the public page's filters, the submission form's sessions, co-signer picker and
 * categories, confirmations before irreversible acts.
 */
describeWithBrowser('Search by number and forms that guide (issue 12: 9, 10)', () => {
  let app: BrowserApp;
  let page: Page;
  let ds: DataSource;
  const ids: Record<number, string> = {};

  beforeAll(async () => {
    app = await startBrowserApp('deskdforms', DEMO_NOW, { env: { DUBAN_ADMIN_USERNAME: 'bootstrap-admin' }, queues: [], handlers: [] });
    page = app.page;
    ds = app.api.app.get(DataSource);
    await new DemoSeeder(ds, app.api.app.get(RulesProvider)).seed();
    const rows: Array<{ id: string; number: number }> = await ds.query(
      `SELECT p.id, p.number FROM proposals p JOIN sessions s ON s.id = p.session_id WHERE p.number IN (196, 301, 302, 305) AND s.name IN ('市政协十届二次会议', '市政协十届四次会议')`,
    );
    for (const r of rows) ids[r.number] = r.id;
    const classify = app.api.app.get(ClassifyProposal);
    for (const { id } of await ds.query(`SELECT id FROM proposals`)) await classify.execute(id);
  }, BOOT_TIMEOUT);
  afterAll(() => app?.close(), BOOT_TIMEOUT);

  const count = async () => Number((await page.locator('#results .count strong').innerText()).trim());

  it('finds No. 196 in the register however its number is written', async () => {
    await app.login('tianwei', 'demo-tiweihui-2024');
    for (const q of ['196', '第196号', '196号', 'No.196', '１９６', '第１９６号', '提案196', '第196号提案', '市政协十届二次会议第196号提案']) {
      await page.goto(`/proposals?q=${encodeURIComponent(q)}`);
      expect({ q, total: await count() }).toEqual({ q, total: 1 });
      await expectText(page.locator('#results'), '以营商环境为主线强力推进我市数字政府建设');
    }
    // 建议 names an NPC session: No. 196 is a CPPCC proposal.
    await page.goto(`/proposals?q=${encodeURIComponent('第196号建议')}`);
    expect(await count()).toBe(0);
  }, STEP_TIMEOUT);

  it('finds it through the API with the same parser', async () => {
    const token = await app.api.login('tianwei', 'demo-tiweihui-2024');
    const res = await app.api.as(token).get(`/api/v1/proposals?q=${encodeURIComponent('第196号')}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: { number: number }) => p.number)).toEqual([196]);
    const pub = await app.api.as(token).get(`/api/v1/public/replies?q=${encodeURIComponent('No.196')}`);
    expect(pub.body.items.map((p: { number: number }) => p.number)).toEqual([196]);
  }, STEP_TIMEOUT);

  it('lets the public find a reply by number and filter by session, kind, unit and category; its search label appears once', async () => {
    await app.signOut();
    await page.goto('/public/replies');
    const all = await count();
    expect(all).toBeGreaterThan(2);
    // The page's name once (the heading), the search box labelled by what it takes, not "检索" twice.
    expect(await page.getByText('建议提案办理结果公开', { exact: true }).count()).toBe(1);
    expect(await page.getByText('检索', { exact: true }).count()).toBe(1);
    await page.getByLabel('关键词或编号').fill('第196号');
    await page.getByRole('button', { name: '检索' }).click();
    await expectText(page.locator('#results .count'), '共 1 条');
    await expectText(page.locator('#results'), '以营商环境为主线强力推进我市数字政府建设');

    await page.goto('/public/replies');
    await page.getByLabel('提案/建议').selectOption({ label: '人大代表建议' });
    await page.getByRole('button', { name: '检索' }).click();
    await expectText(page.locator('#results'), '关于进一步压缩企业开办时间的建议');
    const npc = await count();
    expect(npc).toBeGreaterThan(0);
    expect(npc).toBeLessThan(all);
    expect(await page.locator('#results').innerText()).not.toContain('第196号提案');

    await page.goto('/public/replies');
    await page.getByLabel('届次').selectOption({ label: '市政协十届二次会议' });
    await page.getByRole('button', { name: '检索' }).click();
    await expectText(page.locator('#results'), '市政协十届二次会议第196号提案');
    expect(await count()).toBeLessThan(all);

    await page.goto('/public/replies');
    await page.getByLabel('承办单位').selectOption({ label: '市教育局' });
    await page.getByRole('button', { name: '检索' }).click();
    const education = await count();
    expect(education).toBeGreaterThan(0);
    expect(education).toBeLessThan(all);
    expect(await page.locator('#results').innerText()).not.toContain('以营商环境为主线强力推进我市数字政府建设');

    await page.goto('/public/replies');
    const categories = await page.getByLabel('类别').locator('option').allInnerTexts();
    expect(categories.length).toBeGreaterThan(1);
    await page.getByLabel('类别').selectOption({ label: categories[1] });
    await page.getByRole('button', { name: '检索' }).click();
    const inCategory = await count();
    expect(inCategory).toBeGreaterThan(0);
    // The filters survive paging and the choice stays selected.
    expect(await page.getByLabel('类别').inputValue()).toBe(categories[1]);
  }, STEP_TIMEOUT);
});
