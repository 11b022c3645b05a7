/**
 * SQS messages end to end with the SDK v3 (json-1.0; it checks MD5OfMessageBody on every send and receive):
 * attributes and their MD5, long polling woken by a send, visibility timeouts, delays, batches with partial
 * failures, receipt handles, and redrive to a dead-letter queue.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { sqsClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { uniqueName } from './support/fixtures.js';
import { sdkError } from './support/sdk-errors.js';

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

/** The error a call fails with: its json code (`name`), its query code (`code`) and message. */
async function failure(call: Promise<unknown>): Promise<{ name: string; code: string | undefined; message: string }> {
  const { name, code, message } = await sdkError(call);
  return { name, code, message };
}

const createQueue = async (prefix: string, attributes?: Record<string, string>): Promise<string> => {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName(prefix), Attributes: attributes }));
  assert.ok(QueueUrl !== undefined);
  return QueueUrl;
};

const receive = async (QueueUrl: string, options: { WaitTimeSeconds?: number; VisibilityTimeout?: number; MaxNumberOfMessages?: number } = {}): Promise<Message[]> =>
  (await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 0, ...options }))).Messages ?? [];

const counts = async (QueueUrl: string) => {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
    }),
  );
  return {
    visible: Number(Attributes?.ApproximateNumberOfMessages),
    inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible),
    delayed: Number(Attributes?.ApproximateNumberOfMessagesDelayed),
  };
};

