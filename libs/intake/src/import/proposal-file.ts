import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import type { CellValue } from 'exceljs';

/**
 * Reading an uploaded proposals file (XLSX or CSV) into rows of text cells keyed by field. The first
 * row is the header; columns are recognised by their Chinese (or English) names, in any order;
 * other columns are ignored and listed. Row numbers are the spreadsheet's (the header is row 1), so
 * the report points at the row staff see in Excel.
 */

export type ImportField = 'number' | 'title' | 'content' | 'leadProposer' | 'coProposers' | 'category';

/** Accepted header names per field (compared without spaces, case-insensitively). */
export const COLUMN_ALIASES: Record<ImportField, string[]> = {
  number: ['编号', '提案编号', '提案号', '案号', '建议编号', 'number'],
  title: ['标题', '案由', '提案标题', '题目', '建议标题', 'title'],
  content: ['内容', '提案内容', '正文', '建议内容', 'content'],
  leadProposer: ['第一提案人', '提案人', '领衔人', '领衔提案人', '提出人', '代表', 'leadproposer', 'proposer'],
  coProposers: ['联名提案人', '联名人', '附议人', '联名代表', 'coproposers'],
  category: ['类别', '分类', '提案类别', 'category'],
};

export const REQUIRED_FIELDS: ImportField[] = ['title', 'content', 'leadProposer'];

/** At most this many data rows per file. */
export const MAX_IMPORT_ROWS = 10_000;

export interface FileRow {
  rowNo: number;
  cells: Partial<Record<ImportField, string>>;
}

export interface ParsedFile {
  /** The header text of each recognised field's column. */
  columns: Partial<Record<ImportField, string>>;
  ignoredColumns: string[];
  rows: FileRow[];
}

/** The file cannot be read as a whole (not a spreadsheet, no header, a required column missing). */
export class ProposalFileError extends Error {}

export type ImportFormat = 'xlsx' | 'csv';

/** The format, from the name and, for XLSX, its ZIP signature. */
export function detectFormat(filename: string, data: Buffer): ImportFormat | null {
  const lower = filename.toLowerCase();
  const zip = data.length > 4 && data[0] === 0x50 && data[1] === 0x4b;
  if (lower.endsWith('.xlsx')) return zip ? 'xlsx' : null;
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return zip ? null : 'csv';
  return zip ? 'xlsx' : null;
}

/** One row of the sheet as text cells, with its row number as the spreadsheet shows it. */
interface TableRow {
  rowNo: number;
  values: string[];
}

/**
 * Reads the file as a stream of rows and stops at the row limit: a small upload that expands to
 * hundreds of thousands of rows (an XLSX is a ZIP) is refused after MAX_IMPORT_ROWS + 1 data rows,
 * without ever holding the whole sheet in memory.
 */
export async function readProposalFile(format: ImportFormat, data: Buffer): Promise<ParsedFile> {
  return format === 'xlsx' ? toRows(xlsxRows(data), 'XLSX') : toRows(csvRows(data), 'CSV');
}

const normaliseHeader = (h: string) => h.replace(/[\s\u3000*＊:：]/g, '').toLowerCase();

async function toRows(table: AsyncIterable<TableRow>, kind: string): Promise<ParsedFile> {
  let header: TableRow | null = null;
  const columns: Partial<Record<ImportField, string>> = {};
  const indexOf: Partial<Record<ImportField, number>> = {};
  const ignoredColumns: string[] = [];
  const rows: FileRow[] = [];
  try {
    for await (const r of table) {
      if (r.values.every((v) => v.trim() === '')) continue; // blank lines are neither the header nor rows
      if (!header) {
        header = r;
        readHeader(r, columns, indexOf, ignoredColumns);
        continue;
      }
      if (rows.length === MAX_IMPORT_ROWS) {
        throw new ProposalFileError(`文件超过${MAX_IMPORT_ROWS}行数据（第${r.rowNo}行已是第${MAX_IMPORT_ROWS + 1}行数据），一次最多导入${MAX_IMPORT_ROWS}行，请拆分后分别导入`);
      }
      const cells: Partial<Record<ImportField, string>> = {};
      for (const [field, i] of Object.entries(indexOf) as Array<[ImportField, number]>) cells[field] = r.values[i] ?? '';
      rows.push({ rowNo: r.rowNo, cells });
    }
  } catch (e) {
    if (e instanceof ProposalFileError) throw e;
    throw new ProposalFileError(`无法读取${kind}文件：${(e as Error).message}`);
  }
  if (!header) throw new ProposalFileError('文件为空：没有表头行');
  return { columns, ignoredColumns, rows };
}

