import { DataSource } from 'typeorm';
import { startApi, type TestApi } from './support/api.js';
import { diskStore, type TestAttachmentStore } from './support/attachment-stores.js';
import { createDirectory, PASSWORD, type Directory } from './support/directory.js';
import { EXECUTABLE, png } from './support/files.js';
import { signInByForm, tokenIn, type Jar } from './support/ui-forms.js';

/**
 * Issue 14, the member's pages: a proposal written into a draft kept on the server (提案草稿) —
 * saved, resumed, the author's only — and submitted from it with its files; 我的提案 with the
 * reply countdown in the unit its rule counts in and the rule it comes from.
 */
describe('member pages: drafts, submission from a draft, 我的提案', () => {
  let api: TestApi;
  let dir: Directory;
  let store: TestAttachmentStore;
  let member: Jar;
  let other: Jar;
  let draftId = '';
  let proposalId = '';
  const sql = <T = any>(query: string, params: unknown[] = []): Promise<T[]> => api.app.get(DataSource).query(query, params);
  const get = (jar: Jar, path: string) => api.http.get(path).set('Cookie', jar.header());
  /** The draft form as a browser posts it: multipart, its CSRF token inside, the pressed button's intent. */
  const postDraft = async (jar: Jar, path: string, fields: Record<string, string>, files: Array<[Buffer, string]> = []) => {
    const form = await get(jar, '/proposals/new');
    jar.take(form);
    let req = api.http.post(path).set('Cookie', jar.header()).field('_csrf', tokenIn(form.text));
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    for (const [data, name] of files) req = req.attach('attachments', data, name);
    return req;
  };
  const autosave = async (jar: Jar, fields: Record<string, string>, withToken = true) => {
    const form = await get(jar, '/proposals/new');
    jar.take(form);
    return api.http.post('/mine/autosave').set('Cookie', jar.header()).type('form').send(withToken ? { _csrf: tokenIn(form.text), ...fields } : fields);
  };
  const idOf = (location: string) => /\/mine\/drafts\/([0-9a-f-]{36})/.exec(location)?.[1] ?? '';

  beforeAll(async () => {
    store = await diskStore();
    api = await startApi('memberdrafts', '2024-02-20T10:00:00+08:00', { env: store.env });
    dir = await createDirectory(api);
    member = await signInByForm(api, 'chengangzheng', PASSWORD);
    other = await signInByForm(api, 'liming', PASSWORD);
  });
  afterAll(async () => {
    await api?.close();
    await store?.close();
  });

  it('gives a member the draft form: multipart, 保存草稿 and 提交, files', async () => {
    const form = await get(member, '/proposals/new');
    expect(form.status).toBe(200);
    expect(form.text).toContain('action="/mine/drafts"');
    expect(form.text).toContain('enctype="multipart/form-data"');
    expect(form.text).toMatch(/name="intent" value="save"[^>]*>保存草稿/);
    expect(form.text).toMatch(/name="intent" value="submit"[^>]*>提交/);
    expect(form.text).toContain('name="attachments"');
    // The committee keeps its own form (number, co-signers, the lead proposer), without drafts.
    const tianwei = await signInByForm(api, 'tianwei', PASSWORD);
    const committee = await get(tianwei, '/proposals/new');
    expect(committee.text).toContain('action="/proposals"');
    expect((await postDraft(tianwei, '/mine/drafts', { title: '代录', content: '代录', intent: 'save' })).status).toBe(403);
    expect(await sql(`SELECT id FROM proposal_drafts`)).toEqual([]);
  });

  it('saves a half-written proposal with a photo (保存草稿, no JavaScript), and resumes it', async () => {
    const res = await postDraft(member, '/mine/drafts', { sessionId: dir.sessionId, title: '关于加快数字政府建设的提案', content: '一、现状', intent: 'save' }, [[png(), '现场照片.png']]);
    expect(res.status).toBe(303);
    draftId = idOf(res.headers.location);
    expect(draftId).not.toBe('');
    const page = await get(member, `/mine/drafts/${draftId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('value="关于加快数字政府建设的提案"');
    expect(page.text).toContain('一、现状</textarea>');
    expect(page.text).toContain('现场照片.png');
    expect(page.text).toContain(`action="/mine/drafts/${draftId}"`);
    // Nothing of a draft is a proposal yet: no row, no event.
    expect(await sql(`SELECT id FROM proposals`)).toEqual([]);
    expect((await store.keys()).every((k) => k.startsWith(`${draftId}/`))).toBe(true);
    const mine = await get(member, '/mine');
    expect(mine.text).toContain(`/mine/drafts/${draftId}`);
    expect(mine.text).toContain('附件 1 个');
  });

  it('keeps the typed text when a file is refused, and names the field', async () => {
    const res = await postDraft(member, `/mine/drafts/${draftId}`, { sessionId: dir.sessionId, title: '关于加快数字政府建设的提案', content: '一、现状\n二、建议', intent: 'save' }, [[EXECUTABLE, '说明.pdf']]);
    expect(res.status).toBe(400);
    expect(res.text).toContain('class="form-error"');
    expect(res.text).toContain('「附件」');
    const [draft] = await sql(`SELECT content FROM proposal_drafts WHERE id = $1`, [draftId]);
    expect(draft.content).toBe('一、现状\n二、建议');
  });

  it('saves as one types (自动保存): the text only, with its CSRF token', async () => {
    const res = await autosave(member, { draftId, sessionId: dir.sessionId, title: '关于加快数字政府建设的提案', content: '一、现状\n二、建议\n三、措施' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: draftId, savedAt: '2024-02-20 10:00' });
    expect((await autosave(member, { draftId, content: 'x' }, false)).status).toBe(403);
    const page = await get(member, `/mine/drafts/${draftId}`);
    expect(page.text).toContain('三、措施</textarea>');
    // The first autosave of a new form makes a draft and answers its id.
    const fresh = await autosave(member, { content: '另一件的开头' });
    expect(fresh.status).toBe(200);
    expect(fresh.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(fresh.body.id).not.toBe(draftId);
  });

  it("is the author's only: another member gets 404 for it, by page, by post and by autosave, and it is unchanged", async () => {
    expect((await get(other, `/mine/drafts/${draftId}`)).status).toBe(404);
    const post = await postDraft(other, `/mine/drafts/${draftId}`, { title: '改掉', content: '改掉', intent: 'save' });
    expect(post.status).toBe(404);
    const submit = await postDraft(other, `/mine/drafts/${draftId}`, { sessionId: dir.sessionId, title: '改掉', content: '改掉', intent: 'submit' });
    expect(submit.status).toBe(404);
    expect((await autosave(other, { draftId, content: '改掉' })).status).toBe(404);
    const [draft] = await sql(`SELECT title, content FROM proposal_drafts WHERE id = $1`, [draftId]);
    expect(draft).toEqual({ title: '关于加快数字政府建设的提案', content: '一、现状\n二、建议\n三、措施' });
    expect(await sql(`SELECT id FROM proposals`)).toEqual([]);
    // Nor does the other member's list show it.
    expect((await get(other, '/mine')).text).not.toContain(draftId);
  });

  it('refuses to submit an incomplete draft naming the field, and keeps it', async () => {
    const res = await postDraft(member, `/mine/drafts/${draftId}`, { sessionId: dir.sessionId, title: '', content: '一、现状\n二、建议\n三、措施', intent: 'submit' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('标题');
    expect(await sql(`SELECT id FROM proposals`)).toEqual([]);
    expect(await sql(`SELECT id FROM proposal_drafts WHERE id = $1`, [draftId])).toHaveLength(1);
  });

  it('submits from the draft: the proposal with the draft’s files as its 附件材料, the draft gone', async () => {
    const res = await postDraft(member, `/mine/drafts/${draftId}`, { sessionId: dir.sessionId, title: '关于加快数字政府建设的提案', content: '一、现状\n二、建议\n三、措施', intent: 'submit' });
    expect(res.status).toBe(303);
    proposalId = /\/proposals\/([0-9a-f-]{36})/.exec(res.headers.location)?.[1] ?? '';
    const [p] = await sql(`SELECT title, content, status, lead_proposer_id FROM proposals WHERE id = $1`, [proposalId]);
    expect(p).toEqual({ title: '关于加快数字政府建设的提案', content: '一、现状\n二、建议\n三、措施', status: 'submitted', lead_proposer_id: dir.proposerId });
    const files = await sql(`SELECT id, owner_type, owner_id, filename, storage_key FROM attachments WHERE proposal_id = $1`, [proposalId]);
    expect(files).toEqual([expect.objectContaining({ owner_type: 'proposal', owner_id: proposalId, filename: '现场照片.png' })]);
    expect(files[0].storage_key.startsWith(`${draftId}/`)).toBe(true);
    const events = await sql(`SELECT type FROM events WHERE proposal_id = $1 ORDER BY seq`, [proposalId]);
    expect(events.map((e) => e.type)).toEqual(['proposal.submitted', 'attachment.uploaded']);
    expect(await sql(`SELECT id FROM proposal_drafts WHERE id = $1`, [draftId])).toEqual([]);
    expect((await get(member, `/mine/drafts/${draftId}`)).status).toBe(404);
    // The file is the proposal's now, checked against its checksum on download.
    const download = await get(member, `/proposals/${proposalId}/attachments/${files[0].id}`).buffer(true);
    expect(download.status).toBe(200);
    expect(Buffer.compare(download.body as Buffer, png())).toBe(0);
    // A second tap on 提交 (the same draft posted again) makes no second proposal.
    const again = await postDraft(member, `/mine/drafts/${draftId}`, { sessionId: dir.sessionId, title: '关于加快数字政府建设的提案', content: 'x', intent: 'submit' });
    expect(again.status).toBe(404);
    expect(await sql(`SELECT id FROM proposals`)).toHaveLength(1);
  });

  it('shows on 我的提案 its state, the reply countdown in calendar days and the rule it comes from', async () => {
    const as = (who: keyof Directory['tokens']) => api.as(dir.tokens[who]);
    let mine = await get(member, '/mine');
    expect(mine.text).toContain('待立案编号');
    expect(mine.text).toContain('待审查');
    expect((await as('committee').post(`/api/v1/proposals/${proposalId}/review`, { decision: 'file' })).status).toBe(200);
    api.clock.set('2024-03-26T10:00:00+08:00');
    const assigned = await as('committee').post(`/api/v1/proposals/${proposalId}/assignments`, { leadUnitId: dir.units.xzsp });
    expect(assigned.status).toBe(201);
    api.clock.set('2024-05-26T09:00:00+08:00');
    mine = await get(member, '/mine');
    expect(mine.text).toContain('市政协十届二次会议第1号提案');
    expect(mine.text).toContain('已交办');
    // Due 2024-06-26 (3 months from 26 March, Civil Code arts. 201–203): 31 calendar days from 26 May.
    expect(mine.text).toContain('市行政审批和政务信息管理局答复');
    expect(mine.text).toContain('还剩 31 天');
    expect(mine.text).toContain('2024年6月26日');
    expect(mine.text).toContain('期限依据');
    expect(mine.text).toContain('答复期限：自交办之日起3个月');
    expect(mine.text).toContain('承办单位应当自交办之日起三个月内办理完毕');
    expect(mine.text).toContain('《民法典》第二百零一条');
    expect(mine.text).toContain('计算方法：答复期限：2024-03-26 交办');
    // Another member sees none of it.
    expect((await get(other, '/mine')).text).not.toContain(proposalId);
  });

  it('counts the rating period in working days once the reply is in, and links the reply page', async () => {
    const as = (who: keyof Directory['tokens']) => api.as(dir.tokens[who]);
    const assignmentId = (await sql(`SELECT id FROM assignments WHERE proposal_id = $1`, [proposalId]))[0].id;
    api.clock.set('2024-06-26T15:00:00+08:00');
    expect((await as('xzsp').post(`/api/v1/assignments/${assignmentId}/accept`)).status).toBe(200);
    const replied = await as('xzsp').post(`/api/v1/assignments/${assignmentId}/reply`, {
      content: '关于数字政府建设的答复。', resultCategory: 'A', signedBy: '市行政审批和政务信息管理局', contactName: '王', contactPhone: '2580162', public: true,
    });
    expect(replied.status).toBe(201);
    api.clock.set('2024-06-27T09:00:00+08:00');
    const mine = await get(member, '/mine');
    expect(mine.text).toContain('请在期限内评价答复');
    // 20 working days after 26 June: 24 July; from 27 June, 19 working days are left.
    expect(mine.text).toContain('还剩 19 个工作日');
    expect(mine.text).toContain('反馈（回执）期限：自答复之日起20个工作日');
    expect(mine.text).toContain('国务院办公厅公布的节假日安排');
    expect(mine.text).toContain(`/mine/${proposalId}/reply`);
    const reply = await get(member, `/mine/${proposalId}/reply`);
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('关于数字政府建设的答复。');
    expect(reply.text).toContain('提交评价');
    expect((await get(other, `/mine/${proposalId}/reply`)).status).toBe(404);
  });
});
