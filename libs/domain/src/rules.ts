import { DEADLINE_KINDS, type DeadlineKind } from './deadline-kinds.js';
import { InvalidRulesError } from './errors.js';
import { SHANGHAI_TIMEZONE, isIsoDate } from './shanghai-time.js';
import type { HolidayOverride } from './work-calendar.js';
import { DEFAULT_CO_SIGNING_RULES, type CoSigningRules } from './co-signing-rules.js';
import { ATTACHMENT_CEILING_BYTES, ATTACHMENT_FORMAT_CODES, DEFAULT_ATTACHMENT_RULES, type AttachmentRules } from './attachments.js';

/**
 * Time rules are data (config/rules.json, overridable per session): deadline lengths, how they
 * are counted, the reminder/escalation ladders, result categories and satisfaction labels.
 */

// Every time rule (DEADLINE_KINDS, DeadlineKind): in deadline-kinds.ts, which imports nothing, so that errors.ts may name them.
export { DEADLINE_KINDS, type DeadlineKind } from './deadline-kinds.js';

/** The kinds a deadline row can have (答复, 协办意见, 申请调整, 回执, 重新办理, 公开). */
export const STORED_DEADLINE_KINDS = ['reply', 'co_opinion', 'adjustment', 'feedback', 'rehandling', 'publication'] as const;
export type StoredDeadlineKind = (typeof STORED_DEADLINE_KINDS)[number];

/**
 * Who a stage notifies. 'unit' is the unit whose deadline it is (the co unit for co_opinion);
 * 'supervision' the supervision office (督查室), 'supervision_leader' its head; 'committee' the
 * proposal committee (提案委).
 */
export const RECIPIENTS = ['unit', 'unit_head', 'lead_unit', 'supervision', 'supervision_leader', 'proposer', 'committee'] as const;
export type Recipient = (typeof RECIPIENTS)[number];

/** reminder 提醒 · overdue 逾期 · escalation 督办升级 · expiry 期满 (closes a window, no one is late). */
export const STAGE_TYPES = ['reminder', 'overdue', 'escalation', 'expiry'] as const;
export type StageType = (typeof STAGE_TYPES)[number];

export const LENGTH_UNITS = ['months', 'days', 'workdays'] as const;
export type LengthUnit = (typeof LENGTH_UNITS)[number];

export interface PeriodLength {
  amount: number;
  unit: LengthUnit;
}

export interface StageOffset {
  /** Relative to the due date; negative = before it. */
  amount: number;
  unit: 'days' | 'workdays';
}

export interface LadderStep {
  /** Unique within a ladder, stored as the deadline's stage, e.g. 'reminder_30d'. */
  stage: string;
  type: StageType;
  offset: StageOffset;
  notify: Recipient[];
  /** Fires again every so often after its first time (weekly escalations). */
  repeatEvery?: { amount: number; unit: 'days' };
}

export interface DeadlineRule {
  /** Chinese name used in explanations, e.g. '答复'. */
  label?: string;
  /** Chinese name of the event the period runs from, e.g. '交办'. */
  startEvent?: string;
  /**
   * 依据: the rule text this period comes from (the regulation that sets it, in the deployment's
   * words), shown to the member beside the countdown. Optional: without it the page states the rule
   * from its length and start event.
   */
  basis?: string;
  length: PeriodLength;
  ladder: LadderStep[];
}

/** 办理结果分类 (A/B/C/D by default). */
export interface ResultCategory {
  code: string;
  label: string;
}

export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
/** The proposer's rating of a reply (满意 / 基本满意 / 不满意). */
export type Satisfaction = (typeof SATISFACTIONS)[number];

export interface SatisfactionLevel {
  code: Satisfaction;
  label: string;
  /** Counted in the satisfaction rate (满意率 counts 满意 + 基本满意). */
  countsAsSatisfied: boolean;
}

