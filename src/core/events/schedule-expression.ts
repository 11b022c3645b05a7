import { AwsError } from '../../lib/errors.js';
import { parseCron, type CronSchedule } from './schedule-cron.js';
import { nextCronTime } from './schedule-cron-search.js';

/**
 * EventBridge schedule expressions: `rate(value unit)` and `cron(fields)` (see schedule-cron.ts), validated as
 * PutRule does and evaluated to fire times. Everything here is UTC epoch milliseconds.
 */

/** `rate(...)`: fires every `periodMs`, counted from the rule's creation. */
export interface RateSchedule {
  kind: 'rate';
  periodMs: number;
}

export type { CronSchedule } from './schedule-cron.js';

export type ScheduleExpression = RateSchedule | CronSchedule;

const UNIT_MS: Record<string, number> = {
  minute: 60_000,
  minutes: 60_000,
  hour: 3_600_000,
  hours: 3_600_000,
  day: 86_400_000,
  days: 86_400_000,
};

// Case-sensitive, one space, nothing else: AWS rejects `rate(10 MINUTES)` and `rate( 10 minutes )`.
const RATE = /^rate\((\d+) (minutes?|hours?|days?)\)$/;
const CRON = /^cron\((.*)\)$/s;

/**
 * Parses and validates as EventBridge does; throws AwsError ValidationException (400) with the message
 * "Parameter ScheduleExpression is not valid." for anything EventBridge rejects.
 */
export function parseScheduleExpression(text: string): ScheduleExpression {
  const schedule = parseRate(text) ?? parseCronExpression(text);
  if (!schedule) throw new AwsError('ValidationException', 400, 'Parameter ScheduleExpression is not valid.');
  return schedule;
}

/**
 * The first fire time strictly after `after` (epoch ms, UTC, always on a whole minute for cron); rate schedules
 * fire at anchor + k·period, k ≥ 1 (anchor = the rule's creation time). undefined when there is none (a cron whose
 * years are all past).
 */
export function nextFireTime(expression: ScheduleExpression, anchor: number, after: number): number | undefined {
  if (expression.kind === 'cron') return nextCronTime(expression, after);
  const periods = Math.max(1, Math.floor((after - anchor) / expression.periodMs) + 1);
  return anchor + periods * expression.periodMs;
}

function parseRate(text: string): RateSchedule | undefined {
  const match = RATE.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]);
  const unit = match[2] ?? '';
  // `rate(1 minute)` but `rate(5 minutes)`: AWS rejects `rate(1 minutes)` and `rate(5 minute)`.
  const plural = unit.endsWith('s');
  if (value < 1 || plural !== value > 1) return undefined;
  const periodMs = value * (UNIT_MS[unit] ?? 0);
  return Number.isSafeInteger(periodMs) ? { kind: 'rate', periodMs } : undefined;
}

function parseCronExpression(text: string): CronSchedule | undefined {
  const match = CRON.exec(text);
  return match ? parseCron(match[1] ?? '') : undefined;
}
