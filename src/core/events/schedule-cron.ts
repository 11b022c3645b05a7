/**
 * EventBridge's cron dialect, parsed into plain value lists. It is Quartz's dialect without the seconds field:
 * `minutes hours day-of-month month day-of-week year`, all in UTC.
 *
 * - Numeric fields take `*`, values, `a-b` ranges (wrapping when a > b: hours `20-2` = 20…23,0…2), increments
 *   on any of those (`0/15`, `10-40/10`, and on `*`) and comma lists of them. Months take JAN-DEC, days of
 *   week SUN-SAT (1-7, SUN = 1).
 * - Exactly one of day-of-month / day-of-week is `?` (AWS rejects both `*`, and both `?`).
 * - Day-of-month alone may also be `L` (last day), `L-n` (n days before it), `LW` (last weekday) or `nW` (the
 *   weekday nearest day n, never leaving the month). Day-of-week alone may be `L` (= 7, SAT), `dL` (last d of the
 *   month) or `d#n` (n-th d of the month, n 1-5). Like Quartz, these are never part of a list.
 *
 * Letters are case-insensitive, as in Quartz (which upper-cases the expression before parsing).
 * Each parser returns undefined for text EventBridge rejects; the caller turns that into AWS's error.
 */

/** Which days of a month fire, when day-of-month carries the value (day-of-week is `?`). */
export type MonthDayRule =
  | { kind: 'days'; days: readonly number[] }
  /** The last day of the month minus `offset` days (`L` is offset 0). */
  | { kind: 'last'; offset: number }
  | { kind: 'last-weekday' }
  | { kind: 'nearest-weekday'; day: number };

/** Which days of a month fire, when day-of-week carries the value (day-of-month is `?`). Weekdays are 1-7, SUN = 1. */
export type WeekDayRule =
  | { kind: 'weekdays'; weekdays: readonly number[] }
  | { kind: 'last-of-month'; weekday: number }
  | { kind: 'nth-of-month'; weekday: number; nth: number };

/** A parsed cron schedule; every list is sorted ascending and free of duplicates. */
export interface CronSchedule {
  kind: 'cron';
  minutes: readonly number[];
  hours: readonly number[];
  days: MonthDayRule | WeekDayRule;
  /** 1-12. */
  months: readonly number[];
  /** 1970-2199. */
  years: readonly number[];
}

interface FieldSpec {
  min: number;
  max: number;
  /** Quartz's bound on `/n`: below the field's largest value for 0-based fields, up to its span otherwise. */
  maxIncrement: number;
  /** Names for min, min+1, …, matched case-insensitively. */
  names?: readonly string[];
}

const MINUTES: FieldSpec = { min: 0, max: 59, maxIncrement: 59 };
const HOURS: FieldSpec = { min: 0, max: 23, maxIncrement: 23 };
const DAYS_OF_MONTH: FieldSpec = { min: 1, max: 31, maxIncrement: 31 };
const MONTHS: FieldSpec = {
  min: 1,
  max: 12,
  maxIncrement: 12,
  names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
};
const DAYS_OF_WEEK: FieldSpec = { min: 1, max: 7, maxIncrement: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] };
const YEARS: FieldSpec = { min: 1970, max: 2199, maxIncrement: 230 };

const SATURDAY = 7;

/** Parses the text between `cron(` and `)`. */
export function parseCron(body: string): CronSchedule | undefined {
  if (body !== body.trim()) return undefined;
  const fields = body.toUpperCase().split(/ +/);
  if (fields.length !== 6) return undefined;
  const [minuteText, hourText, monthDayText, monthText, weekDayText, yearText] = fields as [
    string, string, string, string, string, string,
  ];
  const minutes = parseValueField(minuteText, MINUTES);
  const hours = parseValueField(hourText, HOURS);
  const months = parseValueField(monthText, MONTHS);
  const years = parseValueField(yearText, YEARS);
  const days = parseDays(monthDayText, weekDayText);
  if (!minutes || !hours || !months || !years || !days) return undefined;
  return { kind: 'cron', minutes, hours, days, months, years };
}

