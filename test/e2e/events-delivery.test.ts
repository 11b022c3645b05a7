/**
 * EventBridge delivery against a real Eventide: PutEvents → rules → targets (SQS with every input form, SNS,
 * Lambda invoked asynchronously, another bus). A PutEvents answers once deliveries are durable, so the queues are
 * read right after it; a target whose resource is missing does not fail the PutEvents.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateEventBusCommand, PutEventsCommand, PutRuleCommand, PutTargetsCommand, type EventBridgeClient, type Target } from '@aws-sdk/client-eventbridge';
import { AddPermissionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { CreateTopicCommand, SubscribeCommand, type SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { arnOf, deploy } from './invoke-support.js';
import { eventBridgeClient, lambdaClient, snsClient, sqsClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { uniqueName } from './support/fixtures.js';

const ACCOUNT = '000000000000';
const queueArn = (name: string) => `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`;
/** 2026-03-04T05:06:07Z, and a fraction EventBridge drops. */
const TIME = new Date('2026-03-04T05:06:07.890Z');

let eventide: EventideProcess;
let events: EventBridgeClient;
let sqs: SQSClient;
let sns: SNSClient;
let lambda: LambdaClient;
let work: string;

before(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'eventide-events-'));
  eventide = await startEventide();
  events = eventBridgeClient(eventide.url);
  sqs = sqsClient(eventide.url);
  sns = snsClient(eventide.url);
  lambda = lambdaClient(eventide.url);
});
after(async () => {
  for (const client of [events, sqs, sns, lambda]) client.destroy();
  await stopAndClean(eventide);
  await rm(work, { recursive: true, force: true });
});

/** A new queue: its name and URL. */
async function newQueue(): Promise<{ name: string; url: string }> {
  const name = uniqueName('q');
  const url = (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl ?? '';
  return { name, url };
}

/** The bodies of everything in the queue now. */
async function bodies(queueUrl: string): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
    if ((received.Messages ?? []).length === 0) return out;
    out.push(...(received.Messages ?? []).map((message) => message.Body ?? ''));
  }
}

/** A rule with this pattern on the bus, with these targets. */
async function rule(name: string, pattern: unknown, targets: Target[], busName?: string): Promise<string> {
  const arn = (await events.send(new PutRuleCommand({ Name: name, EventPattern: JSON.stringify(pattern), EventBusName: busName }))).RuleArn ?? '';
  const put = await events.send(new PutTargetsCommand({ Rule: name, EventBusName: busName, Targets: targets }));
  assert.equal(put.FailedEntryCount, 0);
  return arn;
}

async function putOne(entry: { Source: string; DetailType: string; Detail: string; EventBusName?: string; Resources?: string[] }): Promise<string> {
  const result = await events.send(new PutEventsCommand({ Entries: [{ ...entry, Time: TIME }] }));
  assert.equal(result.FailedEntryCount, 0, JSON.stringify(result.Entries));
  return result.Entries?.[0]?.EventId ?? '';
}

