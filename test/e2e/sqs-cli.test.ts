/**
 * SQS through the AWS CLI v2.9 (which speaks the query protocol: form in, XML out), raw query requests posted to a
 * queue URL, and boto3 (json-1.0); and queues with their messages surviving a restart of Eventide.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { awsCli, boto3 } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { uniqueName } from './support/fixtures.js';

const ACCOUNT = '000000000000';

let eventide: EventideProcess;

before(async () => {
  eventide = await startEventide();
});

after(async () => {
  if (eventide !== undefined) await stopAndClean(eventide);
});

/** Runs `aws sqs …` and parses its JSON output; fails the test on a non-zero exit. */
async function sqsCli<T>(url: string, args: string[]): Promise<T> {
  const result = await awsCli(url, ['sqs', ...args]);
  assert.equal(result.code, 0, result.stderr);
  return (result.stdout.trim() === '' ? {} : JSON.parse(result.stdout)) as T;
}

async function sqsCliError(url: string, args: string[]): Promise<string> {
  const result = await awsCli(url, ['sqs', ...args]);
  assert.notEqual(result.code, 0, result.stdout);
  return result.stderr.trim();
}

interface CliMessage {
  MessageId: string;
  ReceiptHandle: string;
  Body: string;
  MD5OfBody: string;
  Attributes?: Record<string, string>;
  MD5OfMessageAttributes?: string;
  MessageAttributes?: Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }>;
}

