import { DateTime } from 'luxon';

import { InvalidDateError } from './errors.js';

/**
 * Every date in the domain is a calendar date in China (北京时间). Dates travel as
 * 'YYYY-MM-DD' strings so that no process time zone can shift them; instants are Dates.
 * All zone arithmetic goes through luxon.
 */
export const SHANGHAI_TIMEZONE = 'Asia/Shanghai';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written 'YYYY-MM-DD'. */
export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && ISO_DATE.test(value) && DateTime.fromISO(value, { zone: SHANGHAI_TIMEZONE }).isValid;
}

/** Parses a 'YYYY-MM-DD' date as the start of that day in Asia/Shanghai. */
export function shanghaiDay(date: string): DateTime {
  if (typeof date !== 'string' || !ISO_DATE.test(date)) throw new InvalidDateError(date);
  const day = DateTime.fromISO(date, { zone: SHANGHAI_TIMEZONE });
  if (!day.isValid) throw new InvalidDateError(date);
  return day;
}

/** The Asia/Shanghai calendar date of an instant. */
export function toShanghaiDate(instant: Date): string {
  const dt = DateTime.fromJSDate(instant, { zone: SHANGHAI_TIMEZONE });
  if (!dt.isValid) throw new RangeError(`Invalid instant: ${String(instant)}`);
  return dt.toISODate() as string;
}

/** 00:00:00.000 of the date in Asia/Shanghai. */
export function startOfShanghaiDay(date: string): Date {
  return shanghaiDay(date).toJSDate();
}

/** 23:59:59.999 of the date in Asia/Shanghai, the instant a deadline on that day falls due. */
export function endOfShanghaiDay(date: string): Date {
  return shanghaiDay(date).endOf('day').toJSDate();
}

/** ISO 8601 with the +08:00 offset, the form the API shows times in. */
export function toShanghaiIso(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: SHANGHAI_TIMEZONE }).toISO() as string;
}

export function addCalendarDays(date: string, days: number): string {
  return shanghaiDay(date).plus({ days }).toISODate() as string;
}

/**
 * Same day-number `months` later, or the last day of the target month when it is shorter
 * (民法典第二百零二条: 没有对应日的，月末日为期间的最后一日). luxon clamps this way.
 */
export function addCalendarMonths(date: string, months: number): string {
  return shanghaiDay(date).plus({ months }).toISODate() as string;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return shanghaiDay(date).weekday;
}

const WEEKDAY_NAMES_ZH = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

export function weekdayNameZh(date: string): string {
  return WEEKDAY_NAMES_ZH[isoWeekday(date) - 1];
}
