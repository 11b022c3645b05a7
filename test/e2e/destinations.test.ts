/**
 * Lambda destinations against a real Eventide: the invocation record of a success or a failure reaches an SQS
 * queue, an SNS topic, another function or an EventBridge bus, shaped as AWS records it; the execution role is
 * checked at delivery; a dead-letter queue and an OnFailure destination both get a failure; and a crash between an
 * event's end and its delivery loses nothing.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateRoleCommand, PutRolePolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import {
  CreateFunctionCommand,
  InvokeCommand,
  PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { CreateEventBusCommand, PutRuleCommand, PutTargetsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SubscribeCommand, type SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { eventBridgeClient, iamClient, lambdaClient, s3Client, snsClient, sqsClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { LAMBDA_TRUST_POLICY, uniqueName, zipOf } from './support/fixtures.js';

/** Answers `{hello: 'world', got: event}`, or throws when the event says `fail`. */
const HANDLER = `exports.handler = async (event) => {
  if (event.fail) throw new Error('intentional failure');
  return { hello: 'world', got: event };
};
`;
/** Appends each event it receives, as a JSON line, to $OUT. */
const RECORDER = `const fs = require('node:fs');
exports.handler = async (event) => { fs.appendFileSync(process.env.OUT, JSON.stringify(event) + '\\n'); };
`;

const ISO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const RECORD_KEYS = ['version', 'timestamp', 'requestContext', 'requestPayload', 'responseContext', 'responsePayload'];

interface InvocationRecord {
  version: string;
  timestamp: string;
  requestContext: { requestId: string; functionArn: string; condition: string; approximateInvokeCount: number };
  requestPayload: unknown;
  responseContext?: { statusCode: number; executedVersion: string; functionError?: string };
  responsePayload?: Record<string, unknown>;
}

