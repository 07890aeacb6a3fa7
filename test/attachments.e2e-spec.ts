import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ATTACHMENT_CEILING_BYTES } from '#domain';
import { startApi, type TestApi } from './support/api.js';
import { diskStore, s3Store, type TestAttachmentStore } from './support/attachment-stores.js';
import { createDirectory, type Directory } from './support/directory.js';
import { EXECUTABLE, LETTER_PDF, ofd, png, xlsx } from './support/files.js';
import { signInByForm, tokenIn } from './support/ui-forms.js';
import { PASSWORD } from './support/directory.js';

const REPLY = { content: '答复内容', resultCategory: 'A', signedBy: '局长', contactName: '王', contactPhone: '2580162', public: true };
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * 附件 (issue 14): the same suite against a disk-backed and an S3-backed deployment (s3rver in this
 * process). Files are judged by their content, limited by the rules, checksummed, reachable exactly
 * as what they belong to, audited on upload and download, and never half-written.
 */
describe.each([
  ['disk', diskStore],
  ['S3', s3Store],
] as const)('attachments on a %s store', (_, makeStore) => {
  let store: TestAttachmentStore;
  let api: TestApi;
  let dir: Directory;
  let proposalId: string;
  let assignmentId: string;
  const as = (who: keyof Directory['tokens']) => api.as(dir.tokens[who]);
  /** A multipart post as this user: fields, then files as [field, bytes, name]. */
  const upload = (who: keyof Directory['tokens'], path: string, files: Array<[string, Buffer, string]>, fields: Record<string, string> = {}) => {
    let req = api.http.post(path).set('Authorization', `Bearer ${dir.tokens[who]}`);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    for (const [field, data, name] of files) req = req.attach(field, data, name);
    return req;
  };
  const download = (who: keyof Directory['tokens'], id: string) =>
    api.http.get(`/api/v1/attachments/${id}/content`).set('Authorization', `Bearer ${dir.tokens[who]}`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  const sql = (q: string, params: unknown[] = []) => api.app.get(DataSource).query(q, params);
  const rows = async (where = 'true') => (await sql(`SELECT * FROM attachments WHERE ${where} ORDER BY uploaded_at, filename`)) as Array<Record<string, any>>;

  beforeAll(async () => {
    store = await makeStore();
    api = await startApi(`att${store.kind}`, '2025-01-16T09:00:00+08:00', { env: store.env });
    dir = await createDirectory(api);
    const created = await as('proposer').post('/api/v1/proposals', {
      sessionId: dir.sessionId, title: '关于推进数字政府建设的提案', content: '数字政府建设的内容', leadProposerId: dir.proposerId,
    });
    expect(created.status).toBe(201);
    proposalId = created.body.id;
  });
  afterAll(async () => {
    await api?.close();
    await store?.close();
  });

  it('stores a proposal\'s material by its content, with its SHA-256, and records the upload', async () => {
    const res = await upload('proposer', `/api/v1/proposals/${proposalId}/attachments`, [['attachment', LETTER_PDF, '调研报告.pdf']]);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ownerType: 'proposal', ownerId: proposalId, purpose: 'file', filename: '调研报告.pdf', format: 'pdf', mediaType: 'application/pdf', sizeBytes: LETTER_PDF.length, sha256: sha256(LETTER_PDF) });
    expect(await store.keys()).toEqual([`${proposalId}/${res.body.id}`]);
    const events = (await as('committee').get(`/api/v1/proposals/${proposalId}/events`)).body;
    expect(events.find((e: any) => e.type === 'attachment.uploaded').payload).toMatchObject({ attachmentId: res.body.id, sha256: sha256(LETTER_PDF), ownerType: 'proposal' });
    // A photo, a spreadsheet and an OFD document: accepted, each as what its content is.
    for (const [data, name, format] of [[png(), '现场照片.png', 'png'], [await xlsx(), '数据.xlsx', 'xlsx'], [await ofd(), '原件.ofd', 'ofd']] as const) {
      const r = await upload('proposer', `/api/v1/proposals/${proposalId}/attachments`, [['attachment', data, name]]);
      expect([r.status, r.body.format]).toEqual([201, format]);
    }
  });

  it('refuses by content, not by name: an executable called .pdf, a text file, an empty file — 400 naming the field, nothing stored', async () => {
    const before = await store.keys();
    for (const [data, name, code] of [
      [EXECUTABLE, '答复函.pdf', 'attachment_format'],
      [Buffer.from('这不是 PDF', 'utf8'), 'letter.pdf', 'attachment_format'],
      [Buffer.alloc(0), 'empty.png', 'attachment_empty'],
    ] as const) {
      const res = await upload('proposer', `/api/v1/proposals/${proposalId}/attachments`, [['attachment', data, name]]);
      expect([res.status, res.body.code, res.body.fields]).toEqual([400, code, ['attachment']]);
    }
    const none = await upload('proposer', `/api/v1/proposals/${proposalId}/attachments`, []);
    expect([none.status, none.body.fields]).toEqual([400, ['attachment']]);
    const wrongField = await upload('proposer', `/api/v1/proposals/${proposalId}/attachments`, [['file', png(), 'a.png']]);
    expect([wrongField.status, wrongField.body.fields]).toEqual([400, ['attachment']]);
    const huge = await upload('proposer', `/api/v1/proposals/${proposalId}/attachments`, [['attachment', Buffer.alloc(ATTACHMENT_CEILING_BYTES + 1), 'huge.pdf']]);
    expect([huge.status, huge.body.fields]).toEqual([413, ['attachment']]);
    expect(await store.keys()).toEqual(before);
    expect(await rows()).toHaveLength(4);
  });

  it('serves a file exactly as stored to who may see the proposal, 404 to another proposer and to a unit not handling it, and records each download', async () => {
    const [pdf] = await rows(`purpose = 'file' AND format = 'pdf'`);
    const own = await download('proposer', pdf!.id);
    expect(own.status).toBe(200);
    expect(own.headers['content-type']).toBe('application/pdf');
    expect(own.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('调研报告.pdf')}`);
    expect(sha256(own.body as Buffer)).toBe(pdf!.sha256);
    expect((await download('committee', pdf!.id)).status).toBe(200);
    for (const who of ['otherProposer', 'xzsp', 'jiaoyu'] as const) {
      expect((await download(who, pdf!.id)).status).toBe(404);
      expect((await as(who).get(`/api/v1/attachments/${pdf!.id}`)).status).toBe(404);
      expect((await as(who).get(`/api/v1/proposals/${proposalId}/attachments`)).status).toBe(404);
    }
    // Not signed in: the API refuses (401) and the public route knows only published letters (404).
    expect((await api.http.get(`/api/v1/attachments/${pdf!.id}/content`)).status).toBe(401);
    expect((await api.http.get(`/api/v1/public/attachments/${pdf!.id}/content`)).status).toBe(404);
    const [{ n }] = await sql(`SELECT count(*)::int AS n FROM events WHERE type = 'attachment.downloaded' AND subject_id = $1`, [pdf!.id]);
    expect(n).toBe(2);
  });

  it('a reply carries its signed letter, stored with the reply or not at all', async () => {
    expect((await as('committee').post(`/api/v1/proposals/${proposalId}/review`, { decision: 'file' })).status).toBe(200);
    // Filed: the proposer adds nothing more; the committee still may.
    expect((await upload('proposer', `/api/v1/proposals/${proposalId}/attachments`, [['attachment', png(), 'b.png']])).status).toBe(409);
    const assigned = await as('committee').post(`/api/v1/proposals/${proposalId}/assignments`, { leadUnitId: dir.units.xzsp });
    expect(assigned.status).toBe(201);
    assignmentId = assigned.body[0].id;
    const before = await store.keys();
    // Not yet accepted: the reply is refused (409) and its letter, stored first, is removed again.
    const early = await upload('xzsp', `/api/v1/assignments/${assignmentId}/reply`, [['letter', LETTER_PDF, '答复函.pdf']], { ...REPLY, public: 'true' });
    expect(early.status).toBe(409);
    expect(await store.keys()).toEqual(before);
    expect((await as('xzsp').post(`/api/v1/assignments/${assignmentId}/accept`)).status).toBe(200);
    // A letter that is not a PDF: 400 naming `letter`, no reply.
    const notPdf = await upload('xzsp', `/api/v1/assignments/${assignmentId}/reply`, [['letter', png(), '答复函.pdf']], { ...REPLY, public: 'true' });
    expect([notPdf.status, notPdf.body.code, notPdf.body.fields]).toEqual([400, 'attachment_letter_not_pdf', ['letter']]);
    expect((await as('committee').get(`/api/v1/proposals/${proposalId}`)).body.replies).toHaveLength(0);
    // A meeting with the proposer, its minutes and a photo recorded with it.
    const met = await upload('xzsp', `/api/v1/assignments/${assignmentId}/communications`, [['attachment', await xlsx(), '座谈纪要.xlsx'], ['attachment', png(), '座谈照片.png']], {
      method: 'meeting', happenedOn: '2025-01-16', summary: '见面沟通',
    });
    expect(met.status).toBe(201);
    const minutes = (await as('proposer').get(`/api/v1/communications/${met.body.id}/attachments`)).body;
    expect(minutes.map((a: any) => a.filename).sort()).toEqual(['座谈照片.png', '座谈纪要.xlsx']);
    expect((await as('jiaoyu').get(`/api/v1/communications/${met.body.id}/attachments`)).status).toBe(404);

    const replied = await upload('xzsp', `/api/v1/assignments/${assignmentId}/reply`, [['letter', LETTER_PDF, '答复函（盖章）.pdf']], { ...REPLY, public: 'true' });
    expect(replied.status).toBe(201);
    const letters = (await as('proposer').get(`/api/v1/replies/${replied.body.id}/attachments`)).body;
    expect(letters).toMatchObject([{ purpose: 'letter', format: 'pdf', filename: '答复函（盖章）.pdf', sha256: sha256(LETTER_PDF) }]);
    // One letter per reply; another file may go with it; another unit may add none.
    const second = await upload('xzsp', `/api/v1/replies/${replied.body.id}/attachments`, [['attachment', LETTER_PDF, 'again.pdf']], { purpose: 'letter' });
    expect([second.status, second.body.fields]).toEqual([409, ['attachment']]);
    expect((await upload('xzsp', `/api/v1/replies/${replied.body.id}/attachments`, [['attachment', png(), '附图.png']])).status).toBe(201);
    expect((await upload('jiaoyu', `/api/v1/replies/${replied.body.id}/attachments`, [['attachment', png(), 'x.png']])).status).toBe(404);
    expect((await upload('proposer', `/api/v1/replies/${replied.body.id}/attachments`, [['attachment', png(), 'x.png']])).status).toBe(403);
  });

  it('a supervision notice\'s files: the office and the unit asked, no one else', async () => {
    const notice = await as('supervisor').post(`/api/v1/proposals/${proposalId}/supervision-notices`, { unitId: dir.units.xzsp, content: '请报送办理进展' });
    expect(notice.status).toBe(201);
    const added = await upload('supervisor', `/api/v1/supervision/notices/${notice.body.id}/attachments`, [['attachment', LETTER_PDF, '督办通知.pdf']]);
    expect(added.status).toBe(201);
    expect((await upload('xzsp', `/api/v1/supervision/notices/${notice.body.id}/attachments`, [['attachment', png(), '进展.png']])).status).toBe(201);
    expect((await download('xzsp', added.body.id)).status).toBe(200);
    for (const who of ['proposer', 'jiaoyu'] as const) expect((await download(who, added.body.id)).status).toBe(404);
    const ofProposal = async (who: keyof Directory['tokens']) => (await as(who).get(`/api/v1/proposals/${proposalId}/attachments`)).body.map((a: any) => a.ownerType);
    expect(await ofProposal('supervisor')).toContain('supervision_notice');
    expect(await ofProposal('proposer')).not.toContain('supervision_notice');
  });

  it('a supervision notice\'s files on its page: the unit asked adds one through the form, the office reads it', async () => {
    const notice = await as('supervisor').post(`/api/v1/proposals/${proposalId}/supervision-notices`, { unitId: dir.units.xzsp, content: '请报送整改材料' });
    expect(notice.status).toBe(201);
    const unit = await signInByForm(api, 'xzsp', PASSWORD);
    const page = await api.http.get(`/proposals/${proposalId}/supervision`).set('Cookie', unit.header());
    unit.take(page);
    const action = `/proposals/${proposalId}/supervision/notices/${notice.body.id}/attachments`;
    expect(page.text).toContain(`action="${action}"`);
    const posted = await api.http.post(action).set('Cookie', unit.header()).field('_csrf', tokenIn(page.text)).attach('attachment', LETTER_PDF, '整改材料.pdf');
    expect(posted.status).toBe(303);
    const [row] = await rows(`owner_id = '${notice.body.id}' AND filename = '整改材料.pdf'`);
    expect(row).toMatchObject({ owner_type: 'supervision_notice', format: 'pdf' });
    const office = await signInByForm(api, 'duchashi', PASSWORD);
    const officePage = await api.http.get(`/proposals/${proposalId}/supervision`).set('Cookie', office.header());
    expect(officePage.text).toContain(`/proposals/${proposalId}/attachments/${row!.id}`);
    // The proposer never sees the office's notices, nor their files.
    expect((await download('proposer', row!.id)).status).toBe(404);
  });

  it('the printable documents and the register export list the attachments', async () => {
    const text = async (path: string) => {
      const res = await as('supervisor').get(path);
      expect(res.status).toBe(200);
      return res.text as string;
    };
    // Numbered, in upload order (here one moment: by name).
    expect(await text(`/api/v1/assignments/${assignmentId}/letter`)).toMatch(/附件：1\.原件\.ofd<br>\s*2\.数据\.xlsx<br>\s*3\.现场照片\.png<br>\s*4\.调研报告\.pdf/);
    const [reply] = await rows(`purpose = 'letter'`);
    expect(await text(`/api/v1/replies/${reply!.owner_id}/letter`)).toContain('附件：附图.png');
    const [notice] = await sql(`SELECT id FROM supervision_notices`);
    const noticeHtml = await text(`/api/v1/supervision/notices/${notice.id}/letter`);
    expect(noticeHtml).toContain('附件：督办通知.pdf');
    expect(noticeHtml).not.toContain('进展.png'); // the unit's file goes with its answer
    const csv = await as('supervisor').get('/api/v1/exports/register?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('答复函：答复函（盖章）.pdf');
  });

  it('the public page shows a published reply\'s letter, and nothing else', async () => {
    const [letter] = await rows(`purpose = 'letter'`);
    const [other] = await rows(`owner_type = 'reply' AND purpose = 'file'`);
    const publicGet = (id: string) => api.http.get(`/api/v1/public/attachments/${id}/content`);
    expect((await publicGet(letter!.id)).status).toBe(404); // not published yet
    expect((await as('proposer').post(`/api/v1/proposals/${proposalId}/feedback`, { rating: 'satisfied' })).status).toBe(201);
    expect((await as('committee').post(`/api/v1/proposals/${proposalId}/publish`, {})).status).toBe(200);
    const got = await publicGet(letter!.id);
    expect([got.status, got.headers['content-type'], sha256(got.body as Buffer)]).toEqual([200, 'application/pdf', letter!.sha256]);
    expect((await publicGet(other!.id)).status).toBe(404);
    const page = await api.http.get(`/public/replies/${proposalId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`/api/v1/public/attachments/${letter!.id}/content`);
    expect(page.text).not.toContain(other!.id);
    const [{ via }] = await sql(`SELECT payload->>'via' AS via FROM events WHERE type = 'attachment.downloaded' AND subject_id = $1`, [letter!.id]);
    expect(via).toBe('public');
  });

  it('limits from the rules: size, count, and a required letter', async () => {
    const patched = await api.as(dir.adminToken).patch(`/api/v1/sessions/${dir.sessionId}`, {
      rulesOverride: { attachments: { maxBytes: 1024, maxFiles: 1, replyLetterRequired: true } }, rulesReason: '附件规则测试',
    });
    expect(patched.status).toBe(200);
    const created = await as('committee').post('/api/v1/proposals', { sessionId: dir.sessionId, title: '关于规则的提案', content: '内容', leadProposerId: dir.proposerId });
    const id = created.body.id;
    const big = await upload('committee', `/api/v1/proposals/${id}/attachments`, [['attachment', LETTER_PDF, 'big.pdf']]);
    expect([big.status, big.body.code, big.body.fields]).toEqual([400, 'attachment_too_large', ['attachment']]);
    expect((await upload('committee', `/api/v1/proposals/${id}/attachments`, [['attachment', png(), 'one.png']])).status).toBe(201);
    const two = await upload('committee', `/api/v1/proposals/${id}/attachments`, [['attachment', png(), 'two.png']]);
    expect([two.status, two.body.code]).toEqual([400, 'attachment_too_many']);
    await as('committee').post(`/api/v1/proposals/${id}/review`, { decision: 'file' });
    const [a] = (await as('committee').post(`/api/v1/proposals/${id}/assignments`, { leadUnitId: dir.units.xzsp })).body;
    await as('xzsp').post(`/api/v1/assignments/${a.id}/accept`);
    const noLetter = await as('xzsp').post(`/api/v1/assignments/${a.id}/reply`, REPLY);
    expect([noLetter.status, noLetter.body.code, noLetter.body.fields]).toEqual([400, 'letter_required', ['letter']]);
  });

  it('the pages: upload forms with the CSRF field in the multipart body, the letter with the reply, errors naming the field in Chinese', async () => {
    const rules = await api.as(dir.adminToken).patch(`/api/v1/sessions/${dir.sessionId}`, { rulesOverride: { attachments: { maxFiles: 1 } }, rulesReason: '页面附件测试' });
    expect(rules.status).toBe(200);
    const created = await as('committee').post('/api/v1/proposals', { sessionId: dir.sessionId, title: '关于页面附件的提案', content: '内容', leadProposerId: dir.proposerId });
    const id = created.body.id;
    const jar = await signInByForm(api, 'tianwei', PASSWORD);
    const page = await api.http.get(`/proposals/${id}`).set('Cookie', jar.header());
    jar.take(page);
    expect(page.text).toContain('上传附件材料');
    const form = (token: string, data: Buffer, name: string) =>
      api.http.post(`/proposals/${id}/attachments`).set('Cookie', jar.header()).field('_csrf', token).attach('attachment', data, name);
    // Without a valid token nothing is stored.
    const before = await store.keys();
    expect((await form('forged', png(), '照片.png')).status).toBe(403);
    expect(await store.keys()).toEqual(before);
    const ok = await form(tokenIn(page.text), png(), '现场照片.png');
    expect(ok.status).toBe(303);
    const after = await api.http.get(`/proposals/${id}`).set('Cookie', jar.header());
    jar.take(after);
    const link = /href="(\/proposals\/[^"]+\/attachments\/[^"]+)"[^>]*>现场照片\.png</.exec(after.text);
    expect(link).not.toBeNull();
    const file = await api.http.get(link![1]!).set('Cookie', jar.header());
    expect([file.status, file.headers['content-type']]).toEqual([200, 'image/png']);
    // The rules allow one file here: the second is refused on the page, in Chinese, naming the field.
    const refused = await form(tokenIn(after.text), png(), '第二张.png');
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('「附件」');
    // A unit's reply form posts the letter with the reply.
    await as('committee').post(`/api/v1/proposals/${id}/review`, { decision: 'file' });
    const [a] = (await as('committee').post(`/api/v1/proposals/${id}/assignments`, { leadUnitId: dir.units.xzsp })).body;
    await as('xzsp').post(`/api/v1/assignments/${a.id}/accept`);
    const unit = await signInByForm(api, 'xzsp', PASSWORD);
    const unitPage = await api.http.get(`/proposals/${id}`).set('Cookie', unit.header());
    unit.take(unitPage);
    expect(unitPage.text).toContain('name="letter"');
    const reply = (data: Buffer, name: string) => {
      let req = api.http.post(`/proposals/${id}/assignments/${a.id}/reply`).set('Cookie', unit.header()).field('_csrf', tokenIn(unitPage.text));
      for (const [k, v] of Object.entries({ ...REPLY, public: 'true', confirm: 'on' })) req = req.field(k, String(v));
      return req.attach('letter', data, name);
    };
    const wrong = await reply(png(), '答复函.pdf');
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('「答复函」');
    expect((await reply(LETTER_PDF, '答复函.pdf')).status).toBe(303);
    const replied = await as('committee').get(`/api/v1/proposals/${id}`);
    expect(replied.body.replies).toHaveLength(1);
    expect((await as('committee').get(`/api/v1/replies/${replied.body.replies[0].id}/attachments`)).body).toMatchObject([{ purpose: 'letter', filename: '答复函.pdf' }]);
  });
});
