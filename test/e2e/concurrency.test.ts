/**
 * Reserved concurrency and account settings end to end (spec §7.1, §7.6, §1.5, §0.2): PutFunctionConcurrency,
 * GetFunctionConcurrency, DeleteFunctionConcurrency and GetAccountSettings with the SDK v3, their errors, how
 * reservations and the account limit throttle synchronous and asynchronous invocations, and persistence across a
 * restart.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  DeleteFunctionConcurrencyCommand,
  GetAccountSettingsCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  InvokeCommand,
  PutFunctionConcurrencyCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type InvokeCommandOutput,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { arnOf, deploy } from './invoke-support.js';
import { lambdaClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { ECHO_HANDLER, ROLE, zipOf } from './support/fixtures.js';
import { sdkError } from './support/sdk-errors.js';
import { waitFor } from './support/wait.js';

/** Waits (up to 20 s) until the file the event names exists: invocations hold their slot until the test lets go. */
const BARRIER_HANDLER = `
const fs = require('node:fs');
exports.handler = async (event) => {
  const deadline = Date.now() + 20000;
  while (!fs.existsSync(event.release) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return { released: fs.existsSync(event.release) };
};
`;

/** Appends its request id to $OUT. */
const RECORDING_HANDLER = `
const fs = require('node:fs');
exports.handler = async (event, context) => { fs.appendFileSync(process.env.OUT, context.awsRequestId + '\\n'); };
`;

/** Marks itself running in $DIR for 200 ms and records a violation when another execution is running beside it. */
const EXCLUSIVE_HANDLER = `
const fs = require('node:fs');
const path = require('node:path');
exports.handler = async (event, context) => {
  const dir = process.env.DIR;
  const mine = 'running-' + context.awsRequestId;
  fs.writeFileSync(path.join(dir, mine), '');
  const others = fs.readdirSync(dir).filter((file) => file.startsWith('running-') && file !== mine);
  if (others.length > 0) fs.appendFileSync(path.join(dir, 'violations'), mine + ' beside ' + others.join(' ') + '\\n');
  await new Promise((resolve) => setTimeout(resolve, 200));
  fs.rmSync(path.join(dir, mine));
  fs.appendFileSync(path.join(dir, 'done'), context.awsRequestId + '\\n');
};
`;

const QUALIFIED_MESSAGE =
  'This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.';
const belowMinimumMessage = (minimum: number) =>
  `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${minimum}].`;

/** Account limit of the shared Eventide, and the unreserved minimum Eventide derives from it (a tenth, at most 100). */
const ACCOUNT_LIMIT = 200;
const MINIMUM_UNRESERVED = 20;

let eventide: EventideProcess;
let lambda: LambdaClient;
let work: string;

before(async () => {
  [eventide, work] = await Promise.all([
    startEventide({ args: ['--concurrency', String(ACCOUNT_LIMIT), '--time-scale', '60'] }),
    mkdtemp(path.join(tmpdir(), 'eventide-concurrency-')),
  ]);
  lambda = lambdaClient(eventide.url);
});

after(async () => {
  lambda?.destroy();
  if (eventide !== undefined) await stopAndClean(eventide);
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

interface Rejection {
  name: string;
  message: string;
  status: number | undefined;
  reason: unknown;
}

/** The error a call is rejected with, as the SDK reports it (with TooManyRequestsException's `Reason`). */
async function rejection(call: Promise<unknown>): Promise<Rejection> {
  const { name, message, status, reason } = await sdkError(call);
  return { name, message, status, reason };
}

const echo = (client = lambda) => deploy(client, { prefix: 'conc', files: { 'index.js': ECHO_HANDLER } });
const put = (name: string, reserved: number, client = lambda) =>
  client.send(new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: reserved }));
const reservationOf = async (name: string, client = lambda) =>
  (await client.send(new GetFunctionConcurrencyCommand({ FunctionName: name }))).ReservedConcurrentExecutions;
const accountSettings = (client = lambda) => client.send(new GetAccountSettingsCommand({}));
const unreserved = async (client = lambda) => (await accountSettings(client)).AccountLimit?.UnreservedConcurrentExecutions;
const invokeSync = (name: string, event: unknown, client = lambda) =>
  client.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(event)) }));
const invokeEvent = (name: string, event: unknown = {}) =>
  lambda.send(new InvokeCommand({ FunctionName: name, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(event)) }));

const linesOf = async (file: string): Promise<string[]> =>
  existsSync(file) ? (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '') : [];

/**
 * Sends overlapping synchronous invokes of a BARRIER_HANDLER function; the running ones hold their slots until a
 * call has been refused (or all have answered), then the barrier opens.
 */
