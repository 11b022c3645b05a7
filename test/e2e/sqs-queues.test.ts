/**
 * SQS queues end to end with the SDK v3 (json-1.0): create (idempotent, conflicting), look up, list with
 * pagination, attributes, tags, purge, delete, FIFO refused, and malformed requests answered with AWS's errors
 * without storing anything.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  type SQSClient,
  TagQueueCommand,
  UntagQueueCommand,
} from '@aws-sdk/client-sqs';
import { sqsClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { uniqueName } from './support/fixtures.js';
import { sdkError } from './support/sdk-errors.js';

const ACCOUNT = '000000000000';

let eventide: EventideProcess;
let sqs: SQSClient;

before(async () => {
  eventide = await startEventide();
  sqs = sqsClient(eventide.url);
});

after(async () => {
  sqs?.destroy();
  if (eventide !== undefined) await stopAndClean(eventide);
});

/** The error a call fails with: its json code (`name`), its query code (`code`), message and HTTP status. */
async function failure(call: Promise<unknown>): Promise<{ name: string; code: string | undefined; message: string; status: number | undefined }> {
  const { name, code, message, status } = await sdkError(call);
  return { name, code, message, status };
}

const createQueue = async (prefix: string, attributes?: Record<string, string>): Promise<string> => {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName(prefix), Attributes: attributes }));
  assert.ok(QueueUrl !== undefined);
  return QueueUrl;
};

const attributesOf = async (QueueUrl: string, names: string[] = ['All']) =>
  (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: names as never[] }))).Attributes ?? {};

const queueExists = async (name: string): Promise<boolean> =>
  sqs.send(new GetQueueUrlCommand({ QueueName: name })).then(
    () => true,
    () => false,
  );

describe('creating and finding queues', () => {
  test('CreateQueue answers the queue URL on Eventide; GetQueueUrl finds it; GetQueueAttributes reports defaults', async () => {
    const name = uniqueName('orders');
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
    assert.equal(QueueUrl, `${eventide.url}/${ACCOUNT}/${name}`);
    assert.equal((await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl, QueueUrl);
    const attributes = await attributesOf(QueueUrl);
    assert.equal(attributes.QueueArn, `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`);
    assert.deepEqual(
      { ...attributes, QueueArn: '', CreatedTimestamp: '', LastModifiedTimestamp: '' },
      {
        QueueArn: '',
        ApproximateNumberOfMessages: '0',
        ApproximateNumberOfMessagesNotVisible: '0',
        ApproximateNumberOfMessagesDelayed: '0',
        CreatedTimestamp: '',
        LastModifiedTimestamp: '',
        DelaySeconds: '0',
        MaximumMessageSize: '1048576',
        MessageRetentionPeriod: '345600',
        ReceiveMessageWaitTimeSeconds: '0',
        VisibilityTimeout: '30',
        SqsManagedSseEnabled: 'true',
      },
    );
    const created = Number(attributes.CreatedTimestamp);
    assert.ok(Math.abs(created - Date.now() / 1000) < 3600, 'CreatedTimestamp is in epoch seconds');
    assert.deepEqual(await attributesOf(QueueUrl, ['VisibilityTimeout', 'QueueArn']), { VisibilityTimeout: '30', QueueArn: attributes.QueueArn });
  });

  test('the same name with the same (or no) attributes is the same queue; a different value is QueueNameExists', async () => {
    const name = uniqueName('same');
    const first = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { DelaySeconds: '1', ReceiveMessageWaitTimeSeconds: '1' } }));
    const again = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { DelaySeconds: '1' } }));
    const bare = await sqs.send(new CreateQueueCommand({ QueueName: name }));
    assert.equal(again.QueueUrl, first.QueueUrl);
    assert.equal(bare.QueueUrl, first.QueueUrl);
    assert.deepEqual(await failure(sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { ReceiveMessageWaitTimeSeconds: '1', DelaySeconds: '2' } }))), {
      name: 'QueueNameExists',
      code: 'QueueAlreadyExists',
      message: 'A queue already exists with the same name and a different value for attribute DelaySeconds',
      status: 400,
    });
    assert.equal((await attributesOf(first.QueueUrl ?? '', ['DelaySeconds'])).DelaySeconds, '1');
  });

  test('a queue that does not exist: QueueDoesNotExist (AWS.SimpleQueueService.NonExistentQueue)', async () => {
    const expected = { name: 'QueueDoesNotExist', code: 'AWS.SimpleQueueService.NonExistentQueue', message: 'The specified queue does not exist.', status: 400 };
    assert.deepEqual(await failure(sqs.send(new GetQueueUrlCommand({ QueueName: uniqueName('nope') }))), expected);
    const url = `${eventide.url}/${ACCOUNT}/${uniqueName('nope')}`;
    assert.deepEqual(await failure(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' }))), expected);
    assert.deepEqual(await failure(sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }))), expected);
  });

  test('a queue URL with another host names the same queue', async () => {
    const name = uniqueName('anyhost');
    await sqs.send(new CreateQueueCommand({ QueueName: name }));
    const foreign = `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/${name}`;
    const client = sqsClient(eventide.url);
    try {
      await client.send(new SendMessageCommand({ QueueUrl: foreign, MessageBody: 'via another host' }));
      const { Messages } = await client.send(new ReceiveMessageCommand({ QueueUrl: foreign }));
      assert.equal(Messages?.[0]?.Body, 'via another host');
    } finally {
      client.destroy();
    }
  });

  test('ListQueues filters by prefix and pages with MaxResults and NextToken', async () => {
    const prefix = uniqueName('list');
    const names = ['c', 'a', 'b', 'd', 'e'].map((suffix) => `${prefix}-${suffix}`);
    for (const QueueName of names) await sqs.send(new CreateQueueCommand({ QueueName }));
    const urls = names.sort().map((name) => `${eventide.url}/${ACCOUNT}/${name}`);
    assert.deepEqual((await sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix }))).QueueUrls, urls);
    const first = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 2 }));
    assert.deepEqual(first.QueueUrls, urls.slice(0, 2));
    assert.ok(first.NextToken !== undefined);
    const second = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 2, NextToken: first.NextToken }));
    assert.deepEqual(second.QueueUrls, urls.slice(2, 4));
    const last = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 2, NextToken: second.NextToken }));
    assert.deepEqual(last.QueueUrls, urls.slice(4));
    assert.equal(last.NextToken, undefined);
    assert.equal((await sqs.send(new ListQueuesCommand({ QueueNamePrefix: uniqueName('none') }))).QueueUrls, undefined);
    assert.equal((await failure(sqs.send(new ListQueuesCommand({ MaxResults: 0 })))).code, 'InvalidParameterValue');
  });
});