export interface TimeRules {
  timezone: typeof SHANGHAI_TIMEZONE;
  deadlines: Record<DeadlineKind, DeadlineRule>;
  /** Local changes to the statutory calendar; they win over chinese-days. */
  holidayOverrides: HolidayOverride[];
  /** Office hours, for display and for choosing when to send mail; deadlines end at 24:00 regardless. */
  workingHours: { start: string; end: string };
  resultCategories: ResultCategory[];
  satisfaction: SatisfactionLevel[];
  /** Attachments (附件): formats, size and count limits, whether a reply needs its letter (domain attachments.ts). */
  attachments: AttachmentRules;
  /** 联名: the minimum of confirmed co-signers of a joint proposal, the invitation link's validity (domain co-signing.ts). */
  coSigning: CoSigningRules;
}

/** Objects merge key by key; arrays (ladders, overrides, categories) are replaced whole. */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/**
 * The base rules with a session's (or deployment's) override applied, validated.
 * Arrays are replaced rather than merged, so an override's ladder is the whole ladder.
 */
export function mergeRules(base: TimeRules, override?: DeepPartial<TimeRules> | null): TimeRules {
  if (override === undefined || override === null) return validateRules(base);
  return validateRules(deepMerge(base, override, 'rules'));
}

function deepMerge(base: unknown, override: unknown, path: string): unknown {
  if (override === undefined) return structuredClone(base);
  if (isPlainObject(base) && isPlainObject(override)) {
    const out: Record<string, unknown> = {};
    for (const key of new Set([...Object.keys(base), ...Object.keys(override)])) {
      out[key] = deepMerge(base[key], override[key], `${path}.${key}`);
    }
    return out;
  }
  if (isPlainObject(base) && override !== null && !isPlainObject(override)) {
    throw new InvalidRulesError(path, `expected an object, got ${describe(override)}`);
  }
  return structuredClone(override);
}

/**
 * Checks an untrusted value (config file, session override) and returns a clean copy.
 * Unknown keys are refused too, so that a typo ('deadlines.replay') is not silently ignored.
 */
export function validateRules(x: unknown): TimeRules {
  const p = 'rules';
  const o = object(x, p, ['timezone', 'deadlines', 'holidayOverrides', 'workingHours', 'resultCategories', 'satisfaction', 'attachments', 'coSigning']);
  if (o.timezone !== SHANGHAI_TIMEZONE) fail(`${p}.timezone`, `must be "${SHANGHAI_TIMEZONE}", got ${describe(o.timezone)}`);

  const d = object(o.deadlines, `${p}.deadlines`, DEADLINE_KINDS);
  const deadlines = {} as Record<DeadlineKind, DeadlineRule>;
  for (const kind of DEADLINE_KINDS) deadlines[kind] = deadlineRule(d[kind], `${p}.deadlines.${kind}`);

  const holidayOverrides = array(o.holidayOverrides, `${p}.holidayOverrides`).map((item, i) => {
    const path = `${p}.holidayOverrides[${i}]`;
    const h = object(item, path, ['date', 'kind', 'reason']);
    if (!isIsoDate(h.date)) fail(`${path}.date`, `expected a date YYYY-MM-DD, got ${describe(h.date)}`);
    return { date: h.date, kind: oneOf(h.kind, `${path}.kind`, ['holiday', 'workday'] as const), reason: text(h.reason, `${path}.reason`) };
  });

  const w = object(o.workingHours, `${p}.workingHours`, ['start', 'end']);
  const workingHours = { start: hhmm(w.start, `${p}.workingHours.start`), end: hhmm(w.end, `${p}.workingHours.end`) };
  if (workingHours.start >= workingHours.end) fail(`${p}.workingHours`, 'start must be before end');

  const resultCategories = array(o.resultCategories, `${p}.resultCategories`).map((item, i) => {
    const path = `${p}.resultCategories[${i}]`;
    const c = object(item, path, ['code', 'label']);
    return { code: text(c.code, `${path}.code`), label: text(c.label, `${path}.label`) };
  });
  if (resultCategories.length === 0) fail(`${p}.resultCategories`, 'needs at least one category');
  unique(resultCategories.map((c) => c.code), `${p}.resultCategories`, 'code');

  const satisfaction = array(o.satisfaction, `${p}.satisfaction`).map((item, i) => {
    const path = `${p}.satisfaction[${i}]`;
    const s = object(item, path, ['code', 'label', 'countsAsSatisfied']);
    if (typeof s.countsAsSatisfied !== 'boolean') fail(`${path}.countsAsSatisfied`, `expected true or false, got ${describe(s.countsAsSatisfied)}`);
    return { code: oneOf(s.code, `${path}.code`, SATISFACTIONS), label: text(s.label, `${path}.label`), countsAsSatisfied: s.countsAsSatisfied };
  });
  unique(satisfaction.map((s) => s.code), `${p}.satisfaction`, 'code');
  for (const code of SATISFACTIONS) {
    if (!satisfaction.some((s) => s.code === code)) fail(`${p}.satisfaction`, `missing the level "${code}"`);
  }

  const attachments = attachmentRules(o.attachments, `${p}.attachments`);
  const coSigning = coSigningRules(o.coSigning, `${p}.coSigning`);

  return { timezone: SHANGHAI_TIMEZONE, deadlines, holidayOverrides, workingHours, resultCategories, satisfaction, attachments, coSigning };
}

