/**
 * The SNS core's fan-out with a recording QueueSender in place of SQS (the e2e tests use the real one): which
 * subscriptions get what, when a publish is answered, and what happens when a queue refuses a message.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, afterEach, beforeEach, describe, test } from 'node:test';

import type { QueueSender } from '../../../../../src/core/messaging/delivery-ports.js';
import type { MessageAttributes } from '../../../../../src/core/messaging/message-attributes.js';
import { NotificationUrls } from '../../../../../src/core/messaging/sns/publication.js';
import { Publisher } from '../../../../../src/core/messaging/sns/publisher.js';
import { SqsDelivery } from '../../../../../src/core/messaging/sns/sqs-delivery.js';
import { SubscriptionFilter } from '../../../../../src/core/messaging/sns/subscription-filter.js';
import { Subscriptions } from '../../../../../src/core/messaging/sns/subscriptions.js';
import { Topics } from '../../../../../src/core/messaging/sns/topics.js';
import { Clock } from '../../../../../src/lib/clock.js';
import { AwsError, serviceError } from '../../../../../src/lib/errors.js';
import { SILENT_LOGGER } from '../../../../../src/lib/logger.js';
import { SqliteStore } from '../../../../../src/store/sqlite/sqlite-store.js';

const scope = { region: 'us-east-1', accountId: '000000000000' };
const queue = (name: string) => `arn:aws:sqs:us-east-1:000000000000:${name}`;

interface Sent {
  queueArn: string;
  body: string;
  attributes: MessageAttributes;
}

/** Records what it is given; queues named in `missing` do not exist, a `failing` one throws a plain Error. */
class RecordingQueues implements QueueSender {
  readonly sent: Sent[] = [];
  missing = new Set<string>();
  failing: string | undefined;
  /** While set, sends wait for it; `reached` is called when a send starts waiting. */
  hold: { until: Promise<void>; reached: () => void } | undefined;

  async sendToQueue(queueArn: string, body: string, attributes: MessageAttributes): Promise<void> {
    if (this.missing.has(queueArn)) throw serviceError('QueueDoesNotExist', 400, 'The specified queue does not exist.');
    if (queueArn === this.failing) throw new Error('disk full');
    if (this.hold !== undefined) {
      this.hold.reached();
      await this.hold.until;
    }
    this.sent.push({ queueArn, body, attributes });
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'eventide-sns-core-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let store: SqliteStore;
let queues: RecordingQueues;
let topics: Topics;
let subscriptions: Subscriptions;
let publisher: Publisher;
let topicArn: string;
let counter = 0;

beforeEach(async () => {
  store = new SqliteStore(path.join(dir, `store-${++counter}.db`));
  queues = new RecordingQueues();
  topics = new Topics(store.topics, scope);
  subscriptions = new Subscriptions(store.topics, topics, scope);
  const sqs = new SqsDelivery(queues, new NotificationUrls('http://127.0.0.1:4566'), new SubscriptionFilter(), SILENT_LOGGER);
  publisher = new Publisher({ store: store.topics, topics, deliveries: { sqs }, clock: new Clock(), scope });
  topicArn = await topics.create('jobs', {}, []);
});

afterEach(async () => {
  await store.close();
});

const subscribe = (name: string, attributes: Record<string, string> = {}) =>
  subscriptions.subscribe({ topicArn, protocol: 'sqs', endpoint: queue(name), attributes });

const publish = (message: string, attributes: MessageAttributes = {}) =>
  publisher.publish({ topicArn, targetArn: undefined, phoneNumber: undefined }, { message, subject: undefined, messageStructure: undefined, attributes });

describe('fan-out', () => {
  test('every subscription gets its own copy: an envelope, or the raw message with its attributes', async () => {
    const enveloped = await subscribe('enveloped');
    await subscribe('raw', { RawMessageDelivery: 'true' });
    const attributes = { kind: { DataType: 'String', StringValue: 'a' } };
    const messageId = await publish('hello', attributes);
    const byQueue = new Map(queues.sent.map((sent) => [sent.queueArn, sent]));
    assert.equal(byQueue.size, 2);
    const envelope = JSON.parse(byQueue.get(queue('enveloped'))?.body ?? '') as Record<string, unknown>;
    assert.equal(envelope.MessageId, messageId);
    assert.equal(envelope.Message, 'hello');
    assert.equal(envelope.UnsubscribeURL, `http://127.0.0.1:4566/?Action=Unsubscribe&SubscriptionArn=${enveloped}`);
    assert.deepEqual(envelope.MessageAttributes, { kind: { Type: 'String', Value: 'a' } });
    assert.deepEqual(byQueue.get(queue('enveloped'))?.attributes, {});
    assert.deepEqual(byQueue.get(queue('raw')), { queueArn: queue('raw'), body: 'hello', attributes });
  });

  test('filter policies choose the subscriptions', async () => {
    await subscribe('red', { FilterPolicy: '{"color":["red"]}' });
    await subscribe('body', { FilterPolicy: '{"size":[{"numeric":[">",10]}]}', FilterPolicyScope: 'MessageBody', RawMessageDelivery: 'true' });
    await publish('{"size":11}', { color: { DataType: 'String', StringValue: 'blue' } });
    await publish('{"size":9}', { color: { DataType: 'String', StringValue: 'red' } });
    assert.deepEqual(
      queues.sent.map((sent) => sent.queueArn),
      [queue('body'), queue('red')],
    );
  });

  test('a publish is answered only once every delivery is done', async () => {
    await subscribe('slow');
    let release: () => void = () => undefined;
    let reached: () => void = () => undefined;
    const delivering = new Promise<void>((resolve) => (reached = resolve));
    queues.hold = { until: new Promise((resolve) => (release = resolve)), reached };
    let answered = false;
    const publishing = publish('wait for me').then(() => (answered = true));
    await delivering;
    assert.equal(answered, false);
    release();
    await publishing;
    assert.equal(answered, true);
    assert.equal(queues.sent.length, 1);
  });

  test('a queue that does not exist is skipped; its redrive queue gets the message; other subscribers still do', async () => {
    await subscribe('gone', { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: queue('dead-letters') }) });
    await subscribe('alive');
    queues.missing.add(queue('gone'));
    await publish('survives');
    assert.deepEqual(queues.sent.map((sent) => sent.queueArn).sort(), [queue('alive'), queue('dead-letters')]);
  });

  test('an unexpected failure fails the publish: the delivery is not known to be durable', async () => {
    await subscribe('broken');
    queues.failing = queue('broken');
    await assert.rejects(publish('lost?'), /disk full/);
  });
});

describe('publishToTopic (dead-letter queues, destinations)', () => {
  test('fans out like Publish, without a subject', async () => {
    await subscribe('dlq-watch');
    await publisher.publishToTopic(topicArn, '{"failed":true}', { ErrorCode: { DataType: 'Number', StringValue: '200' } });
    const envelope = JSON.parse(queues.sent[0]?.body ?? '') as Record<string, unknown>;
    assert.equal(envelope.Message, '{"failed":true}');
    assert.equal(envelope.Subject, undefined);
    assert.deepEqual(envelope.MessageAttributes, { ErrorCode: { Type: 'Number', Value: '200' } });
  });

  test('a topic that does not exist is an AwsError for the caller to handle', async () => {
    await assert.rejects(
      publisher.publishToTopic('arn:aws:sns:us-east-1:000000000000:missing', 'x', {}),
      (error: unknown) => error instanceof AwsError && error.code === 'NotFound',
    );
  });
});
