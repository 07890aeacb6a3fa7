import fc from 'fast-check';
import { startApi, type TestApi } from './support/api.js';
import { createDirectory, type Directory } from './support/directory.js';

/**
 * Random bodies sent to every route of the OpenAPI document never get a 5xx: bad input is a 4xx
 * that names the problem, whatever it looks like.
 */
describe('random bodies to every route', () => {
  let api: TestApi;
  let dir: Directory;
  let routes: Array<{ method: string; path: string }>;
  let ids: Record<string, string>;

  beforeAll(async () => {
    api = await startApi('fuzz', '2025-03-03T10:00:00+08:00');
    dir = await createDirectory(api);
    const committee = api.as(dir.tokens.committee);
    const p = (await committee.post('/api/v1/proposals', { sessionId: dir.sessionId, title: '提案', content: '内容', leadProposerId: dir.proposerId })).body;
    await committee.post(`/api/v1/proposals/${p.id}/review`, { decision: 'file' });
    const [a] = (await committee.post(`/api/v1/proposals/${p.id}/assignments`, { leadUnitId: dir.units.xzsp })).body;
    ids = { proposal: p.id, assignment: a.id };
    const doc = (await api.http.get('/api/docs-json')).body;
    routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).filter((m) => ['get', 'post', 'patch', 'put', 'delete'].includes(m)).map((method) => ({ method, path })),
    );
  });
  afterAll(() => api?.close());

  it('finds the whole contract in the OpenAPI document', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(keys).toEqual(expect.arrayContaining([
      'post /api/v1/proposals', 'get /api/v1/proposals', 'post /api/v1/proposals/{id}/review', 'post /api/v1/proposals/{id}/assignments',
      'post /api/v1/assignments/{id}/reply', 'post /api/v1/proposals/{id}/feedback', 'get /api/v1/stats/units',
    ]));
  });

  it('answers every random body with a status below 500', async () => {
    const tokens = [dir.adminToken, dir.tokens.committee, dir.tokens.xzsp];
    const fill = (path: string, idKind: number) =>
      path.replace(/\{id\}/g, () => [ids.proposal, ids.assignment, '00000000-0000-4000-8000-000000000000', 'not-a-uuid'][idKind]!);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: routes.length - 1 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: tokens.length - 1 }),
        fc.oneof(fc.jsonValue(), fc.dictionary(fc.constantFrom('title', 'content', 'sessionId', 'decision', 'rating', 'leadUnitId', 'number', 'newDueOn', 'happenedOn', 'public', 'approve', 'now'), fc.jsonValue())),
        async (routeIndex, idKind, tokenIndex, body) => {
          const route = routes[routeIndex]!;
          const path = fill(route.path, idKind);
          const req = (api.http as any)[route.method](route.method === 'get' ? `${path}?page=${JSON.stringify(body).slice(0, 20)}` : path)
            .set('Authorization', `Bearer ${tokens[tokenIndex]}`);
          const res = route.method === 'get' ? await req : await req.send(body === null ? 'null' : (body as object)).set('Content-Type', 'application/json');
          if (res.status >= 500) throw new Error(`${route.method} ${path} ${JSON.stringify(body)} → ${res.status} ${JSON.stringify(res.body)}`);
          if (res.status >= 400) expect(res.body).toMatchObject({ statusCode: res.status, code: expect.any(String), message: expect.any(String) });
        },
      ),
      { numRuns: 400 },
    );
  }, 120_000);
});
