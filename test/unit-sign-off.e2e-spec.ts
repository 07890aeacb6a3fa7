import { DataSource } from 'typeorm';
import { ADMIN, eventually, startApi, type TestApi } from './support/api.js';
import { signInByForm, tokenIn } from './support/ui-forms.js';
import { diskStore, type TestAttachmentStore } from './support/attachment-stores.js';
import { createDirectory, PASSWORD, type Directory } from './support/directory.js';
import { LETTER_PDF } from './support/files.js';

const DRAFT = { content: '关于加强中小学课后服务的答复（初稿）', resultCategory: 'B', contactName: '赵磊', contactPhone: '0375-2942216', public: true };
const REPLY = { ...DRAFT, signedBy: '局长' };

/**
 * The unit's internal flow (单位内部流转与审签) through the API: where a unit has a leader (分管领导),
 * the liaison (联络员) signs for the work and gives it to an officer (经办人), the officer drafts, the
 * leader approves (the reply is then sent, the leader its 签发人) or returns it. A reply cannot leave
 * before the sign-off (409 SIGN_OFF_REQUIRED); a unit the rules skip, or without a leader, works as before.
 */
describe('unit roles and the sign-off of replies (审签)', () => {
  let api: TestApi;
  let dir: Directory;
  let officer: { id: string; token: string };
  let leader: { id: string; token: string };
  const admin = () => api.as(dir.adminToken);
  const as = (token: string) => api.as(token);
  const actions = async (token: string, id: string) =>
    ((await as(token).get(`/api/v1/proposals/${id}/actions`)).body.items as Array<{ action: string; assignmentId?: string }>).map((a) => a.action);

  const unitUser = async (username: string, unitId: string, unitRole: string, displayName: string) => {
    const res = await admin().post('/api/v1/users', { username, password: PASSWORD, role: 'unit', unitId, unitRole, displayName, email: `${username}@example.com` });
    expect(res.status).toBe(201);
    expect(res.body.unitRole).toBe(unitRole);
    return { id: res.body.id as string, token: await api.login(username, PASSWORD) };
  };

  const assignedTo = async (unitId: string, title: string) => {
    const created = await as(dir.tokens.committee).post('/api/v1/proposals', { sessionId: dir.sessionId, title, content: '内容', leadProposerId: dir.proposerId });
    expect((await as(dir.tokens.committee).post(`/api/v1/proposals/${created.body.id}/review`, { decision: 'file' })).status).toBe(200);
    const assigned = await as(dir.tokens.committee).post(`/api/v1/proposals/${created.body.id}/assignments`, { leadUnitId: unitId });
    expect(assigned.status).toBe(201);
    return { id: created.body.id as string, assignmentId: assigned.body[0].id as string };
  };

  let store: TestAttachmentStore;

  beforeAll(async () => {
    store = await diskStore();
    api = await startApi('signoff', '2025-03-10T09:00:00+08:00', { env: store.env });
    dir = await createDirectory(api);
    officer = await unitUser('jiaoyu-jingban', dir.units.jiaoyu, 'officer', '赵磊');
    leader = await unitUser('jiaoyu-lingdao', dir.units.jiaoyu, 'leader', '韩淑芳');
  });
  afterAll(async () => {
    await api?.close();
    await store?.close();
  });

  it('gives unit users a post: the users of before are liaisons, and only a unit user has one', async () => {
    const users = (await admin().get('/api/v1/users?pageSize=100')).body.items as Array<{ username: string; unitRole: string | null }>;
    expect(users.find((u) => u.username === 'jiaoyu')?.unitRole).toBe('liaison');
    expect(users.find((u) => u.username === 'tianwei')?.unitRole).toBeNull();
    const refused = await admin().post('/api/v1/users', { username: 'not-a-unit', password: PASSWORD, role: 'committee', unitRole: 'leader' });
    expect(refused.status).toBe(400);
    expect(refused.body.fields).toEqual(expect.arrayContaining(['unitRole']));
    const bad = await admin().post('/api/v1/users', { username: 'bad-post', password: PASSWORD, role: 'unit', unitId: dir.units.jiaoyu, unitRole: 'director' });
    expect(bad.status).toBe(400);
  });

  it('walks liaison → officer → leader: a reply cannot be sent before the sign-off, a returned draft goes back to the officer', async () => {
    const { id, assignmentId } = await assignedTo(dir.units.jiaoyu, '关于加强中小学课后服务的提案');
    const before = (await as(dir.tokens.jiaoyu).get(`/api/v1/proposals/${id}`)).body.deadlines.find((d: { kind: string }) => d.kind === 'reply');

    // 签收 is the liaison's.
    const byOfficer = await as(officer.token).post(`/api/v1/assignments/${assignmentId}/accept`);
    expect(byOfficer.status).toBe(403);
    expect(byOfficer.body.errorCode).toBe('UNIT_POST_NOT_ALLOWED');
    expect((await as(dir.tokens.jiaoyu).post(`/api/v1/assignments/${assignmentId}/accept`)).status).toBe(200);
    expect(await actions(dir.tokens.jiaoyu, id)).toEqual(['communicate', 'adjust', 'extend', 'assign_officer']);
    expect(await actions(leader.token, id)).toEqual(['communicate', 'adjust', 'extend']);

    // Nobody sends the reply directly: 409 with its code.
    for (const token of [dir.tokens.jiaoyu, officer.token, leader.token]) {
      const direct = await as(token).post(`/api/v1/assignments/${assignmentId}/reply`, REPLY);
      expect(direct.status).toBe(409);
      expect(direct.body.errorCode).toBe('SIGN_OFF_REQUIRED');
      expect(direct.body.messageZh).toContain('分管领导审签');
    }

    // 分派经办人: only to an officer of the unit.
    const toLeader = await as(dir.tokens.jiaoyu).post(`/api/v1/assignments/${assignmentId}/officer`, { officerUserId: leader.id });
    expect(toLeader.status).toBe(400);
    expect(toLeader.body.fields).toEqual(['officerUserId']);
    const given = await as(dir.tokens.jiaoyu).post(`/api/v1/assignments/${assignmentId}/officer`, { officerUserId: officer.id });
    expect(given.status).toBe(200);
    expect(given.body).toMatchObject({ officerUserId: officer.id, deskStage: 'officer' });
    expect(await actions(officer.token, id)).toEqual(['communicate', 'adjust', 'extend', 'draft_reply']);
    const early = await as(leader.token).post(`/api/v1/assignments/${assignmentId}/reply-drafts/approve`);
    expect(early.status).toBe(409);
    expect(early.body.errorCode).toBe('SIGN_OFF_STAGE');

    // 拟稿 → 退回修改 (with a comment) → the officer again.
    expect((await as(dir.tokens.jiaoyu).post(`/api/v1/assignments/${assignmentId}/reply-drafts`, DRAFT)).body.errorCode).toBe('UNIT_POST_NOT_ALLOWED');
    expect((await as(officer.token).post(`/api/v1/assignments/${assignmentId}/reply-drafts`, DRAFT)).status).toBe(201);
    expect(await actions(leader.token, id)).toEqual(['communicate', 'adjust', 'extend', 'approve_reply', 'return_reply']);
    expect(await actions(officer.token, id)).toEqual(['communicate', 'adjust', 'extend']);
    expect((await as(leader.token).post(`/api/v1/assignments/${assignmentId}/reply-drafts/return`, { comment: ' ' })).status).toBe(400);
    const returned = await as(leader.token).post(`/api/v1/assignments/${assignmentId}/reply-drafts/return`, { comment: '请补充课后服务经费保障的具体措施。' });
    expect(returned.status).toBe(200);
    let file = (await as(dir.tokens.jiaoyu).get(`/api/v1/proposals/${id}`)).body;
    expect(file.assignments[0]).toMatchObject({ deskStage: 'officer', officerName: '赵磊', signOff: true });
    expect(file.assignments[0].drafts).toEqual([expect.objectContaining({ status: 'returned', comment: '请补充课后服务经费保障的具体措施。', decidedByName: '韩淑芳' })]);
    expect(await actions(officer.token, id)).toEqual(['communicate', 'adjust', 'extend', 'draft_reply']);

    // 拟稿 again → 审签同意: the reply is sent as ever, the leader its 签发人; the statutory deadline did not move.
    expect((await as(officer.token).post(`/api/v1/assignments/${assignmentId}/reply-drafts`, { ...DRAFT, content: '关于加强中小学课后服务的答复' })).status).toBe(201);
    const approved = await as(leader.token).post(`/api/v1/assignments/${assignmentId}/reply-drafts/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ signedBy: '韩淑芳', content: '关于加强中小学课后服务的答复' });
    file = (await as(dir.tokens.jiaoyu).get(`/api/v1/proposals/${id}`)).body;
    expect(file.status).toBe('replied');
    expect(file.assignments[0]).toMatchObject({ state: 'replied', deskStage: null });
    const reply = file.deadlines.find((d: { kind: string }) => d.kind === 'reply');
    expect(reply).toMatchObject({ dueOn: before.dueOn, status: 'settled' });

    const timeline = (await as(dir.tokens.committee).get(`/api/v1/proposals/${id}/events`)).body;
    const events = ((Array.isArray(timeline) ? timeline : timeline.items) as Array<{ type: string }>).map((e) => e.type);
    expect(events.filter((t) => t.startsWith('assignment.officer') || t.startsWith('reply.') || t === 'proposal.replied')).toEqual([
      'assignment.officer_assigned', 'reply.drafted', 'reply.returned', 'reply.drafted', 'reply.approved', 'reply.submitted', 'proposal.replied',
    ]);
    // Each step's mail, in the unit: the officer (分派, 退回, 签发), the leader (两次报审).
    const mails = await eventually(async () => {
      const rows: Array<{ recipient_email: string; subject: string; recipient_ref: string }> = await api.app.get(DataSource).query(
        `SELECT recipient_email, subject, recipient_ref FROM notifications WHERE proposal_id = $1 AND type = 'unit_flow' AND channel = 'email' ORDER BY created_at, subject`, [id],
      );
      if (rows.length < 5) throw new Error(`${rows.length} unit-flow mails so far`);
      return rows;
    });
    expect(mails.map((m) => `${m.recipient_email} ${m.subject.slice(0, m.subject.indexOf('】') + 1)}`).sort()).toEqual([
      'jiaoyu-jingban@example.com 【分派经办】',
      'jiaoyu-jingban@example.com 【已签发】',
      'jiaoyu-jingban@example.com 【退回修改】',
      'jiaoyu-lingdao@example.com 【待审签】',
      'jiaoyu-lingdao@example.com 【待审签】',
    ]);
    // Within the unit: its message centre lists them (站内消息).
    expect(new Set(mails.map((m) => m.recipient_ref))).toEqual(new Set([`unit:${dir.units.jiaoyu}`]));
  });

  it('a unit the rules skip, or without a leader, replies as before', async () => {
    // 市发展和改革委员会 has no leader in Duban: as before unit roles.
    const plain = await assignedTo(dir.units.fagai, '关于推进重大项目建设的提案');
    const fagaiToken = await (async () => {
      await admin().post('/api/v1/users', { username: 'fagai', password: PASSWORD, role: 'unit', unitId: dir.units.fagai, email: 'fagai@example.com' });
      return api.login('fagai', PASSWORD);
    })();
    expect((await as(fagaiToken).post(`/api/v1/assignments/${plain.assignmentId}/accept`)).status).toBe(200);
    expect(await actions(fagaiToken, plain.id)).toEqual(['reply', 'communicate', 'adjust', 'extend']);
    expect((await as(fagaiToken).post(`/api/v1/assignments/${plain.assignmentId}/reply`, REPLY)).status).toBe(201);

    // 市行政审批和政务信息管理局 has a leader, and the admin's rules layer skips its sign-off.
    await unitUser('xzsp-lingdao', dir.units.xzsp, 'leader', '高志明');
    const skipped = await admin().post('/api/v1/rules/versions', { reason: '该局答复由局长办公会审定，不在系统内审签', signOff: { skipUnitIds: [dir.units.xzsp] } });
    expect(skipped.status).toBe(201);
    expect(skipped.body.changes).toEqual([expect.objectContaining({ what: 'sign_off', after: [dir.units.xzsp] })]);
    const { id, assignmentId } = await assignedTo(dir.units.xzsp, '关于数字政府建设的提案');
    expect((await as(dir.tokens.xzsp).post(`/api/v1/assignments/${assignmentId}/accept`)).status).toBe(200);
    expect(await actions(dir.tokens.xzsp, id)).toEqual(['reply', 'communicate', 'adjust', 'extend']);
    const sent = await as(dir.tokens.xzsp).post(`/api/v1/assignments/${assignmentId}/reply`, REPLY);
    expect(sent.status).toBe(201);
    expect(sent.body.signedBy).toBe('局长');
    const bad = await admin().post('/api/v1/rules/versions', { reason: '错误', signOff: { skipUnitIds: ['xzsp'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual(['signOff.skipUnitIds']);
  });

  it('the admin lifts and sets a unit\'s exemption on the rules page (时限规则 → 单位内部审签)', async () => {
    const jar = await signInByForm(api, ADMIN.username, ADMIN.password);
    const page = await api.http.get('/supervision/rules').set('Cookie', jar.header());
    expect(page.status).toBe(200);
    jar.take(page); // the forms' CSRF cookie
    // The exemption set through the API above is listed, with its unit's name and the change in the versions.
    const section = page.text.slice(page.text.indexOf('id="h-signoff"'), page.text.indexOf('id="h-ladders"'));
    expect(section).toContain('市行政审批和政务信息管理局');
    expect(page.text).toContain('免审签单位：市行政审批和政务信息管理局');
    const post = (body: Record<string, string>) =>
      api.http.post('/supervision/rules/sign-off').set('Cookie', jar.header()).type('form').send({ _csrf: tokenIn(page.text), ...body });
    const skipped = async () => ((await admin().get('/api/v1/rules')).body.layer.signOff?.skipUnitIds ?? []) as string[];

    const restored = await post({ unitId: dir.units.xzsp, skip: 'no', reason: '市行政审批和政务信息管理局恢复分管领导审签' });
    expect([restored.status, restored.headers.location]).toEqual([303, '/supervision/rules']);
    expect(await skipped()).toEqual([]);
    const set = await post({ unitId: dir.units.jiaoyu, skip: 'yes', reason: '教育局答复由局务会审定' });
    expect(set.status).toBe(303);
    expect(await skipped()).toEqual([dir.units.jiaoyu]);
    const after = await api.http.get('/supervision/rules').set('Cookie', jar.header());
    expect(after.text).toContain('免审签单位：市教育局');
    // No reason: the form again with the refusal, nothing changed.
    const refused = await post({ unitId: dir.units.xzsp, skip: 'yes', reason: '' });
    expect(refused.status).toBe(400);
    expect(await skipped()).toEqual([dir.units.jiaoyu]);
    // Back as before for the tests below.
    expect((await post({ unitId: dir.units.jiaoyu, skip: 'no', reason: '恢复' })).status).toBe(303);
    expect(await skipped()).toEqual([]);
  });

  it('where the rules require the signed letter, the leader sends it with the approval (答复函随签发)', async () => {
    const rules = await admin().patch(`/api/v1/sessions/${dir.sessionId}`, { rulesOverride: { attachments: { replyLetterRequired: true } }, rulesReason: '答复须附答复函' });
    expect(rules.status).toBe(200);
    const { id, assignmentId } = await assignedTo(dir.units.jiaoyu, '关于校园食品安全的提案');
    expect((await as(dir.tokens.jiaoyu).post(`/api/v1/assignments/${assignmentId}/accept`)).status).toBe(200);
    expect((await as(dir.tokens.jiaoyu).post(`/api/v1/assignments/${assignmentId}/officer`, { officerUserId: officer.id })).status).toBe(200);
    expect((await as(officer.token).post(`/api/v1/assignments/${assignmentId}/reply-drafts`, DRAFT)).status).toBe(201);

    const without = await as(leader.token).post(`/api/v1/assignments/${assignmentId}/reply-drafts/approve`);
    expect([without.status, without.body.code, without.body.fields]).toEqual([400, 'letter_required', ['letter']]);
    expect((await as(dir.tokens.jiaoyu).get(`/api/v1/proposals/${id}`)).body.status).toBe('handling');

    const approved = await api.http.post(`/api/v1/assignments/${assignmentId}/reply-drafts/approve`)
      .set('Authorization', `Bearer ${leader.token}`).attach('letter', LETTER_PDF, '答复函.pdf');
    expect(approved.status).toBe(200);
    expect(approved.body.signedBy).toBe('韩淑芳');
    const letters: Array<{ purpose: string; filename: string }> = await api.app.get(DataSource).query(
      `SELECT purpose, filename FROM attachments WHERE owner_type = 'reply' AND owner_id = $1`, [approved.body.id],
    );
    expect(letters).toEqual([{ purpose: 'letter', filename: '答复函.pdf' }]);
    expect((await as(dir.tokens.jiaoyu).get(`/api/v1/proposals/${id}`)).body.status).toBe('replied');
  });
});