async function overlappingInvokes(client: LambdaClient, name: string, count: number): Promise<PromiseSettledResult<InvokeCommandOutput>[]> {
  const release = path.join(work, `release-${name}`);
  const calls = Array.from({ length: count }, () => invokeSync(name, { release }, client));
  const firstRefusal = new Promise<void>((resolve) => calls.forEach((call) => call.catch(() => resolve())));
  await Promise.race([firstRefusal, Promise.allSettled(calls)]);
  await writeFile(release, '');
  return Promise.allSettled(calls);
}

function assertThrottled(settled: PromiseSettledResult<InvokeCommandOutput>[], answered: number, reason: string): void {
  const fulfilled = settled.filter((result) => result.status === 'fulfilled');
  const refused = settled.filter((result) => result.status === 'rejected');
  assert.equal(fulfilled.length, answered, `answered: ${fulfilled.length}, refused: ${refused.map((r) => String(r.reason)).join('; ')}`);
  for (const { value } of fulfilled) {
    assert.equal(value.StatusCode, 200);
    assert.deepEqual(JSON.parse(Buffer.from(value.Payload ?? []).toString()), { released: true });
  }
  assert.equal(refused.length, settled.length - answered);
  for (const { reason: error } of refused) {
    const e = error as { name: string; message: string; Reason?: string; $metadata?: { httpStatusCode?: number } };
    assert.equal(e.name, 'TooManyRequestsException');
    assert.equal(e.$metadata?.httpStatusCode, 429);
    assert.equal(e.Reason, reason);
    assert.equal(e.message, 'Rate Exceeded.');
  }
}

// ---------------------------------------------------------------------------------------------------------------

describe('reserved concurrency API', () => {
  test('Put answers 200 with the reservation, Get reads it back, Delete answers 204 and Get then answers {}', async () => {
    const name = await echo();
    const unset = await fetch(`${eventide.url}/2019-09-30/functions/${name}/concurrency`);
    assert.equal(unset.status, 200);
    assert.deepEqual(await unset.json(), {});
    assert.equal(await reservationOf(name), undefined);

    const putOut = await put(name, 7);
    assert.equal(putOut.$metadata.httpStatusCode, 200);
    assert.equal(putOut.ReservedConcurrentExecutions, 7);
    const got = await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: name }));
    assert.equal(got.$metadata.httpStatusCode, 200);
    assert.equal(got.ReservedConcurrentExecutions, 7);
    assert.equal((await put(name, 0)).ReservedConcurrentExecutions, 0, 'zero is a reservation');
    assert.equal(await reservationOf(name), 0);

    const deleted = await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: name }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    assert.equal(await reservationOf(name), undefined);
    const again = await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: name }));
    assert.equal(again.$metadata.httpStatusCode, 204, 'deleting an unset reservation is fine');
  });

  test('full and partial ARNs name the function', async () => {
    const name = await echo();
    await put(arnOf(name), 3);
    assert.equal(await reservationOf(`000000000000:function:${name}`), 3);
    await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: arnOf(name) }));
    assert.equal(await reservationOf(name), undefined);
  });

  test('GetFunction has Concurrency only while a reservation is set', async () => {
    const name = await echo();
    assert.equal((await lambda.send(new GetFunctionCommand({ FunctionName: name }))).Concurrency, undefined);
    await put(name, 4);
    assert.deepEqual((await lambda.send(new GetFunctionCommand({ FunctionName: name }))).Concurrency, { ReservedConcurrentExecutions: 4 });
    await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: name }));
    assert.equal((await lambda.send(new GetFunctionCommand({ FunctionName: name }))).Concurrency, undefined);
  });

  test('a reservation keeps RevisionId and LastModified, and outlives configuration and code updates', async () => {
    const name = await echo();
    const before = (await lambda.send(new GetFunctionCommand({ FunctionName: name }))).Configuration;
    await put(name, 2);
    const afterPut = (await lambda.send(new GetFunctionCommand({ FunctionName: name }))).Configuration;
    assert.equal(afterPut?.RevisionId, before?.RevisionId);
    assert.equal(afterPut?.LastModified, before?.LastModified);

    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Description: 'changed' }));
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: await zipOf({ 'index.js': ECHO_HANDLER }) }));
    assert.equal(await reservationOf(name), 2);
    await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: name }));
  });

  test('DeleteFunction gives the reservation back to the unreserved pool; a function created again under the name has none', async () => {
    const name = await echo();
    const start = await unreserved();
    await put(name, 30);
    assert.equal(await unreserved(), (start ?? 0) - 30);
    await lambda.send(new DeleteFunctionCommand({ FunctionName: name }));
    assert.equal(await unreserved(), start);
    await lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: await zipOf({ 'index.js': ECHO_HANDLER }) } }));
    assert.equal(await reservationOf(name), undefined);
    assert.equal(await unreserved(), start);
  });
});

