/**
 * Execution environments end to end: a real Eventide running nodejs20.x functions as child processes. Warm
 * reuse, scale-out under concurrency (proved with a file barrier, never with timings), retirement on updates,
 * idle stop, stop on delete, and per-invocation logs under concurrency.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { DescribeLogStreamsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import {
  DeleteFunctionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';

import {
  barrierDir,
  createNodeFunction,
  fileExists,
  gatedHandler,
  invoke,
  processGone,
  reportLineOf,
  sleep,
  waitFor,
} from './environments-support.js';
import { lambdaClient, logsClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { uniqueName, zipOf } from './support/fixtures.js';

/** Counts its invocations in module scope: the count only grows if the same process serves them. */
const COUNTER_HANDLER = `let count = 0;
exports.handler = async (event, context) => ({ pid: process.pid, stream: context.logStreamName, count: ++count });
`;

/**
 * A barrier: each invocation drops a file named after its request id in BARRIER_DIR, logs its marker, then waits
 * until `event.parties` files exist. It gives up a second before its timeout and reports how many it saw, so an
 * invocation that never met its peers answers `peers < parties` instead of hanging.
 */
const BARRIER_HANDLER = `const fs = require('node:fs');
const path = require('node:path');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
exports.handler = async (event, context) => {
  const dir = process.env.BARRIER_DIR;
  fs.writeFileSync(path.join(dir, context.awsRequestId), '');
  console.log('marker-' + event.n);
  while (fs.readdirSync(dir).length < event.parties && context.getRemainingTimeInMillis() > 1000) await sleep(20);
  return { pid: process.pid, requestId: context.awsRequestId, peers: fs.readdirSync(dir).length };
};
`;

const versionHandler = (version: string): string =>
  `exports.handler = async () => ({ version: ${JSON.stringify(version)}, pid: process.pid, x: process.env.GREETING ?? null });\n`;

/** COUNTER_HANDLER that, when `event.hold`, says it started (GATE_DIR/started) and holds until GATE_DIR/release. */
const HOLDING_COUNTER_HANDLER = `const fs = require('node:fs');
const path = require('node:path');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let count = 0;
exports.handler = async (event, context) => {
  const dir = process.env.GATE_DIR;
  if (event.hold) {
    fs.writeFileSync(path.join(dir, 'started'), '');
    while (!fs.existsSync(path.join(dir, 'release')) && context.getRemainingTimeInMillis() > 1000) await sleep(20);
  }
  return { pid: process.pid, count: ++count };
};
`;

interface PidBody {
  pid: number;
}

let eventide: EventideProcess;
let lambda: LambdaClient;
let logs: CloudWatchLogsClient;

before(async () => {
  eventide = await startEventide();
  lambda = lambdaClient(eventide.url);
  logs = logsClient(eventide.url);
});

after(async () => {
  lambda?.destroy();
  logs?.destroy();
  if (eventide !== undefined) await stopAndClean(eventide);
});

