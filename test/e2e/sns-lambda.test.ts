/**
 * SNS → Lambda subscriptions against a real Eventide: a publish invokes the subscribed function asynchronously
 * with SNS's event record, exactly as AWS shapes it, when the function's resource-based policy lets
 * sns.amazonaws.com invoke it from that topic; without that permission the function is not invoked, the publish
 * still succeeds and Eventide's log says why; a filter policy that does not match invokes nothing.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AddPermissionCommand, CreateFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { CreateTopicCommand, PublishCommand, SubscribeCommand, type SNSClient } from '@aws-sdk/client-sns';
import { lambdaClient, snsClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { ROLE, uniqueName, zipOf } from './support/fixtures.js';

/** Appends each event it receives, as a JSON line, to $OUT. */
const RECORDER = `const fs = require('node:fs');
exports.handler = async (event) => { fs.appendFileSync(process.env.OUT, JSON.stringify(event) + '\\n'); };
`;

const RECORD_KEYS = ['EventSource', 'EventVersion', 'EventSubscriptionArn', 'Sns'];
const SNS_KEYS = [
  'Type',
  'MessageId',
  'TopicArn',
  'Subject',
  'Message',
  'Timestamp',
  'SignatureVersion',
  'Signature',
  'SigningCertUrl',
  'UnsubscribeUrl',
  'MessageAttributes',
];

interface SnsRecord {
  EventSource: string;
  EventVersion: string;
  EventSubscriptionArn: string;
  Sns: Record<string, unknown>;
}

