/**
 * Fault injection against a real Eventide: `PUT|GET|DELETE /_eventide/functions/{name}/faults` makes a function's
 * asynchronous events meet injected throttles, system errors, latency and duplicate deliveries; the attempt log marks
 * each, metrics count them, and the function sees what Lambda may do to it (the same request id twice).
 * Backoffs and retries run on Lambda's schedule shortened with --time-scale 60.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FilterLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CreateFunctionCommand, DeleteFunctionCommand, InvokeCommand, PutFunctionEventInvokeConfigCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { arnOf, deploy } from './invoke-support.js';
import { lambdaClient, logsClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { ROLE, zipOf } from './support/fixtures.js';
import { waitFor } from './support/polling.js';

/** Logs each run with the request id the function was given, then succeeds (or fails when the event says so). */
const RECORDING_HANDLER = `exports.handler = async (event, context) => {
  console.log('RAN ' + context.awsRequestId);
  if (event.fail) throw new Error('failing on purpose');
  return 'ok';
};
`;

interface AttemptView {
  startedAt: string;
  endedAt: string;
  outcome: string;
  errorType?: string;
  fault?: string;
}

interface EventView {
  requestId: string;
  state: string;
  approximateInvokeCount: number;
  condition?: string;
  attemptLog: AttemptView[];
}

interface Answer {
  status: number;
  errorType: string | null;
  body: Record<string, unknown>;
}

let eventide: EventideProcess;
let lambda: LambdaClient;
let logs: CloudWatchLogsClient;

before(async () => {
  eventide = await startEventide({ args: ['--time-scale', '60'] });
  lambda = lambdaClient(eventide.url);
  logs = logsClient(eventide.url);
});

after(async () => {
  lambda?.destroy();
  logs?.destroy();
  if (eventide !== undefined) await stopAndClean(eventide);
});

const faultsPath = (name: string) => `/_eventide/functions/${encodeURIComponent(name)}/faults`;

async function call(url: string, method: string, path: string, body?: string, contentType = 'application/json'): Promise<Answer> {
  const headers = body === undefined ? undefined : { 'Content-Type': contentType };
  const response = await fetch(`${url}${path}`, { method, headers, body });
  return { status: response.status, errorType: response.headers.get('x-amzn-errortype'), body: (await response.json()) as Record<string, unknown> };
}

const putFaults = (name: string, settings: unknown, url = eventide.url) => call(url, 'PUT', faultsPath(name), JSON.stringify(settings));
const getFaults = (name: string, url = eventide.url) => call(url, 'GET', faultsPath(name));

/** Sets the faults, asserting they were accepted and answered as stored. */
async function injectFaults(name: string, settings: Record<string, unknown>): Promise<void> {
  const answer = await putFaults(name, settings);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.deepEqual(answer.body, settings);
}

async function invokeEvent(name: string, event: unknown = {}): Promise<string> {
  const out = await lambda.send(new InvokeCommand({ FunctionName: name, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(event)) }));
  assert.equal(out.StatusCode, 202);
  assert.ok(out.$metadata.requestId !== undefined);
  return out.$metadata.requestId;
}

/** The event once it has ended (succeeded or failed). */
async function finishedEvent(name: string, requestId: string): Promise<EventView> {
  const read = async () => {
    const answer = await call(eventide.url, 'GET', `/_eventide/functions/${encodeURIComponent(name)}/events`);
    return (answer.body.events as EventView[]).find((event) => event.requestId === requestId);
  };
  const event = await waitFor(read, (found) => found?.state === 'succeeded' || found?.state === 'failed');
  assert.ok(event !== undefined && (event.state === 'succeeded' || event.state === 'failed'), `event ${requestId} did not end: ${JSON.stringify(event)}`);
  return event;
}