describe('queue attributes and tags', () => {
  test('SetQueueAttributes changes values (LastModifiedTimestamp with them); a redrive policy can be set and removed', async () => {
    const dlq = await createQueue('attrs-dlq');
    const url = await createQueue('attrs');
    const dlqArn = (await attributesOf(dlq, ['QueueArn'])).QueueArn ?? '';
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { VisibilityTimeout: '69', MaximumMessageSize: '2048', DelaySeconds: '420' } }));
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: '4' }) } }));
    const attributes = await attributesOf(url);
    assert.equal(attributes.VisibilityTimeout, '69');
    assert.equal(attributes.MaximumMessageSize, '2048');
    assert.equal(attributes.DelaySeconds, '420');
    assert.deepEqual(JSON.parse(attributes.RedrivePolicy ?? ''), { deadLetterTargetArn: dlqArn, maxReceiveCount: 4 });
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { RedrivePolicy: '' } }));
    assert.equal((await attributesOf(url)).RedrivePolicy, undefined);
  });

  test('bad attribute names and values are refused and change nothing', async () => {
    const url = await createQueue('badattrs');
    const cases: { attributes: Record<string, string>; name: string; code: string; message: string }[] = [
      { attributes: { VisibilityTimeout: '43201' }, name: 'InvalidAttributeValue', code: 'InvalidAttributeValue', message: 'Invalid value for the parameter VisibilityTimeout.' },
      { attributes: { MaximumMessageSize: '1048577' }, name: 'InvalidAttributeValue', code: 'InvalidAttributeValue', message: 'Invalid value for the parameter MaximumMessageSize.' },
      { attributes: { Colour: 'blue' }, name: 'InvalidAttributeName', code: 'InvalidAttributeName', message: 'Unknown Attribute Colour.' },
      { attributes: { FifoQueue: 'true' }, name: 'InvalidParameterValue', code: 'InvalidParameterValue', message: '' },
      {
        attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:${uniqueName('missing')}`, maxReceiveCount: 3 }) },
        name: 'InvalidParameterValue',
        code: 'InvalidParameterValue',
        message: '',
      },
    ];
    for (const { attributes, name, code, message } of cases) {
      const error = await failure(sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { DelaySeconds: '5', ...attributes } })));
      assert.equal(error.name, name, JSON.stringify(attributes));
      assert.equal(error.code, code);
      if (message !== '') assert.equal(error.message, message);
    }
    const after = await attributesOf(url);
    assert.equal(after.DelaySeconds, '0');
    assert.equal(after.VisibilityTimeout, '30');
    assert.equal(after.RedrivePolicy, undefined);
    assert.deepEqual(await failure(sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['Colour' as never] }))), {
      name: 'InvalidAttributeName',
      code: 'InvalidAttributeName',
      message: 'Unknown Attribute Colour.',
      status: 400,
    });
  });

  test('a queue with a bad attribute is not created', async () => {
    const name = uniqueName('notcreated');
    const error = await failure(sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '99999' } })));
    assert.equal(error.code, 'InvalidAttributeValue');
    assert.equal(await queueExists(name), false);
  });

  test('TagQueue, UntagQueue and ListQueueTags; CreateQueue tags too', async () => {
    const name = uniqueName('tags');
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, tags: { team: 'core' } }));
    await sqs.send(new TagQueueCommand({ QueueUrl, Tags: { env: 'dev', cost: 'low' } }));
    await sqs.send(new UntagQueueCommand({ QueueUrl, TagKeys: ['cost'] }));
    assert.deepEqual((await sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags, { team: 'core', env: 'dev' });
  });
});

describe('purging, deleting, refusing', () => {
  test('PurgeQueue empties the queue; DeleteQueue removes it', async () => {
    const url = await createQueue('purge');
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'one' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'two' }));
    assert.equal((await attributesOf(url, ['ApproximateNumberOfMessages'])).ApproximateNumberOfMessages, '2');
    await sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    assert.equal((await attributesOf(url, ['ApproximateNumberOfMessages'])).ApproximateNumberOfMessages, '0');
    await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    assert.equal((await failure(sqs.send(new DeleteQueueCommand({ QueueUrl: url })))).name, 'QueueDoesNotExist');
    assert.equal(await queueExists(url.split('/').pop() ?? ''), false);
  });

  test('FIFO queues are refused with a plain message, by name or by attribute', async () => {
    for (const input of [{ QueueName: `${uniqueName('fifo')}.fifo` }, { QueueName: uniqueName('fifo'), Attributes: { FifoQueue: 'true' } }]) {
      const error = await failure(sqs.send(new CreateQueueCommand(input)));
      assert.equal(error.code, 'InvalidParameterValue');
      assert.match(error.message, /FIFO queues are not supported by Eventide yet/);
      assert.equal(await queueExists(input.QueueName), false);
    }
  });

  test('invalid queue names: InvalidParameterValue', async () => {
    for (const QueueName of ['has space', 'x'.repeat(81), '']) {
      const error = await failure(sqs.send(new CreateQueueCommand({ QueueName })));
      assert.equal(error.code, 'InvalidParameterValue');
      assert.equal(error.message, 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
    }
  });

  test('a missing QueueUrl: MissingParameter', async () => {
    assert.deepEqual(await failure(sqs.send(new SendMessageCommand({ MessageBody: 'x' } as never))), {
      name: 'MissingParameter',
      code: 'MissingParameter',
      message: 'The request must contain the parameter QueueUrl.',
      status: 400,
    });
  });

  test('a malformed json body: an AWS-shaped error, nothing stored', async () => {
    const name = uniqueName('malformed');
    const response = await fetch(`${eventide.url}/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'AmazonSQS.CreateQueue' },
      body: `{"QueueName": "${name}"`,
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { __type: string; message: string };
    assert.equal(body.__type, 'SerializationException');
    assert.match(response.headers.get('x-amzn-query-error') ?? '', /;Sender$/);
    assert.equal(await queueExists(name), false);
  });
});