function readHeader(
  header: TableRow,
  columns: Partial<Record<ImportField, string>>,
  indexOf: Partial<Record<ImportField, number>>,
  ignoredColumns: string[],
): void {
  header.values.forEach((h, i) => {
    const name = normaliseHeader(h);
    if (!name) return;
    const field = (Object.keys(COLUMN_ALIASES) as ImportField[]).find((f) => COLUMN_ALIASES[f].includes(name));
    if (field && indexOf[field] === undefined) {
      indexOf[field] = i;
      columns[field] = h.trim();
    } else {
      ignoredColumns.push(h.trim());
    }
  });
  const missing = REQUIRED_FIELDS.filter((f) => indexOf[f] === undefined);
  if (missing.length > 0) {
    throw new ProposalFileError(
      `第${header.rowNo}行表头缺少必需的列：${missing.map((f) => `${COLUMN_ALIASES[f][0]}（也可写作${COLUMN_ALIASES[f].slice(1, 4).join('、')}）`).join('；')}`,
    );
  }
}

/** A cell as text: rich text, formulas (their result), hyperlinks, dates (YYYY-MM-DD) and numbers. */
function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: CellValue }).result ?? null);
    if ('text' in value) return cellText((value as { text: CellValue }).text);
    if ('error' in value) return '';
  }
  return String(value);
}

/**
 * The rows of the first visible worksheet that has any, streamed (exceljs's WorkbookReader: the
 * sheet's XML is parsed as it is unzipped; shared strings are kept, styles and hyperlinks are not).
 */
async function* xlsxRows(data: Buffer): AsyncGenerator<TableRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(pieces(data)), {
    worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore',
  });
  let sheets = 0;
  for await (const sheet of reader) {
    sheets += 1;
    const state = (sheet as unknown as { state?: string }).state;
    if (state === 'hidden' || state === 'veryHidden') continue;
    let any = false;
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const values: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        values[col - 1] = cellText(cell.value);
      });
      if (values.length === 0) continue;
      any = true;
      yield { rowNo: row.number, values: Array.from(values, (v) => v ?? '') };
    }
    if (any) return;
  }
  if (sheets === 0) throw new ProposalFileError('XLSX文件中没有工作表');
}

const PIECE = 64 * 1024;

/** A buffer in pieces of 64 KB (the parsers join split characters), for a stream that only reads ahead as far as it is consumed. */
function* pieces(whole: Buffer): Generator<Buffer> {
  for (let i = 0; i < whole.length; i += PIECE) yield whole.subarray(i, i + PIECE);
}

/** UTF-8 (with or without BOM); a file that is not valid UTF-8 is read as GB18030, as Excel saves CSV on Chinese Windows. */
function decodeCsv(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(data);
  }
}

/** The CSV's records, streamed: record N is row N, as a spreadsheet shows the file (a quoted cell may span lines). */
async function* csvRows(data: Buffer): AsyncGenerator<TableRow> {
  // Fed in small pieces, so that the parser runs only as far ahead as the rows are read: the
  // caller stops at the row limit + 1 and the rest of the file is never parsed.
  const parser = Readable.from(pieces(Buffer.from(decodeCsv(data), 'utf8'))).pipe(parseCsv({ relax_column_count: true, skip_empty_lines: false, trim: false }));
  let rowNo = 0;
  try {
    for await (const values of parser as AsyncIterable<string[]>) {
      rowNo += 1;
      yield { rowNo, values };
    }
  } finally {
    parser.destroy();
  }
}
