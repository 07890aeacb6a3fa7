import { startApi, type TestApi } from './support/api.js';
import { createDirectory, type Directory } from './support/directory.js';

const REPLY = { content: '答复内容', resultCategory: 'B', signedBy: '局长', contactName: '张', contactPhone: '0375-1234567', public: true };

/**
 * Who may do what, through the API: `GET /api/v1/proposals/:id/actions` answers the domain's
 * availableActions (the proposal page offers the same), and the use cases accept what it lists and
 * refuse what it does not — UI and API cannot disagree.
 */
describe('available actions (GET /proposals/:id/actions) and the use cases agree', () => {
  let api: TestApi;
  let dir: Directory;
  const as = (who: keyof Directory['tokens']) => api.as(dir.tokens[who]);
  const actions = async (who: keyof Directory['tokens'], id: string) => {
    const res = await as(who).get(`/api/v1/proposals/${id}/actions`);
    expect(res.status).toBe(200);
    return (res.body.items as Array<{ action: string; assignmentId?: string }>).map((a) => (a.assignmentId ? `${a.action}@${a.assignmentId}` : a.action));
  };

  beforeAll(async () => {
    api = await startApi('actions', '2025-01-10T09:00:00+08:00');
    dir = await createDirectory(api);
  });
  afterAll(() => api?.close());

  it('follows a proposal from submission to the reply, role by role, and the use cases refuse the rest', async () => {
    const created = await as('proposer').post('/api/v1/proposals', {
      sessionId: dir.sessionId, title: '关于优化营商环境的提案', content: '内容', leadProposerId: dir.proposerId,
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    // 待审查: the committee reviews or withdraws for the proposer; the lead proposer may withdraw; the office notes.
    expect(await actions('committee', id)).toEqual(['review', 'withdraw']);
    expect(await actions('proposer', id)).toEqual(['withdraw']);
    expect(await actions('supervisor', id)).toEqual(['note', 'decide_request']);
    expect((await as('xzsp').get(`/api/v1/proposals/${id}/actions`)).status).toBe(404);
    // What the list leaves out is refused: the office does not review, the proposer does not resubmit an unreturned proposal.
    expect((await as('supervisor').post(`/api/v1/proposals/${id}/review`, { decision: 'file' })).status).toBe(403);
    expect((await as('proposer').post(`/api/v1/proposals/${id}/resubmit`, {})).status).toBe(409);

    expect((await as('committee').post(`/api/v1/proposals/${id}/review`, { decision: 'file' })).status).toBe(200);
    expect(await actions('committee', id)).toEqual(['assign']);
    expect(await actions('proposer', id)).toEqual([]);
    expect((await as('proposer').post(`/api/v1/proposals/${id}/withdraw`, {})).status).toBe(409);

    const assigned = await as('committee').post(`/api/v1/proposals/${id}/assignments`, { leadUnitId: dir.units.xzsp, coUnitIds: [dir.units.jiaoyu] });
    expect(assigned.status).toBe(201);
    const lead = assigned.body.find((a: { role: string }) => a.role === 'lead').id as string;
    const co = assigned.body.find((a: { role: string }) => a.role === 'co').id as string;
    // 已交办: each unit its own assignment only — 签收 and, within its window, 申请调整.
    expect(await actions('xzsp', id)).toEqual([`accept@${lead}`, `adjust@${lead}`]);
    expect(await actions('jiaoyu', id)).toEqual([`accept@${co}`, `adjust@${co}`]);
    expect(await actions('supervisor', id)).toEqual(['note', 'issue_notice', 'designate_key', 'decide_request']);
    expect((await as('xzsp').post(`/api/v1/assignments/${lead}/reply`, REPLY)).status).toBe(409);
    expect((await as('xzsp').post(`/api/v1/assignments/${lead}/communications`, { method: 'phone', happenedOn: '2025-01-10', summary: '电话' })).status).toBe(409);
    expect((await as('xzsp').post(`/api/v1/assignments/${co}/accept`)).status).toBe(404);

    expect((await as('xzsp').post(`/api/v1/assignments/${lead}/accept`)).status).toBe(200);
    expect(await actions('xzsp', id)).toEqual([`reply@${lead}`, `communicate@${lead}`, `adjust@${lead}`, `extend@${lead}`]);
    expect((await as('jiaoyu').post(`/api/v1/assignments/${co}/accept`)).status).toBe(200);
    expect(await actions('jiaoyu', id)).toEqual([`opinion@${co}`, `communicate@${co}`, `adjust@${co}`, `extend@${co}`]);
    expect((await as('jiaoyu').post(`/api/v1/assignments/${co}/reply`, REPLY)).status).toBe(409);

    expect((await as('xzsp').post(`/api/v1/assignments/${lead}/reply`, REPLY)).status).toBe(201);
    // 已答复: the lead proposer rates, the committee rates for them or publishes the public reply.
    expect(await actions('proposer', id)).toEqual(['rate']);
    expect(await actions('committee', id)).toEqual(['rate', 'publish']);
    expect(await actions('xzsp', id)).toEqual([`communicate@${lead}`]);
    expect((await as('otherProposer').post(`/api/v1/proposals/${id}/feedback`, { rating: 'satisfied' })).status).toBe(404);
    expect((await as('proposer').post(`/api/v1/proposals/${id}/feedback`, { rating: 'satisfied' })).status).toBe(201);
    expect(await actions('proposer', id)).toEqual([]);
    expect(await actions('committee', id)).toEqual(['publish']);
  });
});
