import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deliversTwice, dispatchNumber, faultForDispatch, NO_FAULTS } from '../../../../src/core/invoke/fault-injection.js';
import type { FaultSettings } from '../../../../src/store/function-faults.js';

const settings = (overrides: Partial<FaultSettings>): FaultSettings => ({ ...NO_FAULTS, ...overrides });

test('the dispatch number counts every earlier run, throttle, system error and lost lease', () => {
  assert.equal(dispatchNumber({ attempts: 0, backoffs: 0 }), 1);
  assert.equal(dispatchNumber({ attempts: 0, backoffs: 2 }), 3, 'two throttles: the third dispatch');
  assert.equal(dispatchNumber({ attempts: 2, backoffs: 1 }), 4);
});

test('no settings inject nothing', () => {
  for (const dispatch of [1, 2, 3]) assert.equal(faultForDispatch(NO_FAULTS, dispatch), undefined);
  assert.equal(deliversTwice(NO_FAULTS, 'success', () => 0), false);
});

test('throttles and system errors come on the dispatches named, and only there', () => {
  const faults = settings({ throttleOnAttempts: [1, 2], systemErrorOnAttempts: [4] });
  assert.deepEqual(
    [1, 2, 3, 4, 5].map((dispatch) => faultForDispatch(faults, dispatch)?.kind),
    ['throttle', 'throttle', undefined, 'system-error', undefined],
  );
});

test('added latency delays every dispatch that runs the function, but not one that is throttled', () => {
  const faults = settings({ addedLatencyMs: 500, throttleOnAttempts: [1] });
  assert.deepEqual(faultForDispatch(faults, 1), { kind: 'throttle' });
  assert.deepEqual(faultForDispatch(faults, 2), { kind: 'latency', ms: 500 });
  assert.equal(faultForDispatch(settings({ addedLatencyMs: 0 }), 1), undefined, 'zero latency is no fault');
});

test('a duplicate delivery follows runs of the function, with the probability given', () => {
  const half = settings({ duplicateDelivery: 0.5 });
  assert.equal(deliversTwice(half, 'success', () => 0.49), true);
  assert.equal(deliversTwice(half, 'success', () => 0.5), false);
  assert.equal(deliversTwice(half, 'function-error', () => 0.1), true, 'a failed run may be delivered again too');
  assert.equal(deliversTwice(half, 'throttle', () => 0), false, 'a throttle ran nothing to repeat');
  assert.equal(deliversTwice(half, 'system-error', () => 0), false);
  const always = settings({ duplicateDelivery: 1 });
  assert.equal(deliversTwice(always, 'success', () => 0.999_999), true, '1 always duplicates');
  const never = settings({ duplicateDelivery: 0 });
  let drawn = false;
  assert.equal(deliversTwice(never, 'success', () => ((drawn = true), 0)), false, '0 never duplicates');
  assert.equal(drawn, false, 'nothing is drawn when duplicates are off');
});