describe('SNS → Lambda subscriptions', () => {
  let eventide: EventideProcess;
  let lambda: LambdaClient;
  let sns: SNSClient;
  let work: string;

  before(async () => {
    eventide = await startEventide();
    lambda = lambdaClient(eventide.url);
    sns = snsClient(eventide.url);
    work = await mkdtemp(path.join(tmpdir(), 'eventide-sns-lambda-'));
  });

  after(async () => {
    for (const client of [lambda, sns]) client?.destroy();
    if (eventide !== undefined) await stopAndClean(eventide);
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  /** A function recording its events to its own file. */
  const createRecorder = async () => {
    const name = uniqueName('sns-subscriber');
    const out = path.join(work, `${name}.jsonl`);
    const created = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: ROLE,
        Code: { ZipFile: await zipOf({ 'index.js': RECORDER }) },
        Environment: { Variables: { OUT: out } },
      }),
    );
    return { name, arn: created.FunctionArn ?? '', out };
  };

  const createTopic = async (): Promise<string> => (await sns.send(new CreateTopicCommand({ Name: uniqueName('to-lambda') }))).TopicArn ?? '';

  const allowTopic = (functionName: string, topicArn: string) =>
    lambda.send(
      new AddPermissionCommand({
        FunctionName: functionName,
        StatementId: 'sns',
        Action: 'lambda:InvokeFunction',
        Principal: 'sns.amazonaws.com',
        SourceArn: topicArn,
      }),
    );

  const subscribe = async (topicArn: string, functionArn: string, attributes?: Record<string, string>): Promise<string> =>
    (await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'lambda', Endpoint: functionArn, Attributes: attributes }))).SubscriptionArn ?? '';

  /** Waits until the function has recorded `count` events. */
  const recorded = async (file: string, count: number): Promise<SnsRecord[][]> => {
    for (let tries = 0; tries < 150; tries++) {
      const lines = (await readFile(file, 'utf8').catch(() => '')).split('\n').filter((line) => line !== '');
      if (lines.length >= count) return lines.map((line) => (JSON.parse(line) as { Records: SnsRecord[] }).Records);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${file} did not get ${count} events`);
  };

  /** The function's asynchronous events so far (publishes answer once their invokes are durable). */
  const queuedEvents = async (functionName: string): Promise<unknown[]> => {
    const response = await fetch(`${eventide.url}/_eventide/functions/${functionName}/events`);
    assert.equal(response.status, 200);
    return ((await response.json()) as { events: unknown[] }).events;
  };

  test('with the permission, the function receives SNS’s record, exactly', async () => {
    const topic = await createTopic();
    const fn = await createRecorder();
    await allowTopic(fn.name, topic);
    const subscription = await subscribe(topic, fn.arn);
    assert.ok(subscription.startsWith(`${topic}:`));

    const first = await sns.send(
      new PublishCommand({
        TopicArn: topic,
        Subject: 'TestInvoke',
        Message: '{"hello":"world"}',
        MessageAttributes: {
          Test: { DataType: 'String', StringValue: 'TestString' },
          Count: { DataType: 'Number', StringValue: '42' },
          TestBinary: { DataType: 'Binary', BinaryValue: Buffer.from('TestBinary') },
        },
      }),
    );
    const [records] = await recorded(fn.out, 1);
    assert.equal(records?.length, 1, 'one record per invocation');
    const record = records?.[0] as SnsRecord;
    assert.deepEqual(Object.keys(record), RECORD_KEYS, 'the record’s keys, in AWS order');
    assert.deepEqual(Object.keys(record.Sns), SNS_KEYS, 'the Sns keys, in AWS order');
    const { Timestamp, Signature, SigningCertUrl } = record.Sns;
    assert.match(String(Timestamp), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.match(String(Signature), /^[A-Za-z0-9+/]{300,}={0,2}$/);
    assert.match(String(SigningCertUrl), new RegExp(`^${eventide.url}/SimpleNotificationService-[0-9a-f]{32}\\.pem$`));
    assert.deepEqual(record, {
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: subscription,
      Sns: {
        Type: 'Notification',
        MessageId: first.MessageId,
        TopicArn: topic,
        Subject: 'TestInvoke',
        Message: '{"hello":"world"}',
        Timestamp,
        SignatureVersion: '1',
        Signature,
        SigningCertUrl,
        UnsubscribeUrl: `${eventide.url}/?Action=Unsubscribe&SubscriptionArn=${subscription}`,
        MessageAttributes: {
          Test: { Type: 'String', Value: 'TestString' },
          Count: { Type: 'Number', Value: '42' },
          TestBinary: { Type: 'Binary', Value: Buffer.from('TestBinary').toString('base64') },
        },
      },
    });

    // Without a subject or attributes, and with a message of Lambda's own (MessageStructure=json).
    const second = await sns.send(
      new PublishCommand({ TopicArn: topic, MessageStructure: 'json', Message: JSON.stringify({ default: 'for everyone', lambda: 'for functions' }) }),
    );
    const events = await recorded(fn.out, 2);
    const sns2 = events[1]?.[0]?.Sns;
    assert.equal(sns2?.MessageId, second.MessageId);
    assert.equal(sns2?.Subject, null);
    assert.equal(sns2?.Message, 'for functions');
    assert.deepEqual(sns2?.MessageAttributes, {});
  });

  test('without the permission, the function is not invoked, the publish succeeds, and the log says why', async () => {
    const topic = await createTopic();
    const otherTopic = await createTopic();
    const unpermitted = await createRecorder();
    const permittedElsewhere = await createRecorder();
    await allowTopic(permittedElsewhere.name, otherTopic);
    const unpermittedSubscription = await subscribe(topic, unpermitted.arn);
    const elsewhereSubscription = await subscribe(topic, permittedElsewhere.arn);

    const published = await sns.send(new PublishCommand({ TopicArn: topic, Message: 'nobody may hear this' }));
    assert.ok(published.MessageId);
    assert.deepEqual(await queuedEvents(unpermitted.name), []);
    assert.deepEqual(await queuedEvents(permittedElsewhere.name), []);

    const logged = (subscription: string) =>
      eventide
        .output()
        .split('\n')
        .filter((line) => line.includes('SNS subscription could not invoke its function') && line.includes(`subscription=${subscription} `));
    /** The log line may reach us just after the publish's answer. */
    const firstLogged = async (subscription: string): Promise<string> => {
      for (let tries = 0; tries < 50; tries++) {
        const [line] = logged(subscription);
        if (line !== undefined) return line;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`nothing logged for ${subscription}:\n${eventide.output()}`);
    };
    const noPolicy = await firstLogged(unpermittedSubscription);
    assert.match(noPolicy, new RegExp(`has no resource-based policy, so nothing allows sns\\.amazonaws\\.com to invoke it from ${topic}"$`));
    const wrongSource = await firstLogged(elsewhereSubscription);
    assert.match(wrongSource, new RegExp(`does not allow sns\\.amazonaws\\.com to invoke it from ${topic}: statement 'sns'`));

    await sns.send(new PublishCommand({ TopicArn: topic, Message: 'again' }));
    assert.equal(logged(unpermittedSubscription).length, 1, 'the same reason is logged once per subscription');
    assert.deepEqual(await queuedEvents(unpermitted.name), []);
  });

  test('a filter policy that does not match invokes nothing', async () => {
    const topic = await createTopic();
    const fn = await createRecorder();
    await allowTopic(fn.name, topic);
    await subscribe(topic, fn.arn, { FilterPolicy: JSON.stringify({ color: ['red'] }) });

    await sns.send(new PublishCommand({ TopicArn: topic, Message: 'blue', MessageAttributes: { color: { DataType: 'String', StringValue: 'blue' } } }));
    await sns.send(new PublishCommand({ TopicArn: topic, Message: 'uncolored' }));
    assert.deepEqual(await queuedEvents(fn.name), [], 'no invoke for messages the filter refuses');
    await sns.send(new PublishCommand({ TopicArn: topic, Message: 'red', MessageAttributes: { color: { DataType: 'String', StringValue: 'red' } } }));
    assert.equal((await queuedEvents(fn.name)).length, 1);
    const [records] = await recorded(fn.out, 1);
    assert.equal(records?.[0]?.Sns.Message, 'red');
  });

  test('a Lambda subscription does not take raw message delivery, as on AWS', async () => {
    const topic = await createTopic();
    const fn = await createRecorder();
    await assert.rejects(subscribe(topic, fn.arn, { RawMessageDelivery: 'true' }), {
      name: 'InvalidParameterException',
      message: 'Invalid parameter: Attributes Reason: Delivery protocol [lambda] does not support raw message delivery.',
    });
  });
});
