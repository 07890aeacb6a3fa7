import { formatLength, type DeadlineRecord } from './deadline-calculator.js';
import type { DeadlineRule } from './rules.js';
import { addCalendarDays, shanghaiDay } from './shanghai-time.js';
import type { WorkCalendar } from './work-calendar.js';

/**
 * 期限依据: what a member is told about a deadline beside its countdown — the rule it comes from
 * and the law its days are counted by. The member should be able to check the date by hand.
 */
export interface DeadlineBasis {
  /** The rule in words, from the stored record: '答复期限：自交办之日起3个月'. */
  rule: string;
  /** The rule's own text from the rules (`basis`), when the deployment wrote one. */
  regulation: string | null;
  /** How its days are counted: the Civil Code's articles for months and days, the holiday calendar for working days. */
  counting: string[];
}

/** 《民法典》第二百零一条至第二百零三条, as far as they decide a deadline (the hours clauses left out). */
export const CIVIL_CODE_PERIOD_ARTICLES = [
  '《民法典》第二百零一条：按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算。',
  '第二百零二条：按照年、月计算期间的，到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日。',
  '第二百零三条：期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日。期间的最后一日的截止时间为二十四时。',
] as const;

export const WORKDAY_COUNTING =
  '工作日按国务院办公厅公布的节假日安排（含调休上班日）和本地调整计算，交办（或答复）当日不计入，自下一个工作日起算；最后一日的截止时间为二十四时。';

/** The basis of a stored deadline: its record (deadline.rule) and the rule of its kind in force. */
export function deadlineBasis(record: Pick<DeadlineRecord, 'method' | 'length' | 'label' | 'startEvent' | 'lengthOverridden'>, rule?: Pick<DeadlineRule, 'basis'>): DeadlineBasis {
  const length = formatLength(record.length);
  const text =
    record.method === 'extension'
      ? `${record.label}期限：经批准延期（延期不得超过${record.startEvent}后${length}）`
      : `${record.label}期限：自${record.startEvent}之日起${length}${record.lengthOverridden ? '（本期限单独设定）' : ''}`;
  return {
    rule: text,
    regulation: rule?.basis ?? null,
    counting: record.length.unit === 'workdays' && record.method === 'period' ? [WORKDAY_COUNTING] : [...CIVIL_CODE_PERIOD_ARTICLES],
  };
}

/** Days left, in the unit the rule counts in: working days for a working-day period, else calendar days. */
export interface DaysLeft {
  amount: number;
  unit: 'days' | 'workdays';
}

/**
 * How many days are left from `today` to the due date (both 'YYYY-MM-DD', Asia/Shanghai): the days
 * after today up to and including the due date — calendar days, or only the working days among them
 * for a working-day period. 0 on the due date itself; negative (calendar days) once it has passed.
 */
export function daysLeft(unit: 'months' | 'days' | 'workdays', calendar: WorkCalendar, today: string, dueOn: string): DaysLeft {
  const calendarDays = Math.round(shanghaiDay(dueOn).diff(shanghaiDay(today), 'days').days);
  if (unit !== 'workdays' || calendarDays <= 0) return { amount: calendarDays, unit: unit === 'workdays' && calendarDays > 0 ? 'workdays' : 'days' };
  let n = 0;
  for (let d = addCalendarDays(today, 1); d <= dueOn; d = addCalendarDays(d, 1)) if (calendar.isWorkday(d)) n++;
  return { amount: n, unit: 'workdays' };
}
