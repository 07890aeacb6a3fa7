import { eventually, startApi, type TestApi } from './support/api.js';
import { createDirectory, type Directory } from './support/directory.js';

const REPLY = { content: '答复内容', resultCategory: 'B', signedBy: '局长', contactName: '张', contactPhone: '0375-1234567', public: true };

/** A scenario per lifecycle path that No. 196 did not take. */
describe('lifecycle paths', () => {
  let api: TestApi;
  let dir: Directory;
  const as = (who: keyof Directory['tokens']) => api.as(dir.tokens[who]);

  beforeAll(async () => {
    api = await startApi('paths', '2025-01-10T09:00:00+08:00');
    dir = await createDirectory(api);
  });
  afterAll(() => api?.close());

  async function submitted(title = '关于推进老旧小区改造的提案', by: keyof Directory['tokens'] = 'proposer'): Promise<string> {
    const res = await as(by).post('/api/v1/proposals', { sessionId: dir.sessionId, title, content: `${title}的内容`, leadProposerId: dir.proposerId });
    expect(res.status).toBe(201);
    return res.body.id;
  }
  async function filed(title?: string): Promise<string> {
    const id = await submitted(title);
    expect((await as('committee').post(`/api/v1/proposals/${id}/review`, { decision: 'file' })).status).toBe(200);
    return id;
  }
  const proposal = async (id: string) => (await as('committee').get(`/api/v1/proposals/${id}`)).body;
  const events = async (id: string) => (await as('committee').get(`/api/v1/proposals/${id}/events`)).body.map((e: any) => e.type);

  it('returned for revision, resubmitted, then withdrawn by the proposer', async () => {
    const id = await submitted();
    const noReason = await as('committee').post(`/api/v1/proposals/${id}/review`, { decision: 'return' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.fields).toEqual(['reason']);
    expect((await as('committee').post(`/api/v1/proposals/${id}/review`, { decision: 'return', reason: '建议内容不具体' })).body.status).toBe('returned');
    expect((await as('proposer').post(`/api/v1/proposals/${id}/resubmit`, { content: '修改后的内容' })).body).toMatchObject({ status: 'submitted', content: '修改后的内容' });
    expect((await as('proposer').post(`/api/v1/proposals/${id}/withdraw`, {})).body.status).toBe('withdrawn');
    const again = await as('committee').post(`/api/v1/proposals/${id}/review`, { decision: 'file' });
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('"withdrawn"');
    expect((await events(id)).filter((t: string) => t !== 'proposal.classified')).toEqual(['proposal.submitted', 'proposal.returned', 'proposal.resubmitted', 'proposal.withdrawn']);
  });

  it('not filed, converted, and merged into another proposal', async () => {
    const a = await submitted();
    expect((await as('committee').post(`/api/v1/proposals/${a}/review`, { decision: 'not_file', reason: '不属于提案范围' })).body.status).toBe('not_filed');
    const b = await submitted();
    expect((await as('committee').post(`/api/v1/proposals/${b}/review`, { decision: 'convert', reason: '转为社情民意信息' })).body.status).toBe('converted');
    const main = await filed();
    const dup = await submitted();
    const missing = await as('committee').post(`/api/v1/proposals/${dup}/review`, { decision: 'merge' });
    expect(missing.body.fields).toEqual(['mergeIntoId']);
    const merged = await as('committee').post(`/api/v1/proposals/${dup}/review`, { decision: 'merge', mergeIntoId: main });
    expect(merged.body).toMatchObject({ status: 'merged', mergedIntoId: main, number: null });
  });

  it('a lead and two co-handlers: opinions, replies, and a proposal replied only when the lead has answered', async () => {
    const id = await filed('关于中小学课后服务的提案');
    api.clock.set('2025-03-03T10:00:00+08:00');
    const bad = await as('committee').post(`/api/v1/proposals/${id}/assignments`, { coUnitIds: [dir.units.jiaoyu] });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual(['leadUnitId']);
    const notDepartment = await as('committee').post(`/api/v1/proposals/${id}/assignments`, { leadUnitId: dir.units.supervision });
    expect(notDepartment.body.fields).toEqual(['leadUnitId']);
    const res = await as('committee').post(`/api/v1/proposals/${id}/assignments`, {
      leadUnitId: dir.units.jiaoyu, coUnitIds: [dir.units.xzsp, dir.units.fagai], key: true, leaderName: '张副市长',
    });
    expect(res.status).toBe(201);
    const byRole = Object.fromEntries(res.body.map((a: any) => [a.unitId, a]));
    const p = await proposal(id);
    expect(p).toMatchObject({ status: 'assigned', key: true, leaderName: '张副市长' });
    const coDeadline = p.deadlines.find((d: any) => d.kind === 'co_opinion' && d.assignmentId === byRole[dir.units.xzsp].id);
    expect(coDeadline.dueOn).toBe('2025-04-03');
    expect(p.deadlines.find((d: any) => d.kind === 'reply').dueOn).toBe('2025-06-03');

    // The co-handler accepts first: the proposal is not yet in handling, and a co-handler cannot reply.
    const co = byRole[dir.units.xzsp].id;
    await as('xzsp').post(`/api/v1/assignments/${co}/accept`);
    expect((await proposal(id)).status).toBe('assigned');
    const coReply = await as('xzsp').post(`/api/v1/assignments/${co}/reply`, REPLY);
    expect(coReply.status).toBe(409);
    expect((await as('xzsp').post(`/api/v1/assignments/${co}/opinions`, { content: '建议加强数据共享' })).status).toBe(201);

    const lead = byRole[dir.units.jiaoyu].id;
    await as('jiaoyu').post(`/api/v1/assignments/${lead}/accept`);
    expect((await proposal(id)).status).toBe('handling');
    api.clock.set('2025-05-20T10:00:00+08:00');
    expect((await as('jiaoyu').post(`/api/v1/assignments/${lead}/reply`, REPLY)).status).toBe(201);
    const after = await proposal(id);
    expect(after.status).toBe('replied');
    expect(after.opinions).toHaveLength(1);
    // The second co-handler never gave its opinion: its deadline is still open.
    expect(after.deadlines.find((d: any) => d.kind === 'co_opinion' && d.assignmentId === byRole[dir.units.fagai].id).status).toBe('open');
  });

  it('an adjustment request within 5 working days moves the work to another unit; a late one is refused', async () => {
    const id = await filed('关于停车难问题的提案');
    api.clock.set('2025-03-03T10:00:00+08:00');
    const [a] = (await as('committee').post(`/api/v1/proposals/${id}/assignments`, { leadUnitId: dir.units.jiaoyu })).body;
    api.clock.set('2025-03-07T17:00:00+08:00');
    const req = await as('jiaoyu').post(`/api/v1/assignments/${a.id}/adjustment-requests`, { reason: '停车管理不属于我局职责', suggestedUnitId: dir.units.fagai });
    expect(req.status).toBe(201);
    expect((await as('proposer').get(`/api/v1/proposals/${id}`)).status).toBe(200);
    const unitCannotDecide = await as('jiaoyu').post(`/api/v1/adjustment-requests/${req.body.id}/decision`, { approve: true });
    expect(unitCannotDecide.status).toBe(403);
    const decision = await as('supervisor').post(`/api/v1/adjustment-requests/${req.body.id}/decision`, { approve: true });
    expect(decision.status).toBe(200);
    expect(decision.body.status).toBe('approved');
    // The assignment worker carries the reassignment out.
    const p = await eventually(async () => {
      const current = await proposal(id);
      expect(current.assignments.map((x: any) => [x.unitId, x.state])).toEqual([[dir.units.jiaoyu, 'removed'], [dir.units.fagai, 'assigned']]);
      return current;
    });
    expect(p.deadlines.filter((d: any) => d.assignmentId === a.id).map((d: any) => d.status)).toEqual(['cancelled', 'cancelled']);
    // A unit adjusted out no longer handles the proposal: it no longer sees it (issue 11, item 13; test/security/access).
    expect((await as('jiaoyu').get(`/api/v1/proposals/${id}`)).status).toBe(404);
    expect(await events(id)).toEqual(expect.arrayContaining(['assignment.adjustment_requested', 'assignment.adjustment_approved', 'assignment.reassigned']));

    const other = await filed('关于夜间经济的提案');
    api.clock.set('2025-03-03T10:00:00+08:00');
    const [b] = (await as('committee').post(`/api/v1/proposals/${other}/assignments`, { leadUnitId: dir.units.jiaoyu })).body;
    api.clock.set('2025-03-11T09:00:00+08:00'); // the 6th working day
    const late = await as('jiaoyu').post(`/api/v1/assignments/${b.id}/adjustment-requests`, { reason: '太晚了' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('rule_violation');
  });

  it('an extension is granted up to six months after assignment, not beyond', async () => {
    const id = await filed('关于农村供水的提案');
    api.clock.set('2025-03-03T10:00:00+08:00');
    const [a] = (await as('committee').post(`/api/v1/proposals/${id}/assignments`, { leadUnitId: dir.units.xzsp })).body;
    await as('xzsp').post(`/api/v1/assignments/${a.id}/accept`);
    const tooLate = await as('xzsp').post(`/api/v1/assignments/${a.id}/extension-requests`, { reason: '需要调研', newDueOn: '2025-09-15' });
    expect(tooLate.status).toBe(409);
    const req = await as('xzsp').post(`/api/v1/assignments/${a.id}/extension-requests`, { reason: '需要开展专题调研', newDueOn: '2025-08-01' });
    expect(req.status).toBe(201);
    const granted = await as('supervisor').post(`/api/v1/extension-requests/${req.body.id}/decision`, { approve: true });
    expect(granted.status).toBe(200);
    const reply = (await proposal(id)).deadlines.find((d: any) => d.kind === 'reply');
    expect(reply.dueOn).toBe('2025-08-01');
    expect(reply.explanation).toContain('2025-08-01');
    expect(await events(id)).toContain('assignment.extension_granted');
  });

  it('an unsatisfied rating reopens the case for rehandling with its own deadline, then closes', async () => {
    const id = await filed('关于养老服务的提案');
    api.clock.set('2025-03-03T10:00:00+08:00');
    const [a] = (await as('committee').post(`/api/v1/proposals/${id}/assignments`, { leadUnitId: dir.units.fagai, separateUnitIds: [dir.units.xzsp] })).body;
    const separate = (await proposal(id)).assignments.find((x: any) => x.role === 'separate');
    await as('committee').post(`/api/v1/proposals/${id}/assignments`, {}); // ignored: wrong state
    // fagai has no user in the directory: the separate unit answers first, the lead is still pending.
    await as('xzsp').post(`/api/v1/assignments/${separate.id}/accept`);
    await as('xzsp').post(`/api/v1/assignments/${separate.id}/reply`, REPLY);
    expect((await proposal(id)).status).toBe('handling');
    expect(a.role).toBe('lead');
  });

  it('rehandling: unsatisfied, rehandled, replied again and rated', async () => {
    const id = await filed('关于医保异地结算的提案');
    api.clock.set('2025-03-03T10:00:00+08:00');
    const [a] = (await as('committee').post(`/api/v1/proposals/${id}/assignments`, { leadUnitId: dir.units.xzsp })).body;
    await as('xzsp').post(`/api/v1/assignments/${a.id}/accept`);
    await as('xzsp').post(`/api/v1/assignments/${a.id}/reply`, REPLY);
    api.clock.set('2025-03-20T10:00:00+08:00');
    const answer = await as('proposer').post(`/api/v1/proposals/${id}/feedback`, { rating: 'unsatisfied', comment: '答复空泛' });
    expect(answer.status).toBe(201);
    // The assignment worker reopens the case.
    const rated = { body: await eventually(async () => {
      const p = await proposal(id);
      expect(p).toMatchObject({ status: 'rehandling', round: 2 });
      return p;
    }) };
    const rehandling = rated.body.deadlines.find((d: any) => d.kind === 'rehandling');
    expect(rehandling).toMatchObject({ status: 'open', round: 2, dueOn: '2025-04-21' }); // 04-20 is a Sunday
    expect(rated.body.deadlines.find((d: any) => d.kind === 'publication').status).toBe('cancelled');
    expect(rated.body.assignments[0].state).toBe('accepted');
    api.clock.set('2025-04-10T10:00:00+08:00');
    expect((await as('xzsp').post(`/api/v1/assignments/${a.id}/reply`, { ...REPLY, resultCategory: 'A' })).status).toBe(201);
    const closed = await as('proposer').post(`/api/v1/proposals/${id}/feedback`, { rating: 'basically_satisfied' });
    expect(closed.body).toMatchObject({ status: 'closed' });
    expect(closed.body.replies.map((r: any) => [r.round, r.resultCategory])).toEqual([[1, 'B'], [2, 'A']]);
    expect((await events(id)).filter((t: string) => t !== 'proposal.classified')).toEqual([
      'proposal.submitted', 'proposal.filed', 'proposal.assigned', 'assignment.accepted', 'reply.submitted', 'proposal.replied',
      'feedback.received', 'proposal.rehandling', 'reply.submitted', 'proposal.replied', 'feedback.received', 'proposal.closed',
    ]);
  });
});
