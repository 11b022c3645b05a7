import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextFireTime, parseScheduleExpression } from '../../../../src/core/events/schedule-expression.js';
import { AwsError } from '../../../../src/lib/errors.js';

const isInvalidExpression = (error: unknown): boolean =>
  error instanceof AwsError &&
  error.code === 'ValidationException' &&
  error.status === 400 &&
  error.message === 'Parameter ScheduleExpression is not valid.';

const rejected: [string, string][] = [
  // Verified against AWS (spec §11.1).
  ['rate(10 seconds)', 'seconds are not a unit'],
  ['rate(10 years)', 'years are not a unit'],
  ['rate(1 minutes)', 'value 1 takes the singular'],
  ['rate(1 hours)', 'value 1 takes the singular'],
  ['rate(1 days)', 'value 1 takes the singular'],
  ['rate(10 minute)', 'values above 1 take the plural'],
  ['rate(10 hour)', 'values above 1 take the plural'],
  ['rate(10 day)', 'values above 1 take the plural'],
  ['rate()', 'empty rate'],
  ['rate(10)', 'no unit'],
  ['rate(10 minutess)', 'misspelt unit'],
  ['rate(foo minutes)', 'value not a number'],
  ['rate(0 minutes)', 'value zero'],
  ['rate(-10 minutes)', 'negative value'],
  ['rate(10 MINUTES)', 'units are case-sensitive'],
  ['rate( 10 minutes )', 'spaces inside the parentheses'],
  [' rate(10 minutes)', 'leading space'],
  ['cron(INVALID)', 'not six fields'],
  ['cron(0 dummy ? * MON-FRI *)', 'word in the hours field'],
  ['cron(7 20 * * NOT *)', 'unknown day name'],
  ['cron(71 8 1 * ? *)', 'minute 71'],
  ['cron(0 1 * * * *)', 'both day fields *'],
  // Further rules of the dialect.
  ['', 'empty text'],
  ['cron()', 'empty cron'],
  ['at(2021-12-31T23:59:59Z)', 'one-time schedules belong to EventBridge Scheduler, not rules'],
  ['RATE(5 minutes)', 'keyword is case-sensitive'],
  ['CRON(0 10 * * ? *)', 'keyword is case-sensitive'],
  ['rate(5  minutes)', 'two spaces'],
  ['rate(5 minutes', 'unclosed parenthesis'],
  ['rate(5 minutes) ', 'trailing space'],
  ['rate(1.5 hours)', 'fractional value'],
  ['cron(0 10 * * ?)', 'five fields'],
  ['cron(0 0 10 * * ? *)', 'seven fields (no seconds field)'],
  ['cron( 0 10 * * ? *)', 'leading space inside the parentheses'],
  ['cron(0 10 * * ? *) ', 'trailing space'],
  ['cron(0 10 ? * ? *)', 'both day fields ?'],
  ['cron(0 10 1 * MON *)', 'day-of-month and day-of-week both set'],
  ['cron(0 10 * * MON-FRI *)', 'day-of-week set while day-of-month is *'],
  ['cron(? 10 * * ? *)', '? outside the day fields'],
  ['cron(0 24 * * ? *)', 'hour 24'],
  ['cron(60 * * * ? *)', 'minute 60'],
  ['cron(0 10 0 * ? *)', 'day-of-month 0'],
  ['cron(0 10 32 * ? *)', 'day-of-month 32'],
  ['cron(0 10 * 0 ? *)', 'month 0'],
  ['cron(0 10 * 13 ? *)', 'month 13'],
  ['cron(0 10 * FOO ? *)', 'unknown month name'],
  ['cron(0 10 ? * 0 *)', 'day-of-week is 1-7, not 0-6'],
  ['cron(0 10 ? * 8 *)', 'day-of-week 8'],
  ['cron(0 10 * * ? 1969)', 'year before 1970'],
  ['cron(0 10 * * ? 2200)', 'year after 2199'],
  ['cron(0/0 * * * ? *)', 'zero increment'],
  ['cron(0/ * * * ? *)', 'missing increment'],
  ['cron(/5 * * * ? *)', 'increment without a start'],
  ['cron(0/5/2 * * * ? *)', 'two increments'],
  ['cron(1-2-3 * * * ? *)', 'malformed range'],
  ['cron(1,,2 * * * ? *)', 'empty list item'],
  ['cron(0 L * * ? *)', 'L outside the day fields'],
  ['cron(0 10 W * ? *)', 'W without a day'],
  ['cron(0 10 32W * ? *)', 'W on day 32'],
  ['cron(0 10 L,15 * ? *)', 'L inside a list'],
  ['cron(0 10 1W,15 * ? *)', 'W inside a list'],
  ['cron(0 10 ? * 3#6 *)', 'no sixth weekday in a month'],
  ['cron(0 10 ? * 3#0 *)', 'n of # starts at 1'],
  ['cron(0 10 ? * 3#1,6#3 *)', 'only one # expression (AWS docs)'],
  ['cron(0 10 ? * 8#1 *)', '# on day-of-week 8'],
  ['cron(0 10 ? * 9L *)', 'L on day-of-week 9'],
  ['cron(0 10 L * L *)', 'L in both day fields'],
  ['cron(0 10 ? * 6L,2 *)', 'dL inside a list'],
];