describe('the AWS CLI (query protocol)', () => {
  test('create, send with attributes, receive, delete: the same shapes and MD5s as SQS', async () => {
    const name = uniqueName('cli');
    const { QueueUrl } = await sqsCli<{ QueueUrl: string }>(eventide.url, ['create-queue', '--queue-name', name, '--attributes', 'VisibilityTimeout=20,DelaySeconds=0']);
    assert.equal(QueueUrl, `${eventide.url}/${ACCOUNT}/${name}`);
    const sent = await sqsCli<{ MessageId: string; MD5OfMessageBody: string; MD5OfMessageAttributes: string }>(eventide.url, [
      'send-message',
      '--queue-url',
      QueueUrl,
      '--message-body',
      'msg',
      '--message-attributes',
      JSON.stringify({ Foo: { DataType: 'String', StringValue: 'Bar' }, Bin: { DataType: 'Binary', BinaryValue: 'AAEC/w==' } }),
    ]);
    assert.equal(sent.MD5OfMessageBody, '6e2baaf3b97dbeef01c0043275f9a0e7');
    const { Messages } = await sqsCli<{ Messages: CliMessage[] }>(eventide.url, [
      'receive-message',
      '--queue-url',
      QueueUrl,
      '--attribute-names',
      'All',
      '--message-attribute-names',
      'Foo',
    ]);
    const [message] = Messages;
    assert.equal(message?.MessageId, sent.MessageId);
    assert.equal(message?.Body, 'msg');
    assert.deepEqual(message?.MessageAttributes, { Foo: { DataType: 'String', StringValue: 'Bar' } });
    assert.equal(message?.MD5OfMessageAttributes, 'ae7155c6026991b6d54b11589678bf9c');
    assert.equal(message?.Attributes?.ApproximateReceiveCount, '1');
    assert.equal(message?.Attributes?.SenderId, ACCOUNT);
    const all = await sqsCli<{ Attributes: Record<string, string> }>(eventide.url, ['get-queue-attributes', '--queue-url', QueueUrl, '--attribute-names', 'All']);
    assert.equal(all.Attributes.VisibilityTimeout, '20');
    assert.equal(all.Attributes.ApproximateNumberOfMessagesNotVisible, '1');
    await sqsCli(eventide.url, ['delete-message', '--queue-url', QueueUrl, '--receipt-handle', message?.ReceiptHandle ?? '']);
    const after = await sqsCli<{ Attributes: Record<string, string> }>(eventide.url, [
      'get-queue-attributes',
      '--queue-url',
      QueueUrl,
      '--attribute-names',
      'ApproximateNumberOfMessagesNotVisible',
    ]);
    assert.deepEqual(after.Attributes, { ApproximateNumberOfMessagesNotVisible: '0' });
    const { QueueUrls } = await sqsCli<{ QueueUrls: string[] }>(eventide.url, ['list-queues', '--queue-name-prefix', name]);
    assert.deepEqual(QueueUrls, [QueueUrl]);
  });

  test('a batch with one bad entry, tags, and an empty receive', async () => {
    const name = uniqueName('clibatch');
    const { QueueUrl } = await sqsCli<{ QueueUrl: string }>(eventide.url, ['create-queue', '--queue-name', name]);
    const result = await sqsCli<{ Successful: { Id: string }[]; Failed: { Id: string; Code: string; SenderFault: boolean }[] }>(eventide.url, [
      'send-message-batch',
      '--queue-url',
      QueueUrl,
      '--entries',
      'Id=a,MessageBody=first',
      'Id=b,MessageBody=second,DelaySeconds=1000',
    ]);
    assert.deepEqual(result.Successful.map((entry) => entry.Id), ['a']);
    assert.deepEqual(result.Failed.map(({ Id, Code, SenderFault }) => ({ Id, Code, SenderFault })), [{ Id: 'b', Code: 'InvalidParameterValue', SenderFault: true }]);
    await sqsCli(eventide.url, ['tag-queue', '--queue-url', QueueUrl, '--tags', 'team=core,env=dev']);
    await sqsCli(eventide.url, ['untag-queue', '--queue-url', QueueUrl, '--tag-keys', 'env']);
    assert.deepEqual((await sqsCli<{ Tags: Record<string, string> }>(eventide.url, ['list-queue-tags', '--queue-url', QueueUrl])).Tags, { team: 'core' });
    await sqsCli(eventide.url, ['purge-queue', '--queue-url', QueueUrl]);
    assert.deepEqual(await sqsCli(eventide.url, ['receive-message', '--queue-url', QueueUrl]), {});
  });

  test('errors carry the query codes and messages', async () => {
    const missing = await sqsCliError(eventide.url, ['get-queue-url', '--queue-name', uniqueName('missing')]);
    assert.match(missing, /\(AWS\.SimpleQueueService\.NonExistentQueue\).*The specified queue does not exist for this wsdl version\./);
    const fifo = await sqsCliError(eventide.url, ['create-queue', '--queue-name', `${uniqueName('fifo')}.fifo`]);
    assert.match(fifo, /\(InvalidParameterValue\).*FIFO queues are not supported by Eventide yet/);
    const name = uniqueName('clierr');
    const { QueueUrl } = await sqsCli<{ QueueUrl: string }>(eventide.url, ['create-queue', '--queue-name', name]);
    const conflict = await sqsCliError(eventide.url, ['create-queue', '--queue-name', name, '--attributes', 'DelaySeconds=5']);
    assert.match(conflict, /\(QueueAlreadyExists\).*different value for attribute DelaySeconds/);
    const badValue = await sqsCliError(eventide.url, ['set-queue-attributes', '--queue-url', QueueUrl, '--attributes', 'VisibilityTimeout=-1']);
    assert.match(badValue, /\(InvalidAttributeValue\).*Invalid value for the parameter VisibilityTimeout\./);
    const handle = await sqsCliError(eventide.url, ['change-message-visibility', '--queue-url', QueueUrl, '--receipt-handle', 'garbage', '--visibility-timeout', '5']);
    assert.match(handle, /\(ReceiptHandleIsInvalid\).*The input receipt handle "garbage" is not a valid receipt handle\./);
    const empty = await sqsCliError(eventide.url, ['send-message', '--queue-url', QueueUrl, '--message-body', '']);
    assert.match(empty, /\(MissingParameter\).*The request must contain the parameter MessageBody\./);
  });
});

