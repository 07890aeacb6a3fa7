import { parse as parseCsv } from 'csv-parse/sync';
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

export async function readProposalFile(format: ImportFormat, data: Buffer): Promise<ParsedFile> {
  const table = format === 'xlsx' ? await xlsxTable(data) : csvTable(data);
  return toRows(table);
}

const normaliseHeader = (h: string) => h.replace(/[\s\u3000*＊:：]/g, '').toLowerCase();

function toRows(table: Array<{ rowNo: number; values: string[] }>): ParsedFile {
  const headerIndex = table.findIndex((r) => r.values.some((v) => v.trim() !== ''));
  if (headerIndex < 0) throw new ProposalFileError('文件为空：没有表头行');
  const header = table[headerIndex].values;
  const columns: Partial<Record<ImportField, string>> = {};
  const indexOf: Partial<Record<ImportField, number>> = {};
  const ignoredColumns: string[] = [];
  header.forEach((h, i) => {
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
      `第${table[headerIndex].rowNo}行表头缺少必需的列：${missing.map((f) => `${COLUMN_ALIASES[f][0]}（也可写作${COLUMN_ALIASES[f].slice(1, 4).join('、')}）`).join('；')}`,
    );
  }
  const rows: FileRow[] = [];
  for (const r of table.slice(headerIndex + 1)) {
    if (r.values.every((v) => v.trim() === '')) continue; // blank lines are not rows
    const cells: Partial<Record<ImportField, string>> = {};
    for (const [field, i] of Object.entries(indexOf) as Array<[ImportField, number]>) cells[field] = r.values[i] ?? '';
    rows.push({ rowNo: r.rowNo, cells });
  }
  if (rows.length > MAX_IMPORT_ROWS) throw new ProposalFileError(`文件有${rows.length}行数据，一次最多导入${MAX_IMPORT_ROWS}行`);
  return { columns, ignoredColumns, rows };
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

async function xlsxTable(data: Buffer): Promise<Array<{ rowNo: number; values: string[] }>> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch (e) {
    throw new ProposalFileError(`无法读取XLSX文件：${(e as Error).message}`);
  }
  const sheet = workbook.worksheets.find((w) => w.state !== 'hidden' && w.actualRowCount > 0) ?? workbook.worksheets[0];
  if (!sheet) throw new ProposalFileError('XLSX文件中没有工作表');
  const table: Array<{ rowNo: number; values: string[] }> = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNo) => {
    const values: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      values[col - 1] = cellText(cell.value);
    });
    table.push({ rowNo, values: Array.from(values, (v) => v ?? '') });
  });
  return table;
}

/** UTF-8 (with or without BOM); a file that is not valid UTF-8 is read as GB18030, as Excel saves CSV on Chinese Windows. */
function decodeCsv(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(data);
  }
}

function csvTable(data: Buffer): Array<{ rowNo: number; values: string[] }> {
  let records: string[][];
  try {
    records = parseCsv(decodeCsv(data), { relax_column_count: true, skip_empty_lines: false, trim: false }) as string[][];
  } catch (e) {
    throw new ProposalFileError(`无法读取CSV文件：${(e as Error).message}`);
  }
  // Record N is row N, as a spreadsheet shows the file (a quoted cell may span lines).
  return records.map((values, i) => ({ rowNo: i + 1, values }));
}
