/**
 * Seeing the asynchronous queue, against a real Eventide: `GET /_eventide/functions/{name}/events` (each event's
 * state and attempt log, for a console's timeline) and `GET /metrics` (Lambda's metrics in Prometheus text).
 * Retries run on Lambda's schedule shortened with --time-scale 60 (1 and 2 minutes become 1 and 2 seconds).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { deploy, invokeFailing, invokeOk } from './invoke-support.js';
import { lambdaClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { ECHO_HANDLER } from './support/fixtures.js';
import { waitFor } from './support/polling.js';

const FAILING_HANDLER = "exports.handler = async () => { throw new Error('failing on purpose'); };\n";
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

interface AttemptView {
  startedAt: string;
  endedAt: string;
  outcome: string;
  errorType?: string;
}

interface EventView {
  requestId: string;
  state: string;
  enqueuedAt: string;
  attempts: number;
  approximateInvokeCount: number;
  nextAttemptAt?: string;
  condition?: string;
  lastErrorType?: string;
  attemptLog: AttemptView[];
}

interface EventsPage {
  events: EventView[];
  next?: string;
  now: string;
}

let eventide: EventideProcess;
let lambda: LambdaClient;

before(async () => {
  eventide = await startEventide({ args: ['--time-scale', '60'] });
  lambda = lambdaClient(eventide.url);
});

after(async () => {
  lambda?.destroy();
  if (eventide !== undefined) await stopAndClean(eventide);
});

/** InvocationType Event; returns the request id the caller was given. */
async function invokeEvent(name: string, event: unknown = {}): Promise<string> {
  const out = await lambda.send(new InvokeCommand({ FunctionName: name, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(event)) }));
  assert.equal(out.StatusCode, 202);
  assert.ok(out.$metadata.requestId !== undefined);
  return out.$metadata.requestId;
}

async function get(path: string): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(`${eventide.url}${path}`);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function listEvents(name: string, query = ''): Promise<EventsPage> {
  const response = await get(`/_eventide/functions/${encodeURIComponent(name)}/events${query}`);
  assert.equal(response.status, 200, response.text);
  return JSON.parse(response.text) as EventsPage;
}

const eventOf = async (name: string, requestId: string, query = ''): Promise<EventView | undefined> =>
  (await listEvents(name, query)).events.find((event) => event.requestId === requestId);

