import { startApi, type TestApi } from './support/api.js';
import { createDirectory, PASSWORD, type Directory } from './support/directory.js';
import { signInByForm, type Jar } from './support/ui-forms.js';

/**
 * One register, one 逾期: the API's `GET /proposals?overdue=` and the UI's 提案登记簿 `?overdue=`
 * are the same query (libs/handling/src/queries/register-filter.ts) over the domain's rule
 * (`isOverdue`: an open duty past its due instant; an adjustment window is never overdue). Before,
 * the API counted a proposal whose adjustment window had passed as overdue and the UI did not.
 * No workers run here, so no sweep settles a lapsed window behind the test's back.
 */
describe('read models: the API and the UI register agree on what is overdue', () => {
  let api: TestApi;
  let dir: Directory;
  const ids: Record<string, string> = {};
  const jars: Record<string, Jar> = {};

  const as = (who: keyof Directory['tokens']) => api.as(dir.tokens[who]);
  const ok = async (res: Promise<{ status: number; body: any }> | any) => {
    const r = await res;
    if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };

  /** A filed proposal assigned to 行政审批局 at `assignedAt` (reply due three months later, adjustment window five working days). */
  async function assigned(name: string, assignedAt: string, extra: { key?: boolean; category?: string } = {}): Promise<string> {
    api.clock.set('2024-01-20T10:00:00+08:00');
    const p = await ok(as('committee').post('/api/v1/proposals', { sessionId: dir.sessionId, title: `逾期口径：${name}`, content: '内容', leadProposerId: dir.proposerId, category: extra.category }));
    await ok(as('committee').post(`/api/v1/proposals/${p.id}/review`, { decision: 'file' }));
    if (assignedAt) {
      api.clock.set(assignedAt);
      await ok(as('committee').post(`/api/v1/proposals/${p.id}/assignments`, { leadUnitId: dir.units.xzsp, key: extra.key, ...(extra.key ? { leaderName: '王副市长' } : {}) }));
    }
    return p.id;
  }

  beforeAll(async () => {
    api = await startApi('readmodels', '2024-01-16T09:00:00+08:00', { queues: [] });
    dir = await createDirectory(api);
    ids.late = await assigned('答复已逾期', '2024-03-26T10:00:00+08:00', { key: true, category: '经济建设' }); // reply due 2024-06-26
    ids.window = await assigned('调整期已过、答复未到期', '2024-06-20T10:00:00+08:00', { category: '经济建设' }); // window due 06-27, reply 09-20
    ids.running = await assigned('期限未到', '2024-06-28T10:00:00+08:00');
    ids.unassigned = await assigned('未交办', '');
    ids.repliedLate = await assigned('逾期后已答复', '2024-03-26T10:00:00+08:00');
    const [assignment] = (await ok(as('committee').get(`/api/v1/proposals/${ids.repliedLate}`))).assignments;
    api.clock.set('2024-06-28T10:00:00+08:00');
    await ok(as('xzsp').post(`/api/v1/assignments/${assignment.id}/accept`));
    await ok(as('xzsp').post(`/api/v1/assignments/${assignment.id}/reply`, {
      content: '答复内容', resultCategory: 'A', signedBy: '市行政审批和政务信息管理局', contactName: '王', contactPhone: '2580162', public: true,
    }));
    api.clock.set('2024-07-01T12:00:00+08:00');
    jars.committee = await signInByForm(api, 'tianwei', PASSWORD);
    jars.xzsp = await signInByForm(api, 'xzsp', PASSWORD);
  }, 60_000);
  afterAll(() => api?.close());

  const names = (list: string[]) => list.map((id) => Object.keys(ids).find((k) => ids[k] === id) ?? id).sort();

  async function apiRegister(who: 'committee' | 'xzsp', overdue: boolean, more = ''): Promise<string[]> {
    const body = await ok(as(who).get(`/api/v1/proposals?overdue=${overdue}&pageSize=100${more}`));
    expect(body.total).toBe(body.items.length);
    return names(body.items.map((p: { id: string }) => p.id));
  }

  async function uiRegister(who: 'committee' | 'xzsp', overdue: boolean, more = ''): Promise<string[]> {
    const res = await api.http.get(`/proposals?overdue=${overdue ? 'yes' : 'no'}&pageSize=100${more}`).set('Cookie', jars[who].header());
    expect(res.status).toBe(200);
    const found = [...res.text.matchAll(/<a href="\/proposals\/([0-9a-f-]{36})">/g)].map((m) => m[1]);
    return names([...new Set(found)]);
  }

  // On 2024-07-01 at noon (Shanghai). The unit sees only what it handles (not the unassigned proposal).
  it.each([
    ['late', 'its reply fell due on 06-26 and is still open', true],
    ['window', 'only its adjustment window (a right, not a duty) has passed; its reply is due in September', false],
    ['running', 'nothing is due yet', false],
    ['unassigned', 'it has no deadline', false],
    ['repliedLate', 'it was answered late: the reply deadline is settled', false],
  ])('%s: %s → overdue %s, in the API and in the UI', async (name, _why, overdue) => {
    for (const who of ['committee', 'xzsp'] as const) {
      const seen = who === 'committee' || name !== 'unassigned';
      expect((await apiRegister(who, true)).includes(name)).toBe(seen && overdue);
      expect((await uiRegister(who, true)).includes(name)).toBe(seen && overdue);
      expect((await apiRegister(who, false)).includes(name)).toBe(seen && !overdue);
      expect((await uiRegister(who, false)).includes(name)).toBe(seen && !overdue);
    }
  });

  it('gives the same lists both ways, for the committee and for the handling unit', async () => {
    for (const who of ['committee', 'xzsp'] as const) {
      for (const overdue of [true, false]) expect(await uiRegister(who, overdue)).toEqual(await apiRegister(who, overdue));
    }
    expect(await apiRegister('committee', true)).toEqual(['late']);
    // The unit sees what it handles: not the unassigned proposal.
    expect(await apiRegister('xzsp', false)).toEqual(['repliedLate', 'running', 'window']);
  });

  it('filters by category and 重点提案 the same way too (one register query)', async () => {
    const category = `&category=${encodeURIComponent('经济建设')}`;
    expect(await apiRegister('committee', false, category)).toEqual(['window']);
    expect(await uiRegister('committee', false, category)).toEqual(['window']);
    expect(await apiRegister('committee', true, `${category}&key=true`)).toEqual(['late']);
    expect(await uiRegister('committee', true, `${category}&key=yes`)).toEqual(['late']);
    expect(await apiRegister('committee', true, '&key=false')).toEqual([]);
    expect(await uiRegister('committee', true, '&key=no')).toEqual([]);
  });

  it('marks each deadline of the file with the same rule: the lapsed window is not overdue, the late reply is', async () => {
    const window = await ok(as('committee').get(`/api/v1/proposals/${ids.window}`));
    expect(window.deadlines.map((d: any) => [d.kind, d.status, d.overdue]).sort()).toEqual([['adjustment', 'open', false], ['reply', 'open', false]]);
    const late = await ok(as('committee').get(`/api/v1/proposals/${ids.late}`));
    expect(late.deadlines.find((d: any) => d.kind === 'reply')).toMatchObject({ status: 'open', overdue: true });
  });
});
