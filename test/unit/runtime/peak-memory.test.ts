import assert from 'node:assert/strict';
import { test } from 'node:test';

import { PeakMemory } from '../../../src/runtime/peak-memory.js';

test('the peak of a live process is read in MB, and the last figure stays once it is closed', { skip: process.platform !== 'linux' }, () => {
  const peak = new PeakMemory(process.pid);
  const first = peak.sample();
  const held = Buffer.alloc(32 * 1024 * 1024, 1);
  const second = peak.sample();
  assert.ok(first > 0, `${first} MB`);
  assert.ok(second >= first && second >= Math.ceil(held.length / 1024 / 1024), `${second} MB after holding 32 MB`);
  peak.close();
  assert.equal(peak.sample(), second);
});

test('a process that is gone leaves 0 until anything was read', () => {
  const peak = new PeakMemory(2 ** 22 + 1); // above Linux's pid_max: no such process
  assert.equal(peak.sample(), 0);
  peak.close();
});
