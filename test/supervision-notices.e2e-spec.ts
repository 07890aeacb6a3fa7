import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { PdfRenderer, PdfUnavailableError } from '#supervision';
import { eventually, startApi, type TestApi } from './support/api.js';
import { createDirectory, type Directory } from './support/directory.js';
import { ok } from './fixtures/supervision/helpers.js';

/**
 * 督办 end to end: key proposals copied to the supervision office, supervision notices with their own
 * deadline, ladder and response, rules as data (a holiday override moves running deadlines and says
 * why in their explanation; ladders versioned and audited), and the reply as a printable letter.
 */
const SEED_REPLY = [
  '对市政协十届二次会议',
  '第196号提案的答复',
  '陈刚正委员:',
  '您提出的关于“以营商环境为主线强力推进我市数字政府建设”的提案收悉。现答复如下:',
  '一、关于您提出的“成立高规格的数字化政府领导小组”的建议',
  '2021年7月我市成立了高规格的“平顶山市数字政府建设工作领导小组”，市长任组长。',
  '2024年6月20日',
].join('\n\n');

describe('supervision: key proposals, notices, rules as data, reply letters', () => {
  let api: TestApi;
  let dir: Directory;
  let keyId: string; // No. 7, a key proposal from its assignment
  let plainId: string; // No. 196, made key later
  let keyAssignment: string;
  let plainAssignment: string;

  const as = (who: keyof Directory['tokens'] | 'admin') => api.as(who === 'admin' ? dir.adminToken : dir.tokens[who]);
  const clock = async (when: string) => {
    api.clock.set(when);
    await ok(as('admin').post('/api/v1/admin/deadlines/sweep'), 'sweep');
  };
  const proposal = async (id: string) => ok(as('supervisor').get(`/api/v1/proposals/${id}`), 'proposal');
  const notifications = async (id?: string) => (await ok(as('supervisor').get(`/api/v1/notifications${id ? `?proposalId=${id}` : ''}`), 'notifications')).items as any[];
  const email = (code: string) => `${code}@pds.example.gov.cn`;

  beforeAll(async () => {
    api = await startApi('supnotice', '2024-01-16T09:00:00+08:00');
    dir = await createDirectory(api);
    const committee = as('committee');
    keyId = (await ok(committee.post('/api/v1/proposals', { sessionId: dir.sessionId, number: 7, title: '关于加快城市更新的提案', content: '内容', leadProposerId: dir.proposerId }), 'p7')).id;
    plainId = (await ok(committee.post('/api/v1/proposals', { sessionId: dir.sessionId, number: 196, title: '强力推进我市数字政府建设', content: '内容', leadProposerId: dir.proposerId }), 'p196')).id;
    for (const id of [keyId, plainId]) await ok(committee.post(`/api/v1/proposals/${id}/review`, { decision: 'file' }), 'file');
    await clock('2024-03-26T10:00:00+08:00');
    keyAssignment = (await ok(committee.post(`/api/v1/proposals/${keyId}/assignments`, { leadUnitId: dir.units.xzsp, coUnitIds: [dir.units.fagai], key: true, leaderName: '张副市长' }), 'assign key'))[0].id;
    plainAssignment = (await ok(committee.post(`/api/v1/proposals/${plainId}/assignments`, { leadUnitId: dir.units.xzsp }), 'assign'))[0].id;
    await clock('2024-03-28T09:30:00+08:00');
    for (const a of [keyAssignment, plainAssignment]) await ok(as('xzsp').post(`/api/v1/assignments/${a}/accept`), 'accept');
  }, 120_000);
  afterAll(() => api?.close());

  describe('key proposals (重点提案)', () => {
    it('copies an event of a key proposal that tells no one else to the supervision office', async () => {
      await eventually(async () => {
        const copies = (await notifications(keyId)).filter((n) => n.type === 'key_proposal_copy');
        expect(copies).toEqual([expect.objectContaining({ recipientEmail: email('duchashi'), subject: expect.stringContaining('承办单位已签收') })]);
      });
      // …and not for an ordinary proposal (its acceptance was dispatched alongside)
      await eventually(async () => expect((await notifications(keyId)).some((n) => n.type === 'assignment_notice')).toBe(true));
      expect((await notifications(plainId)).filter((n) => n.type === 'key_proposal_copy')).toEqual([]);
    });

    it('lets the office mark a proposal key, with its leading city leader, and lists the key proposals', async () => {
      const missing = await as('supervisor').post(`/api/v1/proposals/${plainId}/key`, { key: true });
      expect(missing.status).toBe(400);
      expect(missing.body.fields).toEqual(['leaderName']);
      expect((await as('committee').post(`/api/v1/proposals/${plainId}/key`, { key: true, leaderName: '李副市长' })).status).toBe(403);
      const marked = await ok(as('supervisor').post(`/api/v1/proposals/${plainId}/key`, { key: true, leaderName: '李副市长' }), 'key');
      expect(marked).toMatchObject({ key: true, leaderName: '李副市长' });
      const list = await ok(as('committee').get(`/api/v1/supervision/key-proposals?sessionId=${dir.sessionId}`), 'key list');
      expect(list.items.map((p: any) => [p.number, p.leaderName, p.leadUnit])).toEqual([
        [7, '张副市长', '市行政审批和政务信息管理局'],
        [196, '李副市长', '市行政审批和政务信息管理局'],
      ]);
      await eventually(async () => {
        const copies = (await notifications(plainId)).filter((n) => n.type === 'key_proposal_copy');
        expect(copies.map((n) => n.subject)).toEqual([expect.stringContaining('重点提案标注变更')]);
      });
    });
  });

  describe('supervision notices (督办通知)', () => {
    let noticeId: string;

    it('sends a unit a notice with its own short deadline in working days (调休 counted)', async () => {
      await clock('2024-04-01T10:00:00+08:00');
      expect((await as('committee').post(`/api/v1/proposals/${plainId}/supervision-notices`, { unitId: dir.units.xzsp, content: '请报告办理进展' })).status).toBe(403);
      const wrongUnit = await as('supervisor').post(`/api/v1/proposals/${plainId}/supervision-notices`, { unitId: dir.units.jiaoyu, content: '请报告办理进展' });
      expect(wrongUnit.status).toBe(400);
      expect(wrongUnit.body.fields).toEqual(['unitId']);
      expect((await as('supervisor').post(`/api/v1/proposals/${plainId}/supervision-notices`, { unitId: dir.units.xzsp, content: 'x', workdays: 21 })).status).toBe(400);
      const notice = await ok(
        as('supervisor').post(`/api/v1/proposals/${plainId}/supervision-notices`, { unitId: dir.units.xzsp, content: '请于3个工作日内报告办理进展和与委员沟通情况', workdays: 3 }),
        'notice',
      );
      noticeId = notice.id;
      // 2024-04-02, 04-03 are working days; 04-04…04-06 清明节; Sunday 04-07 is a make-up working day (调休).
      expect(notice).toMatchObject({ label: '督〔2024〕1号', status: 'open', dueOn: '2024-04-07', unitName: '市行政审批和政务信息管理局', overdue: false });
      expect(notice.explanation).toContain('3个工作日');
      const deadline = (await proposal(plainId)).deadlines.find((d: any) => d.kind === 'supervision');
      expect(deadline).toMatchObject({ dueOn: '2024-04-07', status: 'open', nextStage: 'reminder_1wd' });
      await eventually(async () => {
        const sent = (await notifications(plainId)).filter((n) => n.type === 'supervision_notice');
        expect(sent).toEqual([expect.objectContaining({ recipientEmail: email('xzsp'), cc: [email('duchashi')], subject: expect.stringContaining('督〔2024〕1号') })]);
      });
    });

    it('shows a notice to its unit and the office only', async () => {
      expect((await as('jiaoyu').get(`/api/v1/supervision/notices/${noticeId}`)).status).toBe(404);
      expect((await ok(as('jiaoyu').get('/api/v1/supervision/notices'), 'list')).items).toEqual([]);
      expect((await ok(as('xzsp').get('/api/v1/supervision/notices'), 'list')).items.map((n: any) => n.id)).toEqual([noticeId]);
      expect((await as('proposer').get('/api/v1/supervision/notices')).status).toBe(403);
    });

    it('reminds the unit the working day before, then alerts the unit and the office when overdue', async () => {
      await clock('2024-04-03T10:00:00+08:00');
      await eventually(async () => expect((await notifications(plainId)).filter((n) => n.type === 'supervision_reminder').map((n) => n.recipientEmail)).toEqual([email('xzsp')]));
      await clock('2024-04-08T10:00:00+08:00');
      await eventually(async () =>
        expect((await notifications(plainId)).filter((n) => n.type === 'supervision_overdue').map((n) => n.recipientEmail).sort()).toEqual([email('duchashi'), email('xzsp')]),
      );
      const overdue = await ok(as('supervisor').get('/api/v1/supervision/notices?overdue=true'), 'overdue');
      expect(overdue.items.map((n: any) => n.id)).toEqual([noticeId]);
    });

    it('takes the unit’s response, late, once; the office is told', async () => {
      expect((await as('jiaoyu').post(`/api/v1/supervision/notices/${noticeId}/response`, { content: '已办' })).status).toBe(404);
      const responded = await ok(as('xzsp').post(`/api/v1/supervision/notices/${noticeId}/response`, { content: '已于4月2日与委员电话沟通，正在起草答复。' }), 'respond');
      expect(responded).toMatchObject({ status: 'responded', respondedLate: true, overdue: false });
      expect((await as('xzsp').post(`/api/v1/supervision/notices/${noticeId}/response`, { content: '再次回复' })).status).toBe(409);
      const deadline = (await proposal(plainId)).deadlines.find((d: any) => d.kind === 'supervision');
      expect(deadline).toMatchObject({ status: 'settled', settledLate: true, nextStage: null });
      await eventually(async () =>
        expect((await notifications(plainId)).filter((n) => n.type === 'supervision_response').map((n) => n.recipientEmail)).toEqual([email('duchashi')]),
      );
    });

    it('withdraws a notice, cancelling its deadline', async () => {
      const second = await ok(as('supervisor').post(`/api/v1/proposals/${keyId}/supervision-notices`, { assignmentId: keyAssignment, content: '请说明延期原因' }), 'notice 2');
      expect(second).toMatchObject({ label: '督〔2024〕2号', dueOn: '2024-04-15' }); // five working days from Monday 04-08
      const withdrawn = await ok(as('supervisor').post(`/api/v1/supervision/notices/${second.id}/withdraw`, { reason: '单位已当面说明' }), 'withdraw');
      expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawnReason: '单位已当面说明' });
      const deadline = (await proposal(keyId)).deadlines.find((d: any) => d.kind === 'supervision');
      expect(deadline.status).toBe('cancelled');
      await eventually(async () => expect((await notifications(keyId)).filter((n) => n.type === 'supervision_withdrawn').map((n) => n.recipientEmail)).toEqual([email('xzsp')]));
    });

    it('counts the notices in the unit figures', async () => {
      const res = await ok(as('supervisor').get(`/api/v1/stats/figures?by=unit&sessionId=${dir.sessionId}`), 'figures');
      expect(res.items.find((u: any) => u.unitCode === 'xzsp')).toMatchObject({ noticesIssued: 1, noticesResponded: 1, noticesRespondedOnTime: 0, noticesOverdueNow: 0 });
    });
  });

  describe('rules as data', () => {
    const FLOOD = '防汛抢险，全市机关临时休息';
    const replyDeadline = async (id: string) => (await proposal(id)).deadlines.find((d: any) => d.kind === 'reply');

    it('moves the running deadlines off a new local holiday, and each explanation says why', async () => {
      await clock('2024-05-10T10:00:00+08:00');
      expect((await replyDeadline(plainId)).dueOn).toBe('2024-06-26');
      expect((await as('supervisor').post('/api/v1/rules/holiday-overrides', { date: '2024-06-26', kind: 'holiday', reason: FLOOD })).status).toBe(403);
      const changed = await ok(as('admin').post('/api/v1/rules/holiday-overrides', { date: '2024-06-26', kind: 'holiday', reason: FLOOD }), 'override');
      expect(changed.version).toBe(1);
      expect(changed.moved).toEqual(expect.arrayContaining([
        expect.objectContaining({ proposalId: plainId, kind: 'reply', previousDueOn: '2024-06-26', dueOn: '2024-06-27' }),
        expect.objectContaining({ proposalId: keyId, kind: 'reply', previousDueOn: '2024-06-26', dueOn: '2024-06-27' }),
      ]));
      const d = await replyDeadline(plainId);
      expect(d).toMatchObject({ dueOn: '2024-06-27', status: 'open' });
      expect(d.explanation).toContain(`2024-06-26 调整为休息日：${FLOOD}`);
      expect(d.explanation).toContain('按规则第1版');
      expect(d.explanation).toContain('截止日由 2024-06-26 改为 2024-06-27');
      const events = await ok(as('supervisor').get(`/api/v1/proposals/${plainId}/events`), 'events');
      expect(events.find((e: any) => e.type === 'deadline.recomputed').payload).toMatchObject({ kind: 'reply', previousDueOn: '2024-06-26', dueOn: '2024-06-27', rulesVersion: 1 });
    });

    it('audits the change as a version and tells whoever is concerned', async () => {
      const versions = await ok(as('committee').get('/api/v1/rules/versions'), 'versions');
      expect(versions.items).toEqual([
        expect.objectContaining({ version: 1, reason: FLOOD, changedBy: 'admin:admin', changes: [expect.objectContaining({ what: 'holiday', subject: '2024-06-26' })] }),
      ]);
      expect(versions.items[0].recomputed).toBeGreaterThanOrEqual(2);
      const rules = await ok(as('supervisor').get('/api/v1/rules'), 'rules');
      expect(rules).toMatchObject({ version: 1, layer: { holidayOverrides: [{ date: '2024-06-26', kind: 'holiday', reason: FLOOD }] } });
      expect(rules.effective.ladders.supervision.map((s: any) => s.stage)).toEqual(['reminder_1wd', 'overdue', 'escalation']);
      await eventually(async () => {
        expect((await notifications(plainId)).filter((n) => n.type === 'deadline_recomputed').map((n) => n.recipientEmail)).toEqual([email('xzsp')]);
        expect((await notifications()).filter((n) => n.type === 'rules_changed').map((n) => n.recipientEmail).sort()).toEqual([email('duchashi'), email('tianwei')]);
      });
    });

    it('replays the history with the due date of each day: before the change and after it', async () => {
      const before = await ok(as('supervisor').get(`/api/v1/stats/as-of?date=2024-05-09&sessionId=${dir.sessionId}`), 'as-of before');
      const after = await ok(as('supervisor').get(`/api/v1/stats/as-of?date=2024-05-10&sessionId=${dir.sessionId}`), 'as-of after');
      const reply = (r: any) => r.open.find((d: any) => d.proposalId === plainId && d.kind === 'reply');
      expect(reply(before)).toMatchObject({ dueOn: '2024-06-26', overdue: false, responsible: { type: 'unit', name: '市行政审批和政务信息管理局' } });
      expect(reply(after)).toMatchObject({ dueOn: '2024-06-27' });
      // the 督办 notice of 04-01 was open and overdue on 04-08 as it began, answered that day
      const onTheDay = await ok(as('supervisor').get(`/api/v1/stats/as-of?at=${encodeURIComponent('2024-04-08T09:00:00+08:00')}`), 'as-of notice');
      expect(onTheDay.open.filter((d: any) => d.kind === 'supervision')).toEqual([expect.objectContaining({ dueOn: '2024-04-07', overdue: true, daysOverdue: 1 })]);
      const ds = api.app.get(DataSource);
      const open: Array<{ dedupe_key: string; due_on: string }> = await ds.query(
        `SELECT dedupe_key, to_char(due_on, 'YYYY-MM-DD') AS due_on FROM deadlines WHERE status = 'open' AND (kind NOT IN ('adjustment','feedback') OR due_at >= $1)`,
        [api.clock.now()],
      );
      const now = await ok(as('supervisor').get(`/api/v1/stats/as-of?at=${encodeURIComponent(api.clock.now().toISOString())}`), 'as-of now');
      expect(now.open.map((d: any) => `${d.key}:${d.dueOn}`).sort()).toEqual(open.map((r) => `${r.dedupe_key}:${r.due_on}`).sort());
    });

    it('versions a new reminder ladder, refusing a stale or invalid edit, and plans running deadlines again', async () => {
      const ladder = [
        { stage: 'reminder_14d', type: 'reminder', offset: { amount: -14, unit: 'days' }, notify: ['unit'] },
        { stage: 'overdue', type: 'overdue', offset: { amount: 0, unit: 'days' }, notify: ['unit', 'supervision'] },
        { stage: 'escalation', type: 'escalation', offset: { amount: 3, unit: 'days' }, notify: ['supervision_leader', 'unit_head'], repeatEvery: { amount: 3, unit: 'days' } },
      ];
      const stale = await as('admin').post('/api/v1/rules/versions', { reason: '缩短督办间隔', expectedVersion: 0, ladders: { reply: ladder } });
      expect(stale.status).toBe(409);
      const invalid = await as('admin').post('/api/v1/rules/versions', { reason: 'x', ladders: { reply: [{ ...ladder[0], offset: { amount: 3, unit: 'days' } }] } });
      expect(invalid.status).toBe(400);
      expect(invalid.body.fields).toEqual(['ladders.reply']);
      const v2 = await ok(as('admin').post('/api/v1/rules/versions', { reason: '缩短督办间隔', expectedVersion: 1, ladders: { reply: ladder } }), 'ladder');
      expect(v2).toMatchObject({ version: 2, changes: [expect.objectContaining({ what: 'ladder', subject: 'reply' })] });
      const d = await replyDeadline(plainId);
      expect(d).toMatchObject({ dueOn: '2024-06-27', nextStage: 'reminder_14d', nextActionAt: new Date('2024-06-13T00:00:00+08:00').toISOString() });
      expect(d.explanation).toContain('按规则第1版');
      expect(d.explanation).toContain('按规则第2版（缩短督办间隔）重新计算：截止日仍为 2024-06-27；提醒和督办阶梯按新规则重新安排');
      const same = await as('admin').post('/api/v1/rules/versions', { reason: '再改一次', ladders: { reply: ladder } });
      expect(same.status).toBe(400);
    });

    it('takes a holiday override back, and the deadline returns to its date with the reason', async () => {
      const v3 = await ok(as('admin').post('/api/v1/rules/versions', { reason: '汛情解除，恢复正常上班', holidayOverrides: [] }), 'remove');
      expect(v3.version).toBe(3);
      const d = await replyDeadline(plainId);
      expect(d.dueOn).toBe('2024-06-26');
      expect(d.explanation).toContain(`取消本地调整（原为休息日：${FLOOD}）`);
    });
  });

  describe('the reply as a printable letter', () => {
    let seedReply: string;
    let plainReply: string;

    beforeAll(async () => {
      await clock('2024-06-20T10:00:00+08:00');
      const body = { resultCategory: 'A', signedBy: '张局长', contactName: '王', contactPhone: '2580162', public: true };
      await ok(as('xzsp').post(`/api/v1/assignments/${plainAssignment}/reply`, { ...body, content: SEED_REPLY }), 'reply 196');
      await ok(as('xzsp').post(`/api/v1/assignments/${keyAssignment}/reply`, { ...body, content: '经研究，我局已将城市更新纳入年度计划。\n\n感谢您对我市城市建设的关心。' }), 'reply 7');
      seedReply = (await proposal(plainId)).replies[0].id;
      plainReply = (await proposal(keyId)).replies[0].id;
    });

    it('keeps the letter’s own heading, addressee and date, in the official layout', async () => {
      const res = await as('supervisor').get(`/api/v1/replies/${seedReply}/letter`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-/);
      const html = res.text;
      expect(html).toContain('<h1><span>对市政协十届二次会议</span><span>第196号提案的答复</span></h1>');
      expect(html).toContain('<p class="greeting">陈刚正委员：</p>');
      expect(html).toContain('签发人：张局长');
      expect(html).toContain('title="所提问题已经解决或基本解决">办理结果：A类</div>');
      expect(html).toContain('<p>2024年6月20日</p>');
      expect(html).toContain('联系人及电话：王　2580162');
      expect(html).toContain('抄送：市政协提案委员会，市政府督查室。');
      expect(html).toContain('@page { size: A4;');
      expect(html).not.toContain('<script');
    });

    it('supplies the title 关于…第×号提案的答复, the addressee and the date to a plain reply', async () => {
      const html = (await as('xzsp').get(`/api/v1/replies/${plainReply}/letter`)).text;
      expect(html).toContain('<h1><span>关于市政协十届二次会议</span><span>第7号提案的答复</span></h1>');
      expect(html).toContain('<p class="greeting">陈刚正委员：</p>');
      expect(html).toContain('<p>2024年6月20日</p>');
      expect(html).toContain('<p>经研究，我局已将城市更新纳入年度计划。</p>');
    });

    it('shows a letter to whoever may see the proposal only', async () => {
      expect((await as('jiaoyu').get(`/api/v1/replies/${seedReply}/letter`)).status).toBe(404);
      expect((await as('proposer').get(`/api/v1/replies/${seedReply}/letter`)).status).toBe(200);
      expect((await as('otherProposer').get(`/api/v1/replies/${seedReply}/letter`)).status).toBe(404);
    });

    it('prints it to PDF with Chromium, or says clearly (503) that it cannot', async () => {
      const res = await as('supervisor').get(`/api/v1/replies/${seedReply}/letter.pdf`).buffer(true).parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
      const pdf = api.app.get(PdfRenderer);
      if (existsSync(pdf.executablePath)) {
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('application/pdf');
        expect((res.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
      } else {
        expect(res.status).toBe(503);
      }
      const original = pdf.render.bind(pdf);
      pdf.render = () => Promise.reject(new PdfUnavailableError('PDF printing is not available: no Chromium at /nowhere (set DUBAN_CHROMIUM_PATH)'));
      try {
        const missing = await as('supervisor').get(`/api/v1/replies/${seedReply}/letter.pdf`);
        expect(missing.status).toBe(503);
        expect(missing.body).toMatchObject({ statusCode: 503, code: 'pdf_unavailable', message: expect.stringContaining('DUBAN_CHROMIUM_PATH') });
      } finally {
        pdf.render = original;
      }
      await expect(new PdfRenderer('/nowhere/chromium').render('<p>x</p>')).rejects.toBeInstanceOf(PdfUnavailableError);
    }, 60_000);
  });
});
