import { existsSync } from 'node:fs';
import { PdfRenderer, PdfUnavailableError } from '#supervision';
import { startApi, type TestApi } from './support/api.js';
import { createDirectory, type Directory } from './support/directory.js';
import { binary, ok } from './fixtures/supervision/helpers.js';

/**
 * The formal documents besides the reply letter, end to end on real Postgres: the 交办函 of each
 * assignment, the 督办通知书 of each notice, the proposal's form and the session's 办理情况 report —
 * each as a self-contained page under its own CSP and as PDF, each shown only to whoever may see
 * its data (404 otherwise), the report's figures those of the supervision statistics.
 */
describe('formal documents: 交办函, 督办通知书, 提案 form, 办理情况 report', () => {
  let api: TestApi;
  let dir: Directory;
  let p196: string;
  let p7: string;
  let leadAssignment: string;
  let coAssignment: string;
  let jiaoyuAssignment: string;
  let noticeId: string;

  const as = (who: keyof Directory['tokens'] | 'admin') => api.as(who === 'admin' ? dir.adminToken : dir.tokens[who]);
  const clock = async (when: string) => {
    api.clock.set(when);
    await ok(as('admin').post('/api/v1/admin/deadlines/sweep'), 'sweep');
  };
  const page = async (who: Parameters<typeof as>[0], path: string) => {
    const res = await as(who).get(path);
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(res.text).not.toContain('<script');
    expect(res.text).toContain('@page { size: A4;');
    return res.text;
  };

  beforeAll(async () => {
    api = await startApi('deskedocs', '2024-01-16T09:00:00+08:00');
    dir = await createDirectory(api);
    const committee = as('committee');
    p196 = (await ok(committee.post('/api/v1/proposals', {
      sessionId: dir.sessionId, number: 196, title: '以营商环境为主线强力推进我市数字政府建设', category: '经济建设',
      content: '一、成立高规格的数字化政府领导小组。\n二、<b>打通</b>数据壁垒。', leadProposerId: dir.proposerId, coProposerIds: [dir.otherProposerId],
    }), 'p196')).id;
    p7 = (await ok(committee.post('/api/v1/proposals', { sessionId: dir.sessionId, number: 7, title: '关于加强校园安全的提案', content: '内容', leadProposerId: dir.otherProposerId }), 'p7')).id;
    for (const id of [p196, p7]) await ok(committee.post(`/api/v1/proposals/${id}/review`, { decision: 'file' }), 'file');
    await clock('2024-03-26T10:00:00+08:00');
    const assigned = await ok(committee.post(`/api/v1/proposals/${p196}/assignments`, { leadUnitId: dir.units.xzsp, coUnitIds: [dir.units.fagai] }), 'assign 196');
    leadAssignment = assigned.find((a: any) => a.role === 'lead').id;
    coAssignment = assigned.find((a: any) => a.role === 'co').id;
    jiaoyuAssignment = (await ok(committee.post(`/api/v1/proposals/${p7}/assignments`, { leadUnitId: dir.units.jiaoyu }), 'assign 7'))[0].id;
    await ok(as('supervisor').post(`/api/v1/proposals/${p196}/key`, { key: true, leaderName: '李副市长' }), 'key');
    await clock('2024-03-28T09:30:00+08:00');
    await ok(as('xzsp').post(`/api/v1/assignments/${leadAssignment}/accept`), 'accept');
    // The reply fell due on 2024-06-26 (3 months from 03-26); on 06-28 it is two days overdue.
    await clock('2024-06-28T10:00:00+08:00');
    noticeId = (await ok(as('supervisor').post(`/api/v1/proposals/${p196}/supervision-notices`, {
      unitId: dir.units.xzsp, content: '请说明逾期未答复的原因。\n请立即与委员沟通并提交答复。', workdays: 3,
    }), 'notice')).id;
    await clock('2024-07-01T10:00:00+08:00');
    await ok(as('xzsp').post(`/api/v1/assignments/${leadAssignment}/reply`, {
      resultCategory: 'A', signedBy: '张局长', contactName: '王', contactPhone: '2580162', public: true, content: '经研究，答复如下。',
    }), 'reply');
    await ok(as('committee').post(`/api/v1/proposals/${p196}/feedback`, { rating: 'satisfied' }), 'feedback');
  }, 120_000);
  afterAll(() => api?.close());

  describe('交办函', () => {
    it('hands the proposal to the lead unit: 红头, 文号, its role and co-handler, the reply deadline with its basis, the contact', async () => {
      const html = await page('xzsp', `/api/v1/assignments/${leadAssignment}/letter`);
      expect(html).toContain('<div class="issuer">市政协提案委员会</div>');
      expect(html).toContain('<div class="doc-no">提交〔2024〕196号</div>');
      expect(html).toContain('<h1><span>关于交办市政协十届二次会议</span><span>第196号提案的函</span></h1>');
      expect(html).toContain('<p class="greeting">市行政审批和政务信息管理局：</p>');
      expect(html).toContain('现将市政协十届二次会议第196号提案《以营商环境为主线强力推进我市数字政府建设》（陈刚正委员、李明委员提出）交由你单位主办。');
      expect(html).toContain('本件由你单位主办，市发展和改革委员会协办。');
      expect(html).toContain('本件为重点提案，由李副市长领衔督办');
      expect(html).toContain('依据《中国人民政治协商会议全国委员会提案工作条例》和本市提案办理工作有关规定，请于二〇二四年六月二十六日前办复提案者。');
      expect(html).toContain('如认为本件不属于你单位职责范围，请于二〇二四年四月二日前提出调整申请，逾期不再调整。');
      expect(html).toContain('期限计算：答复期限：2024-03-26 交办；按《民法典》');
      expect(html).toContain('<p>二〇二四年三月二十六日</p>');
      expect(html).toContain('联系人及电话：王　2580162');
      expect(html).toContain('抄送：市政府督查室。');
    });

    it('tells the co-handler who leads and when its opinion is due', async () => {
      const html = await page('committee', `/api/v1/assignments/${coAssignment}/letter`);
      expect(html).toContain('<p class="greeting">市发展和改革委员会：</p>');
      expect(html).toContain('本件由市行政审批和政务信息管理局主办，你单位协办。');
      expect(html).toContain('请于二〇二四年四月二十六日前将协办意见送主办单位。');
    });

    it('is shown to the staff and the unit addressed only: another unit of the same proposal, a proposer, an unknown id 404', async () => {
      for (const who of ['admin', 'committee', 'supervisor'] as const) expect((await as(who).get(`/api/v1/assignments/${leadAssignment}/letter`)).status).toBe(200);
      expect((await as('xzsp').get(`/api/v1/assignments/${coAssignment}/letter`)).status).toBe(404);
      expect((await as('jiaoyu').get(`/api/v1/assignments/${leadAssignment}/letter`)).status).toBe(404);
      expect((await as('jiaoyu').get(`/api/v1/assignments/${jiaoyuAssignment}/letter`)).status).toBe(200);
      expect((await as('proposer').get(`/api/v1/assignments/${leadAssignment}/letter`)).status).toBe(404);
      expect((await as('committee').get('/api/v1/assignments/00000000-0000-4000-8000-000000000000/letter')).status).toBe(404);
      expect((await as('jiaoyu').get(`/api/v1/assignments/${leadAssignment}/letter.pdf`)).status).toBe(404);
    });
  });

  describe('交办函 of an NPC suggestion', () => {
    it('is signed by the NPC committee of the directory, numbered 建交, and cites the rules of deputies’ suggestions', async () => {
      const admin = as('admin');
      const session = await ok(admin.post('/api/v1/sessions', { name: '市十一届人大三次会议', body: 'npc', term: 11, meeting: 3, year: 2024, openedOn: '2024-06-01' }), 'npc session');
      await ok(admin.post('/api/v1/units', { code: 'renda', name: '市人大常委会代表工作委员会', kind: 'committee', email: 'renda@pds.example.gov.cn', contactName: '孙', contactPhone: '2611111' }), 'npc committee');
      // A suggestion is led by an NPC deputy (代表): a CPPCC member cannot lead one.
      const deputy = await ok(admin.post('/api/v1/proposers', { name: '王建国', kind: 'member', body: 'npc', email: 'wang.daibiao@example.com' }), 'npc deputy');
      const id = (await ok(as('committee').post('/api/v1/proposals', { sessionId: session.id, number: 12, title: '关于改善城区交通的建议', content: '内容', leadProposerId: deputy.id }), 'npc proposal')).id;
      await ok(as('committee').post(`/api/v1/proposals/${id}/review`, { decision: 'file' }), 'file');
      const assignment = (await ok(as('committee').post(`/api/v1/proposals/${id}/assignments`, { leadUnitId: dir.units.jiaoyu }), 'assign'))[0].id;
      const html = await page('jiaoyu', `/api/v1/assignments/${assignment}/letter`);
      expect(html).toContain('<div class="issuer">市人大常委会代表工作委员会</div>');
      expect(html).toContain('<div class="doc-no">建交〔2024〕12号</div>');
      expect(html).toContain('<h1><span>关于交办市十一届人大三次会议</span><span>第12号建议的函</span></h1>');
      expect(html).toContain('（王建国代表提出）');
      expect(html).toContain('依据《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》');
      expect(html).toContain('联系人及电话：孙　2611111');
      // …while a CPPCC proposal's letter is still the CPPCC committee's
      expect(await page('xzsp', `/api/v1/assignments/${leadAssignment}/letter`)).toContain('<div class="issuer">市政协提案委员会</div>');
    });
  });

  describe('督办通知书', () => {
    it('names the proposal, what was overdue when issued, what to do and by when, under the office’s 红头 and 文号', async () => {
      const html = await page('xzsp', `/api/v1/supervision/notices/${noticeId}/letter`);
      expect(html).toContain('<div class="issuer">市政府督查室</div>');
      expect(html).toContain('<div class="doc-no">督〔2024〕1号</div>');
      expect(html).toContain('<h1><span>督办通知书</span></h1>');
      expect(html).toContain('<p class="greeting">市行政审批和政务信息管理局：</p>');
      expect(html).toContain('市政协十届二次会议第196号提案《以营商环境为主线强力推进我市数字政府建设》由你单位主办，系重点提案，由李副市长领衔督办。');
      expect(html).toContain('经查，截至本通知发出之日，该件答复期限为二〇二四年六月二十六日，已逾期2日，尚未完成。');
      expect(html).toContain('<p>请说明逾期未答复的原因。</p>');
      expect(html).toContain('<p>请立即与委员沟通并提交答复。</p>');
      // 3 working days from Friday 06-28: 07-01, 07-02, 07-03.
      expect(html).toContain('并于二〇二四年七月三日前将办理情况书面回复市政府督查室。');
      expect(html).toContain('<p>二〇二四年六月二十八日</p>');
      expect(html).toContain('抄送：市政协提案委员会。');
    });

    it('is shown as the notice is: the office and its unit; another unit, the co-handler, a proposer 404', async () => {
      expect((await as('supervisor').get(`/api/v1/supervision/notices/${noticeId}/letter`)).status).toBe(200);
      expect((await as('committee').get(`/api/v1/supervision/notices/${noticeId}/letter`)).status).toBe(200);
      expect((await as('jiaoyu').get(`/api/v1/supervision/notices/${noticeId}/letter`)).status).toBe(404);
      expect((await as('proposer').get(`/api/v1/supervision/notices/${noticeId}/letter`)).status).toBe(404);
      expect((await as('proposer').get(`/api/v1/supervision/notices/${noticeId}/letter.pdf`)).status).toBe(404);
    });
  });

  describe('the 提案 form', () => {
    it('prints 案由, 提案人, 附议人, 类别, the state, the handling units and the text (escaped)', async () => {
      const html = await page('proposer', `/api/v1/proposals/${p196}/form`);
      expect(html).toContain('<div class="issuer">市政协十届二次会议提案</div>');
      expect(html).toContain('<div class="doc-no">第196号</div>');
      expect(html).toContain('<tr><th>案由</th><td>以营商环境为主线强力推进我市数字政府建设</td></tr>');
      expect(html).toContain('<tr><th>提案人</th><td>陈刚正（经济界）</td></tr>');
      expect(html).toContain('<tr><th>附议人</th><td>李明（教育界）</td></tr>');
      expect(html).toContain('<tr><th>类别</th><td>经济建设');
      expect(html).toContain('<tr><th>办理状态</th><td>已办结（二〇二四年一月十六日立案）</td></tr>');
      expect(html).toContain('<tr><th>办理单位</th><td>主办：市行政审批和政务信息管理局；协办：市发展和改革委员会</td></tr>');
      expect(html).toContain('<tr><th>重点督办</th><td>重点提案，李副市长领衔督办</td></tr>');
      expect(html).toContain('<p>二、&lt;b&gt;打通&lt;/b&gt;数据壁垒。</p>');
    });

    it('is shown to whoever may see the proposal: its proposers, its units, the staff; others 404', async () => {
      for (const who of ['proposer', 'otherProposer', 'xzsp', 'admin', 'supervisor'] as const) expect((await as(who).get(`/api/v1/proposals/${p196}/form`)).status).toBe(200);
      expect((await as('proposer').get(`/api/v1/proposals/${p7}/form`)).status).toBe(404);
      expect((await as('otherProposer').get(`/api/v1/proposals/${p7}/form`)).status).toBe(200);
      expect((await as('jiaoyu').get(`/api/v1/proposals/${p196}/form`)).status).toBe(404);
      expect((await as('xzsp').get(`/api/v1/proposals/${p7}/form.pdf`)).status).toBe(404);
    });
  });

  describe('the 办理情况 report', () => {
    it('states the session’s figures as the supervision statistics give them, the states, the units, the key proposals', async () => {
      const summary = await ok(as('supervisor').get(`/api/v1/stats/summary?sessionId=${dir.sessionId}`), 'summary');
      expect(summary).toMatchObject({ proposals: 2, assigned: 3, toAnswer: 2, replied: 1, due: 2, repliedLate: 1, repliedOnTime: 0, overdueNow: 2, rated: 1, satisfied: 1 });
      const html = await page('committee', `/api/v1/sessions/${dir.sessionId}/report`);
      expect(html).toContain('<h1><span>关于市政协十届二次会议</span><span>提案办理情况的报告</span></h1>');
      expect(html).toContain('截至二〇二四年七月一日，市政协十届二次会议共收到提案2件，已交办2件，交办承办单位3件次，其中应答复2件次。');
      expect(html).toContain(`已答复1件次；答复期限已到的${summary.due}件次中，按时办复0件次，按时办复率0.0%；当前逾期${summary.overdueNow}件次。`);
      expect(html).toContain('提案者已测评1件，其中满意1件、基本满意0件、不满意0件，满意率100.0%。');
      expect(html).toContain('督查室发出督办通知1件，已回复0件。');
      // by state, from the register: 196 closed on its satisfied rating, 7 assigned (and overdue)
      expect(html).toMatch(/<td>已交办<\/td><td class="n">1<\/td><\/tr>\s*<tr><td>已办结<\/td><td class="n">1<\/td>/);
      expect(html).toContain('<td>A类</td><td>所提问题已经解决或基本解决</td><td class="n">1</td>');
      expect(html).toContain('<td>市行政审批和政务信息管理局</td><td class="n">1</td><td class="n">1</td><td class="n">0.0%</td>');
      expect(html).toMatch(/<td class="n">196<\/td><td>以营商环境为主线强力推进我市数字政府建设<\/td><td>李副市长<\/td><td>市行政审批和政务信息管理局<\/td><td>已办结（有逾期事项）<\/td>/);
      expect(html).toContain('<p>二〇二四年七月一日</p>');
    });

    it('is for the staff only (as the statistics are); an unknown session is 404', async () => {
      expect((await as('supervisor').get(`/api/v1/sessions/${dir.sessionId}/report`)).status).toBe(200);
      expect((await as('xzsp').get(`/api/v1/sessions/${dir.sessionId}/report`)).status).toBe(403);
      expect((await as('proposer').get(`/api/v1/sessions/${dir.sessionId}/report.pdf`)).status).toBe(403);
      expect((await as('committee').get('/api/v1/sessions/00000000-0000-4000-8000-000000000000/report')).status).toBe(404);
    });
  });

  it('documents every route in the OpenAPI description, HTML and PDF', async () => {
    const doc = (await api.http.get('/api/docs-json')).body;
    for (const path of ['/api/v1/replies/{id}/letter', '/api/v1/assignments/{id}/letter', '/api/v1/supervision/notices/{id}/letter', '/api/v1/proposals/{id}/form', '/api/v1/sessions/{id}/report']) {
      expect(Object.keys(doc.paths[path].get.responses['200'].content)).toEqual(['text/html']);
      expect(Object.keys(doc.paths[`${path}.pdf`].get.responses['200'].content)).toEqual(['application/pdf']);
      expect(doc.paths[`${path}.pdf`].get.responses).toHaveProperty('503');
    }
  });

  it('prints every document to PDF with Chromium, or answers 503 when it cannot', async () => {
    const paths = [
      `/api/v1/assignments/${leadAssignment}/letter.pdf`,
      `/api/v1/supervision/notices/${noticeId}/letter.pdf`,
      `/api/v1/proposals/${p196}/form.pdf`,
      `/api/v1/sessions/${dir.sessionId}/report.pdf`,
    ];
    const pdf = api.app.get(PdfRenderer);
    for (const path of paths) {
      const res = await binary(as('supervisor').get(path));
      if (existsSync(pdf.executablePath)) {
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('application/pdf');
        expect((res.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
        expect(res.headers['content-disposition']).toMatch(/^inline; filename="[a-z-]+\.pdf"; filename\*=UTF-8''%E/);
      } else {
        expect(res.status).toBe(503);
      }
    }
    const original = pdf.render.bind(pdf);
    pdf.render = () => Promise.reject(new PdfUnavailableError('PDF printing is not available: no Chromium at /nowhere (set DUBAN_CHROMIUM_PATH)'));
    try {
      const missing = await as('supervisor').get(paths[3]);
      expect(missing.status).toBe(503);
      expect(missing.body).toMatchObject({ code: 'pdf_unavailable' });
    } finally {
      pdf.render = original;
    }
  }, 90_000);
});
