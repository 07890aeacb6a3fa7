import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { AttachmentFiles } from '#handling';
import { FeedbackLinks } from '#notifications';
import { RulesProvider, loadIntakeRules } from '#kernel';
import { DemoSeeder } from '../../apps/standalone/src/demo/seed-demo.js';
import { DEMO_NOW } from '../../apps/standalone/src/demo/demo-data.js';
import { diskStore, type TestAttachmentStore } from '../support/attachment-stores.js';
import { png } from '../support/files.js';
import { BOOT_TIMEOUT, STEP_TIMEOUT, describeWithBrowser, expectText, startBrowserApp, withoutJavaScript, type BrowserApp } from './support.js';

/** DUBAN_SCREENSHOTS=on saves the phone screens shown in docs/ui.md (390 px wide: 我的提案 whole, the others as the screen shows them). */
const SHOTS = process.env.DUBAN_SCREENSHOTS === 'on' || !!process.env.DUBAN_SCREENSHOTS_DIR;
const SHOT_DIR = process.env.DUBAN_SCREENSHOTS_DIR ? `${process.env.DUBAN_SCREENSHOTS_DIR}/` : new URL('../../docs/screenshots/', import.meta.url).pathname;

/** The smallest touch target the member's pages allow (WCAG 2.5.5 asks 44×44 CSS px). */
const TOUCH = 44;

/**
 * Issue 14, the member's pages on a phone: 陈刚正委员 on a 390×844 screen over the demo data (with
 * its files: No. 196's reply carries its signed letter) — 我的提案 with the countdowns and their
 * basis, a proposal written into a draft that saves itself, resumed and submitted with a photo,
 * No. 196's reply with its letter, and a rating given with the thumb. Every page: no sideways
 * scrolling, what matters visible, touch targets at least 44 px high.
 */
