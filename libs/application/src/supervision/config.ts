import { readFileSync } from 'node:fs';
import { validateRules, type DeadlineRule, type TimeRules } from '#domain';

/** A unit's colour in the ranking (红黄牌): red and yellow have thresholds, green is everything else. */
export type { RankColor } from '#domain';

/** The conditions of one colour; any one of them met gives the colour. */
export interface RankThresholds {
  /** 按时办复率 below this (0..1). */
  onTimeRateBelow: number;
  /** At least this many assignments overdue now. */
  overdueNowAtLeast: number;
  /** 满意率 below this (0..1). */
  satisfactionRateBelow: number;
}

/** config/supervision.json: the supervision office's settings, data rather than code. */
export interface SupervisionConfig {
  /** The theme of the business-environment view (营商环境), as the intake classifier tags it. */
  businessTheme: string;
  ranking: { red: RankThresholds; yellow: RankThresholds };
  /** The deadline of a supervision notice (督办通知): its length and its own reminder ladder. */
  notice: DeadlineRule & { maxWorkdays: number };
  /** The printable reply letter: title '关于…第×号提案的答复', the 抄送 line's unit kinds. */
  letter: { titlePrefix: string; ccKinds: Array<'committee' | 'supervision'> };
  pdf: { timeoutMs: number };
  /** The formal documents (交办函, 督办通知书, the report): what the directory and the rules do not say. */
  documents: DocumentsConfig;
}

/** Per body (cppcc: 提案, npc: 建议). */
export interface PerBody {
  cppcc: string;
  npc: string;
}

export interface DocumentsConfig {
  /** The 交办函's 文号 prefix: 提交〔2024〕196号 (the proposal's number in the year of its assignment). */
  assignmentNumberPrefix: PerBody;
  /** The rules the reply deadline rests on, as a 交办函 cites them (依据…). */
  basis: PerBody;
}

/** Used when config/supervision.json has no `documents` (or lacks one of its texts). */
export const DEFAULT_DOCUMENTS: DocumentsConfig = {
  assignmentNumberPrefix: { cppcc: '提交', npc: '建交' },
  basis: {
    cppcc: '《中国人民政治协商会议全国委员会提案工作条例》和本市提案办理工作有关规定',
    npc: '《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》和本市代表建议办理工作有关规定',
  },
};

function perBody(x: unknown, fallback: PerBody, path: string): PerBody {
  if (x === undefined) return fallback;
  const o = (x ?? {}) as Record<string, unknown>;
  const text = (k: 'cppcc' | 'npc') => {
    const v = o[k] ?? fallback[k];
    if (typeof v !== 'string' || !v.trim()) fail(`${path}.${k}`, 'must be a non-empty string');
    return v.trim();
  };
  return { cppcc: text('cppcc'), npc: text('npc') };
}

/** Provider token of the loaded SupervisionConfig. */
export const SUPERVISION_CONFIG = Symbol('SUPERVISION_CONFIG');

function fail(path: string, problem: string): never {
  throw new Error(`config/supervision.json: ${path} ${problem}`);
}

function rate(x: unknown, path: string): number {
  if (typeof x !== 'number' || x < 0 || x > 1) fail(path, 'must be a number from 0 to 1');
  return x;
}

function count(x: unknown, path: string): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < 1) fail(path, 'must be a whole number of at least 1');
  return x;
}

function thresholds(x: unknown, path: string): RankThresholds {
  const o = (x ?? {}) as Record<string, unknown>;
  return {
    onTimeRateBelow: rate(o.onTimeRateBelow, `${path}.onTimeRateBelow`),
    overdueNowAtLeast: count(o.overdueNowAtLeast, `${path}.overdueNowAtLeast`),
    satisfactionRateBelow: rate(o.satisfactionRateBelow, `${path}.satisfactionRateBelow`),
  };
}

/**
 * Checks a notice rule with the domain's own rule checker: it is validated as if it were the reply
 * rule of otherwise valid rules, so a ladder step is held to exactly the same shape.
 */
export function validateNoticeRule(base: TimeRules, rule: unknown, path = 'notice'): DeadlineRule {
  const { maxWorkdays: _max, ...plain } = (rule ?? {}) as Record<string, unknown>;
  try {
    return validateRules({ ...base, deadlines: { ...base.deadlines, reply: plain } }).deadlines.reply;
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message.replace('rules.deadlines.reply', path)}`, { cause: e });
  }
}

export function parseSupervisionConfig(raw: unknown, base: TimeRules): SupervisionConfig {
  const o = (raw ?? {}) as Record<string, unknown>;
  if (typeof o.businessTheme !== 'string' || !o.businessTheme.trim()) fail('businessTheme', 'must be a non-empty string');
  const ranking = (o.ranking ?? {}) as Record<string, unknown>;
  const red = thresholds(ranking.red, 'ranking.red');
  const yellow = thresholds(ranking.yellow, 'ranking.yellow');
  if (red.onTimeRateBelow > yellow.onTimeRateBelow || red.satisfactionRateBelow > yellow.satisfactionRateBelow || red.overdueNowAtLeast < yellow.overdueNowAtLeast) {
    fail('ranking', 'red must be stricter than yellow (lower rates, more overdue)');
  }
  const n = (o.notice ?? {}) as Record<string, unknown>;
  const notice = validateNoticeRule(base, n, 'notice');
  if (notice.length.unit !== 'workdays') fail('notice.length.unit', 'must be "workdays"');
  const maxWorkdays = count(n.maxWorkdays, 'notice.maxWorkdays');
  if (maxWorkdays < notice.length.amount) fail('notice.maxWorkdays', 'must be at least notice.length.amount');
  const l = (o.letter ?? {}) as Record<string, unknown>;
  if (typeof l.titlePrefix !== 'string') fail('letter.titlePrefix', 'must be a string, e.g. "关于"');
  const ccKinds = Array.isArray(l.ccKinds) ? l.ccKinds : fail('letter.ccKinds', 'must be a list of "committee" / "supervision"');
  for (const k of ccKinds) if (k !== 'committee' && k !== 'supervision') fail('letter.ccKinds', `has an unknown kind ${JSON.stringify(k)}`);
  const p = (o.pdf ?? {}) as Record<string, unknown>;
  const docs = (o.documents ?? {}) as Record<string, unknown>;
  return {
    businessTheme: o.businessTheme.trim(),
    ranking: { red, yellow },
    notice: { ...notice, maxWorkdays },
    letter: { titlePrefix: l.titlePrefix, ccKinds: ccKinds as Array<'committee' | 'supervision'> },
    pdf: { timeoutMs: count(p.timeoutMs ?? 30000, 'pdf.timeoutMs') },
    documents: {
      assignmentNumberPrefix: perBody(docs.assignmentNumberPrefix, DEFAULT_DOCUMENTS.assignmentNumberPrefix, 'documents.assignmentNumberPrefix'),
      basis: perBody(docs.basis, DEFAULT_DOCUMENTS.basis, 'documents.basis'),
    },
  };
}

export function loadSupervisionConfig(base: TimeRules, path = process.env.DUBAN_SUPERVISION_CONFIG ?? 'config/supervision.json'): SupervisionConfig {
  return parseSupervisionConfig(JSON.parse(readFileSync(path, 'utf8')), base);
}
