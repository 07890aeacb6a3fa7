import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { eventually } from '../support/api.js';
import { createDirectory, PASSWORD, type Directory } from '../support/directory.js';
import { startSmppSink, type SmppSink } from '../support/smpp.js';
import { BOOT_TIMEOUT, STEP_TIMEOUT, describeWithBrowser, expectText, startBrowserApp, type BrowserApp } from './support.js';

const SHOTS = process.env.DUBAN_SCREENSHOTS === 'on';

/**
 * 站内消息 on the desk (issue 15), in a real browser with every worker running: the unit's 交办通知
 * (by email and, as the channel rules ask here, by SMS to a real SMPP server in this process) is
 * listed once on its staff's desk with the unread count and the channels that carried it; it leads
 * to the proposal, and marking it read empties the count. `DUBAN_SCREENSHOTS=on` saves
 * docs/screenshots/message-centre.png.
 */
describeWithBrowser('The message centre on the desk', () => {
  let app: BrowserApp;
  let page: Page;
  let dir: Directory;
  let smsc: SmppSink;
  let proposalId: string;

  beforeAll(async () => {
    smsc = await startSmppSink();
    app = await startBrowserApp('msgcentre', '2024-03-26T10:00:00+08:00', {
      env: { SMPP_URL: smsc.url, DUBAN_NOTIFY_CHANNELS: JSON.stringify({ assignment_notice: { unit: ['email', 'sms'] } }) },
    });
    page = app.page;
    dir = await createDirectory(app.api);
    await app.api.as(dir.adminToken).patch(`/api/v1/units/${dir.units.xzsp}`, { mobile: '13800000196' });
  }, BOOT_TIMEOUT);
  afterAll(async () => {
    await app?.close();
    await smsc?.close();
  }, BOOT_TIMEOUT);

  const ok = async (res: Promise<{ status: number; body: any }> | any) => {
    const r = await res;
    if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };

  it('lists the unit’s 交办通知 once, with the unread count and its channels', async () => {
    const committee = app.api.as(dir.tokens.committee);
    const p = await ok(committee.post('/api/v1/proposals', {
      sessionId: dir.sessionId, number: 196, title: '以营商环境为主线强力推进我市数字政府建设', content: '建议成立高规格的数字化政府领导小组……', leadProposerId: dir.proposerId,
    }));
    proposalId = p.id;
    await ok(committee.post(`/api/v1/proposals/${p.id}/review`, { decision: 'file' }));
    await ok(committee.post(`/api/v1/proposals/${p.id}/assignments`, { leadUnitId: dir.units.xzsp }));
    const ds = app.api.app.get(DataSource);
    await eventually(async () => {
      const rows = await ds.query(`SELECT channel FROM notifications WHERE type = 'assignment_notice' AND status = 'sent' ORDER BY channel`);
      expect(rows.map((r: any) => r.channel)).toEqual(['email', 'sms']);
    });

    await app.login('xzsp', PASSWORD);
    await page.goto('/');
    const tile = page.locator('.tiles li', { hasText: '未读消息' });
    expect(await tile.locator('strong').innerText()).toBe('1');
    const centre = page.locator('#messages');
    const entry = centre.locator('li', { hasText: '交办通知' });
    expect(await entry.count()).toBe(1);
    await expectText(entry, '邮件、短信');
    await expectText(entry, '未读');
    if (SHOTS) await app.screenshot(new URL('../../docs/screenshots/message-centre.png', import.meta.url).pathname, { fold: true });
  }, STEP_TIMEOUT);

  it('marks it read, and leads to the proposal', async () => {
    await page.locator('#messages').getByRole('button', { name: '标为已读' }).click();
    await page.waitForURL(/\/#messages$/);
    expect(await page.locator('.tiles li', { hasText: '未读消息' }).locator('strong').innerText()).toBe('0');
    expect(await page.locator('#messages').getByRole('button', { name: '标为已读' }).count()).toBe(0);
    await page.locator('#messages').getByRole('link', { name: /交办通知/ }).click();
    await page.waitForURL(new RegExp(`/proposals/${proposalId}$`));
    await expectText(page.locator('h1'), '以营商环境为主线强力推进我市数字政府建设');
  }, STEP_TIMEOUT);

  it('shows no message of another unit', async () => {
    await app.login('jiaoyu', PASSWORD);
    await page.goto('/messages');
    await expectText(page.locator('main'), '没有消息。');
  }, STEP_TIMEOUT);
});
