import { clause, joinClauses } from './sentences.js';
import { InvalidDateError, RuleViolationError } from './errors.js';
import type { DeadlineKind, DeadlineRule, PeriodLength, TimeRules } from './rules.js';
import {
  addCalendarDays, addCalendarMonths, endOfShanghaiDay, isIsoDate, shanghaiDay, toShanghaiDate,
} from './shanghai-time.js';
import type { DayInfo, HolidayOverride, WorkCalendar } from './work-calendar.js';

/**
 * Deadlines (期限). Civil Code arts. 201–203 (《民法典》第二百零一条至第二百零三条):
 * - the day of the event is not counted, the period starts the next day;
 * - a month period ends on the same day-number of the target month, or on its last day when
 *   that month has no such day;
 * - a period whose last day is a rest day ends on the next working day;
 * - the last day ends at 24:00.
 * Working-day periods end on the n-th working day after the start date. All dates Asia/Shanghai.
 */

/** What a deadline was computed from; stored with it so it can be recomputed and audited. */
export interface DeadlineRecord {
  kind: DeadlineKind;
  /** period: start + length; extension: a date approved by the office (延期). */
  method: 'period' | 'extension';
  /** The start event's date in Asia/Shanghai (not counted). */
  startOn: string;
  /** The period length used; for an extension, the cap it had to respect (6 months). */
  length: PeriodLength;
  /** True when this deadline was given its own length instead of the rules' one. */
  lengthOverridden: boolean;
  label: string;
  startEvent: string;
  /** The date the office approved, for method 'extension'. */
  approvedDueOn?: string;
  /** The latest allowed due date, for method 'extension'. */
  limitOn?: string;
  /** Local holiday overrides that fell inside the period when it was computed. */
  overrides: HolidayOverride[];
}

export interface ComputedDeadline {
  kind: DeadlineKind;
  startOn: string;
  /** Last day of the period before moving off rest days (the approved date for an extension). */
  nominalDueOn: string;
  dueOn: string;
  /** End of dueOn in Asia/Shanghai: 23:59:59.999+08:00. */
  dueAt: Date;
  /** The rest days the due date was moved across (empty when it was not moved). */
  rolledOver: DayInfo[];
  /** Chinese, for people: how the date was reached. */
  explanation: string;
  rule: DeadlineRecord;
}

export interface ComputeDeadlineInput {
  kind: DeadlineKind;
  /** The instant of the start event, e.g. the assignment (交办). */
  start: Date;
  rules: TimeRules;
  calendar: WorkCalendar;
  /** This deadline's own length, e.g. 5 months for a plenary CPPCC proposal. */
  lengthOverride?: PeriodLength;
}

const CIVIL_CODE = '按《民法典》第二百零一条至第二百零三条';

export function computeDeadline(input: ComputeDeadlineInput): ComputedDeadline {
  const rule = input.rules.deadlines[input.kind];
  const length = input.lengthOverride ?? rule.length;
  assertLength(length);
  const record: DeadlineRecord = {
    kind: input.kind,
    method: 'period',
    startOn: toShanghaiDate(input.start),
    length: { ...length },
    lengthOverridden: input.lengthOverride !== undefined,
    label: labelOf(input.kind, rule),
    startEvent: startEventOf(rule),
    overrides: [],
  };
  return rememberedFromRecord(record, input.calendar);
}

/**
 * Periods already computed on a calendar (it never changes: a rules change makes a new one), by
 * their record: every assignment of a day opens the same deadlines. A copy each time, as callers
 * keep the result on their rows.
 */
const computedOn = new WeakMap<WorkCalendar, Map<string, ComputedDeadline>>();

function rememberedFromRecord(record: DeadlineRecord, calendar: WorkCalendar): ComputedDeadline {
  let computed = computedOn.get(calendar);
  if (!computed) computedOn.set(calendar, (computed = new Map()));
  const key = JSON.stringify(record);
  let found = computed.get(key);
  if (!found) {
    found = fromRecord(record, calendar);
    if (computed.size >= 2_000) computed.clear();
    computed.set(key, found);
  }
  return structuredClone(found);
}

export interface ExtendedDeadlineInput {
  /** The deadline being extended; 'reply' unless said otherwise. */
  kind?: DeadlineKind;
  /** The assignment instant: the 6-month cap runs from it. */
  assignedAt: Date;
  /** The due date the office approved, 'YYYY-MM-DD'. */
  newDueOn: string;
  /** The deadline now in force; an extension must end later than it. */
  current?: { dueOn: string };
  rules: TimeRules;
  calendar: WorkCalendar;
}

