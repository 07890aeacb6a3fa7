import { startApi, type TestApi } from './support/api.js';
import { createDirectory, type Directory } from './support/directory.js';
import { ok } from './fixtures/supervision/helpers.js';

/**
 * Batch actions through the API (POST /api/v1/…/batch): a preview that does nothing, then per-item
 * results where one refusal leaves the others done, the roles each batch is open to, and the limits
 * of the batch (400 naming the field).
 */
describe('batch actions: 批量交办, 签收, 催办, 公开', () => {
  let api: TestApi;
  let dir: Directory;
  const p: string[] = []; // No. 1–4 filed, No. 5 left waiting for review
  const as = (who: keyof Directory['tokens']) => api.as(dir.tokens[who]);
  const proposal = (id: string) => ok(as('supervisor').get(`/api/v1/proposals/${id}`), 'proposal');
  const REPLY = { content: '答复内容', resultCategory: 'A', signedBy: '局长', contactName: '王', contactPhone: '2580162', public: true };

  beforeAll(async () => {
    api = await startApi('deskfbatch', '2024-02-01T09:00:00+08:00');
    dir = await createDirectory(api);
    for (let n = 1; n <= 5; n++) {
      const created = await ok(as('committee').post('/api/v1/proposals', { sessionId: dir.sessionId, number: n, title: `关于第${n}件事的提案`, content: '内容', leadProposerId: dir.proposerId }), 'create');
      p.push(created.id);
      if (n <= 4) await ok(as('committee').post(`/api/v1/proposals/${created.id}/review`, { decision: 'file' }), 'file');
    }
  }, 120_000);
  afterAll(() => api?.close());

  it('previews 批量交办 per item and changes nothing', async () => {
    const preview = await ok(as('committee').post('/api/v1/proposals/assign/batch', { ids: [p[0], p[1], p[4]], leadUnitId: dir.units.xzsp, preview: true }), 'preview');
    expect(preview.items.map((i: any) => [i.name, i.outcome])).toEqual([
      ['市政协十届二次会议第1号提案', 'will'], ['市政协十届二次会议第2号提案', 'will'], ['市政协十届二次会议第5号提案', 'refused'],
    ]);
    expect(preview.items[0].result).toBe('将交办市行政审批和政务信息管理局主办');
    expect(preview.items[2]).toMatchObject({ code: 'invalid_transition', reason: '提案当前为「待审查」，不能交办。' });
    expect((await proposal(p[0])).status).toBe('filed');
  });

  it('assigns each item in its own transaction: the refused one leaves the others assigned', async () => {
    const result = await ok(as('committee').post('/api/v1/proposals/assign/batch', { ids: [p[0], p[1], p[4], p[0]], leadUnitId: dir.units.xzsp }), 'assign');
    expect(result).toMatchObject({ action: 'assign', done: 2, refused: 1 });
    expect(result.items.map((i: any) => [i.id, i.outcome])).toEqual([[p[0], 'done'], [p[1], 'done'], [p[4], 'refused']]);
    expect(result.items[0].result).toBe('已交办市行政审批和政务信息管理局主办');
    expect((await proposal(p[0])).status).toBe('assigned');
    expect((await proposal(p[1])).assignments).toEqual([expect.objectContaining({ unitId: dir.units.xzsp, role: 'lead', state: 'assigned' })]);
    expect((await proposal(p[4])).status).toBe('submitted');
    // Again: each is refused by its use case's own rule, in Chinese.
    const again = await ok(as('committee').post('/api/v1/proposals/assign/batch', { ids: [p[0]], leadUnitId: dir.units.xzsp }), 'again');
    expect(again.items[0]).toMatchObject({ outcome: 'refused', reason: '提案当前为「已交办」，不能交办。' });
    // One to another unit, for the isolation check below.
    await ok(as('committee').post('/api/v1/proposals/assign/batch', { ids: [p[2]], leadUnitId: dir.units.jiaoyu }), 'assign jiaoyu');
    await ok(as('committee').post('/api/v1/proposals/assign/batch', { ids: [p[3]], leadUnitId: dir.units.xzsp }), 'assign 4');
  });

  it('lets a unit accept its own assignments only (another unit’s is “not found”)', async () => {
    const mine = [(await proposal(p[0])).assignments[0].id, (await proposal(p[1])).assignments[0].id];
    const theirs = (await proposal(p[2])).assignments[0].id;
    const preview = await ok(as('xzsp').post('/api/v1/assignments/accept/batch', { ids: [...mine, theirs], preview: true }), 'preview');
    expect(preview.items.map((i: any) => i.outcome)).toEqual(['will', 'will', 'refused']);
    expect(preview.items[2]).toMatchObject({ code: 'not_found', title: null, proposalId: null });
    const result = await ok(as('xzsp').post('/api/v1/assignments/accept/batch', { ids: [...mine, theirs] }), 'accept');
    expect(result).toMatchObject({ done: 2, refused: 1 });
    expect(result.items.map((i: any) => i.result ?? i.reason)).toEqual(['已签收', '已签收', '找不到该记录，或您无权查看。']);
    expect((await proposal(p[0])).status).toBe('handling');
    expect((await proposal(p[2])).assignments[0].state).toBe('assigned');
  });

  it('urges through supervision notices, refusing a deadline that is not a unit’s to answer', async () => {
    const p1 = await proposal(p[0]);
    const reply = p1.deadlines.find((d: any) => d.kind === 'reply');
    const window = p1.deadlines.find((d: any) => d.kind === 'adjustment');
    const missing = await as('supervisor').post('/api/v1/deadlines/urge/batch', { ids: [reply.id] });
    expect(missing.status).toBe(400);
    expect(missing.body.fields).toEqual(['content']);
    const result = await ok(as('supervisor').post('/api/v1/deadlines/urge/batch', { ids: [reply.id, window.id], content: '请抓紧办理并按期答复。' }), 'urge');
    expect(result.items.map((i: any) => i.outcome)).toEqual(['done', 'refused']);
    expect(result.items[0]).toMatchObject({ notice: '督〔2024〕1号', result: '已向市行政审批和政务信息管理局发出督办通知 督〔2024〕1号' });
    expect(result.items[1].reason).toBe('该期限不由承办单位办理，不能催办');
    const notices = await ok(as('supervisor').get('/api/v1/supervision/notices'), 'notices');
    expect(notices.items.map((n: any) => [n.proposalId, n.content])).toEqual([[p[0], '请抓紧办理并按期答复。']]);
    // The preview now names the open notice.
    const preview = await ok(as('supervisor').post('/api/v1/deadlines/urge/batch', { ids: [reply.id], preview: true }), 'preview');
    expect(preview.items[0].result).toContain('已有未回复的督办通知 督〔2024〕1号');
  });

  it('publishes the answered proposals with a public reply and refuses the rest with the reason', async () => {
    const a1 = (await proposal(p[0])).assignments[0].id;
    await ok(as('xzsp').post(`/api/v1/assignments/${a1}/reply`, REPLY), 'reply');
    const result = await ok(as('committee').post('/api/v1/proposals/publish/batch', { ids: [p[0], p[1]] }), 'publish');
    expect(result.items.map((i: any) => [i.outcome, i.result ?? i.reason])).toEqual([
      ['done', expect.stringMatching(/^已公开，索引号 cppcc-10-2\/2024-00001$/)],
      ['refused', '只有已答复或已办结的提案可以公开'],
    ]);
    expect(await proposal(p[0])).toMatchObject({ published: true, publicationIndex: 'cppcc-10-2/2024-00001' });
    const again = await ok(as('committee').post('/api/v1/proposals/publish/batch', { ids: [p[0]] }), 'again');
    expect(again.items[0]).toMatchObject({ outcome: 'refused', reason: '该提案已经公开' });
  });

  it('opens each batch only to the roles of its use case', async () => {
    const ids = [p[3]];
    expect((await as('xzsp').post('/api/v1/proposals/assign/batch', { ids, leadUnitId: dir.units.xzsp })).status).toBe(403);
    expect((await as('proposer').post('/api/v1/proposals/publish/batch', { ids })).status).toBe(403);
    expect((await as('supervisor').post('/api/v1/proposals/publish/batch', { ids })).status).toBe(403);
    expect((await as('committee').post('/api/v1/assignments/accept/batch', { ids })).status).toBe(403);
    expect((await as('committee').post('/api/v1/deadlines/urge/batch', { ids, content: '催办' })).status).toBe(403);
    expect((await api.http.post('/api/v1/proposals/publish/batch').send({ ids })).status).toBe(401);
    expect((await proposal(p[3])).assignments[0].state).toBe('assigned');
  });

  it('limits the batch and names the field it refuses', async () => {
    const post = (body: object) => as('committee').post('/api/v1/proposals/assign/batch', body);
    const many = Array.from({ length: 101 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    for (const body of [{ ids: [] }, { ids: many }, { ids: ['196'] }, {}, { ids: 'x' }]) {
      const res = await post({ ...body, leadUnitId: dir.units.xzsp });
      expect([res.status, res.body.fields]).toEqual([400, ['ids']]);
    }
    const noUnit = await post({ ids: [p[3]] });
    expect([noUnit.status, noUnit.body.fields]).toEqual([400, ['leadUnitId']]);
    const notAUnit = await post({ ids: [p[3]], leadUnitId: dir.units.committee });
    expect([notAUnit.status, notAUnit.body.fields]).toEqual([400, ['leadUnitId']]);
  });
});