function parseDays(monthDayText: string, weekDayText: string): MonthDayRule | WeekDayRule | undefined {
  if (monthDayText === '?' && weekDayText !== '?') return parseWeekDays(weekDayText);
  if (weekDayText === '?' && monthDayText !== '?') return parseMonthDays(monthDayText);
  return undefined;
}

function parseMonthDays(text: string): MonthDayRule | undefined {
  if (text === 'L') return { kind: 'last', offset: 0 };
  if (text === 'LW') return { kind: 'last-weekday' };
  const lastMinus = /^L-(\d{1,2})$/.exec(text);
  if (lastMinus) {
    const offset = Number(lastMinus[1]);
    return offset <= 30 ? { kind: 'last', offset } : undefined;
  }
  const nearest = /^(\d{1,2})W$/.exec(text);
  if (nearest) {
    const day = Number(nearest[1]);
    return inField(day, DAYS_OF_MONTH) ? { kind: 'nearest-weekday', day } : undefined;
  }
  const days = parseValueField(text, DAYS_OF_MONTH);
  return days && { kind: 'days', days };
}

function parseWeekDays(text: string): WeekDayRule | undefined {
  // Quartz reads a lone `L` in day-of-week as 7, i.e. every Saturday.
  if (text === 'L') return { kind: 'weekdays', weekdays: [SATURDAY] };
  const last = /^(\w+)L$/.exec(text);
  if (last) {
    const weekday = parseValue(last[1] ?? '', DAYS_OF_WEEK);
    return weekday === undefined ? undefined : { kind: 'last-of-month', weekday };
  }
  const nth = /^(\w+)#(\d)$/.exec(text);
  if (nth) {
    const weekday = parseValue(nth[1] ?? '', DAYS_OF_WEEK);
    const n = Number(nth[2]);
    return weekday === undefined || n < 1 || n > 5 ? undefined : { kind: 'nth-of-month', weekday, nth: n };
  }
  const weekdays = parseValueField(text, DAYS_OF_WEEK);
  return weekdays && { kind: 'weekdays', weekdays };
}

/** A comma list of `*`, values, ranges and increments; the sorted set of values it selects. */
function parseValueField(text: string, spec: FieldSpec): number[] | undefined {
  const selected = new Set<number>();
  for (const item of text.split(',')) {
    const values = parseItem(item, spec);
    if (!values) return undefined;
    for (const value of values) selected.add(value);
  }
  return [...selected].sort((a, b) => a - b);
}

function parseItem(item: string, spec: FieldSpec): number[] | undefined {
  const [rangeText = '', stepText, ...rest] = item.split('/');
  if (rest.length > 0) return undefined;
  let step = 1;
  if (stepText !== undefined) {
    if (!/^\d+$/.test(stepText)) return undefined;
    step = Number(stepText);
    if (step < 1 || step > spec.maxIncrement) return undefined;
  }
  if (rangeText === '*') return walk(spec.min, spec.max, step, spec);
  const [fromText = '', toText, ...more] = rangeText.split('-');
  if (more.length > 0) return undefined;
  const from = parseValue(fromText, spec);
  if (from === undefined) return undefined;
  if (toText === undefined) {
    // `a/n` runs from a to the end of the field; a bare value is just itself.
    return stepText === undefined ? [from] : walk(from, spec.max, step, spec);
  }
  const to = parseValue(toText, spec);
  return to === undefined ? undefined : walk(from, to, step, spec);
}

/** Every `step`-th value from `from` to `to`, wrapping past the field's end when `from > to`. */
function walk(from: number, to: number, step: number, spec: FieldSpec): number[] {
  const span = spec.max - spec.min + 1;
  const length = ((to - from + span) % span) + 1;
  const values: number[] = [];
  for (let i = 0; i < length; i += step) values.push(spec.min + ((from - spec.min + i) % span));
  return values;
}

function parseValue(text: string, spec: FieldSpec): number | undefined {
  if (/^\d{1,4}$/.test(text)) {
    const value = Number(text);
    return inField(value, spec) ? value : undefined;
  }
  const index = spec.names?.indexOf(text) ?? -1;
  return index < 0 ? undefined : spec.min + index;
}

const inField = (value: number, spec: FieldSpec): boolean => value >= spec.min && value <= spec.max;