/**
 * The latest date an extension may reach: the 'extension' rule (6 calendar months) counted
 * from the assignment like any other period, so it also moves off a rest day.
 */
export function extensionLimit(input: { assignedAt: Date; rules: TimeRules; calendar: WorkCalendar }): ComputedDeadline {
  return computeDeadline({ kind: 'extension', start: input.assignedAt, rules: input.rules, calendar: input.calendar });
}

/**
 * A deadline moved to an approved date (延期). Refuses a date past the extension cap or not
 * later than the current due date. A date on a rest day moves to the next working day.
 */
export function computeExtendedDeadline(input: ExtendedDeadlineInput): ComputedDeadline {
  const kind = input.kind ?? 'reply';
  if (!isIsoDate(input.newDueOn)) throw new InvalidDateError(input.newDueOn);
  const limit = extensionLimit(input);
  if (input.newDueOn > limit.dueOn) {
    throw new RuleViolationError(
      'extension_limit',
      `An extension cannot end after ${limit.dueOn}: at most ${limit.rule.length.amount} ${limit.rule.length.unit} after the assignment on ${limit.startOn}`,
    );
  }
  if (input.current && input.newDueOn <= input.current.dueOn) {
    throw new RuleViolationError('extension_not_later', `An extension must end after the current due date ${input.current.dueOn}`);
  }
  const rule = input.rules.deadlines[kind];
  const record: DeadlineRecord = {
    kind,
    method: 'extension',
    startOn: limit.startOn,
    length: { ...limit.rule.length },
    lengthOverridden: false,
    label: labelOf(kind, rule),
    startEvent: startEventOf(rule),
    approvedDueOn: input.newDueOn,
    limitOn: limit.dueOn,
    overrides: [],
  };
  return fromRecord(record, input.calendar);
}

export interface RecomputedDeadline {
  deadline: ComputedDeadline;
  changed: boolean;
  previousDueOn: string;
  /** Chinese, why the due date moved; null when it did not. */
  reason: string | null;
}

/**
 * Recomputes a running deadline after the holiday overrides (or the statutory calendar)
 * changed. The length and start stay as recorded: only the calendar is new.
 */
export function recomputeDeadline(
  existing: { kind: DeadlineKind; dueOn: string; rule: DeadlineRecord },
  rules: TimeRules,
  calendar: WorkCalendar,
): RecomputedDeadline {
  const rule = rules.deadlines[existing.kind];
  const record: DeadlineRecord = {
    ...existing.rule,
    kind: existing.kind,
    label: existing.rule.label ?? labelOf(existing.kind, rule),
    startEvent: existing.rule.startEvent ?? startEventOf(rule),
    overrides: [],
  };
  const deadline = fromRecord(record, calendar);
  if (deadline.dueOn === existing.dueOn) return { deadline, changed: false, previousDueOn: existing.dueOn, reason: null };

  // The old result depended only on the days up to the old due date, so a change there explains the move.
  const from = addCalendarDays(record.startOn, 1);
  const before = (existing.rule.overrides ?? []).filter((o) => o.date >= from && o.date <= existing.dueOn);
  const after = calendar.overridesBetween(from, existing.dueOn);
  const changes = [
    ...after.filter((o) => !before.some((b) => sameOverride(b, o))).map(describeOverride),
    ...before.filter((b) => !after.some((o) => o.date === b.date)).map((b) => `${b.date} 取消本地调整（原为${b.kind === 'holiday' ? '休息日' : '工作日'}：${clause(b.reason)}）`),
  ];
  const cause = changes.length > 0 ? `因节假日调整（${joinClauses(changes)}）` : '因节假日安排调整';
  return {
    deadline,
    changed: true,
    previousDueOn: existing.dueOn,
    reason: `${cause}，截止日由 ${existing.dueOn} 改为 ${deadline.dueOn}`,
  };
}

/**
 * Refuses an act after its window has closed, e.g. an adjustment request (申请调整) more than
 * 5 working days after the assignment.
 */
export function assertBeforeDue(deadline: { kind: DeadlineKind; dueOn: string; dueAt: Date }, now: Date): void {
  if (now.getTime() > deadline.dueAt.getTime()) {
    throw new RuleViolationError(
      `${deadline.kind}_window`,
      `The ${deadline.kind.replace('_', ' ')} window closed at the end of ${deadline.dueOn} (Asia/Shanghai)`,
    );
  }
}