/** The value of one sample line of the exposition, e.g. `eventide_lambda_errors_total{function_name="x"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('the events endpoint', () => {
  test('a succeeding event: succeeded with one successful attempt, under the Invoke request id', async () => {
    const name = await deploy(lambda, { prefix: 'obs-ok', files: { 'index.js': ECHO_HANDLER } });
    const requestId = await invokeEvent(name, { hello: 'queue' });

    const event = await waitFor(() => eventOf(name, requestId), (found) => found?.state === 'succeeded');
    assert.ok(event !== undefined, 'the event is listed');
    assert.equal(event.state, 'succeeded');
    assert.match(event.enqueuedAt, ISO_TIME);
    assert.equal(event.attempts, 1);
    assert.equal(event.approximateInvokeCount, 1);
    assert.equal(event.condition, 'Success');
    assert.equal(event.nextAttemptAt, undefined, 'no next attempt once finished');
    assert.equal(event.lastErrorType, undefined);
    assert.equal(event.attemptLog.length, 1);
    const [attempt] = event.attemptLog;
    assert.ok(attempt !== undefined);
    assert.equal(attempt.outcome, 'success');
    assert.equal(attempt.errorType, undefined);
    assert.match(attempt.startedAt, ISO_TIME);
    assert.match(attempt.endedAt, ISO_TIME);
    assert.ok(Date.parse(attempt.startedAt) >= Date.parse(event.enqueuedAt));
    assert.ok(Date.parse(attempt.endedAt) >= Date.parse(attempt.startedAt));

    assert.deepEqual((await listEvents(name, '?state=succeeded')).events.map((e) => e.requestId), [requestId]);
    assert.deepEqual((await listEvents(name, '?state=failed')).events, []);
  });

  test('a failing event: retrying between attempts, then failed with RetriesExhausted after three function errors', async () => {
    const name = await deploy(lambda, { prefix: 'obs-fail', files: { 'index.js': FAILING_HANDLER } });
    const requestId = await invokeEvent(name);

    const retrying = await waitFor(() => eventOf(name, requestId, '?state=retrying'), (found) => found !== undefined);
    assert.ok(retrying !== undefined, 'listed under state=retrying between attempts');
    assert.equal(retrying.state, 'retrying');
    assert.ok(retrying.nextAttemptAt !== undefined, 'a retrying event says when it runs next');
    assert.match(retrying.nextAttemptAt, ISO_TIME);
    const lastTry = retrying.attemptLog.at(-1);
    assert.ok(lastTry !== undefined);
    assert.ok(Date.parse(retrying.nextAttemptAt) > Date.parse(lastTry.endedAt), 'the retry comes after the failed attempt');
    assert.equal(retrying.lastErrorType, 'Error');

    const event = await waitFor(() => eventOf(name, requestId), (found) => found?.state === 'failed', 20_000);
    assert.ok(event !== undefined);
    assert.equal(event.state, 'failed');
    assert.equal(event.condition, 'RetriesExhausted');
    assert.equal(event.approximateInvokeCount, 3);
    assert.equal(event.attempts, 3);
    assert.equal(event.lastErrorType, 'Error');
    assert.equal(event.nextAttemptAt, undefined);
    assert.deepEqual(
      event.attemptLog.map((attempt) => [attempt.outcome, attempt.errorType]),
      [
        ['function-error', 'Error'],
        ['function-error', 'Error'],
        ['function-error', 'Error'],
      ],
    );
    assert.deepEqual((await listEvents(name, '?state=retrying')).events, []);
  });

  test('pages with limit and after, oldest first or newest first', async () => {
    const name = await deploy(lambda, { prefix: 'obs-page', files: { 'index.js': ECHO_HANDLER } });
    const sent = [await invokeEvent(name), await invokeEvent(name), await invokeEvent(name)];

    const first = await listEvents(name, '?limit=2');
    assert.deepEqual(first.events.map((event) => event.requestId), sent.slice(0, 2));
    assert.ok(first.next !== undefined, 'a next marker when more events follow');
    const second = await listEvents(name, `?limit=2&after=${encodeURIComponent(first.next)}`);
    assert.deepEqual(second.events.map((event) => event.requestId), sent.slice(2));
    assert.equal(second.next, undefined, 'no marker on the last page');

    const newest = await listEvents(name, '?order=newest&limit=2');
    assert.deepEqual(newest.events.map((event) => event.requestId), [sent[2], sent[1]]);
    assert.ok(newest.next !== undefined);
    const older = await listEvents(name, `?order=newest&limit=2&after=${encodeURIComponent(newest.next)}`);
    assert.deepEqual(older.events.map((event) => event.requestId), [sent[0]]);
  });

  test('an unknown function is a ResourceNotFoundException', async () => {
    const response = await get('/_eventide/functions/no-such-function-here/events');
    assert.equal(response.status, 404);
    assert.equal(response.headers.get('x-amzn-errortype'), 'ResourceNotFoundException');
    const body = JSON.parse(response.text) as { Type?: string; Message?: string };
    assert.equal(body.Type, 'User');
    assert.match(body.Message ?? '', /Function not found: arn:aws:lambda:us-east-1:000000000000:function:no-such-function-here/);
  });

  test('a state it does not know is an InvalidParameterValueException naming the states', async () => {
    const name = await deploy(lambda, { prefix: 'obs-bad', files: { 'index.js': ECHO_HANDLER } });
    const response = await get(`/_eventide/functions/${name}/events?state=sleeping`);
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('x-amzn-errortype'), 'InvalidParameterValueException');
    const body = JSON.parse(response.text) as { Type?: string; message?: string };
    assert.equal(body.Type, 'User');
    for (const state of ['queued', 'running', 'retrying', 'succeeded', 'failed']) assert.ok(body.message?.includes(state), body.message);

    const badLimit = await get(`/_eventide/functions/${name}/events?limit=0`);
    assert.equal(badLimit.status, 400);
    assert.equal(badLimit.headers.get('x-amzn-errortype'), 'InvalidParameterValueException');

    const badOrder = await get(`/_eventide/functions/${name}/events?order=latest`);
    assert.equal(badOrder.status, 400);
    assert.match((JSON.parse(badOrder.text) as { message?: string }).message ?? '', /'order'.*\[oldest, newest\]/);
  });
});

describe('the metrics endpoint', () => {
  test('counts accepted events, invocations, errors and dropped events per function', async () => {
    const [ok, failing] = await Promise.all([
      deploy(lambda, { prefix: 'metrics-ok', files: { 'index.js': ECHO_HANDLER } }),
      deploy(lambda, { prefix: 'metrics-fail', files: { 'index.js': FAILING_HANDLER } }),
    ]);
    await invokeEvent(ok);
    await invokeEvent(ok);
    await invokeOk(lambda, ok);
    await invokeEvent(failing);
    await invokeFailing(lambda, failing);

    const finished = (page: EventsPage, state: string) => page.events.length > 0 && page.events.every((event) => event.state === state);
    assert.ok(finished(await waitFor(() => listEvents(ok), (page) => finished(page, 'succeeded')), 'succeeded'));
    assert.ok(finished(await waitFor(() => listEvents(failing), (page) => finished(page, 'failed'), 20_000), 'failed'));

    const response = await get('/metrics');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = response.text;
    const okLabel = `{function_name="${ok}"}`;
    const failLabel = `{function_name="${failing}"}`;

    assert.match(text, /# TYPE eventide_lambda_async_events_received_total counter/);
    assert.equal(sample(text, `eventide_lambda_async_events_received_total${okLabel}`), 2);
    assert.equal(sample(text, `eventide_lambda_async_events_received_total${failLabel}`), 1);
    // Two events and one synchronous call of the succeeding function; three attempts and one call of the failing one.
    assert.equal(sample(text, `eventide_lambda_invocations_total${okLabel}`), 3);
    assert.equal(sample(text, `eventide_lambda_errors_total${okLabel}`), 0);
    assert.equal(sample(text, `eventide_lambda_invocations_total${failLabel}`), 4);
    assert.ok((sample(text, `eventide_lambda_errors_total${failLabel}`) ?? 0) >= 3);
    assert.equal(sample(text, `eventide_lambda_async_events_dropped_total{function_name="${failing}",condition="RetriesExhausted"}`), 1);
    assert.doesNotMatch(text, new RegExp(`eventide_lambda_async_events_dropped_total\\{function_name="${ok}"`));
    assert.equal(sample(text, `eventide_lambda_async_event_age_milliseconds_count${okLabel}`), 2);
    assert.equal(sample(text, `eventide_lambda_async_event_age_milliseconds_count${failLabel}`), 3);
    assert.equal(sample(text, `eventide_lambda_duration_milliseconds_count${okLabel}`), 3);
    assert.equal(sample(text, `eventide_lambda_concurrent_executions${okLabel}`), 0);
    assert.match(text, /# TYPE eventide_lambda_throttles_total counter/);
    assert.match(text, /# TYPE eventide_lambda_duration_milliseconds histogram/);
    assert.match(text, /# TYPE eventide_lambda_concurrent_executions gauge/);
  });
});