describe('GetAccountSettings', () => {
  test('AccountLimit has the code quotas and --concurrency; UnreservedConcurrentExecutions and AccountUsage follow reservations and functions', async () => {
    const first = await accountSettings();
    assert.equal(first.$metadata.httpStatusCode, 200);
    assert.deepEqual(first.AccountLimit, {
      TotalCodeSize: 80530636800,
      CodeSizeUnzipped: 262144000,
      CodeSizeZipped: 52428800,
      ConcurrentExecutions: ACCOUNT_LIMIT,
      UnreservedConcurrentExecutions: first.AccountLimit?.UnreservedConcurrentExecutions,
    });

    const name = await echo();
    const { Configuration } = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
    const created = await accountSettings();
    assert.equal(created.AccountUsage?.FunctionCount, (first.AccountUsage?.FunctionCount ?? 0) + 1);
    assert.equal(created.AccountUsage?.TotalCodeSize, (first.AccountUsage?.TotalCodeSize ?? 0) + (Configuration?.CodeSize ?? 0));

    await put(name, 25);
    assert.equal(await unreserved(), (first.AccountLimit?.UnreservedConcurrentExecutions ?? 0) - 25);
    await put(name, 5);
    assert.equal(await unreserved(), (first.AccountLimit?.UnreservedConcurrentExecutions ?? 0) - 5, 'a new reservation replaces the old one');
    await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: name }));
    assert.equal(await unreserved(), first.AccountLimit?.UnreservedConcurrentExecutions);

    await lambda.send(new DeleteFunctionCommand({ FunctionName: name }));
    assert.deepEqual((await accountSettings()).AccountUsage, first.AccountUsage);
  });
});

describe('reserved concurrency errors', () => {
  test('a qualified name or ARN is refused with 400 InvalidParameterValueException, and nothing changes', async () => {
    const name = await echo();
    await put(name, 3);
    for (const qualified of [`${name}:$LATEST`, `${name}:1`, `${name}:live`, `${arnOf(name)}:$LATEST`]) {
      const expected = { name: 'InvalidParameterValueException', message: QUALIFIED_MESSAGE, status: 400, reason: undefined };
      assert.deepEqual(await rejection(put(qualified, 9)), expected);
      assert.deepEqual(await rejection(lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: qualified }))), expected);
      assert.deepEqual(await rejection(lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: qualified }))), expected);
    }
    assert.equal(await reservationOf(name), 3);
    await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: name }));
  });

  test('a function that does not exist is 404 ResourceNotFoundException, and nothing changes', async () => {
    const before = await accountSettings();
    const missing = 'conc-does-not-exist';
    const expected = { name: 'ResourceNotFoundException', message: `Function not found: ${arnOf(missing)}`, status: 404, reason: undefined };
    assert.deepEqual(await rejection(put(missing, 1)), expected);
    assert.deepEqual(await rejection(lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: missing }))), expected);
    assert.deepEqual(await rejection(lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: missing }))), expected);
    assert.deepEqual((await accountSettings()).AccountLimit, before.AccountLimit);
  });

  test('a negative reservation is a ValidationException, and nothing changes', async () => {
    const name = await echo();
    await put(name, 3);
    assert.deepEqual(await rejection(put(name, -1)), {
      name: 'ValidationException',
      message: "1 validation error detected: Value '-1' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 0",
      status: 400,
      reason: undefined,
    });
    assert.equal(await reservationOf(name), 3);
    await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: name }));
  });

  test(`reservations must leave the minimum unreserved pool (${MINIMUM_UNRESERVED} of ${ACCOUNT_LIMIT}); a refused one changes nothing`, async () => {
    const [a, b] = await Promise.all([echo(), echo()]);
    const pool = (await unreserved()) ?? 0;
    const expected = { name: 'InvalidParameterValueException', message: belowMinimumMessage(MINIMUM_UNRESERVED), status: 400, reason: undefined };
    assert.deepEqual(await rejection(put(a, pool - MINIMUM_UNRESERVED + 1)), expected);
    assert.equal(await reservationOf(a), undefined);
    assert.equal(await unreserved(), pool);

    await put(a, pool - MINIMUM_UNRESERVED - 10);
    await put(b, 10);
    assert.equal(await unreserved(), MINIMUM_UNRESERVED, 'exactly the minimum is allowed');
    assert.deepEqual(await rejection(put(b, 11)), expected);
    assert.deepEqual(await rejection(put(a, pool - MINIMUM_UNRESERVED - 9)), expected);
    assert.equal(await reservationOf(b), 10);
    assert.equal(await reservationOf(a), pool - MINIMUM_UNRESERVED - 10);
    assert.equal(await unreserved(), MINIMUM_UNRESERVED);
    await put(a, pool - MINIMUM_UNRESERVED - 20);
    await put(b, 20);
    assert.equal(await unreserved(), MINIMUM_UNRESERVED, "a function's own reservation counts as given back when it changes");

    await Promise.all([a, b].map((fn) => lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: fn }))));
    assert.equal(await unreserved(), pool);
  });
});

