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

  it('answers hostile values on every route — NUL bytes, lone surrogates, impossible dates, huge numbers, prototype keys — below 500', async () => {
    const tokens = [dir.adminToken, dir.tokens.committee, dir.tokens.xzsp];
    const fill = (path: string, idKind: number) =>
      path.replace(/\{id\}/g, () => [ids.proposal, ids.assignment, '00000000-0000-4000-8000-000000000000'][idKind]!);
    // Written as JSON text: JSON.stringify never writes a lone surrogate nor an own "__proto__".
    const hostile = fc.constantFrom(
      '"a\\u0000b"', '"\\u0000"', '"x\\u001fy"', '"\\ud800"', '"\\udfff标题"', '"2024-02-30"', '"0000-00-00"', '"2023-02-29"',
      '"2024-02-30T10:00:00+08:00"', '"9999-99-99"', '1e308', '-1e308', '99999999999999999999', '-1', '0', '"NaN"', '"1e308"', '1.5',
      '"   "', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{}}}', '[{"prototype":1}]', '""', 'null', 'true',
    );
    const FIELDS = ['title', 'content', 'sessionId', 'decision', 'reason', 'summary', 'method', 'rating', 'comment', 'leadUnitId', 'number',
      'newDueOn', 'happenedOn', 'openedOn', 'date', 'at', 'now', 'public', 'approve', 'name', 'code', 'email', 'term', 'year', 'workdays',
      'expectedVersion', 'publicationIndex', 'resultCategory', 'signedBy', 'contactName', 'contactPhone', 'leaderName', 'key', 'rulesOverride'];
    const QUERY = ['page=1e308', 'page=99999999999999999999', 'page=-1', 'page=NaN', 'pageSize=1e308', 'q=%00', 'q=%ED%A0%80', 'date=2024-02-30',
      'date=0000-00-00', 'at=2024-02-30T00:00:00Z', 'sessionId=%00', '__proto__=1', 'constructor=1', 'q=a&q=b', 'theme=%01'];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: routes.length - 1 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: tokens.length - 1 }),
        fc.uniqueArray(fc.tuple(fc.constantFrom(...FIELDS, '__proto__', 'constructor', 'prototype'), hostile), { minLength: 1, maxLength: 4, selector: ([k]) => k }),
        fc.constantFrom(...QUERY),
        async (routeIndex, idKind, tokenIndex, pairs, query) => {
          const route = routes[routeIndex]!;
          const path = fill(route.path, idKind);
          const body = `{${pairs.map(([k, v]) => `"${k}":${v}`).join(',')}}`;
          const req = (api.http as any)[route.method](`${path}?${query}`).set('Authorization', `Bearer ${tokens[tokenIndex]}`);
          const res = route.method === 'get' ? await req : await req.set('Content-Type', 'application/json').send(body);
          if (res.status >= 500) throw new Error(`${route.method} ${path}?${query} ${body} → ${res.status} ${JSON.stringify(res.body)}`);
          if (res.status >= 400 && !(res.body?.statusCode === res.status && typeof res.body.code === 'string' && typeof res.body.message === 'string')) {
            throw new Error(`${route.method} ${path}?${query} ${body} → ${res.status} without the error shape: ${res.text.slice(0, 300)}`);
          }
        },
      ),
      { numRuns: 600 },
    );
  }, 180_000);

  it('answers the same hostile query strings on the UI pages below 500', async () => {
    for (const path of ['/public/replies', '/login', '/proposals', '/supervision', '/supervision/as-of', '/imports', '/admin/notifications']) {
      for (const query of ['q=%00', 'page=99999999999999999999', 'page=1e308', 'page=-1', 'q=a&q=b', 'date=2024-02-30', 'status=a&status=b', 'theme=%01', '__proto__=1']) {
        const res = await api.http.get(`${path}?${query}`);
        expect({ path, query, status: res.status < 500 }).toEqual({ path, query, status: true });
      }
    }
  });
});
