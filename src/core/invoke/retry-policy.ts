import type { AttemptOutcome, FinalCondition } from '../../store/async-events.js';

/**
 * Lambda's retry policy for asynchronous invocations, as a pure function of the attempt's outcome, the event's
 * history and the engine time. Times are engine milliseconds; the clock's time scale shrinks them in real time.
 *
 * - A function error (handler error, timeout, runtime exit, response too large) counts as an attempt. It is
 *   retried up to MaximumRetryAttempts times, 1 minute after the first failure and 2 minutes after the second.
 *   If that retry would start after the event's maximum age, the event fails now: EventAgeExceeded (AWS looks
 *   ahead like this rather than waiting). After the last try: RetriesExhausted.
 * - A throttle or a system error does not count. The event goes back to the queue with exponential backoff from
 *   1 s up to 5 min, until its maximum age: EventAgeExceeded.
 */
export interface RetrySettings {
  maximumRetryAttempts: number;
  maximumEventAgeInSeconds: number;
}

export const DEFAULT_RETRY_SETTINGS: RetrySettings = { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 21_600 };

/** Waits after the first and the second function error. */
export const FUNCTION_ERROR_RETRY_DELAYS_MS = [60_000, 120_000] as const;
export const BACKOFF_INITIAL_MS = 1_000;
export const BACKOFF_MAX_MS = 300_000;

export type RetryDecision =
  | { kind: 'finish'; state: 'succeeded' | 'failed'; condition: FinalCondition }
  | { kind: 'retry'; at: number };

export interface AttemptFacts {
  outcome: AttemptOutcome;
  /** Counted attempts before this one (function runs). */
  attemptsBefore: number;
  /** Throttles and system errors before this one. */
  backoffsBefore: number;
  enqueuedAt: number;
  now: number;
  settings: RetrySettings;
}

export function decideAfterAttempt(facts: AttemptFacts): RetryDecision {
  const { outcome, now, settings } = facts;
  if (outcome === 'success') return { kind: 'finish', state: 'succeeded', condition: 'Success' };
  const expiresAt = eventExpiry(facts.enqueuedAt, settings);
  if (outcome === 'function-error') {
    const failures = facts.attemptsBefore + 1;
    if (failures > settings.maximumRetryAttempts) return failed('RetriesExhausted');
    const delay = FUNCTION_ERROR_RETRY_DELAYS_MS[Math.min(failures, FUNCTION_ERROR_RETRY_DELAYS_MS.length) - 1] as number;
    return now + delay > expiresAt ? failed('EventAgeExceeded') : { kind: 'retry', at: now + delay };
  }
  if (now >= expiresAt) return failed('EventAgeExceeded');
  return { kind: 'retry', at: Math.min(now + backoffDelay(facts.backoffsBefore), expiresAt) };
}

/** Runs of the function count against MaximumRetryAttempts (Lambda's `approximateInvokeCount`); throttles and system errors do not. */
export const countsAsAttempt = (outcome: AttemptOutcome): boolean => outcome === 'success' || outcome === 'function-error';

/** 1 s, 2 s, 4 s, … capped at 5 minutes. */
export function backoffDelay(backoffsBefore: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_INITIAL_MS * 2 ** Math.min(backoffsBefore, 20));
}

export function eventExpiry(enqueuedAt: number, settings: RetrySettings): number {
  return enqueuedAt + settings.maximumEventAgeInSeconds * 1000;
}

/** An event claimed after its maximum age never runs. */
export function isExpired(enqueuedAt: number, now: number, settings: RetrySettings): boolean {
  return now >= eventExpiry(enqueuedAt, settings);
}

const failed = (condition: FinalCondition): RetryDecision => ({ kind: 'finish', state: 'failed', condition });
