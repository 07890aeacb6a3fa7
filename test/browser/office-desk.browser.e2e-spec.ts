import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { eventually } from '../support/api.js';
import { createDirectory, PASSWORD, type Directory } from '../support/directory.js';
import { BOOT_TIMEOUT, STEP_TIMEOUT, describeWithBrowser, expectText, startBrowserApp, type BrowserApp } from './support.js';

/**
 * What the supervision office met on a working day (issue 12, defects 1, 5 and 8), in a real browser
 * with every worker running: approving the most common adjustment (a lead handing the lead to its
 * co-handler) and a refusal in Chinese that keeps what was typed; an approved extension's original
 * date and reminder state; the proposer's feedback link after a 不满意 rating.
 */
describeWithBrowser('The supervision office’s working day', () => {
  let app: BrowserApp;
  let page: Page;
  let dir: Directory;
  let ds: DataSource;

  beforeAll(async () => {
    app = await startBrowserApp('deskaoffice', '2024-03-04T09:00:00+08:00');
    page = app.page;
    ds = app.api.app.get(DataSource);
    dir = await createDirectory(app.api);
  }, BOOT_TIMEOUT);
  afterAll(() => app?.close(), BOOT_TIMEOUT);

  const ok = async (res: Promise<{ status: number; body: any }> | any) => {
    const r = await res;
    if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  /** A filed proposal assigned as given, through the API (the committee's part is not under test here). */
  const assigned = async (title: string, assignment: object) => {
    const committee = app.api.as(dir.tokens.committee);
    const p = await ok(committee.post('/api/v1/proposals', { sessionId: dir.sessionId, title, content: `${title}的具体建议……`, leadProposerId: dir.proposerId }));
    await ok(committee.post(`/api/v1/proposals/${p.id}/review`, { decision: 'file' }));
    const rows = await ok(committee.post(`/api/v1/proposals/${p.id}/assignments`, assignment));
    return { id: p.id as string, assignments: rows as Array<{ id: string; unitId: string; role: string }> };
  };
  const unitsTable = () => page.locator('#units tbody tr:not(.removed)');

  it('approves a lead handing the lead to its co-handler: the co-handler leads, the former lead stays on as co-handler', async () => {
    const p = await assigned('关于推进政务服务“一网通办”的提案', { leadUnitId: dir.units.jiaoyu, coUnitIds: [dir.units.xzsp] });
    await app.login('jiaoyu', PASSWORD);
    await page.goto(`/proposals/${p.id}`);
    await page.getByText(/申请调整承办单位/).click();
    await page.getByLabel('理由').first().fill('本件主要涉及政务服务平台建设，建议由市行政审批和政务信息管理局主办，我局协办。');
    await page.getByLabel('建议承办单位').selectOption({ label: '市行政审批和政务信息管理局（本件协办单位）' });
    await page.getByLabel('本单位改为协办（由建议的单位主办）').check();
    await page.getByRole('button', { name: '提交调整申请' }).click();
    await expectText(page.locator('.flash'), '调整申请已提交督查室');

    await app.login('duchashi', PASSWORD);
    await page.goto(`/proposals/${p.id}`);
    await expectText(page.locator('#requests'), '建议由市行政审批和政务信息管理局承办，本单位改为协办');
    await page.getByLabel('说明').first().fill('同意主协办互换。');
    await page.getByRole('button', { name: '同意调整' }).click();
    await expectText(page.locator('.flash'), '已同意调整');
    // The assignment worker carries it out.
    await eventually(async () => {
      await page.goto(`/proposals/${p.id}`);
      const rows = (await unitsTable().allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
      expect(rows).toEqual(expect.arrayContaining([expect.stringMatching(/^市行政审批和政务信息管理局 主办 /), expect.stringMatching(/^市教育局 协办 /)]));
      expect(rows).toHaveLength(2);
    });
    await expectText(page.locator('#timeline'), '主办：市行政审批和政务信息管理局（原协办）');
    await expectText(page.locator('#timeline'), '协办：市教育局（原主办）');
    await expectText(page.locator('#timeline'), '同意主协办互换。');
    // The new lead owes a reply, the former lead an opinion; the co-handling of the new lead is over.
    const deadlines = await ds.query(
      `SELECT u.code, a.role, a.state, d.kind, d.status FROM deadlines d JOIN assignments a ON a.id = d.assignment_id JOIN units u ON u.id = a.unit_id
        WHERE d.proposal_id = $1 AND d.kind IN ('reply', 'co_opinion') ORDER BY d.created_at`,
      [p.id],
    );
    expect(deadlines.filter((d: any) => d.status === 'open').map((d: any) => `${d.code}:${d.role}:${d.kind}`).sort()).toEqual(['jiaoyu:co:co_opinion', 'xzsp:lead:reply']);
  }, STEP_TIMEOUT * 2);

  it('refuses a unit that cannot take the role in Chinese, with the office’s 说明 kept', async () => {
    const p = await assigned('关于加强校园周边交通秩序管理的提案', { leadUnitId: dir.units.jiaoyu, separateUnitIds: [dir.units.fagai] });
    await app.login('jiaoyu', PASSWORD);
    await page.goto(`/proposals/${p.id}`);
    await page.getByText(/申请调整承办单位/).click();
    await page.getByLabel('理由').first().fill('本件不属我局职责。');
    await page.getByRole('button', { name: '提交调整申请' }).click();
    await expectText(page.locator('.flash'), '调整申请已提交督查室');

    await app.login('duchashi', PASSWORD);
    await page.goto(`/proposals/${p.id}`);
    await page.getByLabel('改由哪个单位承办（同意时）').selectOption({ label: '市发展和改革委员会（本件分办单位）' });
    await page.getByLabel('说明').first().fill('经研究，改由市发改委办理。');
    await page.getByRole('button', { name: '同意调整' }).click();
    const error = page.locator('#requests .form-error');
    await expectText(error, '市发展和改革委员会已是本件的分办单位');
    expect(await error.innerText()).not.toMatch(/[A-Za-z]{3,}/);
    expect(await page.getByLabel('说明').first().inputValue()).toBe('经研究，改由市发改委办理。');
    expect(await page.getByLabel('改由哪个单位承办（同意时）').inputValue()).toBe(dir.units.fagai);
  }, STEP_TIMEOUT);
  it('shows an approved extension with its original date, and the reminder state counted from the new date', async () => {
    const p = await assigned('关于优化中小学课后服务的提案', { leadUnitId: dir.units.xzsp });
    const lead = p.assignments[0].id;
    const unit = app.api.as(dir.tokens.xzsp);
    await ok(unit.post(`/api/v1/assignments/${lead}/accept`));
    // Due 2024-06-04: its 30-day reminder fires on 2024-05-05, its 7-day one on 2024-05-28.
    const stageIs = (stage: string) =>
      eventually(async () => {
        const [d] = await ds.query(`SELECT to_char(due_on, 'YYYY-MM-DD') AS due, stage FROM deadlines WHERE assignment_id = $1 AND kind = 'reply'`, [lead]);
        expect(d).toEqual({ due: '2024-06-04', stage });
      });
    app.api.clock.set('2024-05-10T10:00:00+08:00');
    await stageIs('reminder_30d');
    app.api.clock.set('2024-05-29T10:00:00+08:00');
    await stageIs('reminder_7d');
    await ok(unit.post(`/api/v1/assignments/${lead}/extension-requests`, { reason: '需会同财政部门测算经费', newDueOn: '2024-07-15' }));

    await app.login('duchashi', PASSWORD);
    await page.goto(`/proposals/${p.id}`);
    await expectText(page.locator('#deadlines li', { hasText: '答复' }), '已发到期前7天提醒');
    await page.getByRole('button', { name: '同意延期' }).click();
    await expectText(page.locator('.flash'), '已同意延期');
    await expectText(page.locator('#requests'), '申请延期至 2024-07-15（原期限 2024-06-04）');
    const reply = page.locator('#deadlines li', { hasText: '答复' });
    await expectText(reply, '到期日 2024-07-15');
    // 47 days before the new date: no reminder of it has fired yet.
    await expectText(reply, '未到提醒期');
    expect(await reply.innerText()).not.toContain('已发到期前7天提醒');
    const [d] = await ds.query(`SELECT stage, next_stage, next_action_at FROM deadlines WHERE assignment_id = $1 AND kind = 'reply'`, [lead]);
    expect(d).toMatchObject({ stage: 'open', next_stage: 'reminder_30d', next_action_at: new Date('2024-06-15T00:00:00+08:00') });
  }, STEP_TIMEOUT * 2);

  it('keeps the feedback link after 不满意: it shows the rating and the re-handling, and says only who was really told', async () => {
    const p = await assigned('关于完善城市公共自行车系统的提案', { leadUnitId: dir.units.xzsp });
    const lead = p.assignments[0].id;
    const unit = app.api.as(dir.tokens.xzsp);
    await ok(unit.post(`/api/v1/assignments/${lead}/accept`));
    await ok(unit.post(`/api/v1/assignments/${lead}/reply`, {
      content: '陈刚正委员：\n\n您提出的提案收悉。现答复如下……', resultCategory: 'B', signedBy: '市行政审批和政务信息管理局', contactName: '王', contactPhone: '2580162', public: false,
    }));
    const link = await eventually(async () => {
      const rows: Array<{ body_text: string }> = await ds.query(
        `SELECT n.body_text FROM notifications n JOIN events e ON e.id = n.event_id WHERE n.type = 'reply_notice' AND e.proposal_id = $1 AND n.recipient_email = 'chengangzheng@example.com'`,
        [p.id],
      );
      const m = rows.map((r) => /\/feedback\/([\w-]+\.[\w-]+\.[\w-]+)/.exec(r.body_text)).find(Boolean);
      if (!m) throw new Error('no reply email with a feedback link yet');
      return `/feedback/${m[1]}`;
    }, 20_000);
    await app.signOut();
    await page.goto(link);
    await page.getByLabel('不满意', { exact: true }).check();
    await page.getByLabel('意见和建议').fill('答复未回应提案的主要建议。');
    await page.getByRole('button', { name: '提交评价' }).click();
    const flash = await page.locator('.flash').innerText();
    expect(flash).toContain('感谢您的评价（不满意）');
    expect(flash).toContain('重新办理');
    expect(flash).not.toContain('提案委');
    // The assignment worker reopens it; a minute later the link still works.
    await eventually(async () => {
      const [row] = await ds.query(`SELECT status FROM proposals WHERE id = $1`, [p.id]);
      expect(row.status).toBe('rehandling');
    });
    app.api.clock.set('2024-05-29T10:01:00+08:00');
    const shown = await page.goto(link);
    expect(shown?.status()).toBe(200);
    await expectText(page.locator('#rate'), '不满意');
    await expectText(page.locator('#follow-up'), '已评价，正在重新办理');
    await expectText(page.locator('#follow-up'), '重新办理期限为 2024-07-01');
    expect(await page.getByRole('button', { name: '提交评价' }).count()).toBe(0);
    // Whom the confirmation names is whom the mail reached: the unit, copied to the supervision office; not the committee.
    const told: Array<{ recipient_email: string; cc: string[] }> = await eventually(async () => {
      const rows = await ds.query(
        `SELECT n.recipient_email, n.cc FROM notifications n JOIN events e ON e.id = n.event_id WHERE e.proposal_id = $1 AND e.type IN ('feedback.received', 'proposal.rehandling')`,
        [p.id],
      );
      expect(rows.length).toBeGreaterThan(0);
      return rows;
    });
    expect(told.map((r) => r.recipient_email)).toEqual(['xzsp@pds.example.gov.cn']);
    expect(told[0].cc).toEqual(['duchashi@pds.example.gov.cn']);
  }, STEP_TIMEOUT * 2);
});
