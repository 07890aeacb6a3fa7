import { DateTime, FixedOffsetZone, type Zone } from 'luxon';

import { InvalidDateError } from './errors.js';

/**
 * Every date in the domain is a calendar date in China (北京时间). Dates travel as
 * 'YYYY-MM-DD' strings so that no process time zone can shift them; instants are Dates.
 * All zone arithmetic goes through luxon.
 */
export const SHANGHAI_TIMEZONE = 'Asia/Shanghai';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * China has kept UTC+8 without daylight saving since 1991-09-15 (its last DST ended then). From
 * then on, instants are converted with the fixed offset, which needs no Intl look-up (through the
 * IANA zone every conversion formats a date: ~0.1 ms each, the largest cost of opening a deadline);
 * earlier instants still go through the IANA zone. Same results either way.
 */
const CHINA_STANDARD_TIME = FixedOffsetZone.instance(8 * 60);
const FIXED_OFFSET_SINCE_DATE = '1991-09-16';
const FIXED_OFFSET_SINCE_MS = Date.UTC(1991, 8, 15, 16); // 1991-09-16T00:00+08:00
const zoneOfDate = (date: string): Zone | string => (date >= FIXED_OFFSET_SINCE_DATE ? CHINA_STANDARD_TIME : SHANGHAI_TIMEZONE);
const zoneOfInstant = (instant: Date): Zone | string => (instant.getTime() >= FIXED_OFFSET_SINCE_MS ? CHINA_STANDARD_TIME : SHANGHAI_TIMEZONE);

/**
 * Remembers a pure function of a date string (and a number): the working-day calendar asks for the
 * same few hundred days at every deadline it opens, and each luxon parse costs microseconds (a
 * quarter of an assignment's CPU before this, docs/performance.md). Only immutable values are kept
 * (strings, numbers, booleans, epoch milliseconds); the map starts again when it is full.
 */
function remembered<V>(compute: (key: string) => V, limit = 20_000): (key: string) => V {
  const values = new Map<string, V>();
  return (key) => {
    const known = values.get(key);
    if (known !== undefined || values.has(key)) return known as V;
    const value = compute(key);
    if (values.size >= limit) values.clear();
    values.set(key, value);
    return value;
  };
}

/**
 * A 'YYYY-MM-DD' date for pure calendar arithmetic (days, months, weekdays), which no time zone
 * changes: done in UTC, where luxon needs no Intl look-up. The working-day calendar parses every
 * day of a period several times, so this is the hot path of opening a deadline (see
 * docs/performance.md).
 */
function calendarDay(date: string): DateTime {
  if (typeof date !== 'string' || !ISO_DATE.test(date)) throw new InvalidDateError(date);
  const day = DateTime.fromISO(date, { zone: 'utc' });
  if (!day.isValid) throw new InvalidDateError(date);
  return day;
}

/** True for a real calendar date written 'YYYY-MM-DD'. */
export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && ISO_DATE.test(value) && validIsoDate(value);
}

// Only strings of the date's shape reach the memo (ten characters each), whatever a caller sends.
const validIsoDate = remembered((value) => DateTime.fromISO(value, { zone: 'utc' }).isValid);

/** Parses a 'YYYY-MM-DD' date as the start of that day in Asia/Shanghai. */
export function shanghaiDay(date: string): DateTime {
  if (typeof date !== 'string' || !ISO_DATE.test(date)) throw new InvalidDateError(date);
  const day = DateTime.fromISO(date, { zone: zoneOfDate(date) });
  if (!day.isValid) throw new InvalidDateError(date);
  return day;
}

/** The Asia/Shanghai calendar date of an instant. */
export function toShanghaiDate(instant: Date): string {
  const dt = DateTime.fromJSDate(instant, { zone: zoneOfInstant(instant) });
  if (!dt.isValid) throw new RangeError(`Invalid instant: ${String(instant)}`);
  return dt.toISODate() as string;
}

/** 00:00:00.000 of the date in Asia/Shanghai. */
export function startOfShanghaiDay(date: string): Date {
  return new Date(startOfDayMs(date));
}

const startOfDayMs = remembered((date) => shanghaiDay(date).toMillis());
const endOfDayMs = remembered((date) => shanghaiDay(date).endOf('day').toMillis());

/** 23:59:59.999 of the date in Asia/Shanghai, the instant a deadline on that day falls due. */
export function endOfShanghaiDay(date: string): Date {
  return new Date(endOfDayMs(date));
}

/** ISO 8601 with the +08:00 offset, the form the API shows times in. */
export function toShanghaiIso(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: zoneOfInstant(instant) }).toISO() as string;
}

export function addCalendarDays(date: string, days: number): string {
  // Only a date of the right shape and a whole number reach the memo (its key is split again).
  if (typeof date !== 'string' || !ISO_DATE.test(date) || !Number.isInteger(days)) return calendarDay(date).plus({ days }).toISODate() as string;
  return dayOffset(`${date}|${days}`);
}

// The working-day calendar steps by one day; ladders and periods add the same few offsets.
const dayOffset = remembered((key) => {
  const [date, days] = key.split('|') as [string, string];
  return calendarDay(date).plus({ days: Number(days) }).toISODate() as string;
});

/**
 * Same day-number `months` later, or the last day of the target month when it is shorter
 * (民法典第二百零二条: 没有对应日的，月末日为期间的最后一日). luxon clamps this way.
 */
export function addCalendarMonths(date: string, months: number): string {
  if (typeof date !== 'string' || !ISO_DATE.test(date) || !Number.isInteger(months)) return calendarDay(date).plus({ months }).toISODate() as string;
  return monthOffset(`${date}|${months}`);
}

const monthOffset = remembered((key) => {
  const [date, months] = key.split('|') as [string, string];
  return calendarDay(date).plus({ months: Number(months) }).toISODate() as string;
});

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return weekdayOf(date);
}

const weekdayOf = remembered((date) => calendarDay(date).weekday as number);

const WEEKDAY_NAMES_ZH = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

export function weekdayNameZh(date: string): string {
  return WEEKDAY_NAMES_ZH[isoWeekday(date) - 1];
}
