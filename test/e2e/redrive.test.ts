/**
 * Redrive (`POST /_eventide/functions/{FunctionName}/redrive`) against a real Eventide at 60×: failed events go
 * back to the queue with their request id and payload, run again at once with a fresh retry budget, and their
 * timeline keeps the earlier attempts beside the redrive; from a dead-letter queue, the dead letters leave it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { IAMClient } from '@aws-sdk/client-iam';
import { PutFunctionEventInvokeConfigCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { SQSClient } from '@aws-sdk/client-sqs';
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
});
