/**
 * Asynchronous invocation (InvocationType Event) against a real Eventide: acceptance, the durable queue, retries on
 * Lambda's schedule (shortened with --time-scale), the clock advance, parallelism and crash safety.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { InvokeCommand, PutFunctionConcurrencyCommand, UpdateFunctionCodeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { deploy } from './invoke-support.js';
import { lambdaClient, logsClient } from './support/clients.js';
import { advanceClock, startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { zipOf } from './support/fixtures.js';
import { waitFor } from './support/wait.js';

/** A handler that appends `<requestId> <epoch ms> <version>` to $OUT and throws when the event asks it to. */
const RECORDING_HANDLER = (version: string, body = '') => `
const fs = require('node:fs');
exports.handler = async (event, context) => {
  fs.appendFileSync(process.env.OUT, context.awsRequestId + ' ' + Date.now() + ' ${version}\\n');
  ${body}
  if (event.fail) throw new Error('failing on purpose');
  return 'ok';
};
`;

interface Line {
  requestId: string;
  at: number;
  version: string;
}

async function linesOf(file: string): Promise<Line[]> {
  if (!existsSync(file)) return [];
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [requestId = '', at = '0', version = ''] = line.split(' ');
      return { requestId, at: Number(at), version };
    });
}

const invokeEvent = (lambda: LambdaClient, name: string, event: unknown) =>
  lambda.send(new InvokeCommand({ FunctionName: name, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(event)) }));