/** The request ids the function's runs were given, from its log (at least `expected` of them, once written). */
async function runsLogged(name: string, expected: number): Promise<string[]> {
  const read = async () => {
    const found = await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${name}`, filterPattern: '"RAN"' }));
    return (found.events ?? []).map((event) => (event.message ?? '').trim().replace(/^.*RAN /, ''));
  };
  return waitFor(read, (ids) => ids.length >= expected);
}

async function metric(series: string): Promise<number | undefined> {
  const text = await (await fetch(`${eventide.url}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** `before` on an Eventide of its own (--time-scale 60), then `afterRestart` on a new one over the same data dir. */
async function acrossRestart(
  before: (first: EventideProcess, client: LambdaClient) => Promise<void>,
  afterRestart: (url: string) => Promise<void>,
): Promise<void> {
  const args = ['--time-scale', '60'];
  const first = await startEventide({ args });
  let second: EventideProcess | undefined;
  const client = lambdaClient(first.url);
  try {
    await before(first, client);
    await first.stop();
    second = await startEventide({ dataDir: first.dataDir, args });
    await afterRestart(second.url);
  } finally {
    client.destroy();
    await first.stop();
    await stopAndClean(second ?? first);
  }
}

interface FaultedEvent {
  name: string;
  requestId: string;
  /** The event once it has ended. */
  event: EventView;
}

/** Deploys a RECORDING_HANDLER function with these faults (and MaximumRetryAttempts), sends it one event and waits for its end. */
async function eventUnderFaults(prefix: string, faults: Record<string, unknown>, options: { payload?: unknown; maximumRetryAttempts?: number } = {}): Promise<FaultedEvent> {
  const name = await deploy(lambda, { prefix, files: { 'index.js': RECORDING_HANDLER } });
  if (options.maximumRetryAttempts !== undefined) {
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: name, MaximumRetryAttempts: options.maximumRetryAttempts }));
  }
  await injectFaults(name, faults);
  const requestId = await invokeEvent(name, options.payload);
  return { name, requestId, event: await finishedEvent(name, requestId) };
}

const injected = (name: string, fault: string) => metric(`eventide_injected_faults_total{function_name="${name}",fault="${fault}"}`);
const attemptsOf = (event: EventView) => event.attemptLog.map((attempt) => [attempt.outcome, attempt.errorType, attempt.fault]);

describe('injected faults on asynchronous events', () => {
  test('a throttle on attempt 1: the event backs off, is retried and succeeds, and the function ran once', async () => {
    const { name, requestId, event } = await eventUnderFaults('fault-throttle', { throttleOnAttempts: [1] });
    assert.equal(event.state, 'succeeded');
    assert.deepEqual(attemptsOf(event), [
      ['throttle', 'TooManyRequestsException', 'throttle'],
      ['success', undefined, undefined],
    ]);
    assert.equal(event.approximateInvokeCount, 1, 'a throttle is not an invocation');
    assert.deepEqual(await runsLogged(name, 1), [requestId]);
    assert.equal(await injected(name, 'throttle'), 1);
    assert.equal(await metric(`eventide_lambda_throttles_total{function_name="${name}"}`), 1, 'counted as Lambda counts a throttle');
    assert.equal(await metric(`eventide_lambda_invocations_total{function_name="${name}"}`), 1);
  });

  test('system errors on attempts 1 and 2 do not count against MaximumRetryAttempts 0: the third dispatch runs and succeeds', async () => {
    const { name, requestId, event } = await eventUnderFaults('fault-system', { systemErrorOnAttempts: [1, 2] }, { maximumRetryAttempts: 0 });
    assert.equal(event.state, 'succeeded');
    assert.deepEqual(attemptsOf(event), [
      ['system-error', 'ServiceException', 'system-error'],
      ['system-error', 'ServiceException', 'system-error'],
      ['success', undefined, undefined],
    ]);
    assert.deepEqual(await runsLogged(name, 1), [requestId]);
    assert.equal(await injected(name, 'system-error'), 2);
  });

  test('duplicateDelivery 1: a succeeding event runs twice with the same request id, and is still one invocation of the event', async () => {
    const { name, requestId, event } = await eventUnderFaults('fault-dup', { duplicateDelivery: 1 });
    assert.equal(event.state, 'succeeded');
    assert.equal(event.condition, 'Success');
    assert.deepEqual(attemptsOf(event), [
      ['success', undefined, undefined],
      ['success', undefined, 'duplicate-delivery'],
    ]);
    assert.equal(event.approximateInvokeCount, 1);
    assert.deepEqual(await runsLogged(name, 2), [requestId, requestId], 'the function saw the same request id twice');
    assert.equal(await injected(name, 'duplicate-delivery'), 1);
    assert.equal(await metric(`eventide_lambda_invocations_total{function_name="${name}"}`), 2, 'both runs are invocations');
  });

  test('a duplicate of a failing attempt does not use up its retries: MaximumRetryAttempts 1 still runs the event twice', async () => {
    const { name, event } = await eventUnderFaults('fault-dup-fail', { duplicateDelivery: 1 }, { payload: { fail: true }, maximumRetryAttempts: 1 });
    assert.equal(event.state, 'failed');
    assert.equal(event.condition, 'RetriesExhausted');
    assert.equal(event.approximateInvokeCount, 2);
    assert.deepEqual(attemptsOf(event), [
      ['function-error', 'Error', undefined],
      ['function-error', 'Error', 'duplicate-delivery'],
      ['function-error', 'Error', undefined],
      ['function-error', 'Error', 'duplicate-delivery'],
    ]);
    assert.equal((await runsLogged(name, 4)).length, 4);
  });

  test('added latency: the attempt takes at least that long, and is marked', async () => {
    const { name, event } = await eventUnderFaults('fault-latency', { addedLatencyMs: 1500 });
    assert.equal(event.state, 'succeeded');
    const [attempt] = event.attemptLog;
    assert.ok(attempt !== undefined && event.attemptLog.length === 1);
    assert.equal(attempt.fault, 'latency');
    assert.equal(attempt.outcome, 'success');
    const tookMs = Date.parse(attempt.endedAt) - Date.parse(attempt.startedAt);
    assert.ok(tookMs >= 1500, `the attempt took ${tookMs} ms, less than the added 1500 ms`);
    assert.equal(await injected(name, 'latency'), 1);
  });

  test('DELETE turns fault injection off: the next event runs once, without faults', async () => {
    const name = await deploy(lambda, { prefix: 'fault-off', files: { 'index.js': RECORDING_HANDLER } });
    await injectFaults(name, { throttleOnAttempts: [1], duplicateDelivery: 1 });
    const deleted = await call(eventide.url, 'DELETE', faultsPath(name));
    assert.equal(deleted.status, 200);
    assert.deepEqual(deleted.body, {});
    assert.deepEqual((await getFaults(name)).body, {});

    const requestId = await invokeEvent(name);
    const event = await finishedEvent(name, requestId);
    assert.deepEqual(attemptsOf(event), [['success', undefined, undefined]]);
    assert.equal(await injected(name, 'throttle'), undefined);
  });
});

