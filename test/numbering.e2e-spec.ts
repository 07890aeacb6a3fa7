import { startApi, type TestApi } from './support/api.js';
import { createDirectory, type Directory } from './support/directory.js';

describe('numbering (第N号) under concurrency', () => {
  let api: TestApi;
  let dir: Directory;

  beforeAll(async () => {
    api = await startApi('numbers');
    dir = await createDirectory(api);
  });
  afterAll(() => api?.close());

  it('gives 50 concurrent filings in one session the numbers 1–50 exactly', async () => {
    const committee = api.as(dir.tokens.committee);
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const res = await committee.post('/api/v1/proposals', { sessionId: dir.sessionId, title: `提案${i}`, content: `内容${i}`, leadProposerId: dir.proposerId });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    const results = await Promise.all(ids.map((id) => committee.post(`/api/v1/proposals/${id}/review`, { decision: 'file' })));
    expect(results.map((r) => r.status)).toEqual(ids.map(() => 200));
    const numbers = results.map((r) => r.body.number as number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('continues after an imported number, and a proposer cannot pick a number for someone else', async () => {
    const committee = api.as(dir.tokens.committee);
    const imported = await committee.post('/api/v1/proposals', { sessionId: dir.sessionId, number: 120, title: '导入', content: '导入', leadProposerId: dir.proposerId });
    expect(imported.body.number).toBe(120);
    const fresh = await committee.post('/api/v1/proposals', { sessionId: dir.sessionId, title: '新', content: '新', leadProposerId: dir.proposerId });
    const filed = await committee.post(`/api/v1/proposals/${fresh.body.id}/review`, { decision: 'file' });
    expect(filed.body.number).toBe(121);
    const foreign = await api.as(dir.tokens.otherProposer).post('/api/v1/proposals', { sessionId: dir.sessionId, title: '代提', content: '代提', leadProposerId: dir.proposerId });
    expect(foreign.status).toBe(403);
  });
});