let work: string;
before(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'eventide-async-'));
});
after(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('with --time-scale 60', () => {
  let eventide: EventideProcess;
  let lambda: LambdaClient;
  before(async () => {
    eventide = await startEventide({ args: ['--time-scale', '60'] });
    lambda = lambdaClient(eventide.url);
  });
  after(async () => {
    lambda.destroy();
    await stopAndClean(eventide);
  });

  test('Event answers 202 with an empty body, and the function sees the request id the caller got', async () => {
    const out = path.join(work, 'accept.log');
    const name = await deploy(lambda, { prefix: 'accept', files: { 'index.js': RECORDING_HANDLER('v1') }, environment: { OUT: out } });
    const response = await invokeEvent(lambda, name, { hello: 1 });
    assert.equal(response.StatusCode, 202);
    assert.equal(Buffer.from(response.Payload ?? new Uint8Array()).length, 0);
    assert.equal(response.ExecutedVersion, undefined);
    const lines = await waitFor(() => linesOf(out), (found) => found.length >= 1, 10_000);
    assert.deepEqual(lines.map((line) => line.requestId), [response.$metadata.requestId]);
  });

  test('a failing function answers 202 too, and runs three times with one request id, 1 then 2 engine minutes apart', async () => {
    const out = path.join(work, 'retries.log');
    const name = await deploy(lambda, { prefix: 'retries', files: { 'index.js': RECORDING_HANDLER('v1') }, environment: { OUT: out } });
    const response = await invokeEvent(lambda, name, { fail: true });
    assert.equal(response.StatusCode, 202);
    const lines = await waitFor(() => linesOf(out), (found) => found.length >= 3, 15_000);
    assert.equal(lines.length, 3);
    assert.deepEqual(new Set(lines.map((line) => line.requestId)), new Set([response.$metadata.requestId]));
    const [first, second, third] = lines as [Line, Line, Line];
    // 60 s and 120 s of engine time are 1 s and 2 s of real time at this scale.
    assert.ok(second.at - first.at >= 1000, `first retry after ${second.at - first.at} ms`);
    assert.ok(third.at - second.at >= 2000, `second retry after ${third.at - second.at} ms`);
    // No fourth attempt follows.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.equal((await linesOf(out)).length, 3);
    // Every attempt wrote its own START/END/REPORT under the same request id: the duplicates Lambda users see.
    const logs = logsClient(eventide.url);
    const found = await logs.send(
      new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${name}`, filterPattern: `"RequestId: ${response.$metadata.requestId}"` }),
    );
    logs.destroy();
    const starts = (found.events ?? []).filter((event) => event.message?.startsWith('START RequestId: '));
    const reports = (found.events ?? []).filter((event) => event.message?.startsWith('REPORT RequestId: '));
    assert.equal(starts.length, 3);
    assert.equal(reports.length, 3);
  });

  test('with reserved concurrency 0 an event fails at once: ZeroReservedConcurrency, never run', async () => {
    const out = path.join(work, 'zero.log');
    const name = await deploy(lambda, { prefix: 'zero', files: { 'index.js': RECORDING_HANDLER('v1') }, environment: { OUT: out } });
    await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: 0 }));
    const response = await invokeEvent(lambda, name, {});
    assert.equal(response.StatusCode, 202);
    const view = await waitFor(
      async () => (await (await fetch(`${eventide.url}/_eventide/functions/${name}/events?state=failed`)).json()) as { events: Record<string, unknown>[] },
      (found) => found.events.length === 1,
      10_000,
    );
    assert.equal(view.events[0]?.requestId, response.$metadata.requestId);
    assert.equal(view.events[0]?.condition, 'ZeroReservedConcurrency');
    assert.equal(view.events[0]?.approximateInvokeCount, 0);
    assert.deepEqual(await linesOf(out), []);
  });

  test('a retry runs the code as it is then: an update between attempts is picked up', async () => {
    const out = path.join(work, 'update.log');
    const name = await deploy(lambda, { prefix: 'update', files: { 'index.js': RECORDING_HANDLER('v1') }, environment: { OUT: out } });
    await invokeEvent(lambda, name, { fail: true });
    await waitFor(() => linesOf(out), (found) => found.length >= 1, 10_000);
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: await zipOf({ 'index.js': RECORDING_HANDLER('v2', 'return "fixed";') }) }));
    const lines = await waitFor(() => linesOf(out), (found) => found.length >= 2, 10_000);
    assert.deepEqual(lines.map((line) => line.version), ['v1', 'v2']);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.equal((await linesOf(out)).length, 2, 'the fixed code succeeded, so no third attempt');
  });

  test('the deprecated InvokeAsync queues the event the same way', async () => {
    const out = path.join(work, 'invoke-async.log');
    const name = await deploy(lambda, { prefix: 'invokeasync', files: { 'index.js': RECORDING_HANDLER('v1') }, environment: { OUT: out } });
    const response = await fetch(`${eventide.url}/2014-11-13/functions/${name}/invoke-async/`, { method: 'POST', body: '{"a":1}' });
    assert.equal(response.status, 202);
    const requestId = response.headers.get('x-amzn-requestid');
    const lines = await waitFor(() => linesOf(out), (found) => found.length >= 1, 10_000);
    assert.deepEqual(lines.map((line) => line.requestId), [requestId]);
  });

  test('bad events are refused as for synchronous calls, and nothing is queued', async () => {
    const out = path.join(work, 'refused.log');
    const name = await deploy(lambda, { prefix: 'refused', files: { 'index.js': RECORDING_HANDLER('v1') }, environment: { OUT: out } });
    await assert.rejects(lambda.send(new InvokeCommand({ FunctionName: 'no-such-function', InvocationType: 'Event', Payload: Buffer.from('{}') })), {
      name: 'ResourceNotFoundException',
    });
    await assert.rejects(lambda.send(new InvokeCommand({ FunctionName: name, InvocationType: 'Event', Payload: Buffer.from('not json') })), (error: Error) => {
      assert.equal(error.name, 'InvalidRequestContentException');
      return true;
    });
    const large = Buffer.from(JSON.stringify({ blob: 'x'.repeat(1_048_576) }));
    await assert.rejects(lambda.send(new InvokeCommand({ FunctionName: name, InvocationType: 'Event', Payload: large })), (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(error.$metadata?.httpStatusCode, 413);
      assert.match(error.message, /Request must be smaller than 1048576 bytes for the InvokeFunction operation/);
      return true;
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.deepEqual(await linesOf(out), []);
  });

  test('many events run in parallel: 50 events that each wait for all 50 to be running all finish', async () => {
    const barrier = path.join(work, 'barrier');
    const out = path.join(work, 'parallel.log');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(barrier);
    const body = `
      fs.writeFileSync(require('node:path').join(process.env.BARRIER, context.awsRequestId), '');
      while (fs.readdirSync(process.env.BARRIER).length < 50) await new Promise((r) => setTimeout(r, 50));`;
    const handler = `
const fs = require('node:fs');
exports.handler = async (event, context) => {
  ${body}
  fs.appendFileSync(process.env.OUT, context.awsRequestId + ' ' + Date.now() + ' done\\n');
};
`;
    const name = await deploy(lambda, { prefix: 'parallel', files: { 'index.js': handler }, timeout: 60, environment: { OUT: out, BARRIER: barrier } });
    const started = Date.now();
    const responses = await Promise.all(Array.from({ length: 50 }, (_, n) => invokeEvent(lambda, name, { n })));
    assert.ok(responses.every((response) => response.StatusCode === 202));
    const lines = await waitFor(() => linesOf(out), (found) => found.length >= 50, 45_000);
    assert.equal(lines.length, 50, 'every event got past the barrier, so all 50 ran at the same time');
    assert.equal((await readdir(barrier)).length, 50);
    console.log(`# 50 overlapping events finished ${Date.now() - started} ms after the first was sent`);
  });
});

describe('the engine clock can be moved forward', () => {
  test('POST /_eventide/clock/advance skips the one-minute wait before a retry', async () => {
    const eventide = await startEventide({ clockControl: true });
    const lambda = lambdaClient(eventide.url);
    try {
      const out = path.join(work, 'advance.log');
      const name = await deploy(lambda, { prefix: 'advance', files: { 'index.js': RECORDING_HANDLER('v1') }, environment: { OUT: out } });
      await invokeEvent(lambda, name, { fail: true });
      await waitFor(() => linesOf(out), (found) => found.length >= 1, 10_000);
      const refused = await advanceClock(eventide.url, -5);
      assert.equal(refused.status, 400);
      const advanced = await advanceClock(eventide.url, 61);
      assert.equal(advanced.status, 200);
      const lines = await waitFor(() => linesOf(out), (found) => found.length >= 2, 10_000);
      assert.equal(lines.length, 2, 'the retry ran without waiting a real minute');
    } finally {
      lambda.destroy();
      await stopAndClean(eventide);
    }
  });
});

describe('crash safety', () => {
  test('SIGKILL mid-run loses no accepted event: after a restart every request id runs', async () => {
    const out = path.join(work, 'crash.log');
    const dataDir = await mkdtemp(path.join(tmpdir(), 'eventide-crash-'));
    const handler = `
const fs = require('node:fs');
exports.handler = async (event, context) => {
  await new Promise((r) => setTimeout(r, 20));
  fs.appendFileSync(process.env.OUT, context.awsRequestId + ' ' + Date.now() + ' ok\\n');
};
`;
    let eventide = await startEventide({ dataDir, args: ['--concurrency', '8'] });
    let lambda = lambdaClient(eventide.url);
    const accepted: string[] = [];
    try {
      const name = await deploy(lambda, { prefix: 'crash', files: { 'index.js': handler }, timeout: 30, environment: { OUT: out } });
      for (let batch = 0; batch < 10; batch++) {
        const responses = await Promise.all(Array.from({ length: 50 }, (_, n) => invokeEvent(lambda, name, { n: batch * 50 + n })));
        for (const response of responses) {
          assert.equal(response.StatusCode, 202);
          accepted.push(response.$metadata.requestId ?? '');
        }
      }
      await waitFor(() => linesOf(out), (found) => found.length >= 50, 20_000);
      assert.equal(await eventide.stop('SIGKILL'), null);
      const before = new Set((await linesOf(out)).map((line) => line.requestId));
      assert.ok(before.size < accepted.length, 'the crash came before every event had run');
      lambda.destroy();

      eventide = await startEventide({ dataDir, args: ['--concurrency', '8'] });
      lambda = lambdaClient(eventide.url);
      const lines = await waitFor(
        () => linesOf(out),
        (found) => accepted.every((id) => found.some((line) => line.requestId === id)),
        90_000,
      );
      const ran = new Set(lines.map((line) => line.requestId));
      const missing = accepted.filter((id) => !ran.has(id));
      if (missing.length > 0) {
        const view = await fetch(`${eventide.url}/_eventide/functions/${name}/events?limit=1000`).then((response) => response.json());
        const states = (view as { events: { requestId: string }[] }).events.filter((event) => missing.includes(event.requestId));
        assert.fail(`${missing.length} accepted events never ran: ${JSON.stringify(states)}`);
      }
    } finally {
      lambda.destroy();
      await stopAndClean(eventide);
    }
  });
});