describe('fault settings', () => {
  test('off by default; a PUT replaces them all; a deleted function takes them along', async () => {
    const name = await deploy(lambda, { prefix: 'fault-settings', files: { 'index.js': RECORDING_HANDLER } });
    assert.deepEqual(await getFaults(name), { status: 200, errorType: null, body: {} });
    await injectFaults(name, { duplicateDelivery: 0.1, throttleOnAttempts: [1], systemErrorOnAttempts: [2], addedLatencyMs: 500 });
    await injectFaults(name, { addedLatencyMs: 0 });
    assert.deepEqual((await getFaults(name)).body, { addedLatencyMs: 0 }, 'members not given are no longer set');

    await lambda.send(new DeleteFunctionCommand({ FunctionName: name }));
    const gone = await getFaults(name);
    assert.equal(gone.status, 404);
    const code = { ZipFile: await zipOf({ 'index.js': RECORDING_HANDLER }) };
    await lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: code }));
    assert.deepEqual((await getFaults(name)).body, {}, 'a function created again starts without faults');
  });

  test('bad settings are refused with a clear InvalidParameterValueException, and change nothing', async () => {
    const name = await deploy(lambda, { prefix: 'fault-bad', files: { 'index.js': RECORDING_HANDLER } });
    await injectFaults(name, { throttleOnAttempts: [3] });
    const refusals: [unknown, RegExp][] = [
      [{}, /at least one of duplicateDelivery, throttleOnAttempts, systemErrorOnAttempts, addedLatencyMs/],
      [{ duplicateDelivery: 0.1, retries: 2 }, /Unknown member "retries"/],
      [{ duplicateDelivery: 1.5 }, /duplicateDelivery must be a probability from 0 to 1.*got 1\.5/],
      [{ duplicateDelivery: '0.1' }, /duplicateDelivery must be a probability/],
      [{ throttleOnAttempts: [0] }, /throttleOnAttempts must be a list of attempt numbers, integers from 1 to 1000/],
      [{ throttleOnAttempts: 1 }, /throttleOnAttempts must be a list/],
      [{ systemErrorOnAttempts: [1.5] }, /systemErrorOnAttempts must be a list/],
      [{ throttleOnAttempts: [2, 2] }, /throttleOnAttempts lists attempt 2 twice/],
      [{ throttleOnAttempts: [1, 2], systemErrorOnAttempts: [2] }, /Attempt 2 is in both throttleOnAttempts and systemErrorOnAttempts/],
      [{ addedLatencyMs: 900_001 }, /addedLatencyMs must be an integer number of milliseconds from 0 to 900000/],
      [{ addedLatencyMs: -1 }, /addedLatencyMs must be/],
      [{ addedLatencyMs: null }, /addedLatencyMs must be/],
    ];
    for (const [settings, message] of refusals) {
      const answer = await putFaults(name, settings);
      assert.equal(answer.status, 400, JSON.stringify(settings));
      assert.equal(answer.errorType, 'InvalidParameterValueException', JSON.stringify(settings));
      assert.match(String(answer.body.message), message);
    }
    const notJson = await call(eventide.url, 'PUT', faultsPath(name), '{"duplicateDelivery": 1}', 'text/plain');
    assert.equal(notJson.status, 400);
    assert.equal(notJson.errorType, 'InvalidRequestContentException');
    assert.match(String(notJson.body.message), /JSON request \(Content-Type: application\/json\)/);
    const array = await call(eventide.url, 'PUT', faultsPath(name), '[1]');
    assert.equal(array.errorType, 'InvalidRequestContentException');

    assert.deepEqual((await getFaults(name)).body, { throttleOnAttempts: [3] }, 'the settings are as they were');
  });

  test('an unknown function is a ResourceNotFoundException naming its ARN', async () => {
    for (const answer of [
      await getFaults('no-such-function'),
      await putFaults('no-such-function', { duplicateDelivery: 0.5 }),
      await call(eventide.url, 'DELETE', faultsPath('no-such-function')),
    ]) {
      assert.equal(answer.status, 404);
      assert.equal(answer.errorType, 'ResourceNotFoundException');
      assert.equal(answer.body.Message ?? answer.body.message, `Function not found: ${arnOf('no-such-function')}`);
    }
  });

  test('a shutdown cuts an injected latency short: the attempt ends as a system error, and the event comes back after the restart', async () => {
    let eventIn: (url: string) => Promise<EventView | undefined> = async () => undefined;
    await acrossRestart(
      async (first, client) => {
        const name = await deploy(client, { prefix: 'fault-stop', files: { 'index.js': RECORDING_HANDLER } });
        assert.equal((await putFaults(name, { addedLatencyMs: 900_000 }, first.url)).status, 200);
        const out = await client.send(new InvokeCommand({ FunctionName: name, InvocationType: 'Event', Payload: Buffer.from('{}') }));
        eventIn = async (url) => {
          const answer = await call(url, 'GET', `/_eventide/functions/${name}/events`);
          return (answer.body.events as EventView[]).find((event) => event.requestId === out.$metadata.requestId);
        };
        const waiting = await waitFor(() => eventIn(first.url), (event) => event?.state === 'running');
        assert.equal(waiting?.state, 'running', 'the event waits out its latency');
        assert.equal(await first.stop(), 0, 'Eventide stops without waiting out the latency');
      },
      async (url) => {
        const again = await waitFor(() => eventIn(url), (event) => event?.state === 'running' && event.attemptLog.length === 1);
        assert.equal(again?.state, 'running', 'dispatched again after the restart');
        assert.deepEqual(again !== undefined && attemptsOf(again), [['system-error', 'ServiceException', 'latency']]);
        assert.equal(again?.approximateInvokeCount, 0, 'the function never ran');
      },
    );
  });

  test('settings survive a restart', async () => {
    const settings = { duplicateDelivery: 0.25, systemErrorOnAttempts: [1, 3], addedLatencyMs: 10 };
    let name = '';
    await acrossRestart(
      async (first, client) => {
        name = await deploy(client, { prefix: 'fault-restart', files: { 'index.js': RECORDING_HANDLER } });
        assert.deepEqual((await putFaults(name, settings, first.url)).body, settings);
      },
      async (url) => assert.deepEqual(await getFaults(name, url), { status: 200, errorType: null, body: settings }),
    );
  });
});
