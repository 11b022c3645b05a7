/**
 * The per-event timeline (`GET /_eventide/events/{RequestId}`) against a real Eventide at 60× (Lambda's one- and
 * two-minute retries take one and two seconds): every attempt with its error type and log stream, the retries
 * scheduled, the finish and what became of each dead-letter or destination delivery.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GetLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DeleteRolePolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import { PutFunctionEventInvokeConfigCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { entriesOf, eventWhen, getEvent, kinds, TimelineFixtures } from './event-timeline-support.js';
import { arnOf, escapeRegExp } from './invoke-support.js';
import { iamClient, lambdaClient, logsClient, sqsClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';

describe('event timeline', () => {
  let eventide: EventideProcess;
  let lambda: LambdaClient;
  let sqs: SQSClient;
  let iam: IAMClient;
  let logs: CloudWatchLogsClient;
  let fixtures: TimelineFixtures;

  before(async () => {
    eventide = await startEventide({ args: ['--time-scale', '60'] });
    lambda = lambdaClient(eventide.url);
    sqs = sqsClient(eventide.url);
    iam = iamClient(eventide.url);
    logs = logsClient(eventide.url);
    fixtures = new TimelineFixtures(lambda, sqs, iam);
  });

  after(async () => {
    for (const client of [lambda, sqs, iam, logs]) client.destroy();
    await stopAndClean(eventide);
  });

  test('a failing event shows accepted, each attempt with its log stream, the retries, the finish and the dead letter', async () => {
    const queue = await fixtures.createQueue('timeline-dlq');
    const role = await fixtures.createRole([queue.arn]);
    const name = await fixtures.createFunction(role.arn, { deadLetterTarget: queue.arn });
    const requestId = await fixtures.invokeEvent(name, { order: 7 });

    const event = await eventWhen(eventide.url, requestId, (found) => kinds(found).includes('delivery'));
    assert.deepEqual(kinds(event), ['accepted', 'attempt', 'retry-scheduled', 'attempt', 'retry-scheduled', 'attempt', 'finished', 'delivery']);
    assert.equal(event.functionName, name);
    assert.equal(event.functionArn, arnOf(name));
    assert.equal(event.qualifier, '$LATEST');
    assert.equal(event.state, 'failed');
    assert.equal(event.condition, 'RetriesExhausted');
    assert.equal(event.approximateInvokeCount, 3);
    assert.equal(event.payload, '{"order":7}');
    assert.match(event.response ?? '', /not yet \(this is intentional\)/);

    const attempts = entriesOf(event, 'attempt');
    assert.deepEqual(attempts.map((attempt) => [attempt.attempt, attempt.outcome, attempt.errorType, attempt.logGroup]), [
      [1, 'function-error', 'Error', `/aws/lambda/${name}`],
      [2, 'function-error', 'Error', `/aws/lambda/${name}`],
      [3, 'function-error', 'Error', `/aws/lambda/${name}`],
    ]);
    for (const attempt of attempts) {
      assert.ok(Date.parse(attempt.endedAt ?? '') >= Date.parse(attempt.at));
      assert.equal(attempt.durationMs, Date.parse(attempt.endedAt ?? '') - Date.parse(attempt.at));
    }
    // Each retry is due after the attempt that led to it ended, and the next attempt starts once it is due.
    entriesOf(event, 'retry-scheduled').forEach((retry, index) => {
      assert.equal(retry.at, attempts[index]?.endedAt);
      assert.ok(Date.parse(retry.dueAt ?? '') > Date.parse(retry.at));
    });
    assert.deepEqual(entriesOf(event, 'finished').map(({ state, condition }) => ({ state, condition })), [{ state: 'failed', condition: 'RetriesExhausted' }]);
    assert.deepEqual(entriesOf(event, 'delivery').map(({ destination, target, result, reason }) => ({ destination, target, result, reason })), [
      { destination: 'dead-letter', target: queue.arn, result: 'delivered', reason: undefined },
    ]);

    // Each stream named is in CloudWatch Logs with the lines of the attempts that name it.
    const streams = new Set(attempts.map((attempt) => attempt.logStream ?? ''));
    for (const stream of streams) {
      assert.match(stream, /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
      const { events = [] } = await logs.send(new GetLogEventsCommand({ logGroupName: `/aws/lambda/${name}`, logStreamName: stream, startFromHead: true }));
      const messages = events.map((line) => line.message ?? '');
      const named = attempts.filter((attempt) => attempt.logStream === stream).length;
      assert.equal(messages.filter((message) => message.startsWith(`START RequestId: ${requestId}`)).length, named);
      assert.equal(messages.filter((message) => message.includes(`handling ${requestId}`)).length, named);
    }
  });

  test('a destination delivery shows its target and result', async () => {
    const queue = await fixtures.createQueue('timeline-on-success');
    const role = await fixtures.createRole([queue.arn]);
    const name = await fixtures.createFunction(role.arn, { mode: 'ok' });
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: name, DestinationConfig: { OnSuccess: { Destination: queue.arn } } }));
    const requestId = await fixtures.invokeEvent(name, { n: 1 });

    const event = await eventWhen(eventide.url, requestId, (found) => kinds(found).includes('delivery'));
    assert.deepEqual(kinds(event), ['accepted', 'attempt', 'finished', 'delivery']);
    assert.equal(event.state, 'succeeded');
    assert.deepEqual(entriesOf(event, 'attempt').map(({ outcome, errorType }) => ({ outcome, errorType })), [{ outcome: 'success', errorType: undefined }]);
    assert.deepEqual(entriesOf(event, 'delivery').map(({ destination, target, result }) => ({ destination, target, result })), [
      { destination: 'on-success', target: queue.arn, result: 'delivered' },
    ]);
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.url, WaitTimeSeconds: 5 }));
    assert.equal((JSON.parse(Messages[0]?.Body ?? '{}') as { requestContext?: { requestId?: string } }).requestContext?.requestId, requestId);
  });

  test('a delivery the execution role may no longer make shows dropped, with the reason', async () => {
    const queue = await fixtures.createQueue('timeline-on-failure');
    const role = await fixtures.createRole([queue.arn]);
    const name = await fixtures.createFunction(role.arn);
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({ FunctionName: name, MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: { Destination: queue.arn } } }),
    );
    await iam.send(new DeleteRolePolicyCommand({ RoleName: role.name, PolicyName: 'send' }));
    const requestId = await fixtures.invokeEvent(name, { n: 2 });

    const event = await eventWhen(eventide.url, requestId, (found) => kinds(found).includes('delivery'));
    assert.deepEqual(kinds(event), ['accepted', 'attempt', 'finished', 'delivery']);
    const [delivery] = entriesOf(event, 'delivery');
    assert.equal(delivery?.destination, 'on-failure');
    assert.equal(delivery?.target, queue.arn);
    assert.equal(delivery?.result, 'dropped');
    assert.match(delivery?.reason ?? '', new RegExp(`execution role ${escapeRegExp(role.arn)} is not allowed to call sqs:SendMessage`));
  });

  test('an unknown request id is a 404 that names it', async () => {
    const { status, body } = await getEvent(eventide.url, 'no-such-request');
    assert.equal(status, 404);
    assert.deepEqual(body, { Type: 'User', Message: 'Event not found: no-such-request' } as unknown);
  });

  test('the list of a function\'s events names the function of each', async () => {
    const role = await fixtures.createRole([]);
    const name = await fixtures.createFunction(role.arn, { mode: 'ok' });
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: name, MaximumRetryAttempts: 0 }));
    const requestId = await fixtures.invokeEvent(name, {});
    await eventWhen(eventide.url, requestId, (found) => found.state === 'succeeded');
    const listed = (await (await fetch(`${eventide.url}/_eventide/functions/${name}/events`)).json()) as { events: { requestId: string; functionName: string }[] };
    assert.deepEqual(listed.events.map(({ requestId: id, functionName }) => ({ requestId: id, functionName })), [{ requestId, functionName: name }]);
  });
});
