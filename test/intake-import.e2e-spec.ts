import ExcelJS from 'exceljs';
import { QueueName } from '#queue';
import { eventually, startApi, type TestApi } from './support/api.js';
import { createDirectory, type Directory } from './support/directory.js';
import { FIXTURE } from './fixtures/intake/fixture.js';

/**
 * Bulk import (批量导入) over HTTP: a 2,000-row XLSX with 20 broken rows imports 1,980 proposals,
 * reports the 20 by row, column and problem, and a second import of the same file adds nothing.
 */
describe('bulk import of proposals', () => {
  let api: TestApi;
  let dir: Directory;
  const HEADER = ['编号', '标题', '内容', '第一提案人', '联名提案人', '类别'];
  const ROWS = 2000;

  beforeAll(async () => {
    // Notifications are not under test here (2,000 committee emails would only slow the run down).
    api = await startApi('import', '2024-01-16T09:00:00+08:00', { queues: [QueueName.Outbox, QueueName.Intake, QueueName.Assignment, QueueName.Deadline] });
    dir = await createDirectory(api);
  });
  afterAll(() => api?.close());

  const upload = (file: Buffer, filename: string, sessionId = dir.sessionId, token = dir.tokens.committee) =>
    api.http.post('/api/v1/imports').set('Authorization', `Bearer ${token}`).field('sessionId', sessionId).attach('file', file, filename);
  const report = (id: string) => api.as(dir.tokens.committee).get(`/api/v1/imports/${id}`);
  const finished = (id: string, timeoutMs = 300_000, seen: Array<{ status: string; processedRows: number }> = []) =>
    eventually(async () => {
      const r = await report(id);
      seen.push({ status: r.body.status, processedRows: r.body.progress.processedRows });
      expect(['completed', 'failed']).toContain(r.body.status);
      return r.body;
    }, timeoutMs, 500);
  const proposalsInSession = async () =>
    (await api.as(dir.tokens.committee).get(`/api/v1/proposals?sessionId=${dir.sessionId}&pageSize=1`)).body.total as number;

  /** The broken rows: data row index → the cells to break and the one problem the report must name. */
  type Broken = { cells: Partial<Record<string, string>>; field: string; column: string; message: RegExp };
  const broken = new Map<number, Broken>();
  const brokenKinds: Array<[number, (i: number) => Broken]> = [
    [4, () => ({ cells: { 标题: '' }, field: 'title', column: '标题', message: /^标题不能为空$/ })],
    [3, () => ({ cells: { 内容: '   ' }, field: 'content', column: '内容', message: /^内容不能为空$/ })],
    [4, () => ({ cells: { 第一提案人: '查无此人' }, field: 'leadProposer', column: '第一提案人', message: /提案人“查无此人”不在提案人名录中/ })],
    [3, () => ({ cells: { 编号: '十二' }, field: 'number', column: '编号', message: /编号应为.*实为“十二”/ })],
    [2, (i) => ({ cells: { 编号: String(numberOf(i - 1)) }, field: 'number', column: '编号', message: new RegExp(`编号${numberOf(i - 1)}与第${i - 1 + 2}行重复`) })],
    [2, () => ({ cells: { 标题: '关'.repeat(201) }, field: 'title', column: '标题', message: /标题不能超过200字（实有201字）/ })],
    [2, (i) => ({ cells: { 联名提案人: `${leadOf(i) === '李明' ? '陈刚正' : '李明'}、无名氏` }, field: 'coProposers', column: '联名提案人', message: /提案人“无名氏”不在提案人名录中/ })],
  ];
  const leadOf = (i: number) => (i % 2 === 0 ? '陈刚正' : '李明');
  /** Every 7th row carries no number (identity by proposer and text); the others their own. */
  const numberOf = (i: number): number | null => (i % 7 === 3 ? null : 1000 + i);
  let next = 37;
  for (const [count, make] of brokenKinds) {
    for (let k = 0; k < count; k++, next += 97) {
      while (numberOf(next) === null || numberOf(next - 1) === null || broken.has(next - 1)) next += 1;
      broken.set(next, make(next));
    }
  }

  async function workbook(): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('提案');
    sheet.addRow(HEADER);
    for (let i = 0; i < ROWS; i++) {
      const base = FIXTURE[i % FIXTURE.length];
      const n = numberOf(i);
      const cells: Record<string, string | number | null> = {
        编号: n,
        标题: base.title.replace(/的提案$/, `（之${i + 1}）的提案`),
        内容: `${base.content}\n（第${i + 1}件，${base.proposer}调研整理）`,
        第一提案人: leadOf(i),
        联名提案人: i % 5 === 0 ? (leadOf(i) === '李明' ? '陈刚正' : '李明') : '',
        类别: '',
      };
      Object.assign(cells, broken.get(i)?.cells ?? {});
      sheet.addRow(HEADER.map((h) => cells[h] ?? null));
    }
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  let file: Buffer;
  let firstId: string;

  it('refuses what is not an XLSX or CSV file, and a unit user', async () => {
    const bad = await upload(Buffer.from('%PDF-1.4'), '提案.pdf');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'invalid_input', fields: ['file'] });
    const noSession = await upload(Buffer.from('标题,内容,第一提案人\n'), 'a.csv', 'not-a-uuid');
    expect(noSession.status).toBe(400);
    expect(noSession.body.fields).toEqual(['sessionId']);
    expect((await upload(Buffer.from('标题,内容,第一提案人\n'), 'a.csv', dir.sessionId, dir.tokens.xzsp)).status).toBe(403);
  });

  it('imports 1,980 of 2,000 rows and reports the 20 broken ones precisely', async () => {
    file = await workbook();
    const res = await upload(file, '市政协十届二次会议提案.xlsx');
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'queued', format: 'xlsx', filename: '市政协十届二次会议提案.xlsx', sameFileAs: [] });
    firstId = res.body.id;
    const started = Date.now();
    const seen: Array<{ status: string; processedRows: number }> = [];
    const done = await finished(firstId, 300_000, seen);
    const seconds = (Date.now() - started) / 1000;
    console.log(`import of ${ROWS} XLSX rows: ${seconds.toFixed(1)} s (${Math.round(ROWS / seconds)} rows/s)`);
    expect(done).toMatchObject({ status: 'completed', counts: { imported: 1980, skipped: 0, invalid: 20 }, progress: { totalRows: 2000, processedRows: 2000, percent: 100 } });
    // Progress is stored as it goes: the report showed the import running part way through.
    expect(seen.some((p) => p.status === 'running' && p.processedRows > 0 && p.processedRows < ROWS)).toBe(true);
    expect(done.errors).toHaveLength(20);
    const expected = [...broken.entries()].map(([i, b]) => ({ row: i + 2, field: b.field, column: b.column, message: b.message }));
    expect(done.errors.map((e: any) => e.row)).toEqual(expected.map((e) => e.row));
    for (const [k, e] of done.errors.entries()) {
      expect(e).toMatchObject({ row: expected[k].row, field: expected[k].field, column: expected[k].column });
      expect(e.message).toMatch(expected[k].message);
    }
    expect(await proposalsInSession()).toBe(1980);
  }, 330_000);

  it('keeps the numbers the file gives, and continues numbering after the highest', async () => {
    const committee = api.as(dir.tokens.committee);
    const list = (await committee.get(`/api/v1/proposals?sessionId=${dir.sessionId}&q=${encodeURIComponent('之2000）')}`)).body.items;
    expect(list).toHaveLength(1);
    expect(list[0].number).toBe(1000 + 1999);
    const fresh = await committee.post('/api/v1/proposals', { sessionId: dir.sessionId, title: '新提案', content: '内容', leadProposerId: dir.proposerId });
    expect((await committee.post(`/api/v1/proposals/${fresh.body.id}/review`, { decision: 'file' })).body.number).toBe(3000);
  });

  it('imports nothing new from the same file again: every good row is skipped as already there', async () => {
    const res = await upload(file, '市政协十届二次会议提案（再次）.xlsx');
    expect(res.status).toBe(202);
    expect(res.body.sameFileAs).toEqual([firstId]);
    const done = await finished(res.body.id);
    expect(done).toMatchObject({ status: 'completed', counts: { imported: 0, skipped: 1980, invalid: 20 } });
    expect(done.skipped[0].reason).toMatch(/已导入|已存在/);
    expect(await proposalsInSession()).toBe(1981);
  }, 330_000);

  it('reads CSV in UTF-8 with a BOM or in GB18030, in any column order, and names a missing column', async () => {
    const csv = '\uFEFF第一提案人,标题,内容,编号\n陈刚正,关于CSV导入的提案,"第一段\n第二段",5001\n,缺提案人,内容,5002\n';
    const done = await finished((await upload(Buffer.from(csv, 'utf8'), 'utf8.csv')).body.id, 30_000);
    expect(done.counts).toEqual({ imported: 1, skipped: 0, invalid: 1 });
    expect(done.errors).toEqual([{ row: 3, column: '第一提案人', field: 'leadProposer', message: '第一提案人不能为空', title: '缺提案人' }]);

    // "标题,内容,第一提案人\n关于GB18030编码的提案,内容,李明\n" saved by Excel on Chinese Windows
    const gb = Buffer.from('b1eacce22cc4dac8dd2cb5dad2bbcce1b0b8c8cb0ab9d8d3da47423138303330b1e0c2ebb5c4cce1b0b82cc4dac8dd2cc0eec3f70a', 'hex');
    const gbDone = await finished((await upload(gb, 'gbk.csv')).body.id, 30_000);
    expect(gbDone.counts).toEqual({ imported: 1, skipped: 0, invalid: 0 });

    const missing = await finished((await upload(Buffer.from('标题,正文\n甲,乙\n'), 'missing.csv')).body.id, 30_000);
    expect(missing.status).toBe('failed');
    expect(missing.failure).toMatch(/缺少必需的列：第一提案人/);
  }, 60_000);
});
