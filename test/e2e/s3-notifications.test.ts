/**
 * The seed's chain against a real Eventide: an upload with the AWS CLI invokes a function because the function's
 * resource-based policy lets S3 do so; the invocation is asynchronous, so failures are retried with one request id.
 * Also: configuration without permission is refused, a removed permission stops invocations (with the reason
 * logged), a queue or topic must let S3 send to it, multipart uploads notify once, queues get S3's test event and records,
 * EventBridge gets Object Created.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FilterLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { PutRuleCommand, PutTargetsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { AddPermissionCommand, CreateFunctionCommand, RemovePermissionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { CreateTopicCommand, SetTopicAttributesCommand, type SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, ReceiveMessageCommand, SetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { awsCli, eventBridgeClient, lambdaClient, logsClient, snsClient, sqsClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { ROLE, s3QueuePolicy, uniqueName, zipOf } from './support/fixtures.js';

/** Records each event with its request id in $OUT; fails the first two tries of every request. */
const FLAKY_HANDLER = `const fs = require('node:fs');
exports.handler = async (event, context) => {
  fs.appendFileSync(process.env.OUT, JSON.stringify({ requestId: context.awsRequestId, event }) + '\\n');
  const tries = fs.readFileSync(process.env.OUT, 'utf8').split('\\n').filter((line) => line.includes(context.awsRequestId)).length;
  console.log('try', tries, 'of', context.awsRequestId);
  if (tries < 3) throw new Error('not yet, try ' + tries);
  return 'processed';
};
`;

interface Call {
  requestId: string;
  event: { Records: { eventName: string; s3: { bucket: { name: string; arn: string }; object: { key: string; size?: number; eTag?: string } } }[] };
}

