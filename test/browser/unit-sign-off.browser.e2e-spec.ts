import type { Page } from 'playwright-core';
import { createDirectory, PASSWORD, type Directory } from '../support/directory.js';
import { BOOT_TIMEOUT, STEP_TIMEOUT, describeWithBrowser, expectText, startBrowserApp, type BrowserApp } from './support.js';

const SHOTS = process.env.DUBAN_SCREENSHOTS === 'on';
const shot = (name: string) => new URL(`../../docs/screenshots/${name}.png`, import.meta.url).pathname;

/**
 * The unit's internal flow (单位内部流转与审签) in a real browser: the liaison signs for the work and
 * gives it to an officer, the officer drafts the reply, the leader returns it once with a comment
 * and then approves it — the reply goes out with the leader as 签发人. The desk of each post shows
 * what waits for them and since when. `DUBAN_SCREENSHOTS=on` refreshes the screenshots of docs/ui.md.
 */
describeWithBrowser('A unit signs off its reply: liaison → officer → leader', () => {
  let app: BrowserApp;
  let page: Page;
  let dir: Directory;
  let proposalId: string;

  const ok = async (res: Promise<{ status: number; body: any }> | any) => {
    const r = await res;
    if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };

  beforeAll(async () => {
    app = await startBrowserApp('signoffui', '2025-03-18T09:00:00+08:00');
    page = app.page;
    dir = await createDirectory(app.api);
    const admin = app.api.as(dir.adminToken);
    await ok(admin.patch(`/api/v1/users/${(await ok(admin.get('/api/v1/users?pageSize=100'))).items.find((u: any) => u.username === 'jiaoyu').id}`, { displayName: '杜鹏', title: '办公室副主任' }));
    await ok(admin.post('/api/v1/users', { username: 'zhaolei', password: PASSWORD, role: 'unit', unitRole: 'officer', unitId: dir.units.jiaoyu, displayName: '赵磊', title: '基础教育科科员', email: 'zhaolei@example.com' }));
    await ok(admin.post('/api/v1/users', { username: 'hanshufang', password: PASSWORD, role: 'unit', unitRole: 'leader', unitId: dir.units.jiaoyu, displayName: '韩淑芳', title: '副局长', email: 'hanshufang@example.com' }));
    const committee = app.api.as(dir.tokens.committee);
    const p = await ok(committee.post('/api/v1/proposals', {
      sessionId: dir.sessionId, title: '关于加强中小学课后服务的提案', content: '建议完善课后服务经费保障机制，丰富课后服务内容。', leadProposerId: dir.proposerId,
    }));
    await ok(committee.post(`/api/v1/proposals/${p.id}/review`, { decision: 'file' }));
    await ok(committee.post(`/api/v1/proposals/${p.id}/assignments`, { leadUnitId: dir.units.jiaoyu }));
    proposalId = p.id;
  }, BOOT_TIMEOUT);
  afterAll(() => app?.close(), BOOT_TIMEOUT);

  it('the liaison signs for it and gives it to an officer; the reply form is not offered', async () => {
    await app.login('jiaoyu', PASSWORD);
    await page.goto(`/proposals/${proposalId}`);
    await page.getByRole('button', { name: '签收' }).click();
    await expectText(page.locator('.flash'), '已签收');
    await expectText(page.locator('.unit-flow'), '待联络员分派');
    expect(await page.getByRole('button', { name: '提交答复' }).count()).toBe(0);
    await page.getByLabel('经办人').selectOption({ label: '赵磊（基础教育科科员）' });
    if (SHOTS) await app.screenshot(shot('signoff-liaison'), { fold: true });
    await page.getByRole('button', { name: '分派' }).click();
    await expectText(page.locator('.flash'), '已分派经办人');
    await expectText(page.locator('.unit-flow'), '经办人办理中');
    await expectText(page.locator('.unit-flow'), '经办人 赵磊');
    // The liaison's desk shows where in the unit it waits, and since when.
    await page.goto('/');
    await expectText(page.locator('#in-hand'), '经办人办理中 · 自 2025-03-18');
  }, STEP_TIMEOUT * 2);

  it('the officer drafts the reply for the leader', async () => {
    await app.login('zhaolei', PASSWORD);
    await page.goto('/');
    await expectText(page.locator('#waiting-for-me'), '关于加强中小学课后服务的提案');
    await page.goto(`/proposals/${proposalId}`);
    await page.getByLabel('答复内容').fill('市教育局关于加强中小学课后服务的答复：一、已将课后服务纳入民生实事……');
    await page.locator('form[id^=draft-] input[name=resultCategory][value=B]').check();
    if (SHOTS) await app.screenshot(shot('signoff-officer'), { fold: true });
    await page.getByRole('button', { name: '提交分管领导审签' }).click();
    await expectText(page.locator('.flash'), '答复稿已报分管领导审签');
    await expectText(page.locator('.unit-flow'), '待分管领导审签');
  }, STEP_TIMEOUT);

  it('the leader returns it with a comment; it goes back to the officer, who drafts again', async () => {
    await app.login('hanshufang', PASSWORD);
    await page.goto('/');
    await expectText(page.locator('#waiting-for-me'), '待分管领导审签');
    await page.goto(`/proposals/${proposalId}`);
    await expectText(page.locator('.reply-draft'), '已将课后服务纳入民生实事');
    await page.getByLabel('退回意见').fill('请补充课后服务经费保障的具体措施。');
    await page.getByRole('button', { name: '退回经办人修改' }).click();
    await expectText(page.locator('.flash'), '已退回经办人修改');

    await app.login('zhaolei', PASSWORD);
    await page.goto(`/proposals/${proposalId}`);
    await expectText(page.locator('.unit-flow'), '退回修改：请补充课后服务经费保障的具体措施。');
    const content = page.getByLabel('答复内容');
    expect(await content.inputValue()).toContain('已将课后服务纳入民生实事');
    await content.fill('市教育局关于加强中小学课后服务的答复：一、已将课后服务纳入民生实事；二、课后服务经费由财政补助和家长分担，标准为每生每学期300元……');
    await page.getByRole('button', { name: '提交分管领导审签' }).click();
    await expectText(page.locator('.flash'), '答复稿已报分管领导审签');
  }, STEP_TIMEOUT * 2);

  it('the leader approves: the reply goes out with the leader as 签发人', async () => {
    await app.login('hanshufang', PASSWORD);
    await page.goto(`/proposals/${proposalId}`);
    await expectText(page.locator('.reply-draft'), '每生每学期300元');
    if (SHOTS) await app.screenshot(shot('signoff-leader'), { fold: true });
    await page.getByRole('button', { name: '审签同意并发出答复' }).click();
    await expectText(page.locator('.flash'), '答复已发出');
    await expectText(page.locator('article.reply'), '韩淑芳');
    await expectText(page.locator('#timeline'), '分管领导审签同意（签发）');
    await expectText(page.locator('#timeline'), '分管领导退回修改');
    expect(app.consoleErrors).toEqual([]);
  }, STEP_TIMEOUT);
});
