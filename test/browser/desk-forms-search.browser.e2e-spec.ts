import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { BOOT_TIMEOUT, STEP_TIMEOUT, describeWithBrowser, expectText, startDemoBrowserApp, withoutJavaScript, type BrowserApp } from './support.js';

/**
 * Issue 12, defects 9 and 10 over the demo data: numbers found as people write them (register, API,
 * public page), the public page's filters, the submission form's sessions, co-signer picker and
 * categories, confirmations before irreversible acts.
 */
describeWithBrowser('Search by number and forms that guide (issue 12: 9, 10)', () => {
  let app: BrowserApp;
  let page: Page;
  let ds: DataSource;
  let ids: Record<number, string>;

  beforeAll(async () => {
    // The seeder classifies the history as intake does (no classifying afterwards).
    ({ app, ds, ids } = await startDemoBrowserApp('deskdforms'));
    page = app.page;
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

  it("offers a CPPCC member only the open CPPCC session, and the use case refuses the others naming the field", async () => {
    await app.login('chengangzheng', 'demo-weiyuan-2024');
    await page.goto('/proposals/new');
    expect(await page.getByLabel('届次').locator('option').allInnerTexts()).toEqual(['市政协十届四次会议']);
    const sessions: Array<{ id: string; name: string }> = await ds.query(`SELECT id, name FROM sessions`);
    const session = (name: string) => sessions.find((s) => s.name === name)!.id;
    const [me] = await ds.query(`SELECT id FROM proposers WHERE name = '陈刚正'`);
    const token = await app.api.login('chengangzheng', 'demo-weiyuan-2024');
    const submit = (sessionId: string) =>
      app.api.as(token).post('/api/v1/proposals', { sessionId, title: '关于试行届次规则的提案', content: '内容。', leadProposerId: me.id });
    for (const name of ['市十一届人大三次会议', '市政协十届三次会议']) {
      const res = await submit(session(name));
      expect({ name, status: res.status, fields: res.body.fields }).toEqual({ name, status: 400, fields: ['sessionId'] });
    }
    // The committee may enter a past CPPCC session (代录), never an NPC one for a CPPCC member.
    const committee = await app.api.login('tianwei', 'demo-tiweihui-2024');
    const past = await app.api.as(committee).post('/api/v1/proposals', { sessionId: session('市政协十届三次会议'), title: '关于补录往届提案的提案', content: '内容。', leadProposerId: me.id });
    expect(past.status).toBe(201);
    const npc = await app.api.as(committee).post('/api/v1/proposals', { sessionId: session('市十一届人大三次会议'), title: '关于跨机关的提案', content: '内容。', leadProposerId: me.id });
    expect({ status: npc.status, fields: npc.body.fields }).toEqual({ status: 400, fields: ['sessionId'] });
    // An NPC deputy is offered the NPC session: on the form (for a tampered post) the refusal is in Chinese.
    await page.goto('/proposals/new');
    await page.getByLabel('标题').fill('关于试行届次规则的提案');
    await page.getByLabel('提案内容').fill('内容。');
    await page.evaluate(`document.querySelector('#np-session').innerHTML = '<option value="${session('市十一届人大三次会议')}">x</option>'`);
    await page.getByRole('button', { name: '提交' }).click();
    await expectText(page.locator('.form-error'), '「届次」不是提案者所属的届次');
  }, STEP_TIMEOUT);

  it('gives the committee co-signer checkboxes with a filter box and a select of the known categories', async () => {
    await app.login('tianwei', 'demo-tiweihui-2024');
    await page.goto('/proposals/new');
    expect(await page.locator('select[name="coProposerIds"]').count()).toBe(0);
    const categories = await page.getByLabel('类别').locator('option').allInnerTexts();
    // config/intake.json's categories, after the "let the intake classify" choice.
    expect(categories[0]).toContain('自动分类');
    for (const c of ['经济建设', '政务服务', '教育', '医疗卫生']) expect(categories).toContain(c);
    expect(await page.getByLabel('类别').evaluate((el) => el.tagName)).toBe('SELECT');
    await page.getByLabel('届次').selectOption({ label: '市政协十届四次会议' });
    await page.getByLabel('标题').fill('关于联名测试的提案');
    await page.getByLabel('提案内容').fill('建议完善联名提案的录入方式。');
    await page.getByLabel('领衔提案者').selectOption({ label: '陈刚正（经济界）' });
    await page.getByLabel('类别').selectOption({ label: '政务服务' });
    await page.locator('summary', { hasText: '联名提案者' }).click();
    await page.getByLabel('筛选联名提案者').fill('李秀兰');
    expect(await page.locator('#np-co label:visible').count()).toBe(1);
    await page.getByLabel(/李秀兰/).check();
    await page.getByLabel('筛选联名提案者').fill('');
    await page.getByLabel(/赵敏/).check();
    await page.getByRole('button', { name: '提交' }).click();
    await expectText(page.locator('.flash'), '提案已提交');
    await expectText(page.locator('.facts'), '李秀兰');
    await expectText(page.locator('.facts'), '赵敏');
    await expectText(page.locator('.facts'), '政务服务');
  }, STEP_TIMEOUT);

  it('asks before an irreversible act: a dialog with JavaScript, 取消 leaves everything as it was', async () => {
    await app.login('xzsp', 'demo-shenpiju-2024');
    await page.goto(`/proposals/${ids[305]}`);
    const form = page.locator('form[id^="reply-"]');
    // With JavaScript the box is replaced by the dialog.
    expect(await form.locator('input[name="confirm"]').isVisible()).toBe(false);
    await form.getByLabel('答复内容').fill('经研究，现答复如下：将在全市政务服务中心布设自助终端。');
    await form.getByLabel('A 所提问题已经解决或基本解决').check();
    app.dismissNextDialog();
    await form.getByRole('button', { name: '提交答复' }).click();
    await page.waitForTimeout(300);
    expect(await page.locator('.flash').count()).toBe(0);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM replies WHERE proposal_id = $1`, [ids[305]]);
    expect(n).toBe(0);
    const asked = app.dialogs.length;
    await form.getByRole('button', { name: '提交答复' }).click();
    await expectText(page.locator('.flash'), '答复已提交');
    expect(app.dialogs.slice(asked)).toEqual(['答复提交后将告知提案者，不能修改。确定提交答复吗？']);
  }, STEP_TIMEOUT);

  it('refuses an unconfirmed act on the server, naming the confirmation', async () => {
    await app.login('tianwei', 'demo-tiweihui-2024');
    await page.goto(`/proposals/${ids[301]}?open=publish`); // 下一步's link to a folded form, as without JavaScript
    await page.evaluate(`document.querySelector('#publish input[name="confirm"]').remove()`);
    await page.getByRole('button', { name: '公开', exact: true }).click();
    await expectText(page.locator('#publish .form-error'), '请勾选“我确认公开此答复”确认后再提交');
    const [{ published }] = await ds.query(`SELECT published FROM proposals WHERE id = $1`, [ids[301]]);
    expect(published).toBe(false);
  }, STEP_TIMEOUT);

  it('asks without JavaScript too: a required box to tick before 提交回执', async () => {
    await withoutJavaScript(app, 'chengangzheng', 'demo-weiyuan-2024', async (plain) => {
      await plain.goto(`/proposals/${ids[301]}`);
      const form = plain.locator('#feedback-form');
      await form.getByLabel('基本满意').check();
      const box = form.getByLabel('我确认以上评价（提交后不能更改）');
      expect(await box.isVisible()).toBe(true);
      expect(await box.getAttribute('required')).not.toBeNull();
      await form.getByRole('button', { name: '提交回执' }).click();
      // The browser refuses the unticked required box: nothing posted.
      expect(await form.evaluate((f) => (f as unknown as { checkValidity(): boolean }).checkValidity())).toBe(false);
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM feedback WHERE proposal_id = $1`, [ids[301]]);
      expect(n).toBe(0);
      await box.check();
      await form.getByRole('button', { name: '提交回执' }).click();
      await expectText(plain.locator('.flash'), '回执已记录：基本满意');
    });
  }, STEP_TIMEOUT);

  it('joins a typed reason into the page without doubled punctuation', async () => {
    const [a] = await ds.query(`SELECT a.id FROM assignments a JOIN units u ON u.id = a.unit_id WHERE a.proposal_id = $1 AND u.code = 'xzsp'`, [ids[305]]);
    const [jiaoyu] = await ds.query(`SELECT id FROM units WHERE code = 'jiaoyu'`);
    await ds.query(
      `INSERT INTO adjustment_requests (assignment_id, proposal_id, reason, suggested_unit_id, status, requested_at, decided_at)
       VALUES ($1, $2, '自助终端布设不属于本单位职责。', $3, 'rejected', now(), now())`,
      [a.id, ids[305], jiaoyu.id],
    );
    await app.login('duchashi', 'demo-duchaban-2024');
    await page.goto(`/proposals/${ids[305]}`);
    const requests = await page.locator('#requests').innerText();
    expect(requests).toContain('理由：自助终端布设不属于本单位职责；建议由市教育局承办');
    expect(requests).not.toMatch(/[。；，][。；，]/);
  }, STEP_TIMEOUT);
});
