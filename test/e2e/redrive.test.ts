/**
 * Redrive (`POST /_eventide/functions/{FunctionName}/redrive`) against a real Eventide at 60×: failed events go
 * back to the queue with their request id and payload, run again at once with a fresh retry budget, and their
 * timeline keeps the earlier attempts beside the redrive; from a dead-letter queue, the dead letters leave it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { IAMClient } from '@aws-sdk/client-iam';
import { PutFunctionEventInvokeConfigCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { entriesOf, eventWhen, kinds, redrive, TimelineFixtures } from './event-timeline-support.js';
import { iamClient, lambdaClient, sqsClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';

describe('redrive', () => {
  let eventide: EventideProcess;
  let lambda: LambdaClient;
  let sqs: SQSClient;
  let iam: IAMClient;
  let fixtures: TimelineFixtures;
  let role: string;

  before(async () => {
    eventide = await startEventide({ args: ['--time-scale', '60'] });
    lambda = lambdaClient(eventide.url);
    sqs = sqsClient(eventide.url);
    iam = iamClient(eventide.url);
    fixtures = new TimelineFixtures(lambda, sqs, iam);
    role = (await fixtures.createRole([])).arn;
  });

  after(async () => {
    for (const client of [lambda, sqs, iam]) client.destroy();
    await stopAndClean(eventide);
  });

  /** A function that fails once per event (no retries) until it is fixed. */
  const failingOnce = async (): Promise<string> => {
    const name = await fixtures.createFunction(role);
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: name, MaximumRetryAttempts: 0 }));
    return name;
  };

  test('by request id: the failed event runs again with its request id and payload, its history kept', async () => {
    const name = await failingOnce();
    const requestId = await fixtures.invokeEvent(name, { order: 1 });
    await eventWhen(eventide.url, requestId, (event) => event.state === 'failed');
    await fixtures.fix(name);

    const { status, body } = await redrive(eventide.url, name, { requestIds: [requestId] });
    assert.equal(status, 200);
    assert.deepEqual(body, { redriven: [{ requestId, from: 'failed' }], skipped: [] });

    const event = await eventWhen(eventide.url, requestId, (found) => found.state === 'succeeded');
    assert.deepEqual(kinds(event), ['accepted', 'attempt', 'finished', 'redrive', 'attempt', 'finished']);
    assert.deepEqual(entriesOf(event, 'attempt').map((attempt) => [attempt.attempt, attempt.outcome]), [[1, 'function-error'], [2, 'success']]);
    assert.deepEqual(entriesOf(event, 'redrive').map((entry) => entry.from), ['failed']);
    assert.deepEqual(JSON.parse(event.response ?? ''), { sawRequestId: requestId, event: { order: 1 } });
    assert.equal(event.condition, 'Success');
  });

  test('a redriven event has a fresh retry budget: failing again, it is retried as often as the first time', async () => {
    const name = await fixtures.createFunction(role);
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: name, MaximumRetryAttempts: 1 }));
    const requestId = await fixtures.invokeEvent(name, {});
    await eventWhen(eventide.url, requestId, (event) => event.state === 'failed');

    assert.equal((await redrive(eventide.url, name, { requestIds: [requestId] })).status, 200);
    const event = await eventWhen(eventide.url, requestId, (found) => found.state === 'failed' && kinds(found).includes('redrive'));
    const once = ['attempt', 'retry-scheduled', 'attempt', 'finished'];
    assert.deepEqual(kinds(event), ['accepted', ...once, 'redrive', ...once]);
    assert.equal(event.approximateInvokeCount, 2, 'counted since the redrive');
    assert.equal(event.condition, 'RetriesExhausted');
  });

  test('by state: every failed event of the function runs again; others are left alone', async () => {
    const name = await failingOnce();
    const failed = [await fixtures.invokeEvent(name, { n: 1 }), await fixtures.invokeEvent(name, { n: 2 })];
    for (const requestId of failed) await eventWhen(eventide.url, requestId, (event) => event.state === 'failed');
    await fixtures.fix(name);
    const succeeded = await fixtures.invokeEvent(name, { n: 3 });
    await eventWhen(eventide.url, succeeded, (event) => event.state === 'succeeded');

    const { status, body } = await redrive(eventide.url, name, { state: 'failed' });
    assert.equal(status, 200);
    assert.deepEqual(new Set(body.redriven.map((entry) => `${entry.requestId} ${entry.from}`)), new Set(failed.map((id) => `${id} failed`)));
    assert.deepEqual(body.skipped, []);
    for (const requestId of failed) {
      const event = await eventWhen(eventide.url, requestId, (found) => found.state === 'succeeded');
      assert.deepEqual(kinds(event), ['accepted', 'attempt', 'finished', 'redrive', 'attempt', 'finished']);
    }
    const untouched = await eventWhen(eventide.url, succeeded, (found) => found.state === 'succeeded');
    assert.deepEqual(kinds(untouched), ['accepted', 'attempt', 'finished']);
  });

  test('from the dead-letter queue: the dead letter leaves the queue, the event runs again as itself; other messages stay', async () => {
    const queue = await fixtures.createQueue('redrive-dlq');
    const dlqRole = await fixtures.createRole([queue.arn]);
    const name = await fixtures.createFunction(dlqRole.arn, { deadLetterTarget: queue.arn });
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: name, MaximumRetryAttempts: 0 }));
    const requestId = await fixtures.invokeEvent(name, { order: 9 });
    await eventWhen(eventide.url, requestId, (event) => kinds(event).includes('delivery'));
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: '{"not":"a dead letter"}' }));
    const stranger = { RequestID: { DataType: 'String', StringValue: 'no-such-request' } };
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: '{"stranger":1}', MessageAttributes: stranger }));
    await fixtures.fix(name);

    const { status, body } = await redrive(eventide.url, name, { deadLetterQueueUrl: queue.url });
    assert.equal(status, 200);
    assert.deepEqual(body.redriven, [{ requestId, from: 'dead-letter-queue' }]);
    const skipped = [...body.skipped].sort((a, b) => (a.requestId ?? '').localeCompare(b.requestId ?? ''));
    assert.equal(skipped.length, 2);
    assert.equal(skipped[0]?.requestId, undefined);
    assert.match(skipped[0]?.reason ?? '', /has no RequestID attribute/);
    assert.deepEqual(skipped[1], { requestId: 'no-such-request', reason: `no asynchronous event of ${name} has this request id` });

    const event = await eventWhen(eventide.url, requestId, (found) => found.state === 'succeeded');
    assert.deepEqual(kinds(event), ['accepted', 'attempt', 'finished', 'delivery', 'redrive', 'attempt', 'finished']);
    assert.deepEqual(entriesOf(event, 'redrive').map((entry) => entry.from), ['dead-letter-queue']);
    assert.deepEqual(JSON.parse(event.response ?? ''), { sawRequestId: requestId, event: { order: 9 } });
    // The other messages are still there, visible at once; the dead letter is gone.
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    assert.deepEqual(Messages.map((message) => message.Body).sort(), ['{"not":"a dead letter"}', '{"stranger":1}']);
  });

  test('bad input gets a clear error and changes nothing', async () => {
    const name = await failingOnce();
    const failed = await fixtures.invokeEvent(name, { n: 1 });
    await eventWhen(eventide.url, failed, (event) => event.state === 'failed');
    const other = await fixtures.createFunction(role, { mode: 'ok' });
    const succeeded = await fixtures.invokeEvent(other, { n: 2 });
    await eventWhen(eventide.url, succeeded, (event) => event.state === 'succeeded');

    const refusals: [string, unknown, number, string, RegExp][] = [
      ['unknown function', { state: 'failed' }, 404, 'ResourceNotFoundException', /Function not found: .*no-such-function/],
      ['unknown request id', { requestIds: [failed, 'no-such-request'] }, 404, 'ResourceNotFoundException', /Event not found: no-such-request/],
      ['an event of another function', { requestIds: [succeeded] }, 404, 'ResourceNotFoundException', new RegExp(`Event not found: ${succeeded}`)],
      ['two selectors', { state: 'failed', requestIds: [failed] }, 400, 'InvalidParameterValueException', /exactly one of requestIds, state or deadLetterQueueUrl \(got requestIds and state\)/],
      ['no selector', {}, 400, 'InvalidParameterValueException', /exactly one of requestIds, state or deadLetterQueueUrl \(got none\)/],
      ['another state', { state: 'succeeded' }, 400, 'InvalidParameterValueException', /"state" must be "failed"/],
      ['an unknown member', { requestId: failed }, 400, 'InvalidParameterValueException', /Unknown member "requestId"/],
      ['not a queue URL', { deadLetterQueueUrl: 'nonsense' }, 400, 'InvalidParameterValueException', /is not a queue URL/],
      ['a queue that does not exist', { deadLetterQueueUrl: `${eventide.url}/000000000000/no-such-queue` }, 404, 'ResourceNotFoundException', /Queue not found/],
    ];
    for (const [what, request, status, code, message] of refusals) {
      const target = what === 'unknown function' ? 'no-such-function' : name;
      const response = await fetch(`${eventide.url}/_eventide/functions/${target}/redrive`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
      });
      assert.equal(response.status, status, what);
      assert.equal(response.headers.get('x-amzn-errortype')?.split(':')[0], code, what);
      const error = (await response.json()) as { message?: string; Message?: string };
      assert.match(error.message ?? error.Message ?? '', message, what);
    }
    const succeededAnswer = await redrive(eventide.url, other, { requestIds: [succeeded] });
    assert.equal(succeededAnswer.status, 400);
    assert.match(succeededAnswer.body.message ?? '', new RegExp(`Event ${succeeded} is succeeded: only failed events can be redriven`));
    const notJson = await redrive(eventide.url, name, { state: 'failed' }, 'text/plain');
    assert.equal(notJson.status, 400);
    assert.match(notJson.body.message ?? '', /Content-Type: application\/json/);

    // Nothing changed: the failed event is still failed with its one attempt, the succeeded one untouched.
    const stillFailed = await eventWhen(eventide.url, failed, (event) => event.state === 'failed');
    assert.deepEqual(kinds(stillFailed), ['accepted', 'attempt', 'finished']);
    const stillSucceeded = await eventWhen(eventide.url, succeeded, (event) => event.state === 'succeeded');
    assert.deepEqual(kinds(stillSucceeded), ['accepted', 'attempt', 'finished']);
  });
});
