import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  backoffDelay,
  decideAfterAttempt,
  DEFAULT_RETRY_SETTINGS,
  isExpired,
  type AttemptFacts,
  type RetryDecision,
} from '../../../../src/core/invoke/retry-policy.js';

const T0 = 1_700_000_000_000;
const MINUTE = 60_000;

const facts = (overrides: Partial<AttemptFacts>): AttemptFacts => ({
  outcome: 'function-error',
  attemptsBefore: 0,
  backoffsBefore: 0,
  enqueuedAt: T0,
  now: T0,
  settings: DEFAULT_RETRY_SETTINGS,
  ...overrides,
});

const rows: [string, Partial<AttemptFacts>, RetryDecision][] = [
  ['success ends the event', { outcome: 'success' }, { kind: 'finish', state: 'succeeded', condition: 'Success' }],
  ['success after failures still ends it', { outcome: 'success', attemptsBefore: 2 }, { kind: 'finish', state: 'succeeded', condition: 'Success' }],
  ['first function error: retry 1 minute later', { now: T0 + 5 }, { kind: 'retry', at: T0 + 5 + MINUTE }],
  ['second function error: retry 2 minutes later', { attemptsBefore: 1, now: T0 + MINUTE }, { kind: 'retry', at: T0 + 3 * MINUTE }],
  ['third function error: retries exhausted', { attemptsBefore: 2, now: T0 + 3 * MINUTE }, { kind: 'finish', state: 'failed', condition: 'RetriesExhausted' }],
  ['MaximumRetryAttempts 0: one try only', { settings: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 21_600 } }, { kind: 'finish', state: 'failed', condition: 'RetriesExhausted' }],
  ['MaximumRetryAttempts 1: one retry', { settings: { maximumRetryAttempts: 1, maximumEventAgeInSeconds: 21_600 } }, { kind: 'retry', at: T0 + MINUTE }],
  ['MaximumRetryAttempts 1: then exhausted', { attemptsBefore: 1, settings: { maximumRetryAttempts: 1, maximumEventAgeInSeconds: 21_600 } }, { kind: 'finish', state: 'failed', condition: 'RetriesExhausted' }],
  ['age 60 s: the 1-minute retry would start after the maximum age, fail now', { now: T0 + 1, settings: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 60 } }, { kind: 'finish', state: 'failed', condition: 'EventAgeExceeded' }],
  ['age 90 s: one retry fits', { settings: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 90 } }, { kind: 'retry', at: T0 + MINUTE }],
  ['age 90 s: the second retry does not', { attemptsBefore: 1, now: T0 + MINUTE, settings: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 90 } }, { kind: 'finish', state: 'failed', condition: 'EventAgeExceeded' }],
  ['first throttle: back 1 s later', { outcome: 'throttle' }, { kind: 'retry', at: T0 + 1000 }],
  ['throttles back off exponentially', { outcome: 'throttle', backoffsBefore: 3 }, { kind: 'retry', at: T0 + 8000 }],
  ['backoff is capped at 5 minutes', { outcome: 'system-error', backoffsBefore: 30 }, { kind: 'retry', at: T0 + 5 * MINUTE }],
  ['throttles do not count as attempts', { outcome: 'throttle', attemptsBefore: 2 }, { kind: 'retry', at: T0 + 1000 }],
  ['a throttle past the maximum age fails', { outcome: 'throttle', now: T0 + 21_600_000 }, { kind: 'finish', state: 'failed', condition: 'EventAgeExceeded' }],
  ['a backoff never runs past the maximum age', { outcome: 'system-error', backoffsBefore: 10, now: T0 + 21_600_000 - 2000 }, { kind: 'retry', at: T0 + 21_600_000 }],
];

for (const [name, overrides, expected] of rows) {
  test(name, () => assert.deepEqual(decideAfterAttempt(facts(overrides)), expected));
}

test('never more function attempts than 1 + MaximumRetryAttempts, whatever the timing', () => {
  for (let maximumRetryAttempts = 0; maximumRetryAttempts <= 2; maximumRetryAttempts++) {
    let attempts = 0;
    let now = T0;
    const settings = { maximumRetryAttempts, maximumEventAgeInSeconds: 21_600 };
    for (;;) {
      const decision = decideAfterAttempt(facts({ attemptsBefore: attempts, now, settings }));
      attempts++;
      if (decision.kind === 'finish') break;
      now = decision.at;
    }
    assert.equal(attempts, maximumRetryAttempts + 1);
  }
});

test('a retry is never scheduled after the event expires', () => {
  for (let age = 60; age <= 400; age += 17) {
    const settings = { maximumRetryAttempts: 2, maximumEventAgeInSeconds: age };
    for (let attemptsBefore = 0; attemptsBefore < 2; attemptsBefore++) {
      for (const outcome of ['function-error', 'throttle', 'system-error'] as const) {
        const decision = decideAfterAttempt(facts({ outcome, attemptsBefore, backoffsBefore: attemptsBefore * 3, now: T0 + attemptsBefore * 50_000, settings }));
        if (decision.kind === 'retry') assert.ok(decision.at <= T0 + age * 1000, `${outcome} at age ${age}`);
      }
    }
  }
});

test('backoffDelay doubles from 1 s and stops at 5 minutes', () => {
  assert.deepEqual([0, 1, 2, 8, 9, 50].map(backoffDelay), [1000, 2000, 4000, 256_000, 300_000, 300_000]);
});

test('isExpired: at the maximum age and after', () => {
  assert.equal(isExpired(T0, T0 + 21_600_000 - 1, DEFAULT_RETRY_SETTINGS), false);
  assert.equal(isExpired(T0, T0 + 21_600_000, DEFAULT_RETRY_SETTINGS), true);
});
