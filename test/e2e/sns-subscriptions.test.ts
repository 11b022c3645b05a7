/**
 * SNS subscriptions end to end with the SDK v3 and the AWS CLI: subscribing SQS queues (idempotently), the
 * attributes AWS reports, filter policy validation, listing with pagination, unsubscribing, and the errors for
 * protocols and endpoints Eventide does not deliver to.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand,
  SetSubscriptionAttributesCommand,
  type SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { awsCli, snsClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { uniqueName } from './support/fixtures.js';
import { expectError } from './support/sdk-errors.js';

const ACCOUNT = '000000000000';
const queueArn = (name: string) => `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`;

let eventide: EventideProcess;
let sns: SNSClient;

before(async () => {
  eventide = await startEventide();
  sns = snsClient(eventide.url);
});

after(async () => {
  sns?.destroy();
  if (eventide !== undefined) await stopAndClean(eventide);
});

const invalid = (call: Promise<unknown>, message: string | RegExp) => expectError(call, 'InvalidParameterException', 400, message);

const newTopic = async (prefix = 'topic'): Promise<string> => (await sns.send(new CreateTopicCommand({ Name: uniqueName(prefix) }))).TopicArn ?? '';

const subscribe = (TopicArn: string, endpoint: string, Attributes?: Record<string, string>) =>
  sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: endpoint, Attributes, ReturnSubscriptionArn: true }));

const attributesOf = async (arn: string) => (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }))).Attributes ?? {};

const setAttribute = (arn: string, name: string, value: string) =>
  sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: arn, AttributeName: name, AttributeValue: value }));

const subscriptionArnsOf = async (TopicArn: string) =>
  ((await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }))).Subscriptions ?? []).map((subscription) => subscription.SubscriptionArn);

describe('subscribing', () => {
  test('an SQS queue subscribes by ARN; the subscription is confirmed at once and reports AWS attributes', async () => {
    const topic = await newTopic();
    const endpoint = queueArn(uniqueName('queue'));
    const { SubscriptionArn } = await subscribe(topic, endpoint);
    assert.match(SubscriptionArn ?? '', new RegExp(`^${topic}:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`));
    assert.deepEqual(await attributesOf(SubscriptionArn ?? ''), {
      ConfirmationWasAuthenticated: 'true',
      Endpoint: endpoint,
      Owner: ACCOUNT,
      PendingConfirmation: 'false',
      Protocol: 'sqs',
      RawMessageDelivery: 'false',
      SubscriptionArn,
      SubscriptionPrincipal: `arn:aws:iam::${ACCOUNT}:root`,
      TopicArn: topic,
    });
    const listed = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic }));
    assert.deepEqual(listed.Subscriptions, [{ SubscriptionArn, Owner: ACCOUNT, Protocol: 'sqs', Endpoint: endpoint, TopicArn: topic }]);
    const all = (await sns.send(new ListSubscriptionsCommand({}))).Subscriptions ?? [];
    assert.ok(all.some((subscription) => subscription.SubscriptionArn === SubscriptionArn));
  });

  test('subscribing again returns the same subscription unless the attributes differ', async () => {
    const topic = await newTopic();
    const endpoint = queueArn(uniqueName('queue'));
    const { SubscriptionArn } = await subscribe(topic, endpoint, { RawMessageDelivery: 'True' });
    assert.equal((await attributesOf(SubscriptionArn ?? '')).RawMessageDelivery, 'true');
    const repeats: (Record<string, string> | undefined)[] = [{ RawMessageDelivery: 'true' }, { RawMessageDelivery: 'true', FilterPolicyScope: 'MessageAttributes' }, undefined, {}];
    for (const attributes of repeats) {
      assert.equal((await subscribe(topic, endpoint, attributes)).SubscriptionArn, SubscriptionArn);
    }
    await invalid(
      subscribe(topic, endpoint, { RawMessageDelivery: 'false', FilterPolicyScope: 'MessageBody' }),
      'Invalid parameter: Attributes Reason: Subscription already exists with different attributes',
    );
    assert.deepEqual(await subscriptionArnsOf(topic), [SubscriptionArn]);
  });

  test('a queue that does not exist can be subscribed, as on AWS', async () => {
    const topic = await newTopic();
    const { SubscriptionArn } = await subscribe(topic, queueArn(uniqueName('not-created')));
    assert.ok(SubscriptionArn?.startsWith(`${topic}:`));
  });

  test('protocols and endpoints Eventide does not deliver to are refused, and nothing is stored', async () => {
    const topic = await newTopic();
    const subscribeWith = (Protocol: string, Endpoint: string) => sns.send(new SubscribeCommand({ TopicArn: topic, Protocol, Endpoint }));
    await invalid(subscribeWith('test-protocol', 'x'), 'Invalid parameter: Amazon SNS does not support this protocol string: test-protocol');
    for (const endpoint of ['f', `arn:aws:lambda:us-east-1:${ACCOUNT}:f`, `arn:aws:sqs:us-east-1:${ACCOUNT}:function:f`, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:`]) {
      await invalid(subscribeWith('lambda', endpoint), 'Invalid parameter: Lambda endpoint ARN');
    }
    for (const [protocol, endpoint] of [['http', 'http://example.com'], ['https', 'https://example.com'], ['email', 'a@example.com'], ['sms', '+15555550100']]) {
      await invalid(subscribeWith(protocol as string, endpoint as string), `Invalid parameter: Protocol Reason: Eventide delivers to sqs and lambda subscriptions only; ${protocol} is not supported`);
    }
    await invalid(subscribeWith('sqs', `${eventide.url}/${ACCOUNT}/queue`), 'Invalid parameter: SQS endpoint ARN');
    await invalid(
      subscribeWith('sqs', queueArn('jobs.fifo')),
      'Invalid parameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics',
    );
    await expectError(
      sns.send(new SubscribeCommand({ TopicArn: `${topic}-missing`, Protocol: 'sqs', Endpoint: queueArn('q') })),
      'NotFoundException',
      404,
      'Topic does not exist',
    );
    await invalid(
      sns.send(new SubscribeCommand({ TopicArn: 'arn:aws:sns:us-east-1:random', Protocol: 'sqs', Endpoint: queueArn('q') })),
      'Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 5',
    );
    assert.deepEqual(await subscriptionArnsOf(topic), []);
  });

  test('invalid attributes on Subscribe are refused with AWS messages, and nothing is stored', async () => {
    const topic = await newTopic();
    const endpoint = queueArn(uniqueName('queue'));
    await invalid(
      subscribe(topic, endpoint, { RawMessageDelivery: 'wrongvalue' }),
      'Invalid parameter: Attributes Reason: RawMessageDelivery: Invalid value [wrongvalue]. Must be true or false.',
    );
    await invalid(subscribe(topic, endpoint, { FilterPolicy: '{"key":[]}' }), 'Invalid parameter: Attributes Reason: FilterPolicy: Empty arrays are not allowed');
    await invalid(subscribe(topic, endpoint, { FilterPolicy: 'invalid' }), /^Invalid parameter: Attributes Reason: FilterPolicy: failed to parse JSON\./);
    await invalid(
      subscribe(topic, endpoint, { FilterPolicy: '{"object":{"key":["a"]}}' }),
      'Invalid parameter: Attributes Reason: Filter policy scope MessageAttributes does not support nested filter policy',
    );
    await invalid(subscribe(topic, endpoint, { Unknown: 'x' }), 'Invalid parameter: Attributes Reason: AttributeName');
    assert.deepEqual(await subscriptionArnsOf(topic), []);
    // The same nested policy is fine for body filtering.
    const { SubscriptionArn } = await subscribe(topic, endpoint, { FilterPolicy: '{"object":{"key":["a"]}}', FilterPolicyScope: 'MessageBody' });
    assert.equal((await attributesOf(SubscriptionArn ?? '')).FilterPolicyScope, 'MessageBody');
  });
});

describe('subscription attributes', () => {
  test('SetSubscriptionAttributes: raw delivery, filter policy and its scope, as AWS reports them', async () => {
    const { SubscriptionArn = '' } = await subscribe(await newTopic(), queueArn(uniqueName('queue')));
    await setAttribute(SubscriptionArn, 'RawMessageDelivery', 'TRUE');
    await setAttribute(SubscriptionArn, 'FilterPolicyScope', 'MessageBody');
    let attributes = await attributesOf(SubscriptionArn);
    assert.equal(attributes.RawMessageDelivery, 'true');
    assert.equal(attributes.FilterPolicyScope, undefined, 'the scope shows only with a filter policy');
    const policy = JSON.stringify({ attr: ['match-this'] });
    await setAttribute(SubscriptionArn, 'FilterPolicy', policy);
    attributes = await attributesOf(SubscriptionArn);
    assert.equal(attributes.FilterPolicy, policy);
    assert.equal(attributes.FilterPolicyScope, 'MessageBody');
    await setAttribute(SubscriptionArn, 'FilterPolicy', '');
    attributes = await attributesOf(SubscriptionArn);
    assert.equal(attributes.FilterPolicy, undefined);
    assert.equal(attributes.FilterPolicyScope, undefined);
  });

  test('bad attribute values are refused with AWS messages and change nothing', async () => {
    const { SubscriptionArn = '' } = await subscribe(await newTopic(), queueArn(uniqueName('queue')));
    await setAttribute(SubscriptionArn, 'FilterPolicyScope', 'MessageBody');
    await setAttribute(SubscriptionArn, 'FilterPolicy', '{"object":{"key":[{"prefix":"auto-"}]}}');
    const before = await attributesOf(SubscriptionArn);
    await invalid(setAttribute(SubscriptionArn, 'Fake', 'x'), 'Invalid parameter: AttributeName');
    await invalid(setAttribute(SubscriptionArn, 'RawMessageDelivery', 'test-ValUe'), 'Invalid parameter: RawMessageDelivery: Invalid value [test-ValUe]. Must be true or false.');
    await invalid(setAttribute(SubscriptionArn, 'RawMessageDelivery', ''), 'Invalid parameter: RawMessageDelivery: Invalid value []. Must be true or false.');
    await invalid(
      setAttribute(SubscriptionArn, 'FilterPolicyScope', 'RandomValue'),
      'Invalid parameter: FilterPolicyScope: Invalid value [RandomValue]. Please use either MessageBody or MessageAttributes',
    );
    await invalid(
      setAttribute(SubscriptionArn, 'FilterPolicyScope', 'MessageAttributes'),
      'Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy',
    );
    await invalid(setAttribute(SubscriptionArn, 'FilterPolicy', '{"key":[{"numeric":[">",3,"<",1]}]}'), 'Invalid parameter: FilterPolicy: Bottom must be less than top');
    await invalid(
      setAttribute(SubscriptionArn, 'FilterPolicy', JSON.stringify({ k1: ['1'], k2: ['2'], k3: ['3'], k4: ['4'], k5: ['5'], k6: ['6'] })),
      'Invalid parameter: FilterPolicy: Filter policy can not have more than 5 keys',
    );
    await invalid(
      setAttribute(SubscriptionArn, 'RedrivePolicy', JSON.stringify({ deadLetterTargetArn: 'not-an-arn' })),
      'Invalid parameter: RedrivePolicy: deadLetterTargetArn is an invalid arn',
    );
    assert.deepEqual(await attributesOf(SubscriptionArn), before);
  });

  test('missing and malformed subscription ARNs', async () => {
    const missing = `arn:aws:sns:us-east-1:${ACCOUNT}:topic:0f7d5971-aa8b-4bd5-b585-0826e9f93a66`;
    await expectError(sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: missing })), 'NotFoundException', 404, 'Subscription does not exist');
    await expectError(setAttribute(missing, 'RawMessageDelivery', 'true'), 'NotFoundException', 404, 'Subscription does not exist');
    await invalid(
      sns.send(new UnsubscribeCommand({ SubscriptionArn: 'randomstring' })),
      'Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1',
    );
    await invalid(sns.send(new UnsubscribeCommand({ SubscriptionArn: `arn:aws:sns:us-east-1:${ACCOUNT}:random` })), 'Invalid parameter: SubscriptionId');
  });
});

describe('listing and unsubscribing', () => {
  test('ListSubscriptionsByTopic pages 100 at a time', async () => {
    const topic = await newTopic('many');
    const arns: string[] = [];
    for (let i = 0; i < 101; i++) arns.push((await subscribe(topic, queueArn(`many-${i}`))).SubscriptionArn ?? '');
    const first = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic }));
    assert.equal(first.Subscriptions?.length, 100);
    assert.notEqual(first.NextToken, undefined);
    const second = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic, NextToken: first.NextToken }));
    assert.equal(second.NextToken, undefined);
    assert.deepEqual([...(first.Subscriptions ?? []), ...(second.Subscriptions ?? [])].map((subscription) => subscription.SubscriptionArn), arns);
    await invalid(sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic, NextToken: 'garbage' })), 'Invalid parameter: NextToken');
  });

  test('Unsubscribe removes the subscription and succeeds again; deleting a topic removes its subscriptions', async () => {
    const topic = await newTopic();
    const kept = (await subscribe(topic, queueArn(uniqueName('kept')))).SubscriptionArn ?? '';
    const removed = (await subscribe(topic, queueArn(uniqueName('removed')))).SubscriptionArn ?? '';
    await sns.send(new UnsubscribeCommand({ SubscriptionArn: removed }));
    await sns.send(new UnsubscribeCommand({ SubscriptionArn: removed }));
    assert.deepEqual(await subscriptionArnsOf(topic), [kept]);
    await expectError(sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: removed })), 'NotFoundException', 404, 'Subscription does not exist');
    await sns.send(new DeleteTopicCommand({ TopicArn: topic }));
    const all = (await sns.send(new ListSubscriptionsCommand({}))).Subscriptions ?? [];
    assert.ok(!all.some((subscription) => subscription.TopicArn === topic));
    await expectError(sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic })), 'NotFoundException', 404, 'Topic does not exist');
  });

  test('the AWS CLI subscribes, lists, sets attributes and unsubscribes', async () => {
    const topic = await newTopic('cli');
    const endpoint = queueArn(uniqueName('cli-queue'));
    const subscribed = await awsCli(eventide.url, ['sns', 'subscribe', '--topic-arn', topic, '--protocol', 'sqs', '--notification-endpoint', endpoint]);
    assert.equal(subscribed.code, 0, subscribed.stderr);
    const arn = JSON.parse(subscribed.stdout).SubscriptionArn as string;
    const set = await awsCli(eventide.url, [
      'sns',
      'set-subscription-attributes',
      '--subscription-arn',
      arn,
      '--attribute-name',
      'FilterPolicy',
      '--attribute-value',
      '{"color":["red"]}',
    ]);
    assert.equal(set.code, 0, set.stderr);
    const attributes = JSON.parse((await awsCli(eventide.url, ['sns', 'get-subscription-attributes', '--subscription-arn', arn])).stdout).Attributes;
    assert.equal(attributes.FilterPolicy, '{"color":["red"]}');
    assert.equal(attributes.FilterPolicyScope, 'MessageAttributes');
    const listed = JSON.parse((await awsCli(eventide.url, ['sns', 'list-subscriptions-by-topic', '--topic-arn', topic])).stdout);
    assert.deepEqual(listed.Subscriptions, [{ SubscriptionArn: arn, Owner: ACCOUNT, Protocol: 'sqs', Endpoint: endpoint, TopicArn: topic }]);
    assert.equal((await awsCli(eventide.url, ['sns', 'unsubscribe', '--subscription-arn', arn])).code, 0);
    assert.deepEqual(await subscriptionArnsOf(topic), []);
    const refused = await awsCli(eventide.url, ['sns', 'subscribe', '--topic-arn', topic, '--protocol', 'lambda', '--notification-endpoint', 'x']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /\(InvalidParameter\).*Invalid parameter: Lambda endpoint ARN/);
  });
});