describe('execution environments', () => {
  test('a warm environment serves the next invocation: same process, same stream, module state kept, no Init Duration', async () => {
    const name = uniqueName('env-warm');
    await createNodeFunction(lambda, { name, code: COUNTER_HANDLER });

    const first = await invoke<{ pid: number; stream: string; count: number }>(lambda, name);
    const second = await invoke<{ pid: number; stream: string; count: number }>(lambda, name);

    assert.equal(first.functionError, undefined, first.log);
    assert.equal(second.functionError, undefined, second.log);
    assert.equal(first.body.count, 1);
    assert.equal(second.body.count, 2, 'the second invocation runs in the process that served the first');
    assert.equal(second.body.pid, first.body.pid);
    assert.equal(second.body.stream, first.body.stream);
    assert.match(first.body.stream, /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);

    const firstReport = reportLineOf(first.log);
    const secondReport = reportLineOf(second.log);
    assert.ok(firstReport !== undefined, `no REPORT in the first tail:\n${first.log}`);
    assert.ok(secondReport !== undefined, `no REPORT in the second tail:\n${second.log}`);
    assert.match(firstReport, /\tInit Duration: \d+\.\d\d ms\t/, 'a cold start reports its Init Duration');
    assert.doesNotMatch(secondReport, /Init Duration/, 'a warm start has no Init Duration');
  });

  test('concurrent invocations scale out: 4 at once meet at a barrier, in 4 processes with 4 log streams', async () => {
    const parties = 4;
    const name = uniqueName('env-scale');
    const barrier = await barrierDir();
    try {
      await createNodeFunction(lambda, { name, code: BARRIER_HANDLER, timeout: 6, environment: { BARRIER_DIR: barrier.dir } });

      const results = await Promise.all(
        Array.from({ length: parties }, (_, n) => invoke<{ pid: number; requestId: string; peers: number }>(lambda, name, { n, parties })),
      );

      for (const result of results) {
        assert.equal(result.statusCode, 200);
        assert.equal(result.functionError, undefined, result.log);
        assert.equal(result.body.peers, parties, 'every invocation saw all 4 running at once');
      }
      const pids = new Set(results.map((r) => r.body.pid));
      assert.equal(pids.size, parties, `4 distinct processes, got pids ${[...pids].join(', ')}`);
      assert.equal(new Set(results.map((r) => r.body.requestId)).size, parties);

      const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: `/aws/lambda/${name}` }));
      assert.ok((streams.logStreams ?? []).length >= parties, `expected ≥ ${parties} streams, got ${JSON.stringify(streams.logStreams)}`);

      // Now idle and warm: the next invocation reuses one of them instead of starting a fifth.
      const next = await invoke<{ pid: number; peers: number }>(lambda, name, { n: parties, parties: 0 });
      assert.equal(next.functionError, undefined, next.log);
      assert.ok(pids.has(next.body.pid), `the next invocation runs in one of the warm processes ${[...pids].join(', ')}, got ${next.body.pid}`);
      assert.doesNotMatch(reportLineOf(next.log) ?? '', /Init Duration/);
    } finally {
      await barrier.cleanup();
    }
  });

  test('a code update retires the old environment; a configuration update is seen by the next invocation, in a new process', async () => {
    const name = uniqueName('env-update');
    await createNodeFunction(lambda, { name, code: versionHandler('v1'), environment: { GREETING: 'first' } });

    const v1 = await invoke<{ version: string; pid: number; x: string }>(lambda, name);
    assert.equal(v1.functionError, undefined, v1.log);
    assert.deepEqual([v1.body.version, v1.body.x], ['v1', 'first']);

    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: await zipOf({ 'index.js': versionHandler('v2') }) }));
    const v2 = await invoke<{ version: string; pid: number; x: string }>(lambda, name);
    assert.equal(v2.functionError, undefined, v2.log);
    assert.equal(v2.body.version, 'v2', 'the next invocation runs the new code');
    assert.equal(v2.body.x, 'first');
    assert.notEqual(v2.body.pid, v1.body.pid, 'the new code runs in a new process');
    await waitFor(`the v1 environment (pid ${v1.body.pid}) to stop`, () => processGone(v1.body.pid), 3_000);

    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Environment: { Variables: { GREETING: 'second' } } }));
    const v3 = await invoke<{ version: string; pid: number; x: string }>(lambda, name);
    assert.equal(v3.functionError, undefined, v3.log);
    assert.equal(v3.body.x, 'second', 'the next invocation sees the new environment variable');
    assert.equal(v3.body.version, 'v2');
    assert.notEqual(v3.body.pid, v2.body.pid, 'the new configuration runs in a new process');
    await waitFor(`the pre-configuration environment (pid ${v2.body.pid}) to stop`, () => processGone(v2.body.pid), 3_000);
  });

  test('an update during an invocation: the running one finishes on the old code, the next ones run the new code', async () => {
    const name = uniqueName('env-midupdate');
    const gate = await barrierDir();
    try {
      await createNodeFunction(lambda, { name, code: gatedHandler('old'), timeout: 8, environment: { GATE_DIR: gate.dir } });

      const running = invoke<{ answer: string; pid: number; released: boolean }>(lambda, name);
      await waitFor('the first invocation to start', () => fileExists(path.join(gate.dir, 'started')));

      const newCode = `exports.handler = async () => ({ answer: 'new', pid: process.pid });\n`;
      await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: await zipOf({ 'index.js': newCode }) }));

      // The old invocation is still held at its gate: this one neither waits for it nor runs the old code.
      const during = await invoke<{ answer: string; pid: number }>(lambda, name);
      assert.equal(during.functionError, undefined, during.log);
      assert.equal(during.body.answer, 'new');

      await writeFile(path.join(gate.dir, 'release'), '');
      const old = await running;
      assert.equal(old.statusCode, 200);
      assert.equal(old.functionError, undefined, old.log);
      assert.equal(old.body.answer, 'old', 'the running invocation finishes on its old environment');
      assert.equal(old.body.released, true, 'the old invocation was held until the test released it');
      assert.notEqual(during.body.pid, old.body.pid);

      const later = await invoke<{ answer: string; pid: number }>(lambda, name);
      assert.equal(later.body.answer, 'new');
      assert.notEqual(later.body.pid, old.body.pid, 'the old environment takes no more work');
      await waitFor(`the old environment (pid ${old.body.pid}) to stop once its invocation ended`, () => processGone(old.body.pid), 3_000);
    } finally {
      await gate.cleanup();
    }
  });

  test('deleting a function stops its idle environment', async () => {
    const name = uniqueName('env-delete');
    await createNodeFunction(lambda, { name, code: COUNTER_HANDLER });
    const { body } = await invoke<PidBody>(lambda, name);
    assert.equal(processGone(body.pid), false, 'the warm environment is alive before the delete');

    await lambda.send(new DeleteFunctionCommand({ FunctionName: name }));
    await waitFor(`the environment (pid ${body.pid}) to stop after DeleteFunction`, () => processGone(body.pid), 3_000);
  });

  test('concurrent invocations do not mix logs: each tail has only its own marker and request id', async () => {
    const parties = 3;
    const name = uniqueName('env-logs');
    const barrier = await barrierDir();
    try {
      await createNodeFunction(lambda, { name, code: BARRIER_HANDLER, timeout: 6, environment: { BARRIER_DIR: barrier.dir } });
      const results = await Promise.all(
        Array.from({ length: parties }, (_, n) => invoke<{ pid: number; requestId: string; peers: number }>(lambda, name, { n, parties })),
      );
      // They really ran at the same time (so in different environments, writing at the same time).
      for (const result of results) assert.equal(result.body.peers, parties, result.log);

      for (const [n, result] of results.entries()) {
        const requestId = result.body.requestId;
        assert.equal(result.requestId, requestId, 'the function sees the request id Eventide answered with');
        assert.match(result.log, new RegExp(`^START RequestId: ${requestId} Version: \\$LATEST$`, 'm'));
        assert.match(result.log, new RegExp(`^END RequestId: ${requestId}$`, 'm'));
        assert.match(result.log, new RegExp(`^REPORT RequestId: ${requestId}\\t`, 'm'));
        assert.match(result.log, new RegExp(`\\bmarker-${n}\\b`));
        for (const [m, other] of results.entries()) {
          if (m === n) continue;
          assert.doesNotMatch(result.log, new RegExp(`\\bmarker-${m}\\b`), `invocation ${n}'s tail shows invocation ${m}'s output`);
          assert.ok(!result.log.includes(other.body.requestId), `invocation ${n}'s tail names invocation ${m}'s request id`);
        }
      }
    } finally {
      await barrier.cleanup();
    }
  });
});

