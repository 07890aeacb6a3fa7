import { FixedClock, systemClock } from './clock.js';
import { InvalidDateError } from './errors.js';
import { DateTime } from 'luxon';
import {
  addCalendarDays, addCalendarMonths, endOfShanghaiDay, isoWeekday, startOfShanghaiDay, toShanghaiDate, toShanghaiIso,
} from './shanghai-time.js';

describe('Asia/Shanghai dates', () => {
  test.each([
    ['2024-03-25T15:59:59.999Z', '2024-03-25'],
    ['2024-03-25T16:00:00.000Z', '2024-03-26'], // midnight in Beijing
    ['2024-06-26T23:00:00+08:00', '2024-06-26'],
  ])('%s is %s in Beijing', (instant, date) => {
    expect(toShanghaiDate(new Date(instant))).toBe(date);
  });

  it('a day runs from 00:00 to 23:59:59.999 +08:00', () => {
    expect(startOfShanghaiDay('2024-06-26').toISOString()).toBe('2024-06-25T16:00:00.000Z');
    expect(endOfShanghaiDay('2024-06-26').toISOString()).toBe('2024-06-26T15:59:59.999Z');
    expect(toShanghaiIso(endOfShanghaiDay('2024-06-26'))).toBe('2024-06-26T23:59:59.999+08:00');
  });

  test.each([
    ['2023-11-30', 3, '2024-02-29'],
    ['2024-11-30', 3, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2024-03-31', 6, '2024-09-30'],
    ['2024-03-26', 3, '2024-06-26'],
  ])('%s + %i months → %s (same day-number or the month end)', (date, months, expected) => {
    expect(addCalendarMonths(date, months)).toBe(expected);
  });

  it('agrees with the IANA zone (fixed UTC+8 since 1991-09-16, the zone before), every 9 days 1985-2100', () => {
    const zone = 'Asia/Shanghai';
    for (let t = Date.UTC(1985, 0, 1, 3, 17); t < Date.UTC(2100, 0, 1); t += 9 * 86_400_000 + 3_600_000) {
      const instant = new Date(t);
      const iana = DateTime.fromJSDate(instant, { zone });
      const date = iana.toISODate()!;
      expect(toShanghaiDate(instant)).toBe(date);
      expect(toShanghaiIso(instant)).toBe(iana.toISO());
      expect(startOfShanghaiDay(date).getTime()).toBe(DateTime.fromISO(date, { zone }).toMillis());
      expect(endOfShanghaiDay(date).getTime()).toBe(DateTime.fromISO(date, { zone }).endOf('day').toMillis());
      expect(addCalendarDays(date, 40)).toBe(DateTime.fromISO(date, { zone }).plus({ days: 40 }).toISODate());
      expect(addCalendarMonths(date, 3)).toBe(DateTime.fromISO(date, { zone }).plus({ months: 3 }).toISODate());
      expect(isoWeekday(date)).toBe(iana.weekday);
    }
  });

  it('refuses dates that do not exist', () => {
    expect(() => startOfShanghaiDay('2025-02-29')).toThrow(InvalidDateError);
    expect(() => endOfShanghaiDay('20240626')).toThrow(InvalidDateError);
  });
});

describe('clocks', () => {
  it('a fixed clock stands still until moved', () => {
    const clock = new FixedClock('2024-06-26T10:00:00+08:00');
    expect(clock.now().toISOString()).toBe('2024-06-26T02:00:00.000Z');
    clock.advanceDays(1);
    expect(clock.now().toISOString()).toBe('2024-06-27T02:00:00.000Z');
    clock.set(new Date('2024-07-19T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2024-07-19T00:00:00.000Z');
  });

  it('hands out copies, so a caller cannot move it by accident', () => {
    const clock = new FixedClock('2024-06-26T00:00:00Z');
    clock.now().setFullYear(2000);
    expect(clock.now().getUTCFullYear()).toBe(2024);
  });

  it('the system clock reads the real time', () => {
    expect(Math.abs(systemClock.now().getTime() - Date.now())).toBeLessThan(1000);
  });
});