for (const [expression, why] of rejected) {
  test(`rejects ${JSON.stringify(expression)}: ${why}`, () => {
    assert.throws(() => parseScheduleExpression(expression), isInvalidExpression);
  });
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const rates: [string, number][] = [
  ['rate(1 minute)', MINUTE],
  ['rate(5 minutes)', 5 * MINUTE],
  ['rate(1 hour)', HOUR],
  ['rate(12 hours)', 12 * HOUR],
  ['rate(1 day)', DAY],
  ['rate(7 days)', 7 * DAY],
];

for (const [expression, periodMs] of rates) {
  test(`accepts ${expression}`, () => assert.deepEqual(parseScheduleExpression(expression), { kind: 'rate', periodMs }));
}

// Verified valid against AWS (spec §11.1); their fire times are among the rows below.
const acceptedCrons = [
  'cron(0 10 * * ? *)',
  'cron(0/15 * * * ? *)',
  'cron(0/5 8-17 ? * MON-FRI *)',
  'cron(15 10 ? * 6L 2002-2005)',
  'cron(0 2 ? * SAT#3 *)',
  'cron(* * ? * SAT#3 *)',
  'cron(0/5 5 ? JAN 1-5 2022)',
  'cron(5,35 14 * * ? *)',
];

for (const expression of acceptedCrons) {
  test(`accepts ${expression}`, () => assert.equal(parseScheduleExpression(expression).kind, 'cron'));
}

const at = (iso: string): number => Date.parse(iso);

/** [expression, after, next fire time or undefined, what the row shows]; rate anchors are in `rateRows`. */
const cronRows: [string, string, string | undefined, string][] = [
  ['cron(0 10 * * ? *)', '2025-03-10T09:59:00Z', '2025-03-10T10:00:00Z', 'daily at 10:00'],
  ['cron(0 10 * * ? *)', '2025-03-10T10:00:00Z', '2025-03-11T10:00:00Z', 'strictly after: not the same minute'],
  ['cron(0 10 * * ? *)', '2025-03-10T09:59:59.999Z', '2025-03-10T10:00:00Z', 'fires on the whole minute'],
  ['cron(0/15 * * * ? *)', '2025-03-10T10:07:30Z', '2025-03-10T10:15:00Z', 'increment from 0'],
  ['cron(0/15 * * * ? *)', '2025-12-31T23:59:00Z', '2026-01-01T00:00:00Z', 'rolls over the year'],
  ['cron(10/20 * * * ? *)', '2025-03-10T10:51:00Z', '2025-03-10T11:10:00Z', 'increment from 10: 10, 30, 50'],
  ['cron(0 */5 * * ? *)', '2025-03-10T20:00:00Z', '2025-03-11T00:00:00Z', '*/5 hours: 0, 5, 10, 15, 20'],
  ['cron(5,35 14 * * ? *)', '2025-03-10T14:05:00Z', '2025-03-10T14:35:00Z', 'minute list'],
  ['cron(0 20-2 * * ? *)', '2025-03-10T02:00:00Z', '2025-03-10T20:00:00Z', 'wrapping hour range, 3:00-19:59 skipped'],
  ['cron(0 20-2 * * ? *)', '2025-03-10T23:30:00Z', '2025-03-11T00:00:00Z', 'wrapping hour range continues past midnight'],
  ['cron(0 22-3/2 * * ? *)', '2025-03-10T22:00:00Z', '2025-03-11T00:00:00Z', 'increment over a wrapping range: 22, 0, 2'],
  ['cron(0/5 8-17 ? * MON-FRI *)', '2025-03-14T17:55:00Z', '2025-03-17T08:00:00Z', 'Friday evening to Monday morning'],
  ['cron(0 9 ? * FRI-MON *)', '2025-03-10T09:00:00Z', '2025-03-14T09:00:00Z', 'wrapping weekday range skips Tue-Thu'],
  ['cron(0 12 ? * 1 *)', '2025-03-10T00:00:00Z', '2025-03-16T12:00:00Z', 'day-of-week 1 is Sunday'],
  ['cron(0 12 ? * 7 *)', '2025-03-10T00:00:00Z', '2025-03-15T12:00:00Z', 'day-of-week 7 is Saturday'],
  ['cron(0 12 ? * L *)', '2025-03-10T00:00:00Z', '2025-03-15T12:00:00Z', 'a lone L in day-of-week is Saturday'],
  ['cron(0/5 5 ? JAN 1-5 2022)', '2022-01-01T05:55:00Z', '2022-01-02T05:00:00Z', '1-5 is SUN-THU: Saturday 1st skipped'],
  ['cron(0/5 5 ? JAN 1-5 2022)', '2025-03-10T00:00:00Z', undefined, 'all years past'],
  ['cron(0 0 1 JAN,JUL ? *)', '2025-03-10T00:00:00Z', '2025-07-01T00:00:00Z', 'month names'],
  ['cron(0 0 1 NOV-FEB ? *)', '2025-02-01T00:00:00Z', '2025-11-01T00:00:00Z', 'wrapping month range'],
  ['cron(0 0 31 * ? *)', '2025-04-01T00:00:00Z', '2025-05-31T00:00:00Z', 'day 31 skips 30-day months'],
  ['cron(0 0 L * ? *)', '2024-02-10T00:00:00Z', '2024-02-29T00:00:00Z', 'last day of a leap February'],
  ['cron(0 0 L * ? *)', '2025-02-10T00:00:00Z', '2025-02-28T00:00:00Z', 'last day of a common February'],
  ['cron(0 0 L * ? *)', '2024-02-29T00:00:00Z', '2024-03-31T00:00:00Z', 'last day of the next month'],
  ['cron(0 0 L 2 ? 2100)', '2100-01-01T00:00:00Z', '2100-02-28T00:00:00Z', '2100 is not a leap year'],
  ['cron(0 0 L-2 * ? *)', '2025-02-01T00:00:00Z', '2025-02-26T00:00:00Z', 'two days before the last'],
  ['cron(0 0 29 FEB ? *)', '2025-01-01T00:00:00Z', '2028-02-29T00:00:00Z', 'February 29 waits for a leap year'],
  ['cron(0 0 29 2 ? 2097-2199)', '2097-01-01T00:00:00Z', '2104-02-29T00:00:00Z', 'no February 29 in 2100'],
  ['cron(0 0 LW * ? *)', '2025-05-01T00:00:00Z', '2025-05-30T00:00:00Z', 'last weekday: May 31 is a Saturday'],
  ['cron(0 0 LW * ? *)', '2025-08-01T00:00:00Z', '2025-08-29T00:00:00Z', 'last weekday: Aug 31 is a Sunday'],
  ['cron(0 0 15W * ? *)', '2025-03-01T00:00:00Z', '2025-03-14T00:00:00Z', 'Saturday 15th moves to Friday 14th'],
  ['cron(0 0 1W * ? *)', '2025-02-15T00:00:00Z', '2025-03-03T00:00:00Z', 'Saturday 1st moves forward to Monday 3rd'],
  ['cron(0 0 30W * ? *)', '2025-11-01T00:00:00Z', '2025-11-28T00:00:00Z', 'Sunday 30th, the last day, moves back to Friday'],
  ['cron(0 0 30W * ? *)', '2025-02-01T00:00:00Z', '2025-03-31T00:00:00Z', 'no 30th in February; Sunday March 30 moves to Monday'],
  ['cron(0 2 ? * SAT#3 *)', '2025-03-01T00:00:00Z', '2025-03-15T02:00:00Z', 'third Saturday'],
  ['cron(* * ? * SAT#3 *)', '2025-03-15T23:59:00Z', '2025-04-19T00:00:00Z', 'every minute of the third Saturday, then next month'],
  ['cron(0 9 ? * 3#2 *)', '2025-03-01T00:00:00Z', '2025-03-11T09:00:00Z', '3#2 is the second Tuesday'],
  ['cron(0 9 ? * THU#5 *)', '2025-02-01T00:00:00Z', '2025-05-29T09:00:00Z', 'fifth Thursday: skips months with four'],
  ['cron(15 10 ? * 6L 2002-2005)', '2005-12-01T00:00:00Z', '2005-12-30T10:15:00Z', '6L is the last Friday'],
  ['cron(15 10 ? * 6L 2002-2005)', '2005-12-30T10:15:00Z', undefined, 'the last fire time of the last year'],
  ['cron(0 0 1 1 ? 2199)', '2198-06-01T00:00:00Z', '2199-01-01T00:00:00Z', 'year 2199 is allowed'],
  ['cron(59 23 31 12 ? *)', '2199-12-31T23:59:00Z', undefined, 'nothing after 2199'],
  ['cron(0 0 30 FEB ? *)', '2025-01-01T00:00:00Z', undefined, 'a date that never exists'],
  ['cron(0 0 1 1 ? 1970)', '1969-06-01T00:00:00Z', '1970-01-01T00:00:00Z', 'year 1970 is allowed'],
];

for (const [expression, after, expected, what] of cronRows) {
  test(`${expression} after ${after}: ${what}`, () => {
    const next = nextFireTime(parseScheduleExpression(expression), 0, at(after));
    assert.equal(next === undefined ? undefined : new Date(next).toISOString(), expected && new Date(at(expected)).toISOString());
  });
}

/** [expression, anchor (creation time), after, next fire time, what the row shows]. */
const rateRows: [string, string, string, string, string][] = [
  ['rate(5 minutes)', '2025-03-10T10:00:30Z', '2025-03-10T10:00:30Z', '2025-03-10T10:05:30Z', 'first fire one period after creation'],
  ['rate(5 minutes)', '2025-03-10T10:00:30Z', '2025-03-10T10:05:30Z', '2025-03-10T10:10:30Z', 'strictly after a fire time'],
  ['rate(5 minutes)', '2025-03-10T10:00:30Z', '2025-03-10T10:07:00Z', '2025-03-10T10:10:30Z', 'keeps the creation phase'],
  ['rate(5 minutes)', '2025-03-10T10:00:30Z', '2025-03-10T09:00:00Z', '2025-03-10T10:05:30Z', 'never before the first period'],
  ['rate(1 hour)', '2025-03-10T10:00:30Z', '2025-03-11T09:30:00Z', '2025-03-11T10:00:30Z', 'hourly, a day later'],
  ['rate(1 day)', '2024-02-28T12:00:00Z', '2024-02-28T12:00:00Z', '2024-02-29T12:00:00Z', 'daily through a leap day'],
];

for (const [expression, anchor, after, expected, what] of rateRows) {
  test(`${expression} created ${anchor}, after ${after}: ${what}`, () => {
    const next = nextFireTime(parseScheduleExpression(expression), at(anchor), at(after));
    assert.equal(next === undefined ? undefined : new Date(next).toISOString(), new Date(at(expected)).toISOString());
  });
}
