import { startApi, type TestApi } from '../support/api.js';
import { createDirectory, type Directory } from '../support/directory.js';
import { signInByForm, tokenIn, type Jar } from '../support/ui-forms.js';

/**
 * Issue 11, items 6 and 9: one input layer for the API and the UI. NUL bytes and other control
 * characters, lone surrogates, impossible calendar dates, unbounded page numbers and prototype keys
 * are a 400 naming the field (never a 500, never a 409); a whitespace-only title is refused, not
 * stored empty; the body limit fits the field limits, and a refused UI form comes back as typed.
 */
describe('security: input', () => {
  let api: TestApi;
  let dir: Directory;
  let proposalId: string;
  let assignmentId: string;

  const refused = (res: { status: number; body: any }, field: string) => {
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'validation_failed' });
    expect(res.body).toMatchObject({ statusCode: 400, message: expect.any(String) });
    expect(res.body.fields).toContain(field);
  };
  /** A JSON body exactly as written: JSON.stringify would never write a lone surrogate. */
  const rawJson = (path: string, token: string, json: string) =>
    api.http.post(path).set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send(json);

  beforeAll(async () => {
    api = await startApi('secinput', '2024-03-26T10:00:00+08:00');
    dir = await createDirectory(api);
    const committee = api.as(dir.tokens.committee);
    const p = (await committee.post('/api/v1/proposals', { sessionId: dir.sessionId, title: '关于优化营商环境的提案', content: '内容', leadProposerId: dir.proposerId })).body;
    await committee.post(`/api/v1/proposals/${p.id}/review`, { decision: 'file' });
    const [a] = (await committee.post(`/api/v1/proposals/${p.id}/assignments`, { leadUnitId: dir.units.xzsp })).body;
    expect((await api.as(dir.tokens.xzsp).post(`/api/v1/assignments/${a.id}/accept`)).status).toBe(200);
    proposalId = p.id;
    assignmentId = a.id;
  }, 60_000);
  afterAll(() => api?.close(), 60_000);

  it('refuses a NUL byte in any text field, public search included, with 400 naming the field', async () => {
    refused(await api.http.get('/api/v1/public/replies?q=%00'), 'q');
    const page = await api.http.get('/public/replies?q=%00');
    expect(page.status).toBe(400);
    expect(page.type).toBe('text/html');
    expect(page.text).toContain('控制字符');
    const committee = api.as(dir.tokens.committee);
    const xzsp = api.as(dir.tokens.xzsp);
    refused(await committee.post('/api/v1/proposals', { sessionId: dir.sessionId, title: '标题\u0000', content: '内容', leadProposerId: dir.proposerId }), 'title');
    refused(await committee.post('/api/v1/proposals', { sessionId: dir.sessionId, title: '标题', content: '内容\u0001', leadProposerId: dir.proposerId }), 'content');
    refused(await xzsp.post(`/api/v1/assignments/${assignmentId}/communications`, { method: 'phone', happenedOn: '2024-03-25', summary: 'a\u0000b' }), 'summary');
    refused(await api.as(dir.adminToken).post('/api/v1/units', { code: 'nul', name: '单位\u0000', kind: 'department', email: 'nul@example.com' }), 'name');
    refused(await committee.get('/api/v1/proposals?q=%00'), 'q');
    refused(await committee.post(`/api/v1/proposals/${proposalId}/assignments`, { leadUnitId: dir.units.xzsp, leaderName: 'x\u0000' }), 'leaderName');
    // Tab, CR and LF are text.
    expect((await xzsp.post(`/api/v1/assignments/${assignmentId}/communications`, { method: 'phone', happenedOn: '2024-03-25', summary: '第一行\r\n\t第二行' })).status).toBe(201);
  });

  it('refuses unpaired surrogates', async () => {
    const body = (title: string) => `{"sessionId":"${dir.sessionId}","title":"${title}","content":"内容","leadProposerId":"${dir.proposerId}"}`;
    refused(await rawJson('/api/v1/proposals', dir.tokens.committee, body('标题\\ud800')), 'title');
    refused(await rawJson('/api/v1/proposals', dir.tokens.committee, body('\\udc00标题')), 'title');
    // A pair is one character (𠀀, outside the BMP).
    expect((await rawJson('/api/v1/proposals', dir.tokens.committee, body('\\ud840\\udc00的提案'))).status).toBe(201);
  });

  it('refuses impossible calendar dates everywhere with 400, not 500 or 409', async () => {
    const admin = api.as(dir.adminToken);
    const xzsp = api.as(dir.tokens.xzsp);
    for (const openedOn of ['2024-02-30', '0000-00-00', '2023-02-29', '2024-13-01']) {
      refused(await admin.post('/api/v1/sessions', { name: `会议${openedOn}`, body: 'cppcc', term: 10, meeting: 3, year: 2025, openedOn }), 'openedOn');
    }
    refused(await admin.patch(`/api/v1/sessions/${dir.sessionId}`, { openedOn: '2024-02-30' }), 'openedOn');
    refused(await xzsp.post(`/api/v1/assignments/${assignmentId}/communications`, { method: 'phone', happenedOn: '2024-02-30', summary: '电话沟通' }), 'happenedOn');
    refused(await xzsp.post(`/api/v1/assignments/${assignmentId}/extension-requests`, { reason: '需要协调', newDueOn: '2024-02-30' }), 'newDueOn');
    refused(await xzsp.post(`/api/v1/assignments/${assignmentId}/extension-requests`, { reason: '需要协调', newDueOn: '0000-00-00' }), 'newDueOn');
    const supervisor = api.as(dir.tokens.supervisor);
    refused(await supervisor.get('/api/v1/stats/as-of?date=2024-02-30'), 'date');
    refused(await supervisor.get('/api/v1/stats/as-of?at=2024-02-30T10:00:00%2B08:00'), 'at');
    // A real leap day is a date.
    expect((await supervisor.get('/api/v1/stats/as-of?date=2024-02-29')).status).toBe(200);
  });

  it('bounds page numbers: 400 in the API, clamped in the UI', async () => {
    const committee = api.as(dir.tokens.committee);
    for (const page of ['1e308', '99999999999999999999', '-1', '0', 'NaN', '1.5', '100001']) {
      refused(await committee.get(`/api/v1/proposals?page=${page}`), 'page');
      refused(await api.http.get(`/api/v1/public/replies?page=${page}`), 'page');
    }
    refused(await committee.get('/api/v1/proposals?pageSize=1e308'), 'pageSize');
    expect((await committee.get('/api/v1/proposals?page=2&pageSize=5')).status).toBe(200);
    expect((await api.http.get('/public/replies?page=99999999999999999999')).status).toBe(200);
    expect((await api.http.get('/public/replies?q=a&q=b')).status).toBe(200);
    const jar = await signInByForm(api, 'tianwei', 'password-for-tests').catch(() => null);
    if (jar) {
      for (const page of ['99999999999999999999', '1e308', '-5']) {
        const res = await api.http.get(`/proposals?page=${page}`).set('Cookie', jar.header());
        expect({ page, status: res.status }).toEqual({ page, status: 200 });
      }
    }
  });

  it('refuses a whitespace-only title instead of storing it empty', async () => {
    const committee = api.as(dir.tokens.committee);
    refused(await committee.post('/api/v1/proposals', { sessionId: dir.sessionId, title: '\u3000 \t ', content: '内容', leadProposerId: dir.proposerId }), 'title');
    refused(await committee.post('/api/v1/proposals', { sessionId: dir.sessionId, title: '标题', content: '   ', leadProposerId: dir.proposerId }), 'content');
    const ok = await committee.post('/api/v1/proposals', { sessionId: dir.sessionId, title: '  关于公交专线的提案  ', content: '内容', leadProposerId: dir.proposerId });
    expect(ok.status).toBe(201);
    expect(ok.body.title).toBe('关于公交专线的提案');
  });

  it('refuses prototype keys anywhere in a body, as every other unknown field', async () => {
    const base = `"sessionId":"${dir.sessionId}","title":"标题","content":"内容","leadProposerId":"${dir.proposerId}"`;
    refused(await rawJson('/api/v1/proposals', dir.tokens.committee, `{${base},"__proto__":{"isAdmin":true}}`), '__proto__');
    refused(await rawJson('/api/v1/proposals', dir.tokens.committee, `{${base},"constructor":{"prototype":{"x":1}}}`), 'constructor');
    refused(await rawJson('/api/v1/proposals', dir.tokens.committee, `{${base},"coProposerIds":[{"prototype":1}]}`), 'coProposerIds.0.prototype');
    refused(await api.http.get('/api/v1/public/replies?__proto__=1'), '__proto__');
    refused(await api.as(dir.tokens.committee).post('/api/v1/proposals', { sessionId: dir.sessionId, title: '标题', content: '内容', leadProposerId: dir.proposerId, isAdmin: true }), 'isAdmin');
  });

  it('fits the body limit to the field limits: 50,000 Chinese characters go in through the API and the UI form', async () => {
    const content = '中'.repeat(50_000);
    const api1 = await api.as(dir.tokens.committee).post('/api/v1/proposals', { sessionId: dir.sessionId, title: '长提案（API）', content, leadProposerId: dir.proposerId });
    expect(api1.status).toBe(201);
    const reply = '答'.repeat(100_000);
    const jar = await signInByForm(api, 'tianwei', 'password-for-tests');
    const form = await api.http.get('/proposals/new').set('Cookie', jar.header());
    jar.take(form);
    const posted = await api.http.post('/proposals').set('Cookie', jar.header()).type('form')
      .send({ _csrf: tokenIn(form.text), sessionId: dir.sessionId, title: '长提案（表单）', content, leadProposerId: dir.proposerId });
    expect(posted.status).toBe(303);
    // The longest field of all (a reply, 100,000 characters) as a JSON body fits too: read and validated
    // (404 for an assignment that does not exist), not refused for its size.
    const res = await api.as(dir.tokens.xzsp).post('/api/v1/assignments/00000000-0000-4000-8000-000000000000/reply', {
      content: reply, resultCategory: 'A', signedBy: '签发人', contactName: '王', contactPhone: '2580162', public: true,
    });
    expect(res.status).toBe(404);
  });

  describe('a refused UI form comes back as typed', () => {
    let jar: Jar;
    const post = async (path: string, fields: Record<string, string>) => {
      const form = await api.http.get('/proposals/new').set('Cookie', jar.header());
      jar.take(form);
      return api.http.post(path).set('Cookie', jar.header()).type('form').send({ _csrf: tokenIn(form.text), ...fields });
    };
    beforeAll(async () => {
      jar = await signInByForm(api, 'tianwei', 'password-for-tests');
    });

    it('a NUL byte: 400, the form again with the typed text and the field named', async () => {
      const typed = '这是委员花了一下午写的提案正文，不能丢。';
      const res = await post('/proposals', { sessionId: dir.sessionId, title: '含有控制字符\u0000的标题', content: typed, leadProposerId: dir.proposerId });
      expect(res.status).toBe(400);
      expect(res.text).toContain('id="new-proposal"');
      expect(res.text).toContain(typed);
      expect(res.text).toContain('「标题」含有不允许的控制字符');
    });

    it('too long for its field: 400, the form again with all of it', async () => {
      const typed = '长'.repeat(50_001);
      const res = await post('/proposals', { sessionId: dir.sessionId, title: '超长的提案', content: typed, leadProposerId: dir.proposerId });
      expect(res.status).toBe(400);
      expect(res.text).toContain(typed);
      expect(res.text).toContain('内容');
    });

    it('an impossible date in a unit form: 400 with the form again, not 409', async () => {
      const unitJar = await signInByForm(api, 'xzsp', 'password-for-tests');
      const page = await api.http.get(`/proposals/${proposalId}`).set('Cookie', unitJar.header());
      unitJar.take(page);
      const res = await api.http.post(`/proposals/${proposalId}/assignments/${assignmentId}/extension-request`).set('Cookie', unitJar.header()).type('form')
        .send({ _csrf: tokenIn(page.text), reason: '需要跨部门协调，申请延期', newDueOn: '2024-02-30' });
      expect(res.status).toBe(400);
      expect(res.text).toContain('需要跨部门协调，申请延期');
    });

    it('a body over the limit: a page in Chinese, not raw JSON', async () => {
      const res = await post('/proposals', { sessionId: dir.sessionId, title: '过大', content: '大'.repeat(500_000), leadProposerId: dir.proposerId });
      expect(res.status).toBe(413);
      expect(res.type).toBe('text/html');
      expect(res.text).toContain('提交的内容过长');
    });
  });
});
