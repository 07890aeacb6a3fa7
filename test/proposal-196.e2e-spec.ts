import { readFileSync } from 'node:fs';
import { startApi, type TestApi } from './support/api.js';
import { createDirectory, type Directory } from './support/directory.js';

/**
 * Proposal No. 196 of the 2nd meeting of the 10th Pingdingshan CPPCC, from submission to publication,
 * over HTTP against real Postgres, with the dates it really had (assignment date assumed: 2024-03-26).
 */
describe('No. 196: from submission to publication', () => {
  let api: TestApi;
  let dir: Directory;
  let proposalId: string;
  let assignmentId: string;
  const seed = readFileSync(new URL('./fixtures/no196/no196-seed.txt', import.meta.url), 'utf8');
  const content = seed.slice(seed.indexOf('运用数字技术'), seed.indexOf('承办单位')).trim();
  const reply = seed.slice(seed.indexOf('对市政协十届二次会议'), seed.indexOf('扫一扫')).trim();

  beforeAll(async () => {
    api = await startApi('p196', '2024-01-16T09:00:00+08:00');
    dir = await createDirectory(api);
  });
  afterAll(() => api?.close());

  const as = (who: keyof Directory['tokens']) => api.as(dir.tokens[who]);

  it('refuses malformed bodies with 400 naming each field', async () => {
    const res = await as('committee').post('/api/v1/proposals', { title: 5, sessionId: 'nope' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'validation_failed' });
    expect(res.body.fields).toEqual(expect.arrayContaining(['sessionId', 'title', 'content', 'leadProposerId']));
    expect(res.body.message).toMatch(/title/);
  });

  it('takes the proposal in under its number 196', async () => {
    const res = await as('committee').post('/api/v1/proposals', {
      sessionId: dir.sessionId, number: 196, title: '以营商环境为主线强力推进我市数字政府建设', content, leadProposerId: dir.proposerId, category: '经济建设',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'submitted', number: 196, leadProposerId: dir.proposerId, coProposerIds: [] });
    proposalId = res.body.id;
    expect(res.body.content).toContain('成立高规格的数字化政府领导小组');
  });

  it('refuses a second 第196号 in the same session with 409', async () => {
    const res = await as('committee').post('/api/v1/proposals', { sessionId: dir.sessionId, number: 196, title: '重复', content: '重复', leadProposerId: dir.proposerId });
    expect(res.status).toBe(409);
    expect(res.body.fields).toEqual(['number']);
  });

  it('does not let a proposer file (403)', async () => {
    const res = await as('proposer').post(`/api/v1/proposals/${proposalId}/review`, { decision: 'file' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
  });

  it('is filed by the committee and keeps its number', async () => {
    api.clock.set('2024-01-20T10:00:00+08:00');
    const res = await as('committee').post(`/api/v1/proposals/${proposalId}/review`, { decision: 'file' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'filed', number: 196 });
  });

  it('is assigned to 市行政审批和政务信息管理局 with a reply deadline of 2024-06-26', async () => {
    api.clock.set('2024-03-26T10:00:00+08:00');
    const res = await as('committee').post(`/api/v1/proposals/${proposalId}/assignments`, { leadUnitId: dir.units.xzsp });
    expect(res.status).toBe(201);
    expect(res.body).toEqual([expect.objectContaining({ unitId: dir.units.xzsp, role: 'lead', state: 'assigned' })]);
    assignmentId = res.body[0].id;
    const p = (await as('committee').get(`/api/v1/proposals/${proposalId}`)).body;
    expect(p.status).toBe('assigned');
    const replyDeadline = p.deadlines.find((d: any) => d.kind === 'reply');
    expect(replyDeadline).toMatchObject({ assignmentId, dueOn: '2024-06-26', dueAt: '2024-06-26T15:59:59.999Z', status: 'open' });
    expect(replyDeadline.explanation).toContain('2024-03-26');
    expect(replyDeadline.explanation).toContain('3');
    expect(p.deadlines.map((d: any) => d.kind).sort()).toEqual(['adjustment', 'reply']);
  });

  it('hides it from another unit (404), by id and by assignment', async () => {
    expect((await as('jiaoyu').get(`/api/v1/proposals/${proposalId}`)).status).toBe(404);
    expect((await as('jiaoyu').get(`/api/v1/proposals/${proposalId}/events`)).status).toBe(404);
    expect((await as('jiaoyu').post(`/api/v1/assignments/${assignmentId}/accept`)).status).toBe(404);
    const list = await as('jiaoyu').get('/api/v1/proposals');
    expect(list.body.total).toBe(0);
    expect((await as('otherProposer').get(`/api/v1/proposals/${proposalId}`)).status).toBe(404);
  });

  it('refuses a reply before acceptance with 409 naming the state', async () => {
    const res = await as('xzsp').post(`/api/v1/assignments/${assignmentId}/reply`, {
      content: reply, resultCategory: 'A', signedBy: '市行政审批和政务信息管理局', contactName: '王', contactPhone: '2580162', public: true,
    });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('"assigned"');
  });

  it('is accepted by the lead unit and goes into handling', async () => {
    api.clock.set('2024-03-27T09:30:00+08:00');
    const res = await as('xzsp').post(`/api/v1/assignments/${assignmentId}/accept`);
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('accepted');
    expect((await as('xzsp').get(`/api/v1/proposals/${proposalId}`)).body.status).toBe('handling');
  });

  it('records a meeting with the proposer', async () => {
    api.clock.set('2024-05-10T16:00:00+08:00');
    const res = await as('xzsp').post(`/api/v1/assignments/${assignmentId}/communications`, {
      method: 'meeting', happenedOn: '2024-05-10', summary: '与陈刚正委员面商数字政府建设推进情况',
    });
    expect(res.status).toBe(201);
    const future = await as('xzsp').post(`/api/v1/assignments/${assignmentId}/communications`, { method: 'phone', happenedOn: '2024-05-11', summary: 'x' });
    expect(future.status).toBe(400);
    expect(future.body.fields).toEqual(['happenedOn']);
  });

  it('is replied on 2024-06-26 with result A, on time', async () => {
    api.clock.set('2024-06-26T15:00:00+08:00');
    const res = await as('xzsp').post(`/api/v1/assignments/${assignmentId}/reply`, {
      content: reply, resultCategory: 'A', signedBy: '市行政审批和政务信息管理局', contactName: '王', contactPhone: '2580162', public: true,
    });
    expect(res.status).toBe(201);
    const p = (await as('proposer').get(`/api/v1/proposals/${proposalId}`)).body;
    expect(p.status).toBe('replied');
    expect(p.replies).toEqual([expect.objectContaining({ resultCategory: 'A', public: true, contactPhone: '2580162' })]);
    expect(p.replies[0].content).toContain('2024年6月26日');
    expect(p.deadlines.find((d: any) => d.kind === 'reply')).toMatchObject({ status: 'settled', settledLate: false });
    expect(p.deadlines.filter((d: any) => d.status === 'open').map((d: any) => d.kind).sort()).toEqual(['feedback', 'publication']);
  });

  it('refuses a rating outside the three levels (400)', async () => {
    const res = await as('proposer').post(`/api/v1/proposals/${proposalId}/feedback`, { rating: 'great' });
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual(['rating']);
  });

  it('is rated satisfied by 陈刚正 and closes', async () => {
    api.clock.set('2024-07-02T11:00:00+08:00');
    const res = await as('proposer').post(`/api/v1/proposals/${proposalId}/feedback`, { rating: 'satisfied', comment: '满意' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'closed', feedback: [expect.objectContaining({ rating: 'satisfied', via: 'proposer' })] });
  });

  it('is published on 2024-07-19 under 索引号 szwfwhdsjglj/2024-00001', async () => {
    api.clock.set('2024-07-19T09:00:00+08:00');
    const res = await as('committee').post(`/api/v1/proposals/${proposalId}/publish`, { publicationIndex: 'szwfwhdsjglj/2024-00001' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ published: true, publicationIndex: 'szwfwhdsjglj/2024-00001' });
    const again = await as('committee').post(`/api/v1/proposals/${proposalId}/publish`, {});
    expect(again.status).toBe(409);

    const pub = await api.http.get('/api/v1/public/replies');
    expect(pub.status).toBe(200);
    expect(pub.body.total).toBe(1);
    expect(pub.body.items[0]).toMatchObject({
      publicationIndex: 'szwfwhdsjglj/2024-00001',
      publishedOn: '2024-07-19',
      proposalNumberText: '市政协十届二次会议第196号提案',
      proposers: '陈刚正委员',
      title: '以营商环境为主线强力推进我市数字政府建设',
      units: '主办：市行政审批和政务信息管理局',
      result: '已办结',
    });
    expect(JSON.stringify(pub.body)).not.toContain('chengangzheng@example.com');
  });

  it('tells the whole story in its timeline', async () => {
    const res = await as('supervisor').get(`/api/v1/proposals/${proposalId}/events`);
    expect(res.status).toBe(200);
    const lifecycle = res.body.filter((e: any) => !e.type.startsWith('deadline.') && e.type !== 'proposal.classified' && e.type !== 'supervision.weekly_digest');
    expect(lifecycle.map((e: any) => e.type)).toEqual([
      'proposal.submitted', 'proposal.filed', 'proposal.assigned', 'assignment.accepted', 'communication.recorded',
      'reply.submitted', 'proposal.replied', 'feedback.received', 'proposal.closed', 'proposal.published',
    ]);
    expect(lifecycle.map((e: any) => e.actor)).toEqual([
      'committee:tianwei', 'committee:tianwei', 'committee:tianwei', 'unit:xzsp', 'unit:xzsp',
      'unit:xzsp', 'unit:xzsp', 'proposer:chengangzheng', 'proposer:chengangzheng', 'committee:tianwei',
    ]);
    expect(lifecycle[2].occurredAt).toBe('2024-03-26T02:00:00.000Z');
    expect(lifecycle[5].payload).toMatchObject({ resultCategory: 'A', onTime: true });
  });

  it('counts the case in the unit statistics', async () => {
    const res = await as('supervisor').get(`/api/v1/stats/units?sessionId=${dir.sessionId}`);
    const xzsp = res.body.items.find((u: any) => u.unitCode === 'xzsp');
    expect(xzsp).toMatchObject({ assigned: 1, replied: 1, repliedOnTime: 1, onTimeRate: 1, overdueNow: 0, communicationRate: 1, satisfactionRate: 1, resultsByCategory: { A: 1 } });
  });
});
