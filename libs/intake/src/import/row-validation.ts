import { createHash } from 'node:crypto';
import { normaliseText, textProblem } from '#domain';
import type { ImportProblem } from '#persistence';
import { COLUMN_ALIASES, type FileRow, type ImportField } from './proposal-file.js';

/** A valid row, ready for SubmitProposal. */
export interface RowInput {
  number: number | null;
  title: string;
  content: string;
  leadProposerId: string;
  coProposerIds: string[];
  category: string | null;
}

/** Who the names in the file may refer to. */
export interface ProposerDirectory {
  /** name → ids (more than one: the name is ambiguous). */
  byName: Map<string, string[]>;
  ids: Set<string>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LIMITS = { title: 200, content: 50_000, category: 50 };

/**
 * A proposal's identity within a session, for "importing the same file twice creates nothing new":
 * its lead proposer and its text, white space normalised (as intake normalises titles).
 */
export function identityOf(p: { leadProposerId: string; title: string; content: string }): string {
  return createHash('sha256')
    .update(`${p.leadProposerId}\u0000${normaliseText(p.title)}\u0000${normaliseText(p.content)}`, 'utf8')
    .digest('hex')
    .slice(0, 40);
}

/** Validates one row: the value for SubmitProposal, or every problem, each naming its column. */
export function validateRow(
  row: FileRow,
  columns: Partial<Record<ImportField, string>>,
  proposers: ProposerDirectory,
): { input: RowInput | null; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const column = (field: ImportField) => columns[field] ?? COLUMN_ALIASES[field][0];
  const problem = (field: ImportField, message: string) => problems.push({ column: column(field), field, message });
  // A cell no proposal can hold (a NUL byte, another control character, half a surrogate pair) makes
  // the row invalid, naming its column: the same rule as the API's input layer (textProblem).
  const unstorable = new Set<ImportField>();
  for (const [field, value] of Object.entries(row.cells) as Array<[ImportField, string | undefined]>) {
    const why = value ? textProblem(value) : null;
    if (!why) continue;
    unstorable.add(field);
    problem(field, why === 'control_character'
      ? `“${column(field)}”含有不允许的控制字符（如 NUL），请删除后重新导入`
      : `“${column(field)}”含有无法保存的字符（不成对的 UTF-16 代理项），请检查后重新导入`);
  }
  if (unstorable.size > 0) return { input: null, problems };
  const text = (field: ImportField) => (row.cells[field] ?? '').trim();

  let number: number | null = null;
  const rawNumber = text('number').replace(/\s/g, '');
  if (rawNumber !== '') {
    const m = /^第?(\d+)号?$/.exec(rawNumber.replace(/\.0+$/, ''));
    const n = m ? Number(m[1]) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > 1_000_000) problem('number', `编号应为1至1000000的整数，实为“${rawNumber}”`);
    else number = n;
  }

  const title = normaliseText(text('title'));
  if (title === '') problem('title', '标题不能为空');
  else if ([...title].length > LIMITS.title) problem('title', `标题不能超过${LIMITS.title}字（实有${[...title].length}字）`);

  const content = text('content');
  if (content === '') problem('content', '内容不能为空');
  else if ([...content].length > LIMITS.content) problem('content', `内容不能超过${LIMITS.content}字（实有${[...content].length}字）`);

  const resolve = (field: ImportField, name: string): string | null => {
    if (UUID.test(name)) {
      if (proposers.ids.has(name.toLowerCase())) return name.toLowerCase();
      problem(field, `提案人编号“${name}”不存在`);
      return null;
    }
    const ids = proposers.byName.get(name) ?? [];
    if (ids.length === 1) return ids[0];
    problem(field, ids.length === 0 ? `提案人“${name}”不在提案人名录中` : `提案人“${name}”有${ids.length}人重名，请改填提案人编号（ID）`);
    return null;
  };

  const leadName = text('leadProposer');
  let leadProposerId: string | null = null;
  if (leadName === '') problem('leadProposer', '第一提案人不能为空');
  else if (/[、，,；;]/.test(leadName)) problem('leadProposer', `第一提案人只能填一人，联名者请填入“${column('coProposers')}”列`);
  else leadProposerId = resolve('leadProposer', leadName);

  const coProposerIds: string[] = [];
  for (const name of text('coProposers').split(/[、，,；;\s]+/).filter(Boolean)) {
    const id = resolve('coProposers', name);
    if (!id) continue;
    if (id === leadProposerId) problem('coProposers', `联名提案人“${name}”就是第一提案人`);
    else if (!coProposerIds.includes(id)) coProposerIds.push(id);
  }

  const category = text('category');
  if ([...category].length > LIMITS.category) problem('category', `类别不能超过${LIMITS.category}字`);

  if (problems.length > 0 || !leadProposerId) return { input: null, problems };
  return { input: { number, title, content, leadProposerId, coProposerIds, category: category || null }, problems };
}
