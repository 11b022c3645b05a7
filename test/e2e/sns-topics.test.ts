/**
 * SNS topics end to end with the SDK v3 and the AWS CLI: create (idempotent by name), attributes, tags, listing
 * with pagination, deletion, AWS's errors for bad input (with nothing stored), and topics surviving a restart.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  PublishCommand,
  SetTopicAttributesCommand,
  type SNSClient,
  SubscribeCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { awsCli, snsClient, sqsClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { uniqueName } from './support/fixtures.js';
import { expectError } from './support/sdk-errors.js';

const ACCOUNT = '000000000000';
const topicArn = (name: string) => `arn:aws:sns:us-east-1:${ACCOUNT}:${name}`;

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

const attributesOf = async (arn: string) => (await sns.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes ?? {};

async function allTopicArns(): Promise<string[]> {
  const arns: string[] = [];
  let token: string | undefined;
  do {
    const page = await sns.send(new ListTopicsCommand({ NextToken: token }));
    arns.push(...(page.Topics ?? []).map((topic) => topic.TopicArn ?? ''));
    token = page.NextToken;
  } while (token !== undefined);
  return arns;
}

describe('topics', () => {
  test('CreateTopic returns the ARN; GetTopicAttributes reports AWS defaults and what was set', async () => {
    const name = uniqueName('orders');
    const created = await sns.send(new CreateTopicCommand({ Name: name, Attributes: { DisplayName: 'Orders' } }));
    assert.equal(created.TopicArn, topicArn(name));
    const attributes = await attributesOf(topicArn(name));
    assert.deepEqual(Object.keys(attributes).sort(), [
      'DisplayName',
      'EffectiveDeliveryPolicy',
      'Owner',
      'Policy',
      'SubscriptionsConfirmed',
      'SubscriptionsDeleted',
      'SubscriptionsPending',
      'TopicArn',
    ]);
    assert.equal(attributes.TopicArn, topicArn(name));
    assert.equal(attributes.Owner, ACCOUNT);
    assert.equal(attributes.DisplayName, 'Orders');
    assert.equal(attributes.SubscriptionsConfirmed, '0');
    assert.deepEqual(JSON.parse(attributes.Policy ?? ''), {
      Version: '2008-10-17',
      Id: '__default_policy_ID',
      Statement: [
        {
          Sid: '__default_statement_ID',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: [
            'SNS:GetTopicAttributes',
            'SNS:SetTopicAttributes',
            'SNS:AddPermission',
            'SNS:RemovePermission',
            'SNS:DeleteTopic',
            'SNS:Subscribe',
            'SNS:ListSubscriptionsByTopic',
            'SNS:Publish',
          ],
          Resource: topicArn(name),
          Condition: { StringEquals: { 'AWS:SourceOwner': ACCOUNT } },
        },
      ],
    });
    assert.equal(JSON.parse(attributes.EffectiveDeliveryPolicy ?? '').http.defaultHealthyRetryPolicy.numRetries, 3);
  });

  test('CreateTopic is idempotent by name; different attributes or tags are refused', async () => {
    const name = uniqueName('idempotent');
    const first = await sns.send(new CreateTopicCommand({ Name: name, Attributes: { DisplayName: 'One' }, Tags: [{ Key: 'team', Value: 'core' }] }));
    for (const again of [{ Name: name }, { Name: name, Attributes: { DisplayName: 'One', FifoTopic: 'false' } }, { Name: name, Tags: [{ Key: 'team', Value: 'core' }] }]) {
      assert.equal((await sns.send(new CreateTopicCommand(again))).TopicArn, first.TopicArn);
    }
    await expectError(
      sns.send(new CreateTopicCommand({ Name: name, Attributes: { DisplayName: 'Two' } })),
      'InvalidParameterException',
      400,
      'Invalid parameter: Attributes Reason: Topic already exists with different attributes',
    );
    await expectError(
      sns.send(new CreateTopicCommand({ Name: name, Tags: [{ Key: 'team', Value: 'other' }] })),
      'InvalidParameterException',
      400,
      'Invalid parameter: Tags Reason: Topic already exists with different tags',
    );
    assert.equal((await attributesOf(first.TopicArn ?? '')).DisplayName, 'One');
  });

  test('SetTopicAttributes changes what GetTopicAttributes reports; FifoTopic cannot be set', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName('settable') }));
    await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'DisplayName', AttributeValue: 'Renamed' }));
    const delivery = { http: { defaultHealthyRetryPolicy: { numRetries: 5 } } };
    await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'DeliveryPolicy', AttributeValue: JSON.stringify(delivery) }));
    const attributes = await attributesOf(TopicArn ?? '');
    assert.equal(attributes.DisplayName, 'Renamed');
    assert.deepEqual(JSON.parse(attributes.DeliveryPolicy ?? ''), delivery);
    const effective = JSON.parse(attributes.EffectiveDeliveryPolicy ?? '');
    assert.equal(effective.http.defaultHealthyRetryPolicy.numRetries, 5);
    assert.equal(effective.http.defaultHealthyRetryPolicy.minDelayTarget, 20);
    await expectError(
      sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'FifoTopic', AttributeValue: 'false' })),
      'InvalidParameterException',
      400,
      'Invalid parameter: AttributeName',
    );
    await expectError(
      sns.send(new SetTopicAttributesCommand({ TopicArn: topicArn(uniqueName('missing')), AttributeName: 'DisplayName', AttributeValue: 'x' })),
      'NotFoundException',
      404,
      'Topic does not exist',
    );
  });

  test('tags: TagResource, ListTagsForResource, UntagResource; duplicate keys are refused', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName('tagged'), Tags: [{ Key: 'k1', Value: 'v1' }] }));
    await sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [{ Key: 'k2', Value: 'v2' }] }));
    const listed = await sns.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }));
    assert.deepEqual(listed.Tags, [
      { Key: 'k1', Value: 'v1' },
      { Key: 'k2', Value: 'v2' },
    ]);
    await sns.send(new UntagResourceCommand({ ResourceArn: TopicArn, TagKeys: ['k1'] }));
    await sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [{ Key: 'k2', Value: 'v2b' }] }));
    assert.deepEqual((await sns.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }))).Tags, [{ Key: 'k2', Value: 'v2b' }]);
    await expectError(
      sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [{ Key: 'k3', Value: 'a' }, { Key: 'k3', Value: 'b' }] })),
      'InvalidParameterException',
      400,
      'Invalid parameter: Duplicated keys are not allowed.',
    );
    await expectError(
      sns.send(new ListTagsForResourceCommand({ ResourceArn: topicArn(uniqueName('missing')) })),
      'ResourceNotFoundException',
      404,
      'Resource does not exist',
    );
    assert.deepEqual((await sns.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }))).Tags, [{ Key: 'k2', Value: 'v2b' }]);
  });

  test('ListTopics pages 100 at a time; DeleteTopic removes a topic and succeeds for a missing one', async () => {
    const prefix = uniqueName('page');
    const names = Array.from({ length: 105 }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);
    await Promise.all(names.map((name) => sns.send(new CreateTopicCommand({ Name: name }))));
    const first = await sns.send(new ListTopicsCommand({}));
    assert.equal(first.Topics?.length, 100);
    assert.notEqual(first.NextToken, undefined);
    const listed = await allTopicArns();
    assert.equal(new Set(listed).size, listed.length, 'no topic is listed twice');
    for (const name of names) assert.ok(listed.includes(topicArn(name)), `${name} is listed`);

    await sns.send(new DeleteTopicCommand({ TopicArn: topicArn(names[0] ?? '') }));
    await sns.send(new DeleteTopicCommand({ TopicArn: topicArn(names[0] ?? '') }));
    assert.ok(!(await allTopicArns()).includes(topicArn(names[0] ?? '')));
    await expectError(sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn(names[0] ?? '') })), 'NotFoundException', 404, 'Topic does not exist');
  });

  test('malformed input gets AWS-shaped errors and stores nothing', async () => {
    const before = await allTopicArns();
    for (const name of ['', 'a'.repeat(257), 'bad name', 'bad:name', 'orders.fifo']) {
      await expectError(sns.send(new CreateTopicCommand({ Name: name })), 'InvalidParameterException', 400, 'Invalid parameter: Topic Name');
    }
    await expectError(
      sns.send(new CreateTopicCommand({ Name: 'plain', Attributes: { FifoTopic: 'true' } })),
      'InvalidParameterException',
      400,
      'Invalid parameter: Topic Name',
    );
    await expectError(
      sns.send(new CreateTopicCommand({ Name: 'orders.fifo', Attributes: { FifoTopic: 'true' } })),
      'InvalidParameterException',
      400,
      /FIFO topics are not supported by Eventide yet/,
    );
    await expectError(
      sns.send(new CreateTopicCommand({ Name: uniqueName('bad-attribute'), Attributes: { Policy: '{not json' } })),
      'InvalidParameterException',
      400,
      'Invalid parameter: Attributes Reason: Policy: failed to parse JSON.',
    );
    await expectError(
      sns.send(new GetTopicAttributesCommand({ TopicArn: 'randomstring' })),
      'InvalidParameterException',
      400,
      'Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1',
    );
    await expectError(
      sns.send(new GetTopicAttributesCommand({ TopicArn: 'arn:aws:sns:eu-west-1:000000000000:elsewhere' })),
      'InvalidParameterException',
      400,
      'Invalid parameter: TopicArn',
    );
    await expectError(sns.send(new ListTopicsCommand({ NextToken: 'garbage' })), 'InvalidParameterException', 400, 'Invalid parameter: NextToken');
    assert.deepEqual(await allTopicArns(), before);
  });

  test('the AWS CLI creates, lists, describes and deletes topics, and shows errors', async () => {
    const name = uniqueName('cli');
    const created = await awsCli(eventide.url, ['sns', 'create-topic', '--name', name, '--attributes', 'DisplayName=Cli']);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(JSON.parse(created.stdout).TopicArn, topicArn(name));
    const attributes = await awsCli(eventide.url, ['sns', 'get-topic-attributes', '--topic-arn', topicArn(name)]);
    assert.equal(JSON.parse(attributes.stdout).Attributes.DisplayName, 'Cli');
    const listed = await awsCli(eventide.url, ['sns', 'list-topics']);
    assert.ok((JSON.parse(listed.stdout).Topics as { TopicArn: string }[]).some((topic) => topic.TopicArn === topicArn(name)));
    assert.equal((await awsCli(eventide.url, ['sns', 'delete-topic', '--topic-arn', topicArn(name)])).code, 0);
    const missing = await awsCli(eventide.url, ['sns', 'get-topic-attributes', '--topic-arn', topicArn(name)]);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /\(NotFound\) when calling the GetTopicAttributes operation.*: Topic does not exist/);
  });
});

describe('restart', () => {
  test('topics, their attributes, tags and subscriptions survive a restart, and deliveries go on', async () => {
    const queueArn = `arn:aws:sqs:us-east-1:${ACCOUNT}:durable-queue`;
    const first = await startEventide();
    let topic: string | undefined;
    let subscription: string | undefined;
    try {
      const client = snsClient(first.url);
      const queues = sqsClient(first.url);
      topic = (await client.send(new CreateTopicCommand({ Name: uniqueName('durable'), Attributes: { DisplayName: 'Durable' }, Tags: [{ Key: 'keep', Value: 'me' }] })))
        .TopicArn;
      await queues.send(new CreateQueueCommand({ QueueName: 'durable-queue' }));
      subscription = (await client.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'sqs', Endpoint: queueArn, Attributes: { RawMessageDelivery: 'true' } })))
        .SubscriptionArn;
      client.destroy();
      queues.destroy();
    } finally {
      await first.stop();
    }

    const second = await startEventide({ dataDir: first.dataDir });
    const client = snsClient(second.url);
    const queues = sqsClient(second.url);
    try {
      const attributes = (await client.send(new GetTopicAttributesCommand({ TopicArn: topic }))).Attributes ?? {};
      assert.equal(attributes.DisplayName, 'Durable');
      assert.equal(attributes.SubscriptionsConfirmed, '1');
      assert.deepEqual((await client.send(new ListTagsForResourceCommand({ ResourceArn: topic }))).Tags, [{ Key: 'keep', Value: 'me' }]);
      const again = await client.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'sqs', Endpoint: queueArn, Attributes: { RawMessageDelivery: 'true' } }));
      assert.equal(again.SubscriptionArn, subscription);
      await client.send(new PublishCommand({ TopicArn: topic, Message: 'after the restart' }));
      const { QueueUrl } = await queues.send(new GetQueueUrlCommand({ QueueName: 'durable-queue' }));
      const received = await queues.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
      assert.deepEqual(received.Messages?.map((message) => message.Body), ['after the restart']);
    } finally {
      client.destroy();
      queues.destroy();
      await stopAndClean(second);
    }
  });
});