/** The `coSigning` section; absent (rules written before it) or partial, the defaults fill in. */
function coSigningRules(x: unknown, path: string): CoSigningRules {
  if (x === undefined) return { ...DEFAULT_CO_SIGNING_RULES };
  const c = object(x, path, ['minConfirmed', 'linkDays']);
  const d = DEFAULT_CO_SIGNING_RULES;
  return {
    minConfirmed: c.minConfirmed === undefined ? d.minConfirmed : integer(c.minConfirmed, `${path}.minConfirmed`, 0),
    linkDays: c.linkDays === undefined ? d.linkDays : integer(c.linkDays, `${path}.linkDays`, 1),
  };
}

/** The `attachments` section; absent (rules written before it) or partial, the defaults fill in. */
function attachmentRules(x: unknown, path: string): AttachmentRules {
  if (x === undefined) return structuredClone(DEFAULT_ATTACHMENT_RULES);
  const a = object(x, path, ['maxBytes', 'maxFiles', 'formats', 'replyLetterRequired']);
  const d = DEFAULT_ATTACHMENT_RULES;
  const maxBytes = a.maxBytes === undefined ? d.maxBytes : integer(a.maxBytes, `${path}.maxBytes`, 1);
  if (maxBytes > ATTACHMENT_CEILING_BYTES) fail(`${path}.maxBytes`, `must be at most ${ATTACHMENT_CEILING_BYTES} (50 MB), got ${maxBytes}`);
  const formats = a.formats === undefined
    ? [...d.formats]
    : array(a.formats, `${path}.formats`).map((f, i) => oneOf(f, `${path}.formats[${i}]`, ATTACHMENT_FORMAT_CODES));
  if (formats.length === 0) fail(`${path}.formats`, 'needs at least one format');
  unique(formats, `${path}.formats`, 'format');
  if (a.replyLetterRequired !== undefined && typeof a.replyLetterRequired !== 'boolean') {
    fail(`${path}.replyLetterRequired`, `expected true or false, got ${describe(a.replyLetterRequired)}`);
  }
  return {
    maxBytes,
    maxFiles: a.maxFiles === undefined ? d.maxFiles : integer(a.maxFiles, `${path}.maxFiles`, 1),
    formats,
    replyLetterRequired: a.replyLetterRequired ?? d.replyLetterRequired,
  };
}

