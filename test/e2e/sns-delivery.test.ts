/**
 * SNS → SQS delivery end to end, through the real SQS API: AWS's notification envelope (every field), raw delivery
 * with message attributes, MessageStructure=json, filter policies on attributes and on the body, PublishBatch with
 * a failing entry, deliveries to a deleted queue, and AWS's errors for bad messages (nothing delivered).
 *
 * A publish is answered once every delivery is durable, so each test reads its queue right after publishing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateTopicCommand, PublishBatchCommand, PublishCommand, SetSubscriptionAttributesCommand, type SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteQueueCommand, type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { awsCli, snsClient, sqsClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { uniqueName } from './support/fixtures.js';
import { expectError } from './support/sdk-errors.js';

const ACCOUNT = '000000000000';

let eventide: EventideProcess;
let sns: SNSClient;
let sqs: SQSClient;

before(async () => {
  eventide = await startEventide();
  sns = snsClient(eventide.url);
  sqs = sqsClient(eventide.url);
});

after(async () => {
  sns?.destroy();
  sqs?.destroy();
  if (eventide !== undefined) await stopAndClean(eventide);
});

interface Wiring {
  topicArn: string;
  queueUrl: string;
  queueArn: string;
  subscriptionArn: string;
}

/** A new topic with a new queue subscribed to it. */
async function topicWithQueue(attributes?: Record<string, string>): Promise<Wiring> {
  const topicArn = (await sns.send(new CreateTopicCommand({ Name: uniqueName('topic') }))).TopicArn ?? '';
  const name = uniqueName('queue');
  const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl ?? '';
  const queueArn = `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`;
  const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queueArn, Attributes: attributes }));
  return { topicArn, queueUrl, queueArn, subscriptionArn: SubscriptionArn ?? '' };
}

/** Everything in the queue now (its messages stay invisible for the default visibility timeout). */
async function drain(queueUrl: string): Promise<Message[]> {
  const messages: Message[] = [];
  for (;;) {
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }));
    if ((received.Messages ?? []).length === 0) return messages;
    messages.push(...(received.Messages ?? []));
  }
}

const envelopeOf = (message: Message | undefined): Record<string, unknown> => JSON.parse(message?.Body ?? '') as Record<string, unknown>;