describe('raw query requests', () => {
  const post = (path: string, form: Record<string, string>) =>
    fetch(`${eventide.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });

  test('a request posted to the queue URL names its queue by the path', async () => {
    const name = uniqueName('raw');
    const created = await post('/', { Action: 'CreateQueue', QueueName: name, Version: '2012-11-05' });
    assert.equal(created.status, 200);
    assert.match(await created.text(), new RegExp(`<QueueUrl>${eventide.url}/${ACCOUNT}/${name}</QueueUrl>`));
    const sent = await post(`/${ACCOUNT}/${name}`, { Action: 'SendMessage', MessageBody: 'hello', Version: '2012-11-05' });
    const xml = await sent.text();
    assert.equal(sent.status, 200);
    assert.match(xml, /<SendMessageResponse xmlns="http:\/\/queue\.amazonaws\.com\/doc\/2012-11-05\/"><SendMessageResult><MD5OfMessageBody>5d41402abc4b2a76b9719d911017c592<\/MD5OfMessageBody>/);
    const missing = await post(`/${ACCOUNT}/${name}`, { Action: 'SendMessage', Version: '2012-11-05' });
    assert.equal(missing.status, 400);
    const error = await missing.text();
    assert.match(error, /<Type>Sender<\/Type><Code>MissingParameter<\/Code><Message>The request must contain the parameter MessageBody\.<\/Message>/);
  });
});

describe('boto3 (json)', () => {
  test('send with attributes, receive, delete; errors keep the query code', async () => {
    const name = uniqueName('boto');
    const script = `
import boto3, json, os
sqs = boto3.client('sqs', endpoint_url=os.environ['ENDPOINT'])
url = sqs.create_queue(QueueName='${name}')['QueueUrl']
sent = sqs.send_message(QueueUrl=url, MessageBody='hello', MessageAttributes={'Foo': {'DataType': 'String', 'StringValue': 'Bar'}})
got = sqs.receive_message(QueueUrl=url, MessageAttributeNames=['All'], MessageSystemAttributeNames=['ApproximateReceiveCount'])
message = got['Messages'][0]
sqs.delete_message(QueueUrl=url, ReceiptHandle=message['ReceiptHandle'])
after = sqs.receive_message(QueueUrl=url)
try:
    sqs.get_queue_url(QueueName='${name}-missing')
    missing = None
except sqs.exceptions.QueueDoesNotExist as error:
    missing = error.response['Error']
print(json.dumps({'url': url, 'sent': sent['MD5OfMessageAttributes'], 'message': message, 'after': 'Messages' in after, 'missing': missing}))
`;
    const result = await boto3(eventide.url, script);
    assert.equal(result.code, 0, result.stderr);
    const output = JSON.parse(result.stdout) as {
      url: string;
      sent: string;
      message: CliMessage;
      after: boolean;
      missing: { Code: string; Message: string; QueryErrorCode: string };
    };
    assert.equal(output.url, `${eventide.url}/${ACCOUNT}/${name}`);
    assert.equal(output.sent, 'ae7155c6026991b6d54b11589678bf9c');
    assert.equal(output.message.Body, 'hello');
    assert.equal(output.message.MD5OfBody, '5d41402abc4b2a76b9719d911017c592');
    assert.deepEqual(output.message.MessageAttributes, { Foo: { DataType: 'String', StringValue: 'Bar' } });
    assert.deepEqual(output.message.Attributes, { ApproximateReceiveCount: '1' });
    assert.equal(output.after, false);
    assert.equal(output.missing.Code, 'AWS.SimpleQueueService.NonExistentQueue');
    assert.equal(output.missing.QueryErrorCode, 'QueueDoesNotExist');
    assert.equal(output.missing.Message, 'The specified queue does not exist.');
  });
});

describe('persistence', () => {
  test('queues and messages survive a restart of Eventide (same data dir)', async () => {
    const first = await startEventide();
    let second: EventideProcess | undefined;
    try {
      const name = uniqueName('durable');
      const { QueueUrl } = await sqsCli<{ QueueUrl: string }>(first.url, ['create-queue', '--queue-name', name, '--attributes', 'VisibilityTimeout=1']);
      await sqsCli(first.url, ['send-message', '--queue-url', QueueUrl, '--message-body', 'kept one']);
      await sqsCli(first.url, ['send-message', '--queue-url', QueueUrl, '--message-body', 'kept two', '--delay-seconds', '1']);
      await first.stop();
      second = await startEventide({ dataDir: first.dataDir });
      const script = `
import boto3, json, os
sqs = boto3.client('sqs', endpoint_url=os.environ['ENDPOINT'])
url = sqs.get_queue_url(QueueName='${name}')['QueueUrl']
attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=['VisibilityTimeout'])['Attributes']
bodies = []
while len(bodies) < 2:
    for message in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=5).get('Messages', []):
        bodies.append(message['Body'])
        sqs.delete_message(QueueUrl=url, ReceiptHandle=message['ReceiptHandle'])
print(json.dumps({'attributes': attributes, 'bodies': sorted(bodies)}))
`;
      const result = await boto3(second.url, script);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(JSON.parse(result.stdout), { attributes: { VisibilityTimeout: '1' }, bodies: ['kept one', 'kept two'] });
    } finally {
      await second?.stop();
      await stopAndClean(first);
    }
  });
});