describe('S3 notifications', () => {
  let eventide: EventideProcess;
  let lambda: LambdaClient;
  let sqs: SQSClient;
  let sns: SNSClient;
  let logs: CloudWatchLogsClient;
  let events: EventBridgeClient;
  let work: string;

  before(async () => {
    eventide = await startEventide({ args: ['--time-scale', '60'] });
    lambda = lambdaClient(eventide.url);
    sqs = sqsClient(eventide.url);
    sns = snsClient(eventide.url);
    logs = logsClient(eventide.url);
    events = eventBridgeClient(eventide.url);
    work = await mkdtemp(path.join(tmpdir(), 'eventide-s3-'));
  });

  after(async () => {
    for (const client of [lambda, sqs, sns, logs, events]) client?.destroy();
    if (eventide !== undefined) await stopAndClean(eventide);
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  const cli = async (args: string[]) => {
    const result = await awsCli(eventide.url, args, { cwd: work });
    assert.equal(result.code, 0, `aws ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };

  const createBucket = async (prefix: string) => {
    const bucket = uniqueName(prefix);
    await cli(['s3api', 'create-bucket', '--bucket', bucket]);
    return bucket;
  };

  const createFunction = async (out: string) => {
    const name = uniqueName('s3-fn');
    const created = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: ROLE,
        Code: { ZipFile: await zipOf({ 'index.js': FLAKY_HANDLER }) },
        Environment: { Variables: { OUT: out } },
      }),
    );
    return { name, arn: created.FunctionArn ?? '' };
  };

  const allowS3 = (name: string, bucket: string, statementId = 's3') =>
    lambda.send(
      new AddPermissionCommand({
        FunctionName: name,
        StatementId: statementId,
        Action: 'lambda:InvokeFunction',
        Principal: 's3.amazonaws.com',
        SourceArn: `arn:aws:s3:::${bucket}`,
        SourceAccount: '000000000000',
      }),
    );

  const notifyFunction = (bucket: string, functionArn: string) =>
    awsCli(eventide.url, [
      's3api',
      'put-bucket-notification-configuration',
      '--bucket',
      bucket,
      '--notification-configuration',
      JSON.stringify({ LambdaFunctionConfigurations: [{ Id: 'on-upload', LambdaFunctionArn: functionArn, Events: ['s3:ObjectCreated:*'] }] }),
    ]);

  const callsIn = async (file: string): Promise<Call[]> =>
    (await readFile(file, 'utf8').catch(() => ''))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Call);

  const waitForCalls = async (file: string, count: number): Promise<Call[]> => {
    let calls = await callsIn(file);
    for (let tries = 0; tries < 150 && calls.length < count; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      calls = await callsIn(file);
    }
    return calls;
  };

  test('aws s3 cp invokes the function with S3 record; it fails twice, succeeds on the third try, one request id throughout', async () => {
    const bucket = await createBucket('seed');
    const out = path.join(work, 'seed.jsonl');
    const fn = await createFunction(out);
    await allowS3(fn.name, bucket);
    const configured = await notifyFunction(bucket, fn.arn);
    assert.equal(configured.code, 0, configured.stderr);

    const local = path.join(work, 'report.csv');
    await writeFile(local, 'id,total\n1,42\n');
    await cli(['s3', 'cp', local, `s3://${bucket}/incoming/Q3 résumé.csv`]);

    const calls = await waitForCalls(out, 3);
    assert.equal(calls.length, 3, 'three tries');
    assert.equal(new Set(calls.map((call) => call.requestId)).size, 1, 'every try has the same request id');
    const record = calls[0]?.event.Records[0];
    assert.equal(record?.eventName, 'ObjectCreated:Put');
    assert.deepEqual(record?.s3.bucket, { name: bucket, ownerIdentity: { principalId: '000000000000' }, arn: `arn:aws:s3:::${bucket}` });
    assert.equal(record?.s3.object.key, 'incoming/Q3+r%C3%A9sum%C3%A9.csv', 'the key is URL-encoded as S3 does');
    assert.equal(record?.s3.object.size, 14);
    assert.equal(record?.s3.object.eTag, createHash('md5').update('id,total\n1,42\n').digest('hex'));

    const requestId = calls[0]?.requestId ?? '';
    const { events: lines = [] } = await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${fn.name}`, filterPattern: `"START RequestId: ${requestId}"` }));
    assert.equal(lines.length, 3, 'each try writes its own START line with the same request id');
  });

  test('a notification to a function whose policy does not allow S3 is refused with InvalidArgument', async () => {
    const bucket = await createBucket('unallowed');
    const fn = await createFunction(path.join(work, 'unallowed.jsonl'));
    const refused = await notifyFunction(bucket, fn.arn);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /InvalidArgument.*Unable to validate the following destination configurations/);
    const current = JSON.parse((await cli(['s3api', 'get-bucket-notification-configuration', '--bucket', bucket])) || '{}') as Record<string, unknown>;
    assert.equal(current.LambdaFunctionConfigurations, undefined, 'nothing was configured');
  });

  test('after RemovePermission uploads no longer invoke the function, and the denial is logged with its reason', async () => {
    const bucket = await createBucket('revoked');
    const out = path.join(work, 'revoked.jsonl');
    const fn = await createFunction(out);
    await allowS3(fn.name, bucket, 'bucket-uploads');
    assert.equal((await notifyFunction(bucket, fn.arn)).code, 0);
    await lambda.send(new RemovePermissionCommand({ FunctionName: fn.name, StatementId: 'bucket-uploads' }));

    const local = path.join(work, 'later.txt');
    await writeFile(local, 'later');
    await cli(['s3', 'cp', local, `s3://${bucket}/later.txt`]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.deepEqual(await callsIn(out), [], 'the function was not invoked');
    assert.match(eventide.output(), new RegExp(`WARN +S3 notification not delivered bucket=${bucket} key=later.txt event=ObjectCreated:Put target=${fn.arn.replace(/\$/g, '\\$')} .*policy`));
  });

  test('a 20 MB multipart upload notifies once, as CompleteMultipartUpload', async () => {
    const bucket = await createBucket('multipart');
    const queueName = uniqueName('uploads');
    const queueArn = `arn:aws:sqs:us-east-1:000000000000:${queueName}`;
    const configuration = JSON.stringify({ QueueConfigurations: [{ Id: 'to-queue', QueueArn: queueArn, Events: ['s3:ObjectCreated:*'] }] });
    const { QueueUrl: queueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: queueName }));
    // Without a queue policy that lets S3 send, the configuration is refused, as on AWS.
    const refused = await awsCli(eventide.url, ['s3api', 'put-bucket-notification-configuration', '--bucket', bucket, '--notification-configuration', configuration]);
    assert.match(refused.stderr, /InvalidArgument.*Unable to validate the following destination configurations/);
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { Policy: s3QueuePolicy(queueArn, bucket) } }));
    await cli(['s3api', 'put-bucket-notification-configuration', '--bucket', bucket, '--notification-configuration', configuration]);
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }));
    assert.equal((JSON.parse(first.Messages?.[0]?.Body ?? '{}') as { Event?: string }).Event, 's3:TestEvent', 'the queue got S3 test event');

    const big = path.join(work, 'big.bin');
    await writeFile(big, randomBytes(20 * 1024 * 1024));
    await cli(['s3', 'cp', big, `s3://${bucket}/big.bin`]);
    const received: string[] = [];
    for (let polls = 0; polls < 3; polls++) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1, MaxNumberOfMessages: 10 }));
      for (const message of Messages) received.push(...(JSON.parse(message.Body ?? '{}') as Call['event']).Records.map((record) => record.eventName));
    }
    assert.deepEqual(received, ['ObjectCreated:CompleteMultipartUpload']);
  });

  test('a browser form upload (POST) stores the object and notifies ObjectCreated:Post', async () => {
    const bucket = await createBucket('form-uploads');
    const queueName = uniqueName('form-events');
    const queueArn = `arn:aws:sqs:us-east-1:000000000000:${queueName}`;
    const { QueueUrl: queueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: queueName, Attributes: { Policy: s3QueuePolicy(queueArn, bucket) } }));
    const configuration = JSON.stringify({ QueueConfigurations: [{ Id: 'posts', QueueArn: queueArn, Events: ['s3:ObjectCreated:Post'] }] });
    await cli(['s3api', 'put-bucket-notification-configuration', '--bucket', bucket, '--notification-configuration', configuration]);
    await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 })); // S3's test event

    const form = new FormData();
    form.append('key', 'uploads/${filename}');
    form.append('Content-Type', 'text/plain');
    form.append('x-amz-meta-origin', 'browser');
    form.append('file', new Blob(['from a form']), 'note.txt');
    const posted = await fetch(`${eventide.url}/${bucket}`, { method: 'POST', body: form });
    assert.equal(posted.status, 204, await posted.text());

    const head = JSON.parse(await cli(['s3api', 'head-object', '--bucket', bucket, '--key', 'uploads/note.txt'])) as { ContentType: string; ContentLength: number; Metadata: Record<string, string> };
    assert.deepEqual({ type: head.ContentType, length: head.ContentLength, metadata: head.Metadata }, { type: 'text/plain', length: 11, metadata: { origin: 'browser' } });
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 2 }));
    const record = (JSON.parse(Messages[0]?.Body ?? '{}') as Call['event']).Records[0];
    assert.equal(record?.eventName, 'ObjectCreated:Post');
    assert.equal(record?.s3.object.key, 'uploads/note.txt');
  });

  test('a topic needs a policy that lets S3 publish; its default policy does not', async () => {
    const bucket = await createBucket('to-topic');
    const { TopicArn: topicArn = '' } = await sns.send(new CreateTopicCommand({ Name: uniqueName('uploads-topic') }));
    const configuration = JSON.stringify({ TopicConfigurations: [{ Id: 'to-topic', TopicArn: topicArn, Events: ['s3:ObjectCreated:*'] }] });
    const configure = () => awsCli(eventide.url, ['s3api', 'put-bucket-notification-configuration', '--bucket', bucket, '--notification-configuration', configuration]);
    assert.match((await configure()).stderr, /InvalidArgument.*Unable to validate the following destination configurations/);

    const allowS3Publish = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'SNS:Publish', Resource: topicArn, Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${bucket}` } } }],
    };
    await sns.send(new SetTopicAttributesCommand({ TopicArn: topicArn, AttributeName: 'Policy', AttributeValue: JSON.stringify(allowS3Publish) }));
    const accepted = await configure();
    assert.equal(accepted.code, 0, accepted.stderr);
  });

  test('with EventBridge notifications, an upload puts Object Created on the default bus', async () => {
    const bucket = await createBucket('to-bus');
    const { QueueUrl: queueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('bus-objects') }));
    const queueArn = `arn:aws:sqs:us-east-1:000000000000:${queueUrl.split('/').pop() ?? ''}`;
    const rule = uniqueName('s3-objects');
    await events.send(new PutRuleCommand({ Name: rule, EventPattern: JSON.stringify({ source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: [bucket] } } }) }));
    await events.send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: 'queue', Arn: queueArn }] }));
    await cli(['s3api', 'put-bucket-notification-configuration', '--bucket', bucket, '--notification-configuration', '{"EventBridgeConfiguration":{}}']);

    const local = path.join(work, 'bus.txt');
    await writeFile(local, 'to the bus');
    await cli(['s3', 'cp', local, `s3://${bucket}/bus.txt`]);
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 2 }));
    const event = JSON.parse(Messages[0]?.Body ?? '{}') as { source: string; 'detail-type': string; resources: string[]; detail: { object: { key: string; size: number } } };
    assert.equal(event.source, 'aws.s3');
    assert.equal(event['detail-type'], 'Object Created');
    assert.deepEqual(event.resources, [`arn:aws:s3:::${bucket}`]);
    assert.deepEqual({ key: event.detail.object.key, size: event.detail.object.size }, { key: 'bus.txt', size: 10 });
  });
});