describe('idle environments', () => {
  let idle: EventideProcess;
  let idleLambda: LambdaClient;

  before(async () => {
    idle = await startEventide({ args: ['--idle-timeout', '1'] });
    idleLambda = lambdaClient(idle.url);
  });

  after(async () => {
    idleLambda?.destroy();
    if (idle !== undefined) await stopAndClean(idle);
  });

  test('an environment idle past --idle-timeout stops; the next invocation cold-starts a new one', async () => {
    const name = uniqueName('env-idle');
    await createNodeFunction(idleLambda, { name, code: COUNTER_HANDLER });

    const first = await invoke<{ pid: number; count: number }>(idleLambda, name);
    assert.equal(first.functionError, undefined, first.log);
    assert.equal(processGone(first.body.pid), false, 'the environment is alive right after its invocation');

    await sleep(2_500);
    assert.equal(processGone(first.body.pid), true, `the environment (pid ${first.body.pid}) idle for 2.5 s with --idle-timeout 1 still runs`);

    const second = await invoke<{ pid: number; count: number }>(idleLambda, name);
    assert.equal(second.functionError, undefined, second.log);
    assert.notEqual(second.body.pid, first.body.pid);
    assert.equal(second.body.count, 1, 'a fresh process: module state starts over');
    assert.match(reportLineOf(second.log) ?? '', /\tInit Duration: \d+\.\d\d ms\t/, 'the new environment reports a cold start');
  });

  test('an environment reused before its idle timeout is not stopped while it works, even past --idle-timeout', async () => {
    const name = uniqueName('env-idle-reuse');
    const gate = await barrierDir();
    try {
      await createNodeFunction(idleLambda, { name, code: HOLDING_COUNTER_HANDLER, environment: { GATE_DIR: gate.dir } });
      const first = await invoke<{ pid: number; count: number }>(idleLambda, name, { hold: false });
      assert.equal(first.functionError, undefined, first.log);

      // Reused at once, then held busy for longer than the idle timeout (1 s).
      const held = invoke<{ pid: number; count: number }>(idleLambda, name, { hold: true });
      await waitFor('the held invocation to start', () => fileExists(path.join(gate.dir, 'started')));
      await sleep(1_500);
      await writeFile(path.join(gate.dir, 'release'), '');
      const second = await held;

      assert.equal(second.functionError, undefined, `the busy environment was stopped under its invocation:\n${second.log}`);
      assert.equal(second.body.pid, first.body.pid, 'the warm environment served the second invocation');
      assert.equal(second.body.count, 2);
    } finally {
      await gate.cleanup();
    }
  });
});
