import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { CoSigningLinks } from '#notifications';
import { BOOT_TIMEOUT, STEP_TIMEOUT, describeWithBrowser, expectText, startDemoBrowserApp, type BrowserApp } from './support.js';

/** DUBAN_SCREENSHOTS=on also saves the co-signing pages shown in docs/ui.md (the first screen of each). */
const SHOTS = process.env.DUBAN_SCREENSHOTS === 'on';
const SHOT_DIR = new URL('../../docs/screenshots/', import.meta.url).pathname;
const TITLE = '关于推动乡村旅游提质升级的提案';

/**
 * 联名 (co-signing) in the browser, over the demo's joint proposal: the lead proposer reads who
 * answered and invites one more member, that member confirms in Duban, another declines through the
 * mail's signed link, and the committee's filing review reads the answers.
 */
describeWithBrowser('Co-signing pages (联名)', () => {
  let app: BrowserApp;
  let page: Page;
  let ds: DataSource;
  let proposalId: string;

  beforeAll(async () => {
    ({ app, ds } = await startDemoBrowserApp('uicosign'));
    page = app.page;
    [{ id: proposalId }] = await ds.query(`SELECT id FROM proposals WHERE title = $1`, [TITLE]);
    // 王丽娜 gets an account, to answer in Duban.
    const admin = app.api.as(await app.api.login('admin', 'demo-guanliyuan-2024'));
    const [{ id: wanglina }] = await ds.query(`SELECT id FROM proposers WHERE name = '王丽娜'`);
    const made = await admin.post('/api/v1/users', { username: 'wanglina', password: 'Lianming-ceshi-2026', role: 'proposer', displayName: '王丽娜', email: 'wanglina@example.com', proposerId: wanglina });
    expect(made.status).toBe(201);
    if (SHOTS) mkdirSync(SHOT_DIR, { recursive: true });
  }, BOOT_TIMEOUT);
  afterAll(() => app?.close(), BOOT_TIMEOUT);

  const shot = async (name: string) => {
    if (SHOTS) await app.screenshot(`${SHOT_DIR}${name}.png`, { fold: true });
  };

  it('shows the lead proposer who confirmed, declined and has not answered, and lets them invite one more member', async () => {
    await app.login('chengangzheng', 'demo-weiyuan-2024');
    await page.goto(`/proposals/${proposalId}`);
    await expectText(page.locator('#co-signing'), '已确认 2');
    await page.locator('#co-signing').getByRole('link', { name: '邀请联名' }).click();
    await expectText(page.locator('h1'), '邀请联名');
    const rows = page.locator('table.co-signers tbody tr');
    await expectText(rows, '李秀兰');
    expect(await page.locator('table.co-signers tr', { hasText: '张卫东' }).innerText()).toContain('已谢绝');
    expect(await page.locator('table.co-signers tr', { hasText: '刘建国' }).innerText()).toContain('待确认');
    // Only the members not yet invited are offered.
    expect(await page.locator('.co-sign-candidates label').allInnerTexts()).toEqual([expect.stringContaining('王丽娜')]);
    await page.getByLabel(/王丽娜/).check();
    await shot('co-signing-invite');
    await page.getByRole('button', { name: '发送联名邀请' }).click();
    await expectText(page.locator('.flash'), '已向 1 位委员发出联名邀请');
    await expectText(page.locator('table.co-signers tr', { hasText: '王丽娜' }), '待确认');
  }, STEP_TIMEOUT);

  it('lets the invitee read the proposal and confirm in Duban; the proposal opens to her only then', async () => {
    await app.login('wanglina', 'Lianming-ceshi-2026');
    const before = await page.goto(`/proposals/${proposalId}`);
    expect(before?.status()).toBe(404);
    await page.goto('/co-signing');
    await page.getByRole('link', { name: TITLE }).click();
    await expectText(page.locator('.prose'), '乡村旅游');
    await expectText(page.locator('.page-head'), '陈刚正委员邀请您联名提出这件提案');
    await shot('co-signing-answer');
    await page.getByLabel('确认联名').check();
    await page.getByRole('button', { name: '提交答复' }).click();
    await expectText(page.locator('.flash'), '您已确认联名');
    await expectText(page.locator('#answer'), '已成为这件提案的联名提案者');
    const after = await page.goto(`/proposals/${proposalId}`);
    expect(after?.status()).toBe(200);
  }, STEP_TIMEOUT);

  it('lets an invitee without an account decline through the signed link, once', async () => {
    await app.signOut();
    const [inv] = await ds.query(
      `SELECT i.id, i.proposer_id, i.invited_at FROM co_signing_invitations i JOIN proposers p ON p.id = i.proposer_id WHERE p.name = '刘建国' AND i.proposal_id = $1`,
      [proposalId],
    );
    const links = app.api.app.get(CoSigningLinks);
    const token = links.sign({ invitationId: inv.id, proposerId: inv.proposer_id }, CoSigningLinks.expiryFor(inv.invited_at, 14));
    await page.goto(`/co-signing/link/${token}`);
    await expectText(page.locator('.page-head'), '刘建国委员，您好');
    await page.getByLabel('谢绝联名').check();
    await page.getByRole('button', { name: '提交答复' }).click();
    await expectText(page.locator('.flash'), '您已谢绝联名');
    expect(await page.locator('form[action^="/co-signing/link/"]').count()).toBe(0);
    const tampered = await page.goto(`/co-signing/link/${token.slice(0, -3)}xyz`);
    expect(tampered?.status()).toBe(404);
  }, STEP_TIMEOUT);

  it('fits the pages on a phone (390 px): no page wider than the screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await app.login('chengangzheng', 'demo-weiyuan-2024');
      for (const path of [`/proposals/${proposalId}/co-signers`, '/co-signing']) {
        await page.goto(path);
        const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
        expect([path, overflow]).toEqual([path, 0]);
      }
      await app.login('lixiulan', 'demo-lianming-2024');
      await page.goto('/co-signing');
      await page.getByRole('link', { name: TITLE }).click();
      await expectText(page.locator('#answer'), '已成为这件提案的联名提案者');
      expect(await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
    } finally {
      await page.setViewportSize({ width: 1366, height: 768 });
    }
  }, STEP_TIMEOUT);

  it("shows the committee's filing review every answer", async () => {
    await app.login('tianwei', 'demo-tiweihui-2024');
    await page.goto(`/proposals/${proposalId}`);
    await expectText(page.locator('#co-signing'), '已确认 3');
    const text = await page.locator('#co-signing').innerText();
    expect(text).toContain('已谢绝 2');
    expect(text).toContain('未答复 0');
    // The 404s this test asked for are the only console errors: no CSP violation, no script error.
    expect(app.consoleErrors.filter((e) => !e.text.includes('status of 404'))).toEqual([]);
  }, STEP_TIMEOUT);
});