describe('notification envelope', () => {
  test('an SQS subscriber receives AWS notification JSON with every field', async () => {
    const wiring = await topicWithQueue();
    const before = Date.now();
    const { MessageId } = await sns.send(
      new PublishCommand({
        TopicArn: wiring.topicArn,
        Subject: 'Order placed',
        Message: 'order 42 "quoted" \\ ünïcödé\nsecond line',
        MessageAttributes: {
          store: { DataType: 'String', StringValue: 'example_corp' },
          price: { DataType: 'Number', StringValue: '210.75' },
          interests: { DataType: 'String.Array', StringValue: '["soccer","rugby"]' },
          blob: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2, 255]) },
        },
      }),
    );
    const afterPublish = Date.now();
    const messages = await drain(wiring.queueUrl);
    assert.equal(messages.length, 1);
    const body = messages[0]?.Body ?? '';
    const envelope = envelopeOf(messages[0]);
    assert.deepEqual(Object.keys(envelope), [
      'Type',
      'MessageId',
      'TopicArn',
      'Subject',
      'Message',
      'Timestamp',
      'SignatureVersion',
      'Signature',
      'SigningCertURL',
      'UnsubscribeURL',
      'MessageAttributes',
    ]);
    assert.equal(envelope.Type, 'Notification');
    assert.equal(envelope.MessageId, MessageId);
    assert.equal(envelope.TopicArn, wiring.topicArn);
    assert.equal(envelope.Subject, 'Order placed');
    assert.equal(envelope.Message, 'order 42 "quoted" \\ ünïcödé\nsecond line');
    const timestamp = String(envelope.Timestamp);
    assert.match(timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(Date.parse(timestamp) >= before - 1 && Date.parse(timestamp) <= afterPublish, 'stamped while publishing');
    assert.equal(envelope.SignatureVersion, '1');
    assert.equal(Buffer.from(String(envelope.Signature), 'base64').length, 256);
    assert.match(String(envelope.SigningCertURL), new RegExp(`^${eventide.url}/SimpleNotificationService-[0-9a-f]{32}\\.pem$`));
    assert.equal(envelope.UnsubscribeURL, `${eventide.url}/?Action=Unsubscribe&SubscriptionArn=${wiring.subscriptionArn}`);
    assert.deepEqual(envelope.MessageAttributes, {
      store: { Type: 'String', Value: 'example_corp' },
      price: { Type: 'Number', Value: '210.75' },
      interests: { Type: 'String.Array', Value: '["soccer","rugby"]' },
      blob: { Type: 'Binary', Value: Buffer.from([0, 1, 2, 255]).toString('base64') },
    });
    // AWS's layout: two-space indent, `"Key" : value`, one attribute per line.
    assert.ok(body.startsWith('{\n  "Type" : "Notification",\n  "MessageId" : '), body);
    assert.ok(body.includes('\n  "MessageAttributes" : {\n    "store" : {"Type":"String","Value":"example_corp"},\n'), body);
    assert.ok(body.endsWith('\n  }\n}'), body);
    assert.deepEqual(messages[0]?.MessageAttributes, undefined, 'without raw delivery the attributes travel in the envelope only');
  });

  test('without a subject or attributes those fields are left out; the UnsubscribeURL works', async () => {
    const wiring = await topicWithQueue();
    await sns.send(new PublishCommand({ TopicArn: wiring.topicArn, Message: 'plain' }));
    const envelope = envelopeOf((await drain(wiring.queueUrl))[0]);
    assert.deepEqual(Object.keys(envelope), ['Type', 'MessageId', 'TopicArn', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL', 'UnsubscribeURL']);
    const unsubscribed = await fetch(String(envelope.UnsubscribeURL));
    assert.equal(unsubscribed.status, 200);
    assert.match(await unsubscribed.text(), /<UnsubscribeResponse xmlns="http:\/\/sns.amazonaws.com\/doc\/2010-03-31\/">/);
    await sns.send(new PublishCommand({ TopicArn: wiring.topicArn, Message: 'after unsubscribing' }));
    assert.deepEqual(await drain(wiring.queueUrl), []);
  });

  test('Publish by TargetArn reaches the same subscribers', async () => {
    const wiring = await topicWithQueue();
    await sns.send(new PublishCommand({ TargetArn: wiring.topicArn, Message: 'by target' }));
    assert.equal(envelopeOf((await drain(wiring.queueUrl))[0]).Message, 'by target');
  });

  test('MessageStructure=json: the sqs entry, or else the default one', async () => {
    const wiring = await topicWithQueue();
    await sns.send(
      new PublishCommand({ TopicArn: wiring.topicArn, MessageStructure: 'json', Message: JSON.stringify({ default: 'default field', sqs: '{"field": "value"}' }) }),
    );
    await sns.send(new PublishCommand({ TopicArn: wiring.topicArn, MessageStructure: 'json', Message: JSON.stringify({ default: 'default field', email: 'mail' }) }));
    assert.deepEqual((await drain(wiring.queueUrl)).map((message) => envelopeOf(message).Message).sort(), ['default field', '{"field": "value"}']);
  });
});

describe('raw message delivery', () => {
  test('the raw message arrives with the message attributes as SQS message attributes', async () => {
    const wiring = await topicWithQueue({ RawMessageDelivery: 'true' });
    await sns.send(
      new PublishCommand({
        TopicArn: wiring.topicArn,
        Subject: 'not delivered raw',
        Message: 'This is a test message',
        MessageAttributes: {
          store: { DataType: 'String', StringValue: 'fans' },
          price: { DataType: 'Number', StringValue: '99.12' },
          list: { DataType: 'String.Array', StringValue: '["a"]' },
          bytes: { DataType: 'Binary', BinaryValue: Buffer.from([2, 3, 4]) },
        },
      }),
    );
    const [message, ...rest] = await drain(wiring.queueUrl);
    assert.equal(rest.length, 0);
    assert.equal(message?.Body, 'This is a test message');
    const attributes = message?.MessageAttributes ?? {};
    assert.deepEqual(Object.keys(attributes).sort(), ['bytes', 'list', 'price', 'store']);
    assert.deepEqual({ DataType: attributes.store?.DataType, StringValue: attributes.store?.StringValue }, { DataType: 'String', StringValue: 'fans' });
    assert.deepEqual({ DataType: attributes.price?.DataType, StringValue: attributes.price?.StringValue }, { DataType: 'Number', StringValue: '99.12' });
    assert.deepEqual({ DataType: attributes.list?.DataType, StringValue: attributes.list?.StringValue }, { DataType: 'String.Array', StringValue: '["a"]' });
    assert.equal(attributes.bytes?.DataType, 'Binary');
    assert.deepEqual(Buffer.from(attributes.bytes?.BinaryValue ?? new Uint8Array()), Buffer.from([2, 3, 4]));
  });
});

