import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { MAX_IMPORT_ROWS, ProposalFileError, readProposalFile, RunImport, ImportProposalsHandler } from '#intake';
import { QueueName } from '#queue';
import { DataSource } from 'typeorm';
import { eventually, startApi, type TestApi } from '../support/api.js';
import { createDirectory, PASSWORD, type Directory } from '../support/directory.js';
import { signInByForm } from '../support/ui-forms.js';

/**
 * Issue 11, items 7 and 8: a row that can never be imported (a NUL byte in a cell) is an invalid
 * row naming its column, not a job failing forever; an import whose job gives up ends `failed`;
 * a small XLSX that expands to many rows is read streamed and refused at the row limit.
 */
describe('security: imports', () => {
  let api: TestApi;
  let dir: Directory;

  const upload = (file: Buffer, filename: string) =>
    api.http.post('/api/v1/imports').set('Authorization', `Bearer ${dir.tokens.committee}`).field('sessionId', dir.sessionId).attach('file', file, filename);
  const report = async (id: string) => (await api.as(dir.tokens.committee).get(`/api/v1/imports/${id}`)).body;

  beforeAll(async () => {
    api = await startApi('secimport', '2024-01-16T09:00:00+08:00', { queues: [QueueName.Outbox, QueueName.Intake] });
    dir = await createDirectory(api);
  }, 60_000);
  afterAll(() => api?.close(), 60_000);

  it('a NUL byte or another control character in a CSV cell: that row is invalid, naming its column; the others go in', async () => {
    const csv = [
      '标题,内容,第一提案人',
      '关于加快老旧小区改造的提案,老旧小区改造内容,陈刚正',
      '关于\u0000公交专线的提案,公交专线内容,陈刚正',
      '关于电梯安全的提案,电梯\u0007安全内容,李明',
      // (Half a surrogate pair cannot be written in UTF-8: the same check refuses it if a reader ever yields one.)
      '关于停车难的提案,停车内容\t（含制表符）,李明',
      '关于学前教育的提案,学前教育内容,李明',
    ].join('\r\n');
    const res = await upload(Buffer.from(csv, 'utf8'), 'nul.csv');
    expect(res.status).toBe(202);
    const done = await eventually(async () => {
      const r = await report(res.body.id);
      expect(['completed', 'failed']).toContain(r.status);
      return r;
    }, 30_000, 300);
    expect(done.status).toBe('completed');
    expect(done.counts).toEqual({ imported: 3, skipped: 0, invalid: 2 });
    expect(done.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ row: 3, column: '标题', field: 'title', message: expect.stringContaining('控制字符') }),
      expect.objectContaining({ row: 4, column: '内容', field: 'content', message: expect.stringContaining('控制字符') }),
    ]));
    // The report shows the title made printable (it is stored), not the NUL.
    expect(done.errors.find((e: { row: number }) => e.row === 3).title).toBe('关于\uFFFD公交专线的提案');
  }, 60_000);

  it('an import whose job gives up (its last attempt failed) ends failed with the reason, and its page stops polling', async () => {
    const res = await upload(Buffer.from('标题,内容,第一提案人\r\n关于城市绿道的提案,绿道内容,陈刚正\r\n', 'utf8'), 'gives-up.csv');
    expect(res.status).toBe(202);
    const importId = res.body.id as string;
    const realRun = api.app.get(RunImport);
    const failing = { execute: async () => { throw new Error('数据库连接中断（模拟）'); }, giveUp: (id: string, e: unknown) => realRun.giveUp(id, e) } as unknown as RunImport;
    const ds = api.app.get(DataSource);
    const handler = new ImportProposalsHandler(ds, failing);
    const eventId = (await ds.query(`SELECT id FROM events WHERE type = 'import.requested' AND subject_id = $1`, [importId]))[0].id as string;
    // Not the last attempt: the error goes back to BullMQ, which retries.
    await expect(handler.handle({ eventId }, { id: 'x', name: 'import-proposals' as never, attemptsMade: 0, attempts: 6 })).rejects.toThrow('模拟');
    // The last one: the import is failed for good and the job ends.
    await handler.handle({ eventId }, { id: 'x', name: 'import-proposals' as never, attemptsMade: 5, attempts: 6 });
    const r = await eventually(async () => {
      const body = await report(importId);
      expect(body.status).toBe('failed');
      return body;
    }, 15_000, 200);
    expect(r.failure).toContain('数据库连接中断（模拟）');
    expect(r.finishedAt).not.toBeNull();
    const events = await ds.query(`SELECT type FROM events WHERE subject_id = $1 ORDER BY occurred_at`, [importId]);
    expect(events.map((e: { type: string }) => e.type)).toContain('import.failed');
    const jar = await signInByForm(api, 'tianwei', PASSWORD);
    const page = await api.http.get(`/imports/${importId}`).set('Cookie', jar.header());
    expect(page.status).toBe(200);
    expect(page.text).toContain('导入失败：导入多次重试仍未成功');
    expect(page.text).not.toContain('hx-trigger="every 1s"');
  }, 60_000);

  it('reads XLSX streamed: a workbook of 100,000 rows is refused at the row limit, in bounded memory', async () => {
    // Written with the streaming writer, so that the test itself holds only the compressed file.
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true });
    const sheet = writer.addWorksheet('提案');
    sheet.addRow(['标题', '内容', '第一提案人']).commit();
    const filler = '关于进一步优化营商环境推进数字政府建设的建议内容，'.repeat(8);
    for (let i = 0; i < 100_000; i++) sheet.addRow([`关于第${i}件事项的提案`, `${filler}${i}`, i % 2 ? '陈刚正' : '李明']).commit();
    sheet.commit();
    await writer.commit();
    const file = Buffer.concat(chunks);

    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    try {
      const error = await readProposalFile('xlsx', file).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(ProposalFileError);
      expect((error as Error).message).toContain(`一次最多导入${MAX_IMPORT_ROWS}行`);
      expect((error as Error).message).toContain(`第${MAX_IMPORT_ROWS + 2}行已是第${MAX_IMPORT_ROWS + 1}行数据`);
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    // Loose on purpose (not a timing or tuning test): reading this whole sheet grew the process by about 350 MB; streamed, by about 50.
    expect((peak - before) / 1024 / 1024).toBeLessThan(100);
  }, 180_000);

  it('still reads a whole workbook and a CSV under the limit, with the spreadsheet’s row numbers', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明', { state: 'hidden' }).addRow(['不是提案']);
    const sheet = wb.addWorksheet('提案');
    sheet.addRow(['编号', '标题', '内容', '第一提案人']);
    sheet.addRow([]);
    for (let i = 0; i < 1500; i++) sheet.addRow([i + 1, { richText: [{ text: '关于' }, { text: `第${i}件` }] }, `内容😀${i}`, '陈刚正']);
    const parsed = await readProposalFile('xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(parsed.rows).toHaveLength(1500);
    expect(parsed.rows[0]).toEqual({ rowNo: 3, cells: { number: '1', title: '关于第0件', content: '内容😀0', leadProposer: '陈刚正' } });
    expect(parsed.rows.at(-1)!.rowNo).toBe(1502);

    const lines = ['标题,内容,第一提案人', ...Array.from({ length: MAX_IMPORT_ROWS }, (_, i) => `标题${i},"内容😀${i}\n第二行",陈刚正`)];
    const csv = await readProposalFile('csv', Buffer.from(lines.join('\n')));
    expect(csv.rows).toHaveLength(MAX_IMPORT_ROWS);
    expect(csv.rows[1]).toEqual({ rowNo: 3, cells: { title: '标题1', content: '内容😀1\n第二行', leadProposer: '陈刚正' } });
    const over = await readProposalFile('csv', Buffer.from([...lines, '多一行,内容,陈刚正'].join('\n'))).then(() => null, (e: unknown) => e);
    expect((over as Error).message).toContain(`一次最多导入${MAX_IMPORT_ROWS}行`);
  }, 60_000);
});