describe('SQS targets', () => {
  test('the whole event, InputPath, Input and InputTransformer bodies are exactly as AWS delivers them', async () => {
    const [whole, detailOnly, constant, transformed, reserved] = await Promise.all([newQueue(), newQueue(), newQueue(), newQueue(), newQueue()]);
    const ruleArn = await rule('orders-to-queues', { source: ['shop.orders'], 'detail-type': ['OrderPlaced'] }, [
      { Id: 'whole', Arn: queueArn(whole.name) },
      { Id: 'detail', Arn: queueArn(detailOnly.name), InputPath: '$.detail' },
      { Id: 'constant', Arn: queueArn(constant.name), Input: '{"job":"nightly"}' },
      {
        Id: 'transformed',
        Arn: queueArn(transformed.name),
        InputTransformer: {
          InputPathsMap: { order: '$.detail.orderId', total: '$.detail.total', items: '$.detail.items', source: '$.source' },
          InputTemplate: '{"order": <order>, "total": <total>, "items": <items>, "text": "order <order> from <source>"}',
        },
      },
      {
        Id: 'reserved',
        Arn: queueArn(reserved.name),
        InputTransformer: { InputPathsMap: { order: '$.detail.orderId' }, InputTemplate: '<aws.events.rule-name> saw <order> (<aws.events.rule-arn>)' },
      },
    ]);

    const detail = '{"orderId":"o-1","total":12.5,"items":["a","b"]}';
    const id = await putOne({ Source: 'shop.orders', DetailType: 'OrderPlaced', Detail: detail, Resources: ['arn:aws:s3:::bucket'] });
    await putOne({ Source: 'shop.orders', DetailType: 'OrderShipped', Detail: detail });

    const expected =
      `{"version":"0","id":"${id}","detail-type":"OrderPlaced","source":"shop.orders","account":"${ACCOUNT}",` +
      `"time":"2026-03-04T05:06:07Z","region":"us-east-1","resources":["arn:aws:s3:::bucket"],"detail":${detail}}`;
    assert.deepEqual(await bodies(whole.url), [expected]);
    assert.deepEqual(await bodies(detailOnly.url), [detail]);
    assert.deepEqual(await bodies(constant.url), ['{"job":"nightly"}']);
    assert.deepEqual(await bodies(transformed.url), ['{"order": "o-1", "total": 12.5, "items": ["a","b"], "text": "order o-1 from shop.orders"}']);
    assert.deepEqual(await bodies(reserved.url), [`orders-to-queues saw o-1 (${ruleArn})`]);
  });

  test('a disabled rule and a non-matching event deliver nothing; a missing queue fails only its own delivery', async () => {
    const kept = await newQueue();
    const disabledQueue = await newQueue();
    await rule('to-missing-and-kept', { source: ['shop.missing'] }, [
      { Id: 'missing', Arn: queueArn('no-such-queue') },
      { Id: 'kept', Arn: queueArn(kept.name) },
    ]);
    await rule('disabled-rule', { source: ['shop.missing'] }, [{ Id: 'q', Arn: queueArn(disabledQueue.name) }]);
    await events.send(new PutRuleCommand({ Name: 'disabled-rule', EventPattern: JSON.stringify({ source: ['shop.missing'] }), State: 'DISABLED' }));

    const id = await putOne({ Source: 'shop.missing', DetailType: 'x', Detail: '{}' });
    await putOne({ Source: 'shop.other', DetailType: 'x', Detail: '{}' });
    const delivered = (await bodies(kept.url)).map((body) => (JSON.parse(body) as { id: string }).id);
    assert.deepEqual(delivered, [id]);
    assert.deepEqual(await bodies(disabledQueue.url), []);
    const logged = eventide.output().split('\n').filter((line) => line.includes(id));
    assert.equal(logged.length, 1, eventide.output());
    assert.match(logged[0] ?? '', /no-such-queue/);
  });
});

test('an SNS target publishes the event to the topic', async () => {
  const queue = await newQueue();
  const topicArn = (await sns.send(new CreateTopicCommand({ Name: uniqueName('events-topic') }))).TopicArn ?? '';
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queueArn(queue.name), Attributes: { RawMessageDelivery: 'true' } }));
  await rule('to-topic', { source: ['shop.sns'] }, [{ Id: 'topic', Arn: topicArn, InputPath: '$.detail' }]);
  await putOne({ Source: 'shop.sns', DetailType: 'x', Detail: '{"via":"sns"}' });
  assert.deepEqual(await bodies(queue.url), ['{"via":"sns"}']);
});

test('a bus target puts the event on that bus, whose rules deliver it', async () => {
  const queue = await newQueue();
  await events.send(new CreateEventBusCommand({ Name: 'downstream' }));
  await rule('on-downstream', { source: ['shop.forward'] }, [{ Id: 'q', Arn: queueArn(queue.name) }], 'downstream');
  await rule('forward', { source: ['shop.forward'] }, [{ Id: 'bus', Arn: `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/downstream` }]);
  const id = await putOne({ Source: 'shop.forward', DetailType: 'x', Detail: '{"n":1}' });
  const received = (await bodies(queue.url)).map((body) => JSON.parse(body) as { id: string; detail: unknown });
  assert.deepEqual(received, [{ version: '0', id, 'detail-type': 'x', source: 'shop.forward', account: ACCOUNT, time: '2026-03-04T05:06:07Z', region: 'us-east-1', resources: [], detail: { n: 1 } }]);
});

test('a Lambda target is invoked asynchronously with the event', async () => {
  const out = path.join(work, 'lambda-target.json');
  const name = await deploy(lambda, {
    prefix: 'events-target',
    files: { 'index.js': "const fs = require('node:fs');\nexports.handler = async (event) => { fs.writeFileSync(process.env.OUT, JSON.stringify(event)); };\n" },
    environment: { OUT: out },
  });
  const ruleArn = await rule('to-lambda', { source: ['shop.lambda'] }, [{ Id: 'fn', Arn: arnOf(name) }]);
  // As on AWS, the function's resource-based policy must let the rule invoke it.
  await lambda.send(
    new AddPermissionCommand({ FunctionName: name, StatementId: 'to-lambda', Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com', SourceArn: ruleArn }),
  );
  const id = await putOne({ Source: 'shop.lambda', DetailType: 'Invoke', Detail: '{"hello":"lambda"}' });
  const deadline = Date.now() + 20_000;
  while (!existsSync(out) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  const received = JSON.parse(await readFile(out, 'utf8')) as unknown;
  assert.deepEqual(received, {
    version: '0',
    id,
    'detail-type': 'Invoke',
    source: 'shop.lambda',
    account: ACCOUNT,
    time: '2026-03-04T05:06:07Z',
    region: 'us-east-1',
    resources: [],
    detail: { hello: 'lambda' },
  });
});
