import { DataSource } from 'typeorm';
import { startApi, type TestApi } from './support/api.js';
import { createDirectory, type Directory } from './support/directory.js';

/**
 * The register's totals come from counters kept by triggers (migration 1765872000000), not from a
 * count of the matching rows: after every kind of change — filing, assigning, a unit removed by an
 * adjustment-like change, a deadline passing as time goes on — each total equals the number of
 * proposals the list actually returns, and the counters equal a recount from scratch.
 */
describe('register totals and keyset pages', () => {
  let api: TestApi;
  let dir: Directory;
  let ds: DataSource;
  const ids: string[] = [];

  beforeAll(async () => {
    api = await startApi('counts', '2024-01-16T09:00:00+08:00');
    dir = await createDirectory(api);
    ds = api.app.get(DataSource);
    const committee = api.as(dir.tokens.committee);
    for (let i = 0; i < 7; i++) {
      const res = await committee.post('/api/v1/proposals', {
        sessionId: dir.sessionId, number: 300 + i, title: `关于推进数字政府建设的提案（${i}）`, content: '内容', leadProposerId: dir.proposerId,
      });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
      api.clock.set(`2024-01-16T09:0${i + 1}:00+08:00`);
    }
    for (const id of ids.slice(0, 5)) expect((await committee.post(`/api/v1/proposals/${id}/review`, { decision: 'file' })).status).toBe(200);
    api.clock.set('2024-03-26T10:00:00+08:00');
    for (const [i, id] of ids.slice(0, 4).entries()) {
      const unit = i % 2 ? dir.units.jiaoyu : dir.units.xzsp;
      expect((await committee.post(`/api/v1/proposals/${id}/assignments`, { leadUnitId: unit, ...(i === 0 ? { coUnitIds: [dir.units.fagai] } : {}) })).status).toBe(201);
    }
  });
  afterAll(() => api?.close());

  const staff = () => api.as(dir.tokens.supervisor);

  /** Every item of a filter, page by page of 2 through nextCursor. */
  async function walk(query: string): Promise<{ ids: string[]; total: number }> {
    const seen: string[] = [];
    let cursor: string | null = null;
    let total = -1;
    for (let guard = 0; guard < 20; guard++) {
      const res = await staff().get(`/api/v1/proposals?pageSize=2&${query}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      total = res.body.total;
      expect(res.body.totalIsLowerBound).toBe(false);
      seen.push(...res.body.items.map((p: { id: string }) => p.id));
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    return { ids: seen, total };
  }

  const filters = () => [
    `sessionId=${dir.sessionId}`,
    'status=filed',
    'status=submitted',
    `unitId=${dir.units.xzsp}`,
    `unitId=${dir.units.fagai}&status=assigned`,
    'overdue=true',
    'overdue=false',
    `sessionId=${dir.sessionId}&overdue=true`,
    'key=false',
  ];

  async function expectTotalsTrue() {
    for (const f of filters()) {
      const { ids: got, total } = await walk(f);
      const offset = await staff().get(`/api/v1/proposals?pageSize=100&${f}`);
      expect({ f, total }).toEqual({ f, total: got.length });
      expect(got).toEqual(offset.body.items.map((p: { id: string }) => p.id));
      expect(new Set(got).size).toBe(got.length);
    }
    // The counters are what a recount from scratch gives.
    const kept = await ds.query(`SELECT facet, value, session_id, status, key, n FROM proposal_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5`);
    await ds.query(`SELECT duban_rebuild_proposal_counts()`);
    expect(await ds.query(`SELECT facet, value, session_id, status, key, n FROM proposal_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5`)).toEqual(kept);
  }

  it('counts every filter exactly after filing and assigning', async () => {
    expect((await walk(`sessionId=${dir.sessionId}`)).total).toBe(7);
    expect((await walk(`unitId=${dir.units.xzsp}`)).total).toBe(2);
    expect((await walk(`unitId=${dir.units.fagai}`)).total).toBe(1);
    await expectTotalsTrue();
  });

  it('counts the overdue as time passes their due date, with no write', async () => {
    expect((await walk('overdue=true')).total).toBe(0);
    api.clock.set('2024-06-27T10:00:00+08:00'); // the reply deadlines (3 months) have passed
    expect((await walk('overdue=true')).total).toBe(4);
    expect((await walk('overdue=false')).total).toBe(3);
    await expectTotalsTrue();
  });

  it('walks the register by cursor in the order of its pages, and refuses a cursor that is not one', async () => {
    const all = await staff().get(`/api/v1/proposals?pageSize=100&sessionId=${dir.sessionId}`);
    expect((await walk(`sessionId=${dir.sessionId}`)).ids).toEqual(all.body.items.map((p: { id: string }) => p.id));
    const bad = await staff().get('/api/v1/proposals?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual(['cursor']);
  });

  it('a text search says whether its total is exact', async () => {
    const res = await staff().get(`/api/v1/proposals?q=${encodeURIComponent('数字政府')}`);
    expect(res.body).toMatchObject({ total: 7, totalIsLowerBound: false });
  });
});
