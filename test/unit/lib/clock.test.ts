import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import { Clock, MAX_ADVANCE_SECONDS } from '../../../src/lib/clock.js';

const WALL = Date.UTC(2026, 0, 1, 12, 0, 0);
const HOUR = 3_600_000;

describe('Clock', () => {
  beforeEach(() => mock.timers.enable({ apis: ['Date', 'setTimeout'], now: WALL }));
  afterEach(() => mock.timers.reset());

  test('engine time runs timeScale times faster than the wall; wallTime is the wall', () => {
    const clock = new Clock(60);
    mock.timers.tick(1000);
    assert.equal(clock.wallTime(), WALL + 1000);
    assert.equal(clock.now(), WALL + 60_000);
  });

  test('a fractional time scale or advance still gives whole milliseconds, as the store keeps them', () => {
    const clock = new Clock(2.5);
    mock.timers.tick(333);
    assert.equal(clock.now(), WALL + 833);
    clock.advance(0.4);
    assert.ok(Number.isInteger(clock.now()), `engine time ${clock.now()} is whole milliseconds`);
  });

  test('an advance moves engine time, not the wall', () => {
    const clock = new Clock();
    clock.advance(7 * HOUR);
    assert.equal(clock.now(), WALL + 7 * HOUR);
    assert.equal(clock.wallTime(), WALL);
  });

  test('an advance tells whoever waits on engine time', () => {
    const clock = new Clock();
    let told = 0;
    clock.onAdvance(() => told++);
    clock.advance(1000);
    assert.equal(told, 1);
  });

  for (const ms of [0, -5000, Number.NaN, Number.POSITIVE_INFINITY, 1e303, (MAX_ADVANCE_SECONDS + 1) * 1000]) {
    test(`an advance of ${ms} ms is refused and changes nothing`, () => {
      const clock = new Clock();
      let told = 0;
      clock.onAdvance(() => told++);
      assert.throws(() => clock.advance(ms), RangeError);
      assert.equal(clock.now(), WALL);
      assert.equal(told, 0);
    });
  }

  test('ten years is the furthest one advance goes', () => {
    const clock = new Clock();
    clock.advance(MAX_ADVANCE_SECONDS * 1000);
    assert.equal(clock.now(), WALL + MAX_ADVANCE_SECONDS * 1000);
  });

  test('toWallTime brings an engine time back to the wall, whatever the scale and advances', () => {
    const clock = new Clock(60);
    clock.advance(7 * HOUR);
    mock.timers.tick(500);
    assert.equal(clock.toWallTime(clock.now()), clock.wallTime(), 'engine now is wall now');
    assert.equal(clock.toWallTime(clock.now() + 60_000), clock.wallTime() + 1000, 'a minute of engine time ahead is a second of wall time at scale 60');
    assert.equal(clock.toWallTime(clock.now() - 120_000), clock.wallTime() - 2000);
  });

  test('a restarted clock resumes from the latest engine time recorded, never going back', () => {
    const resumed = new Clock(1, WALL + 7 * HOUR);
    assert.equal(resumed.now(), WALL + 7 * HOUR);
    assert.equal(resumed.toWallTime(resumed.now()), WALL, 'what people read stays on the wall');
    assert.equal(new Clock(1, WALL - HOUR).now(), WALL, 'an engine time behind the wall is not resumed');
  });

  test('engine waits shrink with the scale', () => {
    const clock = new Clock(60);
    let fired = false;
    clock.setTimeout(() => (fired = true), 60_000);
    mock.timers.tick(999);
    assert.equal(fired, false);
    mock.timers.tick(1);
    assert.equal(fired, true);
  });

  test('a time scale that is not a positive number is refused', () => {
    for (const scale of [0, -1, Number.NaN]) assert.throws(() => new Clock(scale), RangeError);
  });
});