describe('filter policies', () => {
  test('on message attributes: only the matching publish is delivered', async () => {
    const policy = { color: ['red', { prefix: 'bl' }], price: [{ numeric: ['>', 10, '<=', 100] }], internal: [{ exists: false }] };
    const wiring = await topicWithQueue({ FilterPolicy: JSON.stringify(policy) });
    const publish = (Message: string, attributes: Record<string, [string, string]>) =>
      sns.send(
        new PublishCommand({
          TopicArn: wiring.topicArn,
          Message,
          MessageAttributes: Object.fromEntries(Object.entries(attributes).map(([name, [DataType, StringValue]]) => [name, { DataType, StringValue }])),
        }),
      );
    await publish('wrong color', { color: ['String', 'green'], price: ['Number', '50'] });
    await publish('too expensive', { color: ['String', 'red'], price: ['Number', '100.5'] });
    await publish('internal', { color: ['String', 'red'], price: ['Number', '50'], internal: ['String', 'yes'] });
    await publish('no attributes', {});
    await publish('match by prefix', { color: ['String', 'blue'], price: ['Number', '100'] });
    await publish('match exactly', { color: ['String', 'red'], price: ['Number', '10.5'], other: ['String', 'ignored'] });
    assert.deepEqual((await drain(wiring.queueUrl)).map((message) => envelopeOf(message).Message).sort(), ['match by prefix', 'match exactly']);
  });

  test('on the message body (FilterPolicyScope MessageBody), nested keys included', async () => {
    const wiring = await topicWithQueue();
    const set = (AttributeName: string, AttributeValue: string) =>
      sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: wiring.subscriptionArn, AttributeName, AttributeValue }));
    await set('FilterPolicyScope', 'MessageBody');
    await set('FilterPolicy', JSON.stringify({ order: { status: [{ 'anything-but': ['cancelled'] }], total: [{ numeric: ['>=', 100] }] } }));
    const bodies = [
      { order: { status: 'cancelled', total: 500 } },
      { order: { status: 'paid', total: 99 } },
      { status: 'paid', total: 500 },
      'not json',
      { order: { status: 'paid', total: 500 } },
      { order: [{ status: 'shipped', total: 100 }] },
    ];
    for (const body of bodies) await sns.send(new PublishCommand({ TopicArn: wiring.topicArn, Message: typeof body === 'string' ? body : JSON.stringify(body) }));
    const delivered = (await drain(wiring.queueUrl)).map((message) => envelopeOf(message).Message).sort();
    assert.deepEqual(delivered, [JSON.stringify({ order: { status: 'paid', total: 500 } }), JSON.stringify({ order: [{ status: 'shipped', total: 100 }] })].sort());
  });
});