describeWithBrowser("The member's pages on a phone", () => {
  let app: BrowserApp;
  let page: Page;
  let ds: DataSource;
  let store: TestAttachmentStore;
  let ids: Record<number, string>;

  beforeAll(async () => {
    store = await diskStore();
    app = await startBrowserApp('memberphone', DEMO_NOW, { env: { DUBAN_ADMIN_USERNAME: 'bootstrap-admin', ...store.env }, queues: [], handlers: [] });
    ds = app.api.app.get(DataSource);
    await new DemoSeeder(ds, app.api.app.get(RulesProvider), loadIntakeRules(), app.api.app.get(AttachmentFiles)).seed();
    const rows: Array<{ id: string; number: number }> = await ds.query(
      `SELECT p.id, p.number FROM proposals p JOIN sessions s ON s.id = p.session_id WHERE (p.number, s.name) IN ((196, '市政协十届二次会议'), (301, '市政协十届四次会议'))`,
    );
    ids = Object.fromEntries(rows.map((r) => [r.number, r.id]));
    page = app.page;
    await page.setViewportSize({ width: 390, height: 844 });
    await app.login('chengangzheng', 'demo-weiyuan-2024');
    if (SHOTS) mkdirSync(SHOT_DIR, { recursive: true });
  }, BOOT_TIMEOUT);
  afterAll(async () => {
    await app?.close();
    await store?.close();
  }, BOOT_TIMEOUT);

  /** The whole page, or (`fold`) the 390×844 screen as the phone shows it, the sticky buttons at its bottom. */
  const shot = async (name: string, fold = false) => {
    if (SHOTS) await app.screenshot(`${SHOT_DIR}${name}.png`, { fold });
  };

  /** The page is no wider than the screen, and every button and link-button of the page's own part is thumb-sized. */
  const fitsThePhone = async () => {
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect({ path: new URL(page.url()).pathname, overflow }).toEqual({ path: new URL(page.url()).pathname, overflow: 0 });
    const small = await page.evaluate<Array<{ text: string; height: number; width: number }>>(`
      [...document.querySelectorAll('main .m-button, main button, main .m-choice, main .m-basis > summary, main .m-card-link')]
        .filter((el) => el.offsetParent !== null)
        .map((el) => ({ text: el.textContent.trim().slice(0, 20), height: el.getBoundingClientRect().height, width: el.getBoundingClientRect().width }))
        .filter((b) => b.height < ${TOUCH} || b.width < ${TOUCH})`);
    expect(small).toEqual([]);
  };

  it('shows 我的提案: each proposal with its state, and what it waits on with the days left and the rule', async () => {
    await page.goto('/mine');
    await expectText(page.locator('h1'), '我的提案');
    await expect(page.getByRole('link', { name: '写新提案' }).isVisible()).resolves.toBe(true);
    const card = page.locator('.m-card', { hasText: '第301号提案' });
    await expect(card.isVisible()).resolves.toBe(true);
    await expectText(card.locator('.st'), '已答复');
    // No. 301 waits on its member's rating: 20 working days from the reply, counted in working days.
    await expectText(card.locator('.m-deadline'), '请在期限内评价答复');
    await expectText(card.locator('.m-left'), '个工作日');
    await card.locator('.m-basis > summary').first().click();
    await expectText(card.locator('.m-basis'), '反馈（回执）期限：自答复之日起20个工作日');
    await expectText(card.locator('.m-basis'), '国务院办公厅公布的节假日安排');
    expect(await card.locator('.m-basis p').first().isVisible()).toBe(true);
    await expect(card.getByRole('link', { name: '查看答复并评价' }).isVisible()).resolves.toBe(true);
    await fitsThePhone();
    await shot('member-mine-phone');
  }, STEP_TIMEOUT);

  it('writes a proposal into a draft that saves itself, resumes it after a reload, and submits it with a photo', async () => {
    await page.getByRole('link', { name: '写新提案' }).click();
    await page.waitForURL(/\/proposals\/new$/);
    await page.getByLabel('标题').fill('关于在社区推广“一网通办”自助终端的提案');
    await page.getByLabel('提案内容').fill('一、现状\n老年人在社区办理事项仍需往返政务大厅。');
    // 自动保存: the first save makes the draft, and the address becomes the draft's.
    await expectText(page.locator('#draft-status'), '已自动保存');
    await page.waitForURL(/\/mine\/drafts\/[0-9a-f-]{36}$/);
    await page.reload();
    expect(await page.getByLabel('提案内容').inputValue()).toContain('老年人在社区办理事项');
    await page.getByLabel('提案内容').fill('一、现状\n老年人在社区办理事项仍需往返政务大厅。\n二、建议\n在社区服务中心配置自助终端。');
    await page.locator('#np-files').setInputFiles({ name: '社区服务中心.png', mimeType: 'image/png', buffer: png() });
    for (const name of ['保存草稿', '提交']) {
      const button = page.getByRole('button', { name, exact: true });
      expect(await button.isVisible()).toBe(true);
      expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(48);
    }
    await page.getByRole('button', { name: '保存草稿', exact: true }).click();
    await expectText(page.locator('.flash'), '草稿已保存');
    await expectText(page.locator('#d-files'), '社区服务中心.png');
    expect(await page.getByLabel('提案内容').inputValue()).toContain('配置自助终端');
    await fitsThePhone();
    await page.evaluate('window.scrollTo(0, 0)');
    await shot('member-draft-phone', true);
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await page.waitForURL(/\/proposals\/[0-9a-f-]{36}$/);
    await expectText(page.locator('.flash'), '提案已提交');
    await expectText(page.locator('body'), '社区服务中心.png');
    const [left] = await ds.query(`SELECT count(*)::int AS n FROM proposal_drafts`);
    expect(left.n).toBe(0);
    await fitsThePhone();
  }, STEP_TIMEOUT);

  it('makes one draft when 保存草稿 is pressed while the first autosave is still on its way', async () => {
    const count = async () => (await ds.query(`SELECT count(*)::int AS n FROM proposal_drafts`))[0].n as number;
    const before = await count();
    // A slow network: the first autosave reaches Duban (which makes the draft) but its answer takes a second and a half to come back.
    await page.route('**/mine/autosave', async (route) => {
      const response = await route.fetch();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.fulfill({ response }).catch(() => undefined);
    });
    try {
      await page.goto('/proposals/new');
      await page.getByLabel('标题').fill('关于慢速网络下保存草稿的提案');
      const posted = page.waitForRequest((r) => r.url().endsWith('/mine/autosave'));
      await posted;
      await page.getByRole('button', { name: '保存草稿', exact: true }).click();
      await expectText(page.locator('.flash'), '草稿已保存');
      expect(await count()).toBe(before + 1);
      expect(await page.getByLabel('标题').inputValue()).toBe('关于慢速网络下保存草稿的提案');
    } finally {
      await page.unroute('**/mine/autosave');
    }
  }, STEP_TIMEOUT);

  it('keeps what was typed without JavaScript: 保存草稿 saves it, and it is there to resume', async () => {
    await withoutJavaScript(app, 'chengangzheng', 'demo-weiyuan-2024', async (plain) => {
      await plain.goto('/proposals/new');
      await plain.getByLabel('标题').fill('关于增设公交夜班线路的提案');
      await plain.getByLabel('提案内容').fill('夜间下班的职工出行不便。');
      await plain.getByRole('button', { name: '保存草稿', exact: true }).click();
      await plain.waitForURL(/\/mine\/drafts\/[0-9a-f-]{36}$/);
      await expectText(plain.locator('.flash'), '草稿已保存');
      await plain.goto('/mine');
      await plain.getByRole('link', { name: /关于增设公交夜班线路的提案/ }).click();
      expect(await plain.getByLabel('提案内容').inputValue()).toBe('夜间下班的职工出行不便。');
    }, { width: 390, height: 844 });
  }, STEP_TIMEOUT);

  it("shows No. 196's reply with its signed letter (PDF), large enough to tap", async () => {
    await page.goto(`/mine/${ids[196]}/reply`);
    await expectText(page.locator('h1'), '以营商环境为主线强力推进我市数字政府建设');
    await expectText(page.locator('.eyebrow'), '市政协十届二次会议第196号提案');
    await expectText(page.locator('.m-reply'), '市行政审批和政务信息管理局');
    const letter = page.getByRole('link', { name: /查看盖章答复函/ });
    expect(await letter.isVisible()).toBe(true);
    const box = (await letter.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(48);
    expect(box.width).toBeGreaterThan(300);
    const pdf = await page.request.get((await letter.getAttribute('href'))!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await expectText(page.locator('#rate'), '满意');
    await fitsThePhone();
    await page.evaluate('window.scrollTo(0, 0)');
    await shot('member-reply-phone', true);
  }, STEP_TIMEOUT);

  it("lays out the reply email's signed link (回执, no login) for the thumb too", async () => {
    const [me] = await ds.query(`SELECT id FROM proposers WHERE name = '陈刚正'`);
    const token = app.api.app.get(FeedbackLinks).sign({ proposalId: ids[301], proposerId: me.id, round: 1 }, new Date('2026-12-31T00:00:00+08:00'));
    await page.goto(`/feedback/${token}`);
    await expectText(page.locator('.reply'), '市行政审批和政务信息管理局');
    const choices = page.locator('.m-choice');
    expect(await choices.count()).toBe(3);
    for (const choice of await choices.all()) expect((await choice.boundingBox())!.height).toBeGreaterThanOrEqual(56);
    expect((await page.getByRole('button', { name: '提交评价' }).boundingBox())!.height).toBeGreaterThanOrEqual(48);
    await fitsThePhone();
  }, STEP_TIMEOUT);

  it('rates No. 301 with the thumb: three big choices, a comment, one tap to submit', async () => {
    await page.goto('/mine');
    await page.locator('.m-card', { hasText: '第301号提案' }).getByRole('link', { name: '查看答复并评价' }).click();
    await page.waitForURL(/\/reply$/);
    const choices = page.locator('.m-choice');
    expect(await choices.count()).toBe(3);
    for (const choice of await choices.all()) expect((await choice.boundingBox())!.height).toBeGreaterThanOrEqual(56);
    await page.locator('.m-choice', { hasText: '基本满意' }).tap().catch(() => page.locator('.m-choice', { hasText: '基本满意' }).click());
    expect(await page.getByLabel('基本满意').isChecked()).toBe(true);
    await page.getByLabel('意见和建议（可选）').fill('建议加快进度。');
    await fitsThePhone();
    await page.locator('#rate').scrollIntoViewIfNeeded();
    await page.evaluate(`document.getElementById('rate').scrollIntoView({ block: 'start' })`);
    await shot('member-rate-phone', true);
    await page.getByRole('button', { name: '提交评价' }).click();
    await expectText(page.locator('.flash'), '感谢您的评价（基本满意）');
    await expectText(page.locator('#rate'), '基本满意');
    expect(await page.getByRole('button', { name: '提交评价' }).count()).toBe(0);
  }, STEP_TIMEOUT);

  it('raised no script error and broke no content security policy', () => {
    expect(app.consoleErrors.filter((e) => !/status of 4\d\d/.test(e.text))).toEqual([]);
  });
});
