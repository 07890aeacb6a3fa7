import chineseDays from 'chinese-days';

import { DomainError, InvalidDateError } from './errors.js';
import { addCalendarDays, isIsoDate, isoWeekday, weekdayNameZh } from './shanghai-time.js';

/** A local change to the statutory calendar (本地调休/临时放假), e.g. a flood-season closure. */
export interface HolidayOverride {
  /** 'YYYY-MM-DD' */
  date: string;
  kind: 'holiday' | 'workday';
  reason: string;
}

/** Why a day is (not) a working day. */
export interface DayInfo {
  date: string;
  workday: boolean;
  /** override: a local HolidayOverride; statutory: the State Council arrangement; else the weekday. */
  source: 'override' | 'statutory' | 'weekday' | 'weekend';
  /** Chinese, e.g. '春节', '春节调休上班', '周六', or the override's reason. */
  label: string;
}

// Guards against an override list that turns a whole year into holidays.
const MAX_SCAN_DAYS = 400;

/**
 * Working days: the statutory holiday and make-up workday (调休) arrangement from the
 * `chinese-days` package, then the local overrides, which win.
 *
 * We read the arrangement through `getDayDetail` with the date string and decide weekends with
 * luxon ourselves: chinese-days' own weekday check uses the process time zone and is off by a
 * day when that zone is behind UTC (its `isWorkday('2025-03-01')` is true in America/New_York).
 * The package is CommonJS, so it is imported by default (named imports fail under Node ESM).
 */
export class WorkCalendar {
  private readonly byDate: ReadonlyMap<string, HolidayOverride>;

  constructor(overrides: readonly HolidayOverride[] = []) {
    const byDate = new Map<string, HolidayOverride>();
    for (const o of overrides) {
      if (!isIsoDate(o.date)) throw new InvalidDateError(o.date);
      if (o.kind !== 'holiday' && o.kind !== 'workday') {
        throw new DomainError('invalid_override', `Holiday override ${o.date}: kind must be "holiday" or "workday"`, 'HOLIDAY_OVERRIDE_INVALID', { field: 'kind' });
      }
      byDate.set(o.date, { date: o.date, kind: o.kind, reason: o.reason }); // a later entry for a date wins
    }
    this.byDate = byDate;
  }

  /** The overrides in force, sorted by date. */
  get overrides(): HolidayOverride[] {
    return [...this.byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
  }

  /** A calendar with more overrides; those given here win over the current ones. */
  withOverrides(more: readonly HolidayOverride[]): WorkCalendar {
    return new WorkCalendar([...this.byDate.values(), ...more]);
  }

  /**
   * Days already looked up (this calendar never changes; a rules change makes a new one): a
   * working-day period asks for each of its days several times, and every deadline of a day asks
   * for the same ones. Frozen, as they are shared.
   */
  private readonly days = new Map<string, DayInfo>();

  dayInfo(date: string): DayInfo {
    const known = this.days.get(date);
    if (known) return known;
    const info = Object.freeze(this.lookUp(date));
    if (this.days.size >= 5_000) this.days.clear();
    this.days.set(date, info);
    return info;
  }

  private lookUp(date: string): DayInfo {
    if (!isIsoDate(date)) throw new InvalidDateError(date);
    const override = this.byDate.get(date);
    if (override) return { date, workday: override.kind === 'workday', source: 'override', label: override.reason };
    const statutory = statutoryEntry(date);
    if (statutory) {
      return { date, workday: statutory.work, source: 'statutory', label: statutory.work ? `${statutory.name}调休上班` : statutory.name };
    }
    const weekend = isoWeekday(date) >= 6;
    return { date, workday: !weekend, source: weekend ? 'weekend' : 'weekday', label: weekdayNameZh(date) };
  }

  isWorkday(date: string): boolean {
    return this.dayInfo(date).workday;
  }

  isRestDay(date: string): boolean {
    return !this.isWorkday(date);
  }

  /** Why the day is a rest day or a working day, in Chinese: '春节', '周六', or an override's reason. */
  describe(date: string): string {
    return this.dayInfo(date).label;
  }

  /**
   * The n-th working day after `date` (the day itself is not counted, as periods start the next
   * day); negative n counts back; 0 returns `date` unchanged.
   */
  addWorkdays(date: string, n: number): string {
    if (!Number.isInteger(n)) throw new RangeError(`addWorkdays needs an integer, got ${n}`);
    if (!isIsoDate(date)) throw new InvalidDateError(date);
    const step = n < 0 ? -1 : 1;
    let remaining = Math.abs(n);
    let day = date;
    let scanned = 0;
    while (remaining > 0) {
      day = addCalendarDays(day, step);
      if (this.isWorkday(day)) remaining--;
      if (++scanned > MAX_SCAN_DAYS + Math.abs(n) * 7) throw noWorkday(date);
    }
    return day;
  }

  /** `date` itself when it is a working day, else the first working day after it. */
  nextWorkdayOnOrAfter(date: string): string {
    let day = date;
    for (let i = 0; i <= MAX_SCAN_DAYS; i++) {
      if (this.isWorkday(day)) return day;
      day = addCalendarDays(day, 1);
    }
    throw noWorkday(date);
  }

  /** The rest days from `from` to `to`, both included. */
  restDaysBetween(from: string, to: string): DayInfo[] {
    const days: DayInfo[] = [];
    for (let day = from; day <= to; day = addCalendarDays(day, 1)) {
      const info = this.dayInfo(day);
      if (!info.workday) days.push(info);
    }
    return days;
  }

  /** Overrides dated from `from` to `to`, both included. */
  overridesBetween(from: string, to: string): HolidayOverride[] {
    return this.overrides.filter((o) => o.date >= from && o.date <= to);
  }

  /**
   * Whether chinese-days knows the State Council arrangement for the year. Past its last year
   * only weekends count as rest days, so callers can warn. 元旦 (1 January) is a statutory
   * holiday every year, which makes it a cheap probe.
   */
  coversYear(year: number): boolean {
    return statutoryEntry(`${String(year).padStart(4, '0')}-01-01`) !== null;
  }
}

/** The State Council arrangement for a date, or null when it is an ordinary day. */
function statutoryEntry(date: string): { work: boolean; name: string } | null {
  const detail = chineseDays.getDayDetail(date);
  // Arranged days are named 'Spring Festival,春节,3'; ordinary days just by their weekday.
  const parts = detail.name.split(',');
  if (parts.length < 2) return null;
  return { work: detail.work, name: parts[1] };
}

function noWorkday(date: string): DomainError {
  return new DomainError('calendar_exhausted', `No working day found near ${date}: check the holiday overrides`, 'CALENDAR_EXHAUSTED');
}
