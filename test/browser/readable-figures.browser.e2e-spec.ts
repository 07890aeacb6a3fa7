import type { Page } from 'playwright-core';
import { ADMIN } from '../support/accounts.js';
import { eventually } from '../support/api.js';
import { createDirectory, PASSWORD, type Directory } from '../support/directory.js';
import { BOOT_TIMEOUT, STEP_TIMEOUT, describeWithBrowser, expectText, startBrowserApp, type BrowserApp } from './support.js';

/**
 * What users read instead of internal figures (issue 12, defect 7): the intake's similarity and
 * routing scores as percentages ("相似度 87%", not "0.873"), and the queue dashboard (bull-board)
 * without the web font it used to fetch from the internet, which the CSP blocked.
 */
describeWithBrowser('readable figures and a self-contained queue dashboard', () => {
  let app: BrowserApp;
  let page: Page;
  let dir: Directory;
  let secondId: string;
  const text = (extra: string) =>
    `当前我市政务服务一网通办仍存在数据共享不充分、电子证照应用不广、企业开办环节多等问题。${extra}建议打通部门政务数据，推广电子证照和免证办，实行企业开办一窗通办、帮办代办，压缩企业开办时间。`;

  beforeAll(async () => {
    app = await startBrowserApp('deskcfigures', '2024-01-16T09:00:00+08:00');
    page = app.page;
    dir = await createDirectory(app.api);
    const committee = app.api.as(dir.tokens.committee);
    const submit = async (title: string, content: string) =>
      (await committee.post('/api/v1/proposals', { sessionId: dir.sessionId, title, content, leadProposerId: dir.proposerId }).expect(201)).body.id as string;
    await submit('关于推进政务服务一网通办提升企业开办效率的提案', text('群众和企业反映办事仍需多次跑腿。'));
    secondId = await submit('关于推进政务服务一网通办提高企业开办效率的提案', text('群众和企业反映办事仍需多次跑腿，开办手续繁琐。'));
    await eventually(async () => {
      const similar = (await committee.get(`/api/v1/proposals/${secondId}/similar`).expect(200)).body;
      if (similar.status !== 'done' || !similar.items.some((s: { duplicate: boolean }) => s.duplicate)) throw new Error('not yet');
    }, 30_000);
  }, BOOT_TIMEOUT);
  afterAll(() => app?.close(), BOOT_TIMEOUT);

  it('shows the similarity of a 并案 suggestion and its threshold as percentages', async () => {
    await app.login('tianwei', PASSWORD);
    await page.goto(`/proposals/${secondId}`);
    const suggest = page.locator('form#review .merge-suggest');
    await expectText(suggest, '相似度');
    const shown = await suggest.innerText();
    expect(shown).toMatch(/相似度 \d{1,3}%/);
    expect(shown).toMatch(/相似度不低于 \d{1,3}%/);
    expect(shown).not.toMatch(/0\.\d/);
  }, STEP_TIMEOUT);

  it('shows the routing suggestions with a 匹配度 percentage, and their reasons without raw scores', async () => {
    await app.api.as(dir.tokens.committee).post(`/api/v1/proposals/${secondId}/review`, { decision: 'file' }).expect(200);
    await page.goto(`/proposals/${secondId}`);
    const routing = page.locator('form#assign .routing-suggest');
    await expectText(routing, '市行政审批和政务信息管理局');
    const shown = await routing.innerText();
    expect(shown).toMatch(/匹配度 \d{1,3}%/);
    expect(shown).not.toContain('得分');
    expect(shown).not.toMatch(/\d\.\d{2}/);
  }, STEP_TIMEOUT);

  it('serves the queue dashboard without loading anything from another host (no CSP violation)', async () => {
    await app.login(ADMIN.username, ADMIN.password);
    const foreign: string[] = [];
    const onRequest = (r: { url(): string }) => {
      if (!r.url().startsWith(app.baseUrl) && !r.url().startsWith('data:')) foreign.push(r.url());
    };
    page.on('request', onRequest);
    try {
      app.consoleErrors.length = 0;
      await page.goto('/admin/queues');
      await page.waitForLoadState('networkidle');
      await expectText(page.locator('body'), 'notification');
    } finally {
      page.off('request', onRequest);
    }
    expect(foreign).toEqual([]);
    expect(app.consoleErrors.filter((e) => /Content Security Policy|font|stylesheet/i.test(e.text))).toEqual([]);
  }, STEP_TIMEOUT);
});
