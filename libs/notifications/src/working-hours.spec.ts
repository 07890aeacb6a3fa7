import { WorkCalendar } from '#domain';
import { nextOfficeOpening } from './working-hours.js';

const hours = { start: '08:30', end: '17:30' };
const calendar = new WorkCalendar();
const at = (iso: string) => new Date(iso);
const opening = (now: string, cal = calendar) => nextOfficeOpening(at(now), hours, cal)?.toISOString() ?? null;

describe('nextOfficeOpening', () => {
  it('lets mail go during office hours of a working day', () => {
    expect(opening('2024-05-27T10:00:00+08:00')).toBeNull();
    expect(opening('2024-05-27T08:30:00+08:00')).toBeNull();
    expect(opening('2024-05-27T17:29:59+08:00')).toBeNull();
  });

  it('holds a reminder fired at 02:00 until 08:30 the same working day', () => {
    expect(opening('2024-05-27T02:00:00+08:00')).toBe(at('2024-05-27T08:30:00+08:00').toISOString());
    expect(opening('2024-05-27T00:00:00+08:00')).toBe(at('2024-05-27T08:30:00+08:00').toISOString());
  });

  it('holds mail after closing time until the next working day opens', () => {
    expect(opening('2024-05-27T17:30:00+08:00')).toBe(at('2024-05-28T08:30:00+08:00').toISOString());
    expect(opening('2024-05-31T18:00:00+08:00')).toBe(at('2024-06-03T08:30:00+08:00').toISOString());
    expect(opening('2024-06-01T10:00:00+08:00')).toBe(at('2024-06-03T08:30:00+08:00').toISOString());
  });

  it('skips statutory holidays and counts make-up workdays (调休)', () => {
    // 国庆节 2024: 1–7 October off; Sunday 29 September and Saturday 12 October are worked.
    expect(opening('2024-09-30T18:00:00+08:00')).toBe(at('2024-10-08T08:30:00+08:00').toISOString());
    expect(opening('2024-10-03T09:00:00+08:00')).toBe(at('2024-10-08T08:30:00+08:00').toISOString());
    expect(opening('2024-09-29T09:00:00+08:00')).toBeNull();
    expect(opening('2024-09-28T09:00:00+08:00')).toBe(at('2024-09-29T08:30:00+08:00').toISOString());
  });

  it('follows local overrides of the calendar', () => {
    const flood = new WorkCalendar([{ date: '2024-05-28', kind: 'holiday', reason: '防汛停工' }]);
    expect(opening('2024-05-27T20:00:00+08:00', flood)).toBe(at('2024-05-29T08:30:00+08:00').toISOString());
    expect(opening('2024-05-28T10:00:00+08:00', flood)).toBe(at('2024-05-29T08:30:00+08:00').toISOString());
  });

  it('reads the office hours from the rules', () => {
    expect(nextOfficeOpening(at('2024-05-27T08:45:00+08:00'), { start: '09:00', end: '12:00' }, calendar)?.toISOString()).toBe(
      at('2024-05-27T09:00:00+08:00').toISOString(),
    );
  });
});