describe('sending and receiving', () => {
  test('a message goes out with its attributes and MD5s; a receive selects attributes by name', async () => {
    const url = await createQueue('attrs');
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'msg',
        MessageAttributes: {
          General: { DataType: 'String', StringValue: 'Kenobi' },
          Hello: { DataType: 'String', StringValue: 'There' },
          'Help.Me': { DataType: 'String', StringValue: 'Me' },
        },
      }),
    );
    // The digests SQS gives for this very message (validated against AWS).
    assert.equal(sent.MD5OfMessageBody, '6e2baaf3b97dbeef01c0043275f9a0e7');
    assert.equal(sent.MD5OfMessageAttributes, '4c360f3fdafd970e05fae2f149d997f5');
    const [all] = await receive(url, { VisibilityTimeout: 0 });
    assert.equal(all?.MessageAttributes, undefined, 'no attribute names, no attributes');
    const selected = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 0, MessageAttributeNames: ['Hel.*'], MessageSystemAttributeNames: ['All'] }));
    const [message] = selected.Messages ?? [];
    assert.equal(message?.MessageId, sent.MessageId);
    assert.equal(message?.MD5OfBody, '6e2baaf3b97dbeef01c0043275f9a0e7');
    assert.deepEqual(Object.keys(message?.MessageAttributes ?? {}).sort(), ['Hello', 'Help.Me']);
    assert.equal(message?.MD5OfMessageAttributes, '83fee93c1bcd8b9a5a923ffacdc636c7');
    assert.deepEqual(Object.keys(message?.Attributes ?? {}).sort(), ['ApproximateFirstReceiveTimestamp', 'ApproximateReceiveCount', 'SenderId', 'SentTimestamp']);
    assert.equal(message?.Attributes?.ApproximateReceiveCount, '2');
  });

  test('binary and number attributes come back as sent', async () => {
    const url = await createQueue('binary');
    const attributes = {
      blob: { DataType: 'Binary', BinaryValue: Uint8Array.from([0, 1, 2, 255]) },
      count: { DataType: 'Number.int', StringValue: '42' },
    };
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'bytes', MessageAttributes: attributes }));
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageAttributeNames: ['All'] }));
    const received = Messages?.[0]?.MessageAttributes;
    assert.deepEqual([...(received?.blob?.BinaryValue ?? [])], [0, 1, 2, 255]);
    assert.deepEqual(received?.count, { DataType: 'Number.int', StringValue: '42' });
    assert.equal(Messages?.[0]?.MD5OfMessageAttributes, sent.MD5OfMessageAttributes);
  });

  test('a long poll returns as soon as a message is sent during the wait', async () => {
    const url = await createQueue('longpoll');
    const started = Date.now();
    const waiting = receive(url, { WaitTimeSeconds: 20 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'wake up' }));
    const messages = await waiting;
    assert.equal(messages[0]?.Body, 'wake up');
    assert.ok(Date.now() - started < 15_000, 'the receive did not sit out its 20 s wait');
  });

  test('an empty queue answers a short poll with no messages', async () => {
    const url = await createQueue('empty');
    assert.deepEqual(await receive(url), []);
  });

  test('the visibility timeout hides a received message, then it comes back with a higher receive count', async () => {
    const url = await createQueue('visibility');
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'again' }));
    const [first] = await receive(url, { VisibilityTimeout: 1 });
    assert.equal(first?.Body, 'again');
    assert.deepEqual(await receive(url), [], 'hidden while its visibility timeout runs');
    assert.deepEqual(await counts(url), { visible: 0, inFlight: 1, delayed: 0 });
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 10, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    assert.equal(Messages?.[0]?.MessageId, first?.MessageId);
    assert.equal(Messages?.[0]?.Attributes?.ApproximateReceiveCount, '2');
  });

  test('DelaySeconds keeps a message back; the queue counts it as delayed', async () => {
    const url = await createQueue('delay');
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'later', DelaySeconds: 1 }));
    assert.deepEqual(await receive(url), []);
    assert.deepEqual(await counts(url), { visible: 0, inFlight: 0, delayed: 1 });
    const messages = await receive(url, { WaitTimeSeconds: 10 });
    assert.equal(messages[0]?.Body, 'later');
  });

  test('a queue-wide DelaySeconds applies to messages sent without one', async () => {
    const url = await createQueue('queuedelay', { DelaySeconds: '1' });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'queue delay' }));
    assert.equal((await counts(url)).delayed, 1);
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'no delay', DelaySeconds: 0 }));
    assert.equal((await receive(url))[0]?.Body, 'no delay');
  });

  test('receives up to MaxNumberOfMessages at once', async () => {
    const url = await createQueue('many');
    for (let i = 0; i < 5; i++) await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: `m${i}` }));
    const messages = await receive(url, { MaxNumberOfMessages: 3 });
    assert.equal(messages.length, 3);
    assert.equal(new Set(messages.map((message) => message.MessageId)).size, 3);
    assert.equal((await receive(url, { MaxNumberOfMessages: 10 })).length, 2);
  });

  test('bad send and receive parameters are refused in SQS words, and nothing is stored', async () => {
    const url = await createQueue('badparams');
    const cases: { call: () => Promise<unknown>; code: string; message: string | RegExp }[] = [
      {
        call: () => sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 11 })),
        code: 'InvalidParameterValue',
        message: 'Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.',
      },
      {
        call: () => sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 21 })),
        code: 'InvalidParameterValue',
        message: 'Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.',
      },
      {
        call: () => sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', DelaySeconds: 901 })),
        code: 'InvalidParameterValue',
        message: 'Value 901 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.',
      },
      { call: () => sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: '' })), code: 'MissingParameter', message: 'The request must contain the parameter MessageBody.' },
      { call: () => sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'bad \u0000 character' })), code: 'InvalidMessageContents', message: /^Invalid binary character '#x0'/ },
      {
        call: () => sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageAttributes: { ErrorDetails: { DataType: 'String', StringValue: '' } } })),
        code: 'InvalidParameterValue',
        message: "Message (user) attribute 'ErrorDetails' must contain a non-empty value of type 'String'.",
      },
      {
        call: () => sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(1_048_577) })),
        code: 'InvalidParameterValue',
        message: 'One or more parameters are invalid. Reason: Message must be shorter than 1048576 bytes.',
      },
    ];
    for (const { call, code, message } of cases) {
      // One at a time: a request started early could fail before anyone awaits it.
      const error = await failure(call());
      assert.equal(error.code, code);
      if (typeof message === 'string') assert.equal(error.message, message);
      else assert.match(error.message, message);
    }
    assert.deepEqual(await counts(url), { visible: 0, inFlight: 0, delayed: 0 });
  });

  test('a message of exactly MaximumMessageSize is accepted; one byte more is not', async () => {
    const url = await createQueue('maxsize', { MaximumMessageSize: '1024' });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'a'.repeat(1024) }));
    const error = await failure(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'a'.repeat(1000), MessageAttributes: { k: { DataType: 'String', StringValue: 'v'.repeat(20) } } })));
    assert.equal(error.message, 'One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.');
  });
});

