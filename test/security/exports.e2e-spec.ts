import { parse } from 'csv-parse/sync';
import { startApi, type TestApi } from '../support/api.js';
import { createDirectory, type Directory } from '../support/directory.js';

/**
 * Issue 11, item 3: CSV formula injection. A title, category, proposer or unit name that begins
 * with = + - @, a tab or a CR reaches the CSV exports as text a spreadsheet will not run: prefixed
 * with an apostrophe (OWASP). The numbers Duban computes stay numbers.
 */
describe('security: CSV exports', () => {
  let api: TestApi;
  let dir: Directory;
  const as = (who: keyof Directory['tokens']) => api.as(dir.tokens[who]);
  const TITLE = '=HYPERLINK("http://evil.example/x","点此查看")';
  const CATEGORY = '+cmd|" /C calc"!A0';
  const PROPOSER = '@SUM(1+1)';
  const UNIT = '-2+3 市测试局';
  const CONTENT_TITLE = '-1+1 关于某事的提案'; // text, though it starts like a negative number

  beforeAll(async () => {
    api = await startApi('secexports', '2024-01-16T09:00:00+08:00');
    dir = await createDirectory(api);
    const admin = api.as(dir.adminToken);
    const proposer = await admin.post('/api/v1/proposers', { name: PROPOSER, kind: 'member', sector: '经济界', email: 'evil@example.com' });
    expect(proposer.status).toBe(201);
    const unit = await admin.post('/api/v1/units', { code: 'evil', name: UNIT, kind: 'department', email: 'evil@pds.example.gov.cn' });
    expect(unit.status).toBe(201);
    const submitted = await as('proposer').post('/api/v1/proposals', { sessionId: dir.sessionId, title: TITLE, content: '内容', leadProposerId: dir.proposerId, category: CATEGORY });
    expect(submitted.status).toBe(201);
    const other = await as('committee').post('/api/v1/proposals', { sessionId: dir.sessionId, title: CONTENT_TITLE, content: '内容', leadProposerId: proposer.body.id });
    expect(other.status).toBe(201);
    for (const id of [submitted.body.id, other.body.id]) {
      expect((await as('committee').post(`/api/v1/proposals/${id}/review`, { decision: 'file' })).status).toBe(200);
      api.clock.set('2024-03-26T10:00:00+08:00');
      expect((await as('committee').post(`/api/v1/proposals/${id}/assignments`, { leadUnitId: unit.body.id })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await api?.close();
  });

  const csv = async (path: string): Promise<string[][]> => {
    const res = await as('supervisor').get(path);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    return parse(res.text.replace(/^\ufeff/, ''), { relax_column_count: true }) as string[][];
  };
  const dangerous = (rows: string[][]) => rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell));

  it('neutralises every formula-like cell of the register (提案汇总表)', async () => {
    const rows = await csv(`/api/v1/exports/register?sessionId=${dir.sessionId}&format=csv`);
    expect(rows.length).toBe(3);
    expect(dangerous(rows)).toEqual([]);
    const cells = rows.flat();
    expect(cells).toEqual(expect.arrayContaining([`'${TITLE}`, `'${CATEGORY}`, `'${PROPOSER}`, `'${UNIT}`, `'${CONTENT_TITLE}`]));
    // Duban's own numbers are plain numbers: 序号 and 提案号.
    expect(rows.slice(1).map((r) => [r[0], r[1]])).toEqual([['1', '1'], ['2', '2']]);
  });

  it('neutralises every formula-like cell of the unit statistics (承办单位办理情况统计表)', async () => {
    const rows = await csv(`/api/v1/exports/unit-stats?sessionId=${dir.sessionId}&format=csv`);
    expect(dangerous(rows)).toEqual([]);
    const evil = rows.find((r) => r.includes(`'${UNIT}`));
    expect(evil).toBeDefined();
    const header = rows[0];
    expect(evil![header.indexOf('交办件数')]).toBe('2');
  });
});
