import type { CronSchedule, MonthDayRule, WeekDayRule } from './schedule-cron.js';

/**
 * The next minute a cron schedule selects. The search moves field by field (year, month, day, hour, minute),
 * jumping straight to the next allowed value of the first field that does not match, so even a schedule that
 * never fires (`cron(0 0 30 FEB ? *)`) ends after one step per month up to 2199.
 */

const MINUTE_MS = 60_000;

/** The first whole minute strictly after `after` (epoch ms) that the schedule selects; undefined past its years. */
export function nextCronTime(cron: CronSchedule, after: number): number | undefined {
  const start = new Date(Math.floor(after / MINUTE_MS) * MINUTE_MS + MINUTE_MS);
  let year = start.getUTCFullYear();
  let month = start.getUTCMonth() + 1;
  let day = start.getUTCDate();
  let hour = start.getUTCHours();
  let minute = start.getUTCMinutes();
  const startOfMonth = (): void => {
    day = 1;
    hour = 0;
    minute = 0;
  };
  for (;;) {
    const nextYear = firstAtLeast(cron.years, year);
    if (nextYear === undefined) return undefined;
    if (nextYear > year) {
      year = nextYear;
      month = 1;
      startOfMonth();
    }
    const nextMonth = firstAtLeast(cron.months, month);
    if (nextMonth === undefined) {
      year++;
      month = 1;
      startOfMonth();
      continue;
    }
    if (nextMonth > month) {
      month = nextMonth;
      startOfMonth();
    }
    const nextDay = firstAtLeast(firingDays(cron.days, year, month), day);
    if (nextDay === undefined) {
      month++; // 13 finds no month above and moves on to the next year
      startOfMonth();
      continue;
    }
    if (nextDay > day) {
      day = nextDay;
      hour = 0;
      minute = 0;
    }
    const nextHour = firstAtLeast(cron.hours, hour);
    if (nextHour === undefined) {
      day++; // past the month's end, no firing day is left and the month moves on
      hour = 0;
      minute = 0;
      continue;
    }
    if (nextHour > hour) {
      hour = nextHour;
      minute = 0;
    }
    const nextMinute = firstAtLeast(cron.minutes, minute);
    if (nextMinute === undefined) {
      hour++;
      minute = 0;
      continue;
    }
    return Date.UTC(year, month - 1, day, hour, nextMinute);
  }
}

/** The days of a month (1-based month) that fire, ascending. */
function firingDays(rule: MonthDayRule | WeekDayRule, year: number, month: number): number[] {
  const lastDay = daysInMonth(year, month);
  switch (rule.kind) {
    case 'days':
      return rule.days.filter((day) => day <= lastDay);
    case 'last':
      return lastDay - rule.offset >= 1 ? [lastDay - rule.offset] : [];
    case 'last-weekday': {
      const weekday = weekdayOf(year, month, lastDay);
      return [weekday === SATURDAY ? lastDay - 1 : weekday === SUNDAY ? lastDay - 2 : lastDay];
    }
    case 'nearest-weekday':
      return rule.day <= lastDay ? [nearestWeekday(year, month, rule.day, lastDay)] : [];
    case 'weekdays': {
      const days: number[] = [];
      for (let day = 1; day <= lastDay; day++) if (rule.weekdays.includes(weekdayOf(year, month, day))) days.push(day);
      return days;
    }
    case 'last-of-month':
      return [lastDay - ((weekdayOf(year, month, lastDay) - rule.weekday + 7) % 7)];
    case 'nth-of-month': {
      const first = 1 + ((rule.weekday - weekdayOf(year, month, 1) + 7) % 7);
      const day = first + 7 * (rule.nth - 1);
      return day <= lastDay ? [day] : [];
    }
  }
}

const SUNDAY = 1;
const SATURDAY = 7;

/** The weekday closest to `day` without leaving the month: a Saturday the 1st moves to Monday the 3rd. */
function nearestWeekday(year: number, month: number, day: number, lastDay: number): number {
  const weekday = weekdayOf(year, month, day);
  if (weekday === SATURDAY) return day === 1 ? 3 : day - 1;
  if (weekday === SUNDAY) return day === lastDay ? day - 2 : day + 1;
  return day;
}

/** 1-7, SUN = 1, as in the cron dialect. */
const weekdayOf = (year: number, month: number, day: number): number => new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

const firstAtLeast = (sorted: readonly number[], floor: number): number | undefined => sorted.find((value) => value >= floor);