describe('batches', () => {
  test('SendMessageBatch: valid entries are sent, invalid ones fail on their own', async () => {
    const url = await createQueue('batch', { MaximumMessageSize: '1024' });
    const result = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'ok-1', MessageBody: 'first' },
          { Id: 'bad-chars', MessageBody: 'bell \u0007' },
          { Id: 'too-late', MessageBody: 'x', DelaySeconds: 1000 },
          { Id: 'too-big', MessageBody: 'x'.repeat(1025) },
          { Id: 'ok-2', MessageBody: 'second', MessageAttributes: { Foo: { DataType: 'String', StringValue: 'Bar' } } },
        ],
      }),
    );
    assert.deepEqual(result.Successful?.map((entry) => entry.Id), ['ok-1', 'ok-2']);
    assert.equal(result.Successful?.[1]?.MD5OfMessageAttributes, 'ae7155c6026991b6d54b11589678bf9c');
    assert.deepEqual(
      result.Failed?.map(({ Id, Code, SenderFault }) => ({ Id, Code, SenderFault })),
      [
        { Id: 'bad-chars', Code: 'InvalidMessageContents', SenderFault: true },
        { Id: 'too-late', Code: 'InvalidParameterValue', SenderFault: true },
        { Id: 'too-big', Code: 'InvalidParameterValue', SenderFault: true },
      ],
    );
    assert.equal(result.Failed?.[2]?.Message, 'One or more parameters cannot be validated. Reason: Message must be shorter than 1024 bytes.');
    const bodies = (await receive(url, { MaxNumberOfMessages: 10 })).map((message) => message.Body).sort();
    assert.deepEqual(bodies, ['first', 'second']);
  });

  test('whole-batch errors: empty, too many, repeated or malformed ids, too long', async () => {
    const url = await createQueue('batcherrors');
    const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ Id: `e${i}`, MessageBody: 'x' }));
    const cases = [
      { Entries: [], name: 'EmptyBatchRequest', code: 'AWS.SimpleQueueService.EmptyBatchRequest', message: 'There should be at least one SendMessageBatchRequestEntry in the request.' },
      { Entries: entries(11), name: 'TooManyEntriesInBatchRequest', code: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest', message: 'Maximum number of entries per request are 10. You have sent 11.' },
      { Entries: [{ Id: 'a', MessageBody: 'x' }, { Id: 'a', MessageBody: 'y' }], name: 'BatchEntryIdsNotDistinct', code: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct', message: 'Id a repeated.' },
      {
        Entries: [{ Id: 'not valid!', MessageBody: 'x' }],
        name: 'InvalidBatchEntryId',
        code: 'AWS.SimpleQueueService.InvalidBatchEntryId',
        message: 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
      },
      {
        Entries: [{ Id: 'a', MessageBody: 'x'.repeat(600_000) }, { Id: 'b', MessageBody: 'x'.repeat(448_577) }],
        name: 'BatchRequestTooLong',
        code: 'AWS.SimpleQueueService.BatchRequestTooLong',
        message: 'Batch requests cannot be longer than 1048576 bytes. You have sent 1048577 bytes.',
      },
    ];
    for (const { Entries, name, code, message } of cases) {
      assert.deepEqual(await failure(sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries }))), { name, code, message });
    }
    assert.deepEqual(await counts(url), { visible: 0, inFlight: 0, delayed: 0 });
  });

  test('DeleteMessageBatch and ChangeMessageVisibilityBatch report each entry', async () => {
    const url = await createQueue('batchhandles');
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'a', MessageBody: 'a' }, { Id: 'b', MessageBody: 'b' }] }));
    const [first, second] = await receive(url, { MaxNumberOfMessages: 10 });
    assert.ok(first?.ReceiptHandle !== undefined && second?.ReceiptHandle !== undefined);
    const changed = await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'show', ReceiptHandle: second.ReceiptHandle, VisibilityTimeout: 0 },
          { Id: 'junk', ReceiptHandle: 'garbage', VisibilityTimeout: 0 },
        ],
      }),
    );
    assert.deepEqual(changed.Successful?.map((entry) => entry.Id), ['show']);
    assert.deepEqual(changed.Failed?.map(({ Id, Code, SenderFault }) => ({ Id, Code, SenderFault })), [{ Id: 'junk', Code: 'ReceiptHandleIsInvalid', SenderFault: true }]);
    const deleted = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'one', ReceiptHandle: first.ReceiptHandle },
          { Id: 'junk', ReceiptHandle: 'garbage' },
        ],
      }),
    );
    assert.deepEqual(deleted.Successful?.map((entry) => entry.Id), ['one']);
    assert.equal(deleted.Failed?.[0]?.Message, 'The input receipt handle "garbage" is not a valid receipt handle.');
    const left = await receive(url, { MaxNumberOfMessages: 10 });
    assert.deepEqual(left.map((message) => message.Body), [second.Body]);
  });
});