// ---- computation ----

function fromRecord(record: DeadlineRecord, calendar: WorkCalendar): ComputedDeadline {
  const { startOn, length } = record;
  let nominalDueOn: string;
  let counting: string;
  if (record.method === 'extension') {
    nominalDueOn = record.approvedDueOn as string;
    counting = `经批准延期至${nominalDueOn}（延期不得超过${record.startEvent}后${formatLength(length)}，即不晚于${record.limitOn}）`;
  } else if (length.unit === 'workdays') {
    nominalDueOn = calendar.addWorkdays(startOn, length.amount);
    counting = `自次日起算${length.amount}个工作日（按国务院节假日及调休安排和本地调整），至第${length.amount}个工作日${nominalDueOn}`;
  } else if (length.unit === 'months') {
    nominalDueOn = addCalendarMonths(startOn, length.amount);
    counting = `${CIVIL_CODE}，自次日起算${length.amount}个月，至${nominalDueOn}${monthEndNote(startOn, nominalDueOn)}`;
  } else {
    nominalDueOn = addCalendarDays(startOn, length.amount);
    counting = `${CIVIL_CODE}，自次日起算${length.amount}日，至${nominalDueOn}`;
  }
  if (record.lengthOverridden) counting += '（本期限单独设定）';

  const dueOn = calendar.nextWorkdayOnOrAfter(nominalDueOn);
  const rolledOver = dueOn === nominalDueOn ? [] : calendar.restDaysBetween(nominalDueOn, addCalendarDays(dueOn, -1));
  const overrides = calendar.overridesBetween(addCalendarDays(startOn, 1), dueOn);

  const parts = [`${record.label}期限：${startOn} ${record.startEvent}`, counting];
  if (rolledOver.length > 0) {
    const span = rolledOver.length === 1 ? nominalDueOn : `${nominalDueOn}至${rolledOver[rolledOver.length - 1].date}`;
    const why = [...new Set(rolledOver.map((d) => clause(d.label)))].join('、');
    parts.push(`${span} 为休息日（${why}），顺延至下一工作日 ${dueOn}，截止${dueOn} 24:00（北京时间）`);
  } else if (length.unit === 'workdays' && record.method === 'period') {
    parts.push(`截止${dueOn} 24:00（北京时间）`);
  } else {
    parts.push(`该日为工作日，截止${dueOn} 24:00（北京时间）`);
  }
  if (overrides.length > 0) parts.push(`期间适用本地调整：${overrides.map(describeOverride).join('，')}`);
  const uncovered = yearsBetween(startOn, dueOn).filter((y) => !calendar.coversYear(y));
  if (uncovered.length > 0) parts.push(`注意：${uncovered.join('、')}年国务院节假日安排尚未收录，仅按周末计算`);

  return {
    kind: record.kind,
    startOn,
    nominalDueOn,
    dueOn,
    dueAt: endOfShanghaiDay(dueOn),
    rolledOver,
    explanation: joinClauses(parts),
    rule: { ...record, overrides },
  };
}

function assertLength(length: PeriodLength): void {
  if (!Number.isInteger(length.amount) || length.amount < 1 || !['months', 'days', 'workdays'].includes(length.unit)) {
    throw new RangeError(`Invalid period length: ${JSON.stringify(length)}`);
  }
}

function monthEndNote(startOn: string, dueOn: string): string {
  const startDay = shanghaiDay(startOn).day;
  const due = shanghaiDay(dueOn);
  return due.day === startDay ? '' : `（${due.toFormat('yyyy-MM')}无${startDay}日，以该月末日为期间最后一日）`;
}

function describeOverride(o: HolidayOverride): string {
  return `${o.date} 调整为${o.kind === 'holiday' ? '休息日' : '工作日'}：${clause(o.reason)}`;
}

function sameOverride(a: HolidayOverride, b: HolidayOverride): boolean {
  return a.date === b.date && a.kind === b.kind && a.reason === b.reason;
}

function yearsBetween(from: string, to: string): number[] {
  const years: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) years.push(y);
  return years;
}

/** '3个月', '20个工作日', '15日'. */
export function formatLength(length: PeriodLength): string {
  return `${length.amount}${{ months: '个月', days: '日', workdays: '个工作日' }[length.unit]}`;
}

function labelOf(kind: DeadlineKind, rule: DeadlineRule | undefined): string {
  return rule?.label ?? kind;
}

function startEventOf(rule: DeadlineRule | undefined): string {
  return rule?.startEvent ?? '起算';
}
