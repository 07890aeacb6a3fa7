import { DataSource } from 'typeorm';
import { ADMIN, eventually, startApi, type TestApi } from './support/api.js';
import { createDirectory, type Directory } from './support/directory.js';
import { signInByForm, tokenIn } from './support/ui-forms.js';
import { ok } from './fixtures/supervision/helpers.js';

/**
 * A session's own rules override (rulesOverride) changed through PATCH /api/v1/sessions/:id, or the
 * admin's session form, is a rules change like the rules endpoint's: a version with who, when, why
 * and what, a session.rules_changed event, and the session's running deadlines recomputed — in one
 * transaction with the session's other fields.
 */
describe('sessions: a changed rulesOverride is a versioned, audited rules change', () => {
  let api: TestApi;
  let dir: Directory;
  let proposalId: string;
  const FLOOD = '防汛抢险，全市机关临时休息';
  const holiday = (date: string, reason = FLOOD) => ({ holidayOverrides: [{ date, kind: 'holiday', reason }] });

  const as = (who: keyof Directory['tokens'] | 'admin') => api.as(who === 'admin' ? dir.adminToken : dir.tokens[who]);
  const patch = (body: object) => as('admin').patch(`/api/v1/sessions/${dir.sessionId}`, body);
  const reply = async () => (await ok(as('supervisor').get(`/api/v1/proposals/${proposalId}`), 'proposal')).deadlines.find((d: any) => d.kind === 'reply');
  const versions = async () => (await ok(as('committee').get(`/api/v1/rules/versions?sessionId=${dir.sessionId}`), 'versions')).items as any[];
  const override = async () => (await ok(as('admin').get(`/api/v1/sessions/${dir.sessionId}`), 'session')).rulesOverride;

  beforeAll(async () => {
    api = await startApi('sessrules', '2024-01-16T09:00:00+08:00');
    dir = await createDirectory(api);
    proposalId = (await ok(as('committee').post('/api/v1/proposals', { sessionId: dir.sessionId, number: 196, title: '强力推进我市数字政府建设', content: '内容', leadProposerId: dir.proposerId }), 'p196')).id;
    await ok(as('committee').post(`/api/v1/proposals/${proposalId}/review`, { decision: 'file' }), 'file');
    api.clock.set('2024-03-26T10:00:00+08:00');
    await ok(as('committee').post(`/api/v1/proposals/${proposalId}/assignments`, { leadUnitId: dir.units.xzsp }), 'assign');
    api.clock.set('2024-05-10T10:00:00+08:00');
  }, 120_000);
  afterAll(() => api?.close());

  it('recomputes the session\'s running deadlines, says why in each, and records a version and an event', async () => {
    expect((await reply()).dueOn).toBe('2024-06-26');
    expect((await as('supervisor').patch(`/api/v1/sessions/${dir.sessionId}`, { rulesOverride: holiday('2024-06-26') })).status).toBe(403);

    const res = await patch({ rulesOverride: holiday('2024-06-26'), rulesReason: FLOOD });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: dir.sessionId, rulesOverride: holiday('2024-06-26') });
    expect(res.body.rulesChange).toMatchObject({
      version: 1, recomputed: 1, moved: [expect.objectContaining({ proposalId, kind: 'reply', previousDueOn: '2024-06-26', dueOn: '2024-06-27' })],
    });

    const d = await reply();
    expect(d.dueOn).toBe('2024-06-27');
    expect(d.explanation).toContain(`按届次「市政协十届二次会议」时限规则第1版（${FLOOD}）重新计算`);
    expect(d.explanation).toContain('截止日由 2024-06-26 改为 2024-06-27');
    const events = await ok(as('supervisor').get(`/api/v1/proposals/${proposalId}/events`), 'events');
    expect(events.find((e: any) => e.type === 'deadline.recomputed').payload).toMatchObject({
      kind: 'reply', previousDueOn: '2024-06-26', dueOn: '2024-06-27', sessionId: dir.sessionId, sessionRulesVersion: 1,
    });

    expect(await versions()).toEqual([expect.objectContaining({
      version: 1, reason: FLOOD, changedBy: 'admin:admin', recomputed: 1, previous: {}, document: holiday('2024-06-26'),
      changes: [{ what: 'override', subject: 'holidayOverrides', before: null, after: holiday('2024-06-26').holidayOverrides }],
    })]);
    const [audit] = await api.app.get(DataSource).query(`SELECT actor, subject_id AS "subjectId", payload FROM events WHERE type = 'session.rules_changed'`);
    expect(audit).toMatchObject({ actor: 'admin:admin', subjectId: dir.sessionId, payload: { version: 1, reason: FLOOD, recomputed: 1, moved: 1 } });
    // The unit whose deadline moved is told, as after a change of the admin's layer.
    await eventually(async () => {
      const mails = (await ok(as('supervisor').get(`/api/v1/notifications?proposalId=${proposalId}`), 'notifications')).items as any[];
      expect(mails.filter((n) => n.type === 'deadline_recomputed').map((n) => n.recipientEmail)).toEqual(['xzsp@pds.example.gov.cn']);
    });
    // The supervision office and the committee hear of the change itself, as of a change of the shared rules.
    await eventually(async () => {
      const mails = (await ok(as('supervisor').get('/api/v1/notifications'), 'notifications')).items as any[];
      const told = mails.filter((n) => n.type === 'rules_changed');
      expect(told.map((n) => n.recipientEmail).sort()).toEqual(['duchashi@pds.example.gov.cn', 'tianwei@pds.example.gov.cn']);
      expect(told[0].subject).toBe('【规则变更】市政协十届二次会议时限规则第1版');
      const [body] = await api.app.get(DataSource).query(`SELECT body_text FROM notifications WHERE type = 'rules_changed' LIMIT 1`);
      expect(body.body_text).toContain(`本届次的工作日调整：无 → 2024-06-26 休息（${FLOOD}）`);
    });
  });

  it('changes nothing and records nothing when the override is posted back as it is', async () => {
    const res = await patch({ name: '市政协十届二次会议（2024）', rulesOverride: holiday('2024-06-26') });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: '市政协十届二次会议（2024）', rulesChange: null });
    expect(await versions()).toHaveLength(1);
    expect((await patch({ name: '市政协十届二次会议' })).status).toBe(200);
  });

  it('refuses an override that leaves invalid rules, with a 400 naming rulesOverride, and keeps the old one', async () => {
    const res = await patch({ rulesOverride: { deadlines: { reply: { length: { amount: -1, unit: 'months' } } } }, rulesReason: '试一下' });
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual(['rulesOverride']);
    expect(await override()).toEqual(holiday('2024-06-26'));
    expect(await versions()).toHaveLength(1);
  });

  it('changes the fields and the rules together or not at all', async () => {
    await ok(as('admin').post('/api/v1/sessions', { name: '市政协十届三次会议', body: 'cppcc', term: 10, meeting: 3, year: 2025, openedOn: '2025-01-10' }), 'other session');
    const res = await patch({ name: '市政协十届三次会议', rulesOverride: {}, rulesReason: '汛情解除' });
    expect(res.status).toBe(409);
    expect(await override()).toEqual(holiday('2024-06-26'));
    expect((await reply()).dueOn).toBe('2024-06-27');
    expect(await versions()).toHaveLength(1);
  });

  it('replays the history with the session\'s override of each day', async () => {
    const at = async (date: string) =>
      (await ok(as('supervisor').get(`/api/v1/stats/as-of?date=${date}&sessionId=${dir.sessionId}`), `as-of ${date}`)).open
        .find((d: any) => d.proposalId === proposalId && d.kind === 'reply');
    expect(await at('2024-05-09')).toMatchObject({ dueOn: '2024-06-26' });
    expect(await at('2024-05-10')).toMatchObject({ dueOn: '2024-06-27' });
  });

  it('routes the admin\'s session form through the same rules change', async () => {
    api.clock.set('2024-05-20T10:00:00+08:00');
    const jar = await signInByForm(api, ADMIN.username, ADMIN.password);
    const form = await api.http.get(`/admin/sessions/${dir.sessionId}`).set('Cookie', jar.header());
    expect(form.status).toBe(200);
    expect(form.text).toContain('name="rulesReason"');
    jar.take(form);
    const posted = await api.http.post(`/admin/sessions/${dir.sessionId}`).set('Cookie', jar.header()).type('form').send({
      _csrf: tokenIn(form.text), name: '市政协十届二次会议', body: 'cppcc', term: '10', meeting: '2', year: '2024', openedOn: '2024-01-15',
      rulesOverride: '', rulesReason: '汛情解除，恢复正常上班',
    });
    expect(posted.status).toBe(303);
    expect(decodeURIComponent(String(posted.headers['set-cookie']))).toContain('时限规则为本届第2版，重新计算了1项进行中的期限');
    expect(await override()).toEqual({});
    expect((await reply()).dueOn).toBe('2024-06-26');
    expect((await versions()).map((v) => [v.version, v.reason, v.previous, v.document])).toEqual([
      [2, '汛情解除，恢复正常上班', holiday('2024-06-26'), {}],
      [1, FLOOD, {}, holiday('2024-06-26')],
    ]);
  });
});