describe('receipt handles', () => {
  test('only the latest receive\'s handle changes visibility; an older one is refused as SQS does', async () => {
    const url = await createQueue('handles');
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'handled' }));
    const [first] = await receive(url, { VisibilityTimeout: 0 });
    const [second] = await receive(url, { VisibilityTimeout: 30 });
    assert.ok(first?.ReceiptHandle !== undefined && second?.ReceiptHandle !== undefined);
    assert.notEqual(first.ReceiptHandle, second.ReceiptHandle);
    assert.deepEqual(await failure(sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: first.ReceiptHandle, VisibilityTimeout: 0 }))), {
      name: 'InvalidParameterValue',
      code: 'InvalidParameterValue',
      message: `Value ${first.ReceiptHandle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`,
    });
    // Deleting with a stale handle succeeds but leaves the message to its current receiver.
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first.ReceiptHandle }));
    assert.equal((await counts(url)).inFlight, 1);
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: second.ReceiptHandle, VisibilityTimeout: 0 }));
    const [third] = await receive(url);
    assert.equal(third?.MessageId, first.MessageId);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: third?.ReceiptHandle }));
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: third?.ReceiptHandle }));
    assert.deepEqual(await counts(url), { visible: 0, inFlight: 0, delayed: 0 });
  });

  test('a handle that is not one: ReceiptHandleIsInvalid', async () => {
    const url = await createQueue('garbage');
    const expected = { name: 'ReceiptHandleIsInvalid', code: 'ReceiptHandleIsInvalid', message: 'The input receipt handle "garbage" is not a valid receipt handle.' };
    assert.deepEqual(await failure(sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'garbage' }))), expected);
    assert.deepEqual(await failure(sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: 'garbage', VisibilityTimeout: 5 }))), expected);
  });

  test('a handle of another queue is not valid for this one', async () => {
    const [one, two] = [await createQueue('one'), await createQueue('two')];
    await sqs.send(new SendMessageCommand({ QueueUrl: one, MessageBody: 'mine' }));
    const [message] = await receive(one);
    const error = await failure(sqs.send(new DeleteMessageCommand({ QueueUrl: two, ReceiptHandle: message?.ReceiptHandle })));
    assert.equal(error.name, 'ReceiptHandleIsInvalid');
  });
});

describe('redrive', () => {
  test('a message received maxReceiveCount times moves to the dead-letter queue', async () => {
    const dlq = await createQueue('dlq');
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }));
    const dlqArn = Attributes?.QueueArn ?? '';
    const source = await createQueue('source', { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }) });
    const sourceArn = `${dlqArn.slice(0, dlqArn.lastIndexOf(':'))}:${source.split('/').pop() ?? ''}`;
    const { MessageId } = await sqs.send(new SendMessageCommand({ QueueUrl: source, MessageBody: 'poison' }));
    for (let i = 0; i < 2; i++) assert.equal((await receive(source, { VisibilityTimeout: 0 }))[0]?.MessageId, MessageId);
    assert.deepEqual(await receive(source), [], 'the third receive finds it gone');
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq, MessageSystemAttributeNames: ['All'] }));
    assert.equal(Messages?.[0]?.MessageId, MessageId);
    assert.equal(Messages?.[0]?.Body, 'poison');
    assert.equal(Messages?.[0]?.Attributes?.DeadLetterQueueSourceArn, sourceArn);
    assert.deepEqual(await counts(source), { visible: 0, inFlight: 0, delayed: 0 });
  });

  test('a long poll on the dead-letter queue is woken by the move', async () => {
    const dlq = await createQueue('dlqwait');
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }));
    const source = await createQueue('sourcewait', { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes?.QueueArn, maxReceiveCount: 1 }) });
    await sqs.send(new SendMessageCommand({ QueueUrl: source, MessageBody: 'moves' }));
    await receive(source, { VisibilityTimeout: 0 });
    const waiting = receive(dlq, { WaitTimeSeconds: 20 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    assert.deepEqual(await receive(source), []);
    assert.equal((await waiting)[0]?.Body, 'moves');
    assert.ok(Date.now() - started < 15_000);
  });
});
