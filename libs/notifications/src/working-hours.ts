import { DateTime } from 'luxon';
import { SHANGHAI_TIMEZONE, addCalendarDays, toShanghaiDate, type TimeRules, type WorkCalendar } from '#domain';

/** When a working day's office hours open, as an instant (Asia/Shanghai). */
function openingOf(date: string, hhmm: string): Date {
  const [hour, minute] = hhmm.split(':').map(Number);
  return DateTime.fromISO(date, { zone: SHANGHAI_TIMEZONE }).set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
}

/**
 * Reminders, overdue alerts and escalations go out in office hours of working days only. Returns
 * null when `now` is within them, else the instant they next open: today's opening before it,
 * otherwise the opening of the next working day (weekends, statutory holidays and local overrides
 * skipped, 调休 make-up workdays counted).
 */
export function nextOfficeOpening(now: Date, hours: TimeRules['workingHours'], calendar: WorkCalendar): Date | null {
  const today = toShanghaiDate(now);
  if (calendar.isWorkday(today)) {
    const opens = openingOf(today, hours.start);
    const closes = openingOf(today, hours.end);
    if (now.getTime() < opens.getTime()) return opens;
    if (now.getTime() < closes.getTime()) return null;
  }
  return openingOf(calendar.nextWorkdayOnOrAfter(addCalendarDays(today, 1)), hours.start);
}