describe('reserved concurrency throttles invocations', () => {
  test('reservation 1: of two overlapping synchronous invokes one answers 200, the other 429 ReservedFunctionConcurrentInvocationLimitExceeded', async () => {
    const name = await deploy(lambda, { prefix: 'conc-barrier', files: { 'index.js': BARRIER_HANDLER }, timeout: 30 });
    await put(name, 1);
    assertThrottled(await overlappingInvokes(lambda, name, 2), 1, 'ReservedFunctionConcurrentInvocationLimitExceeded');
  });

  test('reservation 0: a synchronous invoke is 429, an asynchronous one is accepted (202) and never runs', async () => {
    const out = path.join(work, 'zero-reservation.out');
    const name = await deploy(lambda, { prefix: 'conc-zero', files: { 'index.js': RECORDING_HANDLER }, environment: { OUT: out } });
    await put(name, 0);
    assert.deepEqual(await rejection(invokeSync(name, {})), {
      name: 'TooManyRequestsException',
      message: 'Rate Exceeded.',
      status: 429,
      reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
    });
    const accepted = await invokeEvent(name);
    assert.equal(accepted.StatusCode, 202);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    assert.equal(existsSync(out), false, 'the function ran');

    // Once the reservation is gone a new event runs, and only that one: the first was failed, not delayed.
    await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: name }));
    const second = await invokeEvent(name);
    const lines = await waitFor(() => linesOf(out), (found) => found.length >= 1, 15_000);
    assert.deepEqual(lines, [second.$metadata.requestId]);
  });

  test('reservation 1: ten asynchronous events all run, one at a time', async () => {
    const dir = await mkdtemp(path.join(work, 'exclusive-'));
    const name = await deploy(lambda, { prefix: 'conc-one', files: { 'index.js': EXCLUSIVE_HANDLER }, environment: { DIR: dir } });
    await put(name, 1);
    const sent = await Promise.all(Array.from({ length: 10 }, (_, i) => invokeEvent(name, { i })));
    for (const out of sent) assert.equal(out.StatusCode, 202);
    const done = await waitFor(() => linesOf(path.join(dir, 'done')), (lines) => new Set(lines).size >= 10, 30_000);
    assert.deepEqual(new Set(done), new Set(sent.map((out) => out.$metadata.requestId)));
    assert.deepEqual(await linesOf(path.join(dir, 'violations')), []);
  });

  test('--concurrency 2: of three overlapping synchronous invokes exactly one is 429 ConcurrentInvocationLimitExceeded', async () => {
    const small = await startEventide({ args: ['--concurrency', '2'] });
    const client = lambdaClient(small.url);
    try {
      const name = await deploy(client, { prefix: 'conc-account', files: { 'index.js': BARRIER_HANDLER }, timeout: 30 });
      assertThrottled(await overlappingInvokes(client, name, 3), 2, 'ConcurrentInvocationLimitExceeded');
    } finally {
      client.destroy();
      await stopAndClean(small);
    }
  });
});

test('reservations survive a restart: they are read back, enforced and counted', async () => {
  const first = await startEventide({ args: ['--concurrency', '50'] });
  let client = lambdaClient(first.url);
  let current = first;
  try {
    const out = path.join(work, 'restart.out');
    const zero = await deploy(client, { prefix: 'conc-restart', files: { 'index.js': RECORDING_HANDLER }, environment: { OUT: out } });
    const thirty = await echo(client);
    const other = await echo(client);
    await put(zero, 0, client);
    await put(thirty, 30, client);
    client.destroy();
    assert.equal(await first.stop('SIGTERM'), 0);

    current = await startEventide({ dataDir: first.dataDir, args: ['--concurrency', '50'] });
    client = lambdaClient(current.url);
    assert.equal(await reservationOf(zero, client), 0);
    assert.equal(await reservationOf(thirty, client), 30);
    assert.deepEqual((await client.send(new GetFunctionCommand({ FunctionName: thirty }))).Concurrency, { ReservedConcurrentExecutions: 30 });
    assert.equal(await unreserved(client), 20);
    const refused = await rejection(invokeSync(zero, {}, client));
    assert.equal(refused.status, 429);
    assert.equal(refused.reason, 'ReservedFunctionConcurrentInvocationLimitExceeded');
    assert.equal(existsSync(out), false);
    // 50 - 30 - 16 would leave 4, below the minimum of 5 (a tenth of 50).
    assert.deepEqual(await rejection(put(other, 16, client)), { name: 'InvalidParameterValueException', message: belowMinimumMessage(5), status: 400, reason: undefined });
  } finally {
    client.destroy();
    await stopAndClean(current);
  }
});
