/**
 * 工作日 working days: Monday to Friday, less the institution's public holidays, plus the
 * weekend days that are worked instead (调休: China moves working days onto weekends around
 * its holidays). The holidays are data the institution keeps, never code: a year's list is
 * published by the State Council each November.
 */
import { z } from 'zod';
import { addDays, type BusinessDate, isBusinessDate } from './business-date.js';

/** 工作日历 an institution's working calendar. */
export interface WorkingCalendar {
  /** Weekdays that are not worked (法定节假日). */
  holidays: readonly BusinessDate[];
  /** Weekend days that are worked (调休上班). */
  workingWeekends: readonly BusinessDate[];
}

/** Weekends only: the calendar until the institution enters its holidays. */
export const WEEKENDS_ONLY: WorkingCalendar = { holidays: [], workingWeekends: [] };

const DateText = z.string().refine(isBusinessDate, 'a date (YYYY-MM-DD)');

/** The calendar as validated data: dates, each listed once, none both a holiday and a working weekend. */
export const WorkingCalendarSchema = z
  .object({ holidays: z.array(DateText).max(400), workingWeekends: z.array(DateText).max(200) })
  .strict()
  .superRefine((c, ctx) => {
    const holidays = new Set(c.holidays);
    for (const d of c.workingWeekends) {
      if (holidays.has(d))
        ctx.addIssue({ code: 'custom', message: `${d} is both a holiday and a working day` });
    }
  });

function weekdayOf(date: BusinessDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday
}

/** Whether `date` is a working day of the calendar. */
export function isWorkingDay(date: BusinessDate, calendar: WorkingCalendar = WEEKENDS_ONLY): boolean {
  const day = weekdayOf(date);
  if (day === 0 || day === 6) return calendar.workingWeekends.includes(date);
  return !calendar.holidays.includes(date);
}

/**
 * The date `count` working days after `date` (the start day itself does not count, whether
 * worked or not): a request received on Friday with 7 working days is due on the Tuesday
 * nine days later.
 */
export function addWorkingDays(
  date: BusinessDate,
  count: number,
  calendar: WorkingCalendar = WEEKENDS_ONLY,
): BusinessDate {
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`count must be a whole number ≥ 0, got ${count}`);
  let day = date;
  for (let left = count; left > 0; ) {
    day = addDays(day, 1);
    if (isWorkingDay(day, calendar)) left -= 1;
  }
  return day;
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(
  from: BusinessDate,
  to: BusinessDate,
  calendar: WorkingCalendar = WEEKENDS_ONLY,
): number {
  let n = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
    if (isWorkingDay(day, calendar)) n += 1;
  }
  return n;
}