describe('PublishBatch', () => {
  test('entries succeed or fail on their own; the successful ones are delivered', async () => {
    const wiring = await topicWithQueue({ RawMessageDelivery: 'true' });
    const result = await sns.send(
      new PublishBatchCommand({
        TopicArn: wiring.topicArn,
        PublishBatchRequestEntries: [
          { Id: 'first', Message: 'one', MessageAttributes: { n: { DataType: 'Number', StringValue: '1' } } },
          { Id: 'empty', Message: '' },
          { Id: 'bad-subject', Message: 'two', Subject: 'line\nbreak' },
          { Id: 'third', Message: 'three', Subject: 'fine' },
        ],
      }),
    );
    assert.deepEqual(result.Successful?.map((entry) => entry.Id), ['first', 'third']);
    for (const entry of result.Successful ?? []) assert.match(entry.MessageId ?? '', /^[0-9a-f-]{36}$/);
    assert.deepEqual(result.Failed, [
      { Id: 'empty', Code: 'InvalidParameter', Message: 'Invalid parameter: Empty message', SenderFault: true },
      { Id: 'bad-subject', Code: 'InvalidParameter', Message: 'Invalid parameter: Subject', SenderFault: true },
    ]);
    const delivered = await drain(wiring.queueUrl);
    assert.deepEqual(delivered.map((message) => message.Body).sort(), ['one', 'three']);
    assert.equal(delivered.find((message) => message.Body === 'one')?.MessageAttributes?.n?.StringValue, '1');
  });

  test('whole-batch errors deliver nothing', async () => {
    const wiring = await topicWithQueue();
    const batch = (entries: { Id: string; Message: string; MessageStructure?: string }[]) =>
      sns.send(new PublishBatchCommand({ TopicArn: wiring.topicArn, PublishBatchRequestEntries: entries }));
    await expectError(
      batch(Array.from({ length: 11 }, (_, i) => ({ Id: `id_${i}`, Message: 'too many' }))),
      'TooManyEntriesInBatchRequestException',
      400,
      'The batch request contains more entries than permissible.',
    );
    await expectError(
      batch([{ Id: '1', Message: 'a' }, { Id: '1', Message: 'b' }]),
      'BatchEntryIdsNotDistinctException',
      400,
      'Two or more batch entries in the request have the same Id.',
    );
    await expectError(
      batch([{ Id: 'message.id', Message: 'a' }]),
      'InvalidBatchEntryIdException',
      400,
      'The Id of a batch entry in the batch request contains an impermissible character: message.id',
    );
    await expectError(
      batch([{ Id: 'a', Message: 'x'.repeat(200_000) }, { Id: 'b', Message: 'y'.repeat(100_000) }]),
      'BatchRequestTooLongException',
      400,
      'The length of all the messages put together is more than the limit.',
    );
    await expectError(
      batch([{ Id: 'ok', Message: 'fine' }, { Id: 'json', Message: JSON.stringify({ sqs: 'no default' }), MessageStructure: 'json' }]),
      'InvalidParameterException',
      400,
      'Invalid parameter: Message Structure - No default entry in JSON message body',
    );
    await expectError(
      sns.send(new PublishBatchCommand({ TopicArn: `${wiring.topicArn}-missing`, PublishBatchRequestEntries: [{ Id: 'a', Message: 'x' }] })),
      'NotFoundException',
      404,
      'Topic does not exist',
    );
    assert.deepEqual(await drain(wiring.queueUrl), []);
  });
});

