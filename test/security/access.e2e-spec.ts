import { DataSource } from 'typeorm';
import { eventually, startApi, type TestApi } from '../support/api.js';
import { createDirectory, PASSWORD, type Directory } from '../support/directory.js';
import { signInByForm, tokenIn, type Jar } from '../support/ui-forms.js';

/**
 * Issue 11, items 2, 10 (the timeline) and 13: who may set what on a submission, what a proposer
 * reads of the record, and that a unit adjusted out of a proposal no longer reads it — through the
 * API and the UI alike.
 */
describe('security: access', () => {
  let api: TestApi;
  let dir: Directory;
  const as = (who: keyof Directory['tokens']) => api.as(dir.tokens[who]);
  const sql = <T = any>(query: string, params: unknown[] = []): Promise<T[]> => api.app.get(DataSource).query(query, params);
  const page = (jar: Jar, path: string) => api.http.get(path).set('Cookie', jar.header());

  beforeAll(async () => {
    api = await startApi('secaccess', '2024-01-16T09:00:00+08:00');
    dir = await createDirectory(api);
  });
  afterAll(async () => {
    await api?.close();
  });

  describe('item 2: a proposer sets neither the official number nor co-proposers', () => {
    const submission = () => ({ sessionId: dir.sessionId, title: '关于加强社区养老服务的提案', content: '建议完善社区养老服务设施。', leadProposerId: dir.proposerId });

    it('refuses a proposer\'s number with 403 naming the field, and leaves the session\'s numbering alone', async () => {
      const res = await as('proposer').post('/api/v1/proposals', { ...submission(), number: 999999 });
      expect(res.status).toBe(403);
      expect(res.body.message).toMatch(/^number:/);
      const [session] = await sql(`SELECT last_number FROM sessions WHERE id = $1`, [dir.sessionId]);
      expect(session.last_number).toBe(0);
      expect(await sql(`SELECT id FROM proposals WHERE number = 999999`)).toEqual([]);
    });

    it('refuses a proposer\'s co-proposers with 403 naming the field: the member named sees nothing', async () => {
      const res = await as('proposer').post('/api/v1/proposals', { ...submission(), coProposerIds: [dir.otherProposerId] });
      expect(res.status).toBe(403);
      expect(res.body.message).toMatch(/^coProposerIds:/);
      expect((await as('otherProposer').get('/api/v1/proposals')).body.total).toBe(0);
      const both = await as('proposer').post('/api/v1/proposals', { ...submission(), number: 7, coProposerIds: [dir.otherProposerId] });
      expect(both.status).toBe(403);
      expect(both.body.message).toMatch(/^number, coProposerIds:/);
    });

    it('accepts a proposer\'s plain submission, and the committee\'s number and co-signers', async () => {
      const own = await as('proposer').post('/api/v1/proposals', { ...submission(), coProposerIds: [] });
      expect(own.status).toBe(201);
      expect(own.body.number).toBeNull();
      const committee = await as('committee').post('/api/v1/proposals', { ...submission(), number: 5, coProposerIds: [dir.otherProposerId] });
      expect(committee.status).toBe(201);
      expect(committee.body).toMatchObject({ number: 5, coProposerIds: [dir.otherProposerId] });
    });

    it('offers the number and co-signer fields in the UI only to whom the API allows them', async () => {
      const proposer = await signInByForm(api, 'chengangzheng', PASSWORD);
      const form = await page(proposer, '/proposals/new');
      expect(form.status).toBe(200);
      expect(form.text).not.toContain('name="number"');
      expect(form.text).not.toContain('name="coProposerIds"');
      const committee = await page(await signInByForm(api, 'tianwei', PASSWORD), '/proposals/new');
      expect(committee.text).toContain('name="number"');
      expect(committee.text).toContain('name="coProposerIds"');
    });
  });

  describe('items 10 and 13: internal records, and a unit adjusted out', () => {
    let id = '';
    let oldAssignment = '';
    let noticeId = '';
    const NOTE = '请市行政审批局本周内报告办理进展（内部督办意见）';
    const REASON = '本件主要涉及教育信息化，不属我局职责';

    beforeAll(async () => {
      api.clock.set('2024-01-17T10:00:00+08:00');
      id = (await as('proposer').post('/api/v1/proposals', {
        sessionId: dir.sessionId, title: '关于推进智慧校园建设的提案', content: '建议统筹推进中小学智慧校园建设。', leadProposerId: dir.proposerId,
      })).body.id;
      expect((await as('committee').post(`/api/v1/proposals/${id}/review`, { decision: 'file' })).status).toBe(200);
      api.clock.set('2024-03-26T10:00:00+08:00');
      const assigned = await as('committee').post(`/api/v1/proposals/${id}/assignments`, { leadUnitId: dir.units.xzsp });
      expect(assigned.status).toBe(201);
      oldAssignment = assigned.body[0].id;
      // 督办: a notice to the unit, a key designation and a note, all internal to the staff and the units.
      const notice = await as('supervisor').post(`/api/v1/proposals/${id}/supervision-notices`, { unitId: dir.units.xzsp, content: '请尽快签收并报告办理计划' });
      expect(notice.status).toBe(201);
      noticeId = notice.body.id;
      expect((await as('supervisor').post(`/api/v1/proposals/${id}/key`, { key: true, leaderName: '张副市长' })).status).toBe(200);
      const supervisor = await signInByForm(api, 'duchashi', PASSWORD);
      const form = await page(supervisor, `/proposals/${id}`);
      supervisor.take(form);
      const noted = await api.http.post(`/proposals/${id}/supervision-notes`).set('Cookie', supervisor.header()).type('form').send({ _csrf: tokenIn(form.text), note: NOTE });
      expect(noted.status).toBe(303);
      // The unit asks to hand the proposal on; the office approves; the assignment worker reassigns it.
      api.clock.set('2024-03-27T10:00:00+08:00');
      const request = await as('xzsp').post(`/api/v1/assignments/${oldAssignment}/adjustment-requests`, { reason: REASON, suggestedUnitId: dir.units.jiaoyu });
      expect(request.status).toBe(201);
      expect((await as('supervisor').post(`/api/v1/adjustment-requests/${request.body.id}/decision`, { approve: true })).status).toBe(200);
      await eventually(async () => {
        const p = (await as('committee').get(`/api/v1/proposals/${id}`)).body;
        expect(p.assignments.map((a: any) => [a.unitId, a.state])).toEqual([[dir.units.xzsp, 'removed'], [dir.units.jiaoyu, 'assigned']]);
      });
    });

    it('item 13: the unit adjusted out gets 404 for the proposal and everything under it (API)', async () => {
      const xzsp = as('xzsp');
      for (const path of [`/api/v1/proposals/${id}`, `/api/v1/proposals/${id}/events`, `/api/v1/notifications?proposalId=${id}`, `/api/v1/supervision/notices/${noticeId}`]) {
        expect([path, (await xzsp.get(path)).status]).toEqual([path, 404]);
      }
      expect((await xzsp.post(`/api/v1/assignments/${oldAssignment}/accept`)).status).toBe(404);
      expect((await xzsp.get('/api/v1/proposals')).body.items.map((p: any) => p.id)).not.toContain(id);
      expect((await xzsp.get('/api/v1/supervision/notices')).body.items.map((n: any) => n.id)).not.toContain(noticeId);
      // The unit now handling it reads it.
      expect((await as('jiaoyu').get(`/api/v1/proposals/${id}`)).status).toBe(200);
    });

    it('item 13: … and in the UI (proposal page, its 督办 page, the register)', async () => {
      const xzsp = await signInByForm(api, 'xzsp', PASSWORD);
      expect((await page(xzsp, `/proposals/${id}`)).status).toBe(404);
      expect((await page(xzsp, `/proposals/${id}/supervision`)).status).toBe(404);
      expect((await page(xzsp, '/proposals')).text).not.toContain(id);
      expect((await page(await signInByForm(api, 'jiaoyu', PASSWORD), `/proposals/${id}`)).status).toBe(200);
    });

    it('item 10: the proposer\'s timeline (API) leaves out 督办, adjustments and the deadline ladder, and names no logins', async () => {
      const staff = (await as('supervisor').get(`/api/v1/proposals/${id}/events`)).body as Array<{ type: string; actor: string; payload: any }>;
      expect(staff.map((e) => e.type)).toEqual(expect.arrayContaining([
        'supervision.notice_issued', 'proposal.key_designated', 'supervision.note_added', 'assignment.adjustment_requested', 'assignment.adjustment_approved',
      ]));
      const mine = await as('proposer').get(`/api/v1/proposals/${id}/events`);
      expect(mine.status).toBe(200);
      const events = mine.body as Array<{ type: string; actor: string; payload: any }>;
      expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['proposal.submitted', 'proposal.filed', 'proposal.assigned', 'assignment.reassigned']));
      for (const e of events) {
        expect(e.type).not.toMatch(/^(supervision|deadline|notification)\.|adjustment|key_designated|classified|duplicates|extension_requested|opinion/);
        expect(e.actor).not.toContain(':');
      }
      const text = JSON.stringify(events);
      for (const secret of [NOTE, REASON, '张副市长', 'duchashi', 'xzsp', 'requestId']) expect(text).not.toContain(secret);
    });

    it('item 10: … and the proposal page the proposer sees shows no note, notice, adjustment or mail list', async () => {
      const proposer = await signInByForm(api, 'chengangzheng', PASSWORD);
      const html = (await page(proposer, `/proposals/${id}`)).text;
      expect(html).toContain('id="timeline"');
      expect(html).toContain('重新交办');
      for (const secret of [NOTE, REASON, '督办意见', '督办通知', '申请调整', '同意调整', '已发通知', 'duchashi（']) expect(html).not.toContain(secret);
      const supervisor = (await page(await signInByForm(api, 'duchashi', PASSWORD), `/proposals/${id}`)).text;
      expect(supervisor).toContain(NOTE);
      expect(supervisor).toContain(REASON);
    });
  });
});