function deadlineRule(x: unknown, path: string): DeadlineRule {
  const r = object(x, path, ['label', 'startEvent', 'basis', 'length', 'ladder']);
  const l = object(r.length, `${path}.length`, ['amount', 'unit']);
  const rule: DeadlineRule = {
    length: { amount: integer(l.amount, `${path}.length.amount`, 1), unit: oneOf(l.unit, `${path}.length.unit`, LENGTH_UNITS) },
    ladder: array(r.ladder, `${path}.ladder`).map((step, i) => ladderStep(step, `${path}.ladder[${i}]`)),
  };
  if (r.label !== undefined) rule.label = text(r.label, `${path}.label`);
  if (r.startEvent !== undefined) rule.startEvent = text(r.startEvent, `${path}.startEvent`);
  if (r.basis !== undefined) rule.basis = text(r.basis, `${path}.basis`);
  unique(rule.ladder.map((s) => s.stage), `${path}.ladder`, 'stage');
  return rule;
}

function ladderStep(x: unknown, path: string): LadderStep {
  const s = object(x, path, ['stage', 'type', 'offset', 'notify', 'repeatEvery']);
  const type = oneOf(s.type, `${path}.type`, STAGE_TYPES);
  const o = object(s.offset, `${path}.offset`, ['amount', 'unit']);
  const offset = { amount: integer(o.amount, `${path}.offset.amount`), unit: oneOf(o.unit, `${path}.offset.unit`, ['days', 'workdays'] as const) };
  // A reminder warns before the due date; the other stages react to it having passed.
  if (type === 'reminder' && offset.amount >= 0) fail(`${path}.offset.amount`, 'a reminder must come before the due date (negative offset)');
  if (type !== 'reminder' && offset.amount < 0) fail(`${path}.offset.amount`, `a stage of type "${type}" cannot come before the due date`);
  const notify = array(s.notify, `${path}.notify`).map((r, i) => oneOf(r, `${path}.notify[${i}]`, RECIPIENTS));
  const step: LadderStep = { stage: text(s.stage, `${path}.stage`), type, offset, notify };
  if (s.repeatEvery !== undefined) {
    const r = object(s.repeatEvery, `${path}.repeatEvery`, ['amount', 'unit']);
    step.repeatEvery = { amount: integer(r.amount, `${path}.repeatEvery.amount`, 1), unit: oneOf(r.unit, `${path}.repeatEvery.unit`, ['days'] as const) };
  }
  return step;
}

// ---- small checkers: each names the path of the value it rejects ----

function fail(path: string, problem: string): never {
  throw new InvalidRulesError(path, problem);
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function describe(x: unknown): string {
  if (x === undefined) return 'nothing';
  if (Array.isArray(x)) return 'an array';
  return JSON.stringify(x) ?? String(x);
}

function object(x: unknown, path: string, keys: readonly string[]): Record<string, unknown> {
  if (!isPlainObject(x)) fail(path, `expected an object, got ${describe(x)}`);
  for (const key of Object.keys(x)) {
    if (!keys.includes(key)) fail(`${path}.${key}`, `unknown key (expected one of ${keys.join(', ')})`);
  }
  return x;
}

function array(x: unknown, path: string): unknown[] {
  if (!Array.isArray(x)) fail(path, `expected an array, got ${describe(x)}`);
  return x;
}

function text(x: unknown, path: string): string {
  if (typeof x !== 'string' || x.trim() === '') fail(path, `expected a non-empty string, got ${describe(x)}`);
  return x;
}

function integer(x: unknown, path: string, min?: number): number {
  if (typeof x !== 'number' || !Number.isInteger(x)) fail(path, `expected an integer, got ${describe(x)}`);
  if (min !== undefined && x < min) fail(path, `expected at least ${min}, got ${x}`);
  return x;
}

function oneOf<T extends string>(x: unknown, path: string, allowed: readonly T[]): T {
  if (typeof x !== 'string' || !(allowed as readonly string[]).includes(x)) {
    fail(path, `expected one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${describe(x)}`);
  }
  return x as T;
}

function hhmm(x: unknown, path: string): string {
  if (typeof x !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(x)) fail(path, `expected a time HH:mm, got ${describe(x)}`);
  return x;
}

function unique(values: string[], path: string, what: string): void {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) fail(path, `duplicate ${what} "${v}"`);
    seen.add(v);
  }
}
