import { InvalidDateError } from './errors.js';
import { WorkCalendar } from './work-calendar.js';

const calendar = new WorkCalendar();

// Statutory arrangement (国务院办公厅通知): 2024 春节 2-10…2-17 off, Sun 2-4 and Sun 2-18 worked;
// 2024 国庆 10-1…10-7 off, Sun 9-29 and Sat 10-12 worked.
describe('working days: statutory calendar and weekends', () => {
  test.each([
    ['2024-02-04', true, '春节调休上班', 'Sunday, make-up workday before the Spring Festival'],
    ['2024-02-08', true, '周四', 'ordinary Thursday'],
    ['2024-02-09', true, '周五', '除夕 2024 was not a statutory holiday'],
    ['2024-02-10', false, '春节', 'first day of the Spring Festival holiday'],
    ['2024-02-12', false, '春节', 'Monday inside the holiday'],
    ['2024-02-17', false, '春节', 'last day of the holiday'],
    ['2024-02-18', true, '春节调休上班', 'Sunday, make-up workday after the Spring Festival'],
    ['2024-02-19', true, '周一', 'back to normal'],
    ['2024-02-29', true, '周四', 'leap day'],
    ['2024-09-29', true, '国庆节调休上班', 'Sunday, make-up workday'],
    ['2024-10-01', false, '国庆节', 'National Day'],
    ['2024-10-07', false, '国庆节', 'last day of National Day holiday'],
    ['2024-10-08', true, '周二', 'first workday after'],
    ['2024-10-12', true, '国庆节调休上班', 'Saturday, make-up workday'],
    ['2024-10-13', false, '周日', 'ordinary Sunday'],
    ['2024-03-09', false, '周六', 'ordinary Saturday'],
    ['2024-03-10', false, '周日', 'ordinary Sunday'],
    ['2025-02-28', true, '周五', 'month end, Friday'],
    ['2025-03-01', false, '周六', 'Saturday'],
    ['2025-08-31', false, '周日', 'month end on a Sunday'],
  ])('%s → workday %s (%s): %s', (date, workday, label) => {
    expect(calendar.isWorkday(date)).toBe(workday);
    expect(calendar.isRestDay(date)).toBe(!workday);
    expect(calendar.describe(date)).toBe(label);
  });
});

describe('local overrides win over the statutory calendar', () => {
  const local = new WorkCalendar([
    { date: '2024-03-09', kind: 'workday', reason: '全市集中办公日' },
    { date: '2024-06-26', kind: 'holiday', reason: '防汛应急放假' },
    { date: '2024-02-18', kind: 'holiday', reason: '本地延长春节假期' },
  ]);

  test.each([
    ['2024-03-09', true, '全市集中办公日'], // a Saturday declared a workday
    ['2024-06-26', false, '防汛应急放假'], // a Wednesday declared a holiday
    ['2024-02-18', false, '本地延长春节假期'], // a statutory make-up workday taken back
    ['2024-03-10', false, '周日'], // untouched days are as before
  ])('%s → workday %s (%s)', (date, workday, reason) => {
    expect(local.isWorkday(date)).toBe(workday);
    expect(local.describe(date)).toBe(reason);
    expect(local.dayInfo(date).source).toBe(reason.startsWith('周') ? 'weekend' : 'override');
  });

  it('lets a later override for the same date win', () => {
    const cal = local.withOverrides([{ date: '2024-06-26', kind: 'workday', reason: '取消放假' }]);
    expect(cal.isWorkday('2024-06-26')).toBe(true);
    expect(cal.overrides).toHaveLength(3);
  });

  it('refuses an override that is not a real date', () => {
    expect(() => new WorkCalendar([{ date: '2024-02-30', kind: 'holiday', reason: 'x' }])).toThrow(InvalidDateError);
  });
});

describe('counting working days', () => {
  test.each([
    // start, n, expected, why
    ['2024-02-07', 5, '2024-02-20', 'Thu 8, Fri 9, (10–17 春节), Sun 18 make-up, Mon 19, Tue 20'],
    ['2024-02-07', 1, '2024-02-08', 'the next day'],
    ['2024-02-09', 1, '2024-02-18', 'across the whole holiday to the make-up Sunday'],
    ['2024-09-27', 2, '2024-09-30', 'Sun 29 is a make-up workday: Sun 29, Mon 30'],
    ['2024-09-30', 1, '2024-10-08', 'across National Day'],
    ['2024-03-06', 5, '2024-03-13', 'Thu 7, Fri 8, Mon 11, Tue 12, Wed 13'],
    ['2024-10-23', -5, '2024-10-16', 'backwards: Tue 22, Mon 21, Fri 18, Thu 17, Wed 16'],
    ['2024-02-19', -2, '2024-02-09', 'backwards over the holiday: Sun 18 make-up, then Fri 9'],
    ['2024-03-09', 0, '2024-03-09', 'zero leaves the date as it is'],
  ])('%s + %i working days → %s (%s)', (start, n, expected) => {
    expect(calendar.addWorkdays(start, n)).toBe(expected);
  });

  it('counts a Saturday declared a workday', () => {
    const local = new WorkCalendar([{ date: '2024-03-09', kind: 'workday', reason: '全市集中办公日' }]);
    expect(local.addWorkdays('2024-03-06', 5)).toBe('2024-03-12');
  });
});

describe('next working day on or after', () => {
  test.each([
    ['2024-06-26', '2024-06-26'],
    ['2025-08-31', '2025-09-01'],
    ['2024-02-12', '2024-02-18'],
    ['2024-10-03', '2024-10-08'],
    ['2025-03-01', '2025-03-03'],
  ])('%s → %s', (date, expected) => {
    expect(calendar.nextWorkdayOnOrAfter(date)).toBe(expected);
  });
});

describe('calendar coverage', () => {
  it('knows the statutory arrangement of 2024 but not of 2099', () => {
    expect(calendar.coversYear(2024)).toBe(true);
    expect(calendar.coversYear(2099)).toBe(false);
  });

  it('refuses malformed dates', () => {
    expect(() => calendar.isWorkday('2024-2-4')).toThrow(InvalidDateError);
    expect(() => calendar.isWorkday('2023-02-29')).toThrow(InvalidDateError);
  });
});