describe('delivery failures and bad messages', () => {
  test('a deleted queue is skipped without failing the publish, and logged once', async () => {
    const gone = await topicWithQueue();
    const kept = await topicWithQueue();
    await sns.send(new SubscribeCommand({ TopicArn: kept.topicArn, Protocol: 'sqs', Endpoint: gone.queueArn }));
    await sqs.send(new DeleteQueueCommand({ QueueUrl: gone.queueUrl }));
    for (const Message of ['first', 'second']) {
      const { MessageId } = await sns.send(new PublishCommand({ TopicArn: kept.topicArn, Message }));
      assert.match(MessageId ?? '', /^[0-9a-f-]{36}$/);
    }
    assert.deepEqual((await drain(kept.queueUrl)).map((message) => envelopeOf(message).Message).sort(), ['first', 'second']);
    const warnings = eventide.output().split('\n').filter((line) => line.includes(gone.queueArn) && line.includes('could not deliver'));
    assert.equal(warnings.length, 1, eventide.output());
  });

  test('a subscription with a redrive policy sends what its queue refuses to the dead-letter queue', async () => {
    const dlqName = uniqueName('dlq');
    const dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: dlqName }))).QueueUrl ?? '';
    const wiring = await topicWithQueue({ RedrivePolicy: JSON.stringify({ deadLetterTargetArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:${dlqName}` }) });
    await sqs.send(new DeleteQueueCommand({ QueueUrl: wiring.queueUrl }));
    await sns.send(new PublishCommand({ TopicArn: wiring.topicArn, Message: 'to the dead letters' }));
    const [message] = await drain(dlqUrl);
    assert.equal(envelopeOf(message).Message, 'to the dead letters');
  });

  test('bad messages get AWS errors and nothing is delivered', async () => {
    const wiring = await topicWithQueue();
    const publish = (input: Omit<ConstructorParameters<typeof PublishCommand>[0], 'TopicArn'>) => sns.send(new PublishCommand({ TopicArn: wiring.topicArn, ...input }));
    const invalid = (call: Promise<unknown>, message: string) => expectError(call, 'InvalidParameterException', 400, message);
    const valueInvalid = (call: Promise<unknown>, message: string) => expectError(call, 'InvalidParameterValueException', 400, message);
    await invalid(publish({ Message: '' }), 'Invalid parameter: Empty message');
    await invalid(publish({ Message: 'x', Subject: '' }), 'Invalid parameter: Subject');
    await invalid(publish({ Message: 'x'.repeat(262_145) }), 'Invalid parameter: Message too long');
    await invalid(publish({ Message: '{not json', MessageStructure: 'json' }), 'Invalid parameter: Message Structure - JSON message body failed to parse');
    await invalid(publish({ Message: '{"sqs":"x"}', MessageStructure: 'json' }), 'Invalid parameter: Message Structure - No default entry in JSON message body');
    await invalid(
      publish({ Message: 'x', MessageDeduplicationId: 'd' }),
      'Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type',
    );
    await valueInvalid(
      publish({ Message: 'x', MessageAttributes: { attr1: { DataType: 'String', StringValue: '' } } }),
      "The message attribute 'attr1' must contain non-empty message attribute value for message attribute type 'String'.",
    );
    await valueInvalid(
      publish({ Message: 'x', MessageAttributes: { attr1: { DataType: 'Binary', StringValue: 'x' } } }),
      "The message attribute 'attr1' with type 'Binary' must use field 'Binary'.",
    );
    await valueInvalid(
      publish({ Message: 'x', MessageAttributes: { attr1: { DataType: 'Integer', StringValue: '1' } } }),
      "The message attribute 'attr1' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.",
    );
    await valueInvalid(
      publish({ Message: 'x', MessageAttributes: { 'a^b': { DataType: 'String', StringValue: 'v' } } }),
      "Invalid non-alphanumeric character '#x5E' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots.",
    );
    await valueInvalid(
      publish({ Message: 'x', MessageAttributes: { 'a..b': { DataType: 'String', StringValue: 'v' } } }),
      "Message attribute name can not have successive '.' character.",
    );
    await expectError(
      sns.send(new PublishCommand({ TopicArn: `${wiring.topicArn}-missing`, Message: 'x' })),
      'NotFoundException',
      404,
      'Topic does not exist',
    );
    await invalid(
      sns.send(new PublishCommand({ TopicArn: 'arn:aws', Message: 'x' })),
      'Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 2',
    );
    assert.deepEqual(await drain(wiring.queueUrl), []);
  });

  test('the AWS CLI publishes with attributes and reports bad ones', async () => {
    const wiring = await topicWithQueue({ RawMessageDelivery: 'true' });
    const published = await awsCli(eventide.url, [
      'sns',
      'publish',
      '--topic-arn',
      wiring.topicArn,
      '--message',
      'from the cli',
      '--message-attributes',
      '{"kind":{"DataType":"String","StringValue":"cli"}}',
    ]);
    assert.equal(published.code, 0, published.stderr);
    assert.match(JSON.parse(published.stdout).MessageId, /^[0-9a-f-]{36}$/);
    const [message] = await drain(wiring.queueUrl);
    assert.equal(message?.Body, 'from the cli');
    assert.equal(message?.MessageAttributes?.kind?.StringValue, 'cli');
    const refused = await awsCli(eventide.url, ['sns', 'publish', '--topic-arn', wiring.topicArn, '--message', '']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /\(InvalidParameter\).*Invalid parameter: Empty message/);
  });
});