describe('destinations', () => {
  let eventide: EventideProcess;
  let lambda: LambdaClient;
  let sqs: SQSClient;
  let sns: SNSClient;
  let iam: IAMClient;
  let events: EventBridgeClient;
  let s3: S3Client;
  let work: string;
  /** A role Lambda may assume that may deliver to any destination. */
  let deliveringRole: string;

  before(async () => {
    eventide = await startEventide({ args: ['--time-scale', '60'] });
    lambda = lambdaClient(eventide.url);
    sqs = sqsClient(eventide.url);
    sns = snsClient(eventide.url);
    iam = iamClient(eventide.url);
    events = eventBridgeClient(eventide.url);
    s3 = s3Client(eventide.url);
    work = await mkdtemp(path.join(tmpdir(), 'eventide-destinations-'));
    deliveringRole = await createRole(['sqs:SendMessage', 'sns:Publish', 'lambda:InvokeFunction', 'events:PutEvents', 's3:PutObject', 's3:ListBucket']);
  });

  after(async () => {
    for (const client of [lambda, sqs, sns, iam, events, s3]) client?.destroy();
    if (eventide !== undefined) await stopAndClean(eventide);
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  const createRole = async (actions: string[]): Promise<string> => {
    const name = uniqueName('destinations-role');
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY }));
    if (actions.length > 0) {
      const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] };
      await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'deliver', PolicyDocument: JSON.stringify(policy) }));
    }
    return Role?.Arn ?? '';
  };

  const createFunction = async (code: string, options: { role?: string; deadLetter?: string; environment?: Record<string, string> } = {}) => {
    const name = uniqueName('dest-fn');
    const created = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: options.role ?? deliveringRole,
        Code: { ZipFile: await zipOf({ 'index.js': code }) },
        ...(options.deadLetter === undefined ? {} : { DeadLetterConfig: { TargetArn: options.deadLetter } }),
        ...(options.environment === undefined ? {} : { Environment: { Variables: options.environment } }),
      }),
    );
    return { name, arn: created.FunctionArn ?? '' };
  };

  const configure = (name: string, onSuccess?: string, onFailure?: string) =>
    lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: name,
        MaximumRetryAttempts: 0,
        DestinationConfig: {
          ...(onSuccess === undefined ? {} : { OnSuccess: { Destination: onSuccess } }),
          ...(onFailure === undefined ? {} : { OnFailure: { Destination: onFailure } }),
        },
      }),
    );

  const createQueue = async (prefix: string): Promise<{ url: string; arn: string }> => {
    const { QueueUrl: url = '' } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName(prefix) }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
    return { url, arn: Attributes?.QueueArn ?? '' };
  };

  const invokeEvent = async (name: string, payload: unknown): Promise<string> => {
    const response = await lambda.send(new InvokeCommand({ FunctionName: name, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(payload)) }));
    assert.equal(response.StatusCode, 202);
    return response.$metadata.requestId ?? '';
  };

  const receiveOne = async (queueUrl: string): Promise<Message> => {
    for (let poll = 0; poll < 6; poll++) {
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 5, MessageAttributeNames: ['All'] }));
      if (Messages?.[0] !== undefined) return Messages[0];
    }
    throw new Error(`nothing reached ${queueUrl}`);
  };

  const waitForLine = async (file: string): Promise<unknown> => {
    for (let tries = 0; tries < 150; tries++) {
      const text = await readFile(file, 'utf8').catch(() => '');
      const line = text.split('\n').find((entry) => entry !== '');
      if (line !== undefined) return JSON.parse(line);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`nothing was written to ${file}`);
  };

  const assertSuccessRecord = (record: InvocationRecord, requestId: string, functionArn: string, payload: unknown) => {
    assert.deepEqual(Object.keys(record), RECORD_KEYS, 'the members, in AWS order');
    assert.equal(record.version, '1.0');
    assert.match(record.timestamp, ISO_MILLIS);
    assert.deepEqual(record.requestContext, { requestId, functionArn: `${functionArn}:$LATEST`, condition: 'Success', approximateInvokeCount: 1 });
    assert.deepEqual(record.requestPayload, payload);
    assert.deepEqual(record.responseContext, { statusCode: 200, executedVersion: '$LATEST' });
    assert.deepEqual(record.responsePayload, { hello: 'world', got: payload });
  };

  const assertFailureRecord = (record: InvocationRecord, requestId: string, functionArn: string, payload: unknown) => {
    assert.deepEqual(Object.keys(record), RECORD_KEYS, 'the members, in AWS order');
    assert.deepEqual(record.requestContext, { requestId, functionArn: `${functionArn}:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: 1 });
    assert.deepEqual(record.requestPayload, payload);
    assert.deepEqual(record.responseContext, { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' });
    assert.equal(record.responsePayload?.errorType, 'Error');
    assert.equal(record.responsePayload?.errorMessage, 'intentional failure');
  };

  test('SQS: the record of a success and of a failure is the message body', async () => {
    const [succeeded, failed] = [await createQueue('on-success'), await createQueue('on-failure')];
    const fn = await createFunction(HANDLER);
    await configure(fn.name, succeeded.arn, failed.arn);

    const okId = await invokeEvent(fn.name, { mode: 'success' });
    assertSuccessRecord(JSON.parse((await receiveOne(succeeded.url)).Body ?? '') as InvocationRecord, okId, fn.arn, { mode: 'success' });
    const failId = await invokeEvent(fn.name, { fail: true });
    assertFailureRecord(JSON.parse((await receiveOne(failed.url)).Body ?? '') as InvocationRecord, failId, fn.arn, { fail: true });
  });

  test('SNS: the record is the Message its subscribers receive', async () => {
    const { TopicArn: topic = '' } = await sns.send(new CreateTopicCommand({ Name: uniqueName('destination-topic') }));
    const subscriber = await createQueue('topic-subscriber');
    await sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'sqs', Endpoint: subscriber.arn }));
    const fn = await createFunction(HANDLER);
    await configure(fn.name, topic, topic);

    const okId = await invokeEvent(fn.name, { n: 1 });
    const envelope = JSON.parse((await receiveOne(subscriber.url)).Body ?? '') as { Type: string; TopicArn: string; Message: string };
    assert.equal(envelope.Type, 'Notification');
    assert.equal(envelope.TopicArn, topic);
    assertSuccessRecord(JSON.parse(envelope.Message) as InvocationRecord, okId, fn.arn, { n: 1 });
    const failId = await invokeEvent(fn.name, { fail: true });
    const failure = JSON.parse((await receiveOne(subscriber.url)).Body ?? '') as { Message: string };
    assertFailureRecord(JSON.parse(failure.Message) as InvocationRecord, failId, fn.arn, { fail: true });
  });

  test('Lambda: the destination function is invoked with the record as its event', async () => {
    const onSuccessOut = path.join(work, 'on-success.jsonl');
    const onFailureOut = path.join(work, 'on-failure.jsonl');
    const successTarget = await createFunction(RECORDER, { environment: { OUT: onSuccessOut } });
    const failureTarget = await createFunction(RECORDER, { environment: { OUT: onFailureOut } });
    const fn = await createFunction(HANDLER);
    await configure(fn.name, successTarget.arn, failureTarget.arn);

    const okId = await invokeEvent(fn.name, { n: 2 });
    assertSuccessRecord((await waitForLine(onSuccessOut)) as InvocationRecord, okId, fn.arn, { n: 2 });
    const failId = await invokeEvent(fn.name, { fail: true });
    assertFailureRecord((await waitForLine(onFailureOut)) as InvocationRecord, failId, fn.arn, { fail: true });
  });

  test('EventBridge: the record is the detail of a "Lambda Function Invocation Result" event on the bus', async () => {
    const busName = uniqueName('destination-bus');
    const { EventBusArn: bus = '' } = await events.send(new CreateEventBusCommand({ Name: busName }));
    const results = await createQueue('bus-results');
    await events.send(new PutRuleCommand({ Name: 'lambda-results', EventBusName: busName, EventPattern: JSON.stringify({ source: ['lambda'] }) }));
    await events.send(new PutTargetsCommand({ Rule: 'lambda-results', EventBusName: busName, Targets: [{ Id: 'queue', Arn: results.arn }] }));
    const fn = await createFunction(HANDLER);
    await configure(fn.name, bus, bus);

    const okId = await invokeEvent(fn.name, { mode: 'success' });
    const success = JSON.parse((await receiveOne(results.url)).Body ?? '') as Record<string, unknown>;
    assert.deepEqual(Object.keys(success), ['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail']);
    assert.equal(success['detail-type'], 'Lambda Function Invocation Result - Success');
    assert.equal(success.source, 'lambda');
    assert.deepEqual(success.resources, [bus, `${fn.arn}:$LATEST`]);
    assertSuccessRecord(success.detail as InvocationRecord, okId, fn.arn, { mode: 'success' });

    const failId = await invokeEvent(fn.name, { fail: true });
    const failure = JSON.parse((await receiveOne(results.url)).Body ?? '') as Record<string, unknown>;
    assert.equal(failure['detail-type'], 'Lambda Function Invocation Result - Failure');
    assertFailureRecord(failure.detail as InvocationRecord, failId, fn.arn, { fail: true });
  });

  test('S3 (OnFailure): the record is stored as an object under aws/lambda/async/<function>/', async () => {
    const bucket = uniqueName('failure-records');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const fn = await createFunction(HANDLER);
    await configure(fn.name, undefined, `arn:aws:s3:::${bucket}`);
    const requestId = await invokeEvent(fn.name, { fail: 's3' });

    const prefix = `aws/lambda/async/${fn.name}/`;
    let keys: string[] = [];
    for (let tries = 0; tries < 100 && keys.length === 0; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      keys = ((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? []).map((object) => object.Key ?? '');
    }
    assert.equal(keys.length, 1, 'one record object');
    assert.match(keys[0] ?? '', new RegExp(`^${prefix}\\d{4}/\\d{2}/\\d{2}/\\d{4}-\\d{2}-\\d{2}T\\d{2}\\.\\d{2}\\.\\d{2}-[0-9a-f-]{36}$`));
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: keys[0] }));
    assertFailureRecord(JSON.parse((await object.Body?.transformToString()) ?? '') as InvocationRecord, requestId, fn.arn, { fail: 's3' });
  });

  test('a dead-letter queue and an OnFailure destination both receive a failure', async () => {
    const [deadLetters, failures] = [await createQueue('both-dlq'), await createQueue('both-failures')];
    const fn = await createFunction(HANDLER, { deadLetter: deadLetters.arn });
    await configure(fn.name, undefined, failures.arn);
    const requestId = await invokeEvent(fn.name, { fail: 'both' });

    const deadLetter = await receiveOne(deadLetters.url);
    assert.equal(deadLetter.Body, '{"fail":"both"}');
    assert.equal(deadLetter.MessageAttributes?.RequestID?.StringValue, requestId);
    assertFailureRecord(JSON.parse((await receiveOne(failures.url)).Body ?? '') as InvocationRecord, requestId, fn.arn, { fail: 'both' });
  });

  test('zero reserved concurrency: the record has no response members and no invoke count', async () => {
    const failures = await createQueue('zero-failures');
    const fn = await createFunction(HANDLER);
    await configure(fn.name, undefined, failures.arn);
    await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: fn.name, ReservedConcurrentExecutions: 0 }));
    const requestId = await invokeEvent(fn.name, {});

    const record = JSON.parse((await receiveOne(failures.url)).Body ?? '') as InvocationRecord;
    assert.deepEqual(Object.keys(record), ['version', 'timestamp', 'requestContext', 'requestPayload']);
    assert.deepEqual(record.requestContext, { requestId, functionArn: `${fn.arn}:$LATEST`, condition: 'ZeroReservedConcurrency', approximateInvokeCount: 0 });
    assert.deepEqual(record.requestPayload, {});
  });

  test('a role that may not deliver drops the record and counts DestinationDeliveryFailures', async () => {
    const queue = await createQueue('denied-destination');
    const fn = await createFunction(HANDLER, { role: await createRole([]) });
    await configure(fn.name, queue.arn);
    const requestId = await invokeEvent(fn.name, { n: 3 });

    const series = `eventide_lambda_destination_delivery_failures_total{function_name="${fn.name}"} 1`;
    let metrics = '';
    for (let tries = 0; tries < 75 && !metrics.includes(series); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      metrics = await (await fetch(`${eventide.url}/metrics`)).text();
    }
    assert.ok(metrics.includes(series), 'DestinationDeliveryFailures was counted');
    assert.match(eventide.output(), new RegExp(`WARN +event delivery dropped function=${fn.name} requestId=${requestId} destination=on-success target=${queue.arn} result=dropped .*not allowed to call sqs:SendMessage`));
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.url, WaitTimeSeconds: 0 }));
    assert.equal(Messages, undefined);
  });
});

describe('destinations across a crash', () => {
  test('events killed between their end and their delivery still have their records delivered after a restart', async () => {
    const first = await startEventide();
    const dataDir = first.dataDir;
    const lambda = lambdaClient(first.url);
    const sqs = sqsClient(first.url);
    const iam = iamClient(first.url);
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'crash-role', AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY }));
    const send = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] };
    await iam.send(new PutRolePolicyCommand({ RoleName: 'crash-role', PolicyName: 'send', PolicyDocument: JSON.stringify(send) }));
    const { QueueUrl: queueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: 'crash-records' }));
    const name = uniqueName('crash-fn');
    await lambda.send(
      new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: Role?.Arn ?? '', Code: { ZipFile: await zipOf({ 'index.js': HANDLER }) } }),
    );
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({ FunctionName: name, DestinationConfig: { OnSuccess: { Destination: 'arn:aws:sqs:us-east-1:000000000000:crash-records' } } }),
    );
    const accepted = new Set<string>();
    for (let n = 0; n < 200; n++) {
      const response = await lambda.send(new InvokeCommand({ FunctionName: name, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify({ n })) }));
      accepted.add(response.$metadata.requestId ?? '');
    }
    lambda.destroy();
    sqs.destroy();
    iam.destroy();
    // Killed while events finish and their records are on their way.
    await first.stop('SIGKILL');

    const second = await startEventide({ dataDir, lambdaRole: false });
    const client = sqsClient(second.url);
    try {
      const delivered = new Map<string, number>();
      for (let polls = 0; polls < 60 && delivered.size < accepted.size; polls++) {
        const { Messages = [] } = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl.replace(first.url, second.url), MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
        for (const message of Messages) {
          const record = JSON.parse(message.Body ?? '') as InvocationRecord;
          delivered.set(record.requestContext.requestId, (delivered.get(record.requestContext.requestId) ?? 0) + 1);
        }
      }
      assert.deepEqual([...accepted].filter((id) => !delivered.has(id)), [], 'every accepted event has its record');
    } finally {
      client.destroy();
      await stopAndClean(second);
    }
  });
});
