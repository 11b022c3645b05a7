/**
 * S3 buckets and objects end to end with the SDK v3 (rest-xml, path-style): round trips with metadata, Range,
 * ListObjectsV2 with delimiter and continuation, CopyObject, DeleteObjects, multipart ETags, S3's errors, keys
 * with spaces and unicode, bucket notification configurations, and persistence across a restart.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketNotificationConfigurationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { CreateQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { s3Client, sqsClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { expectError, sdkError } from './support/sdk-errors.js';
import { s3QueuePolicy } from './support/fixtures.js';

let eventide: EventideProcess;
let s3: S3Client;

before(async () => {
  eventide = await startEventide({ lambdaRole: false });
  s3 = s3Client(eventide.url);
});

after(async () => {
  s3.destroy();
  await stopAndClean(eventide);
});

const md5Hex = (data: Buffer | string): string => createHash('md5').update(data).digest('hex');

async function getText(bucket: string, key: string, range?: string) {
  const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range }));
  return { answer, text: (await answer.Body?.transformToString()) ?? '' };
}

describe('buckets', () => {
  test('CreateBucket, HeadBucket, ListBuckets and DeleteBucket', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'eventide-buckets' }));
    const head = await s3.send(new HeadBucketCommand({ Bucket: 'eventide-buckets' }));
    assert.equal(head.BucketRegion, 'us-east-1');
    const listed = await s3.send(new ListBucketsCommand({}));
    const names = (listed.Buckets ?? []).map((bucket) => bucket.Name);
    assert.ok(names.includes('eventide-buckets'));
    assert.ok(listed.Buckets?.[0]?.CreationDate instanceof Date);
    await s3.send(new DeleteBucketCommand({ Bucket: 'eventide-buckets' }));
    await expectError(s3.send(new HeadBucketCommand({ Bucket: 'eventide-buckets' })), 'NotFound', 404);
  });

  test('re-creating one’s own bucket succeeds in us-east-1, and is BucketAlreadyOwnedByYou in another region', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'eventide-twice' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'eventide-twice' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'eventide-west', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    const head = await s3.send(new HeadBucketCommand({ Bucket: 'eventide-west' }));
    assert.equal(head.BucketRegion, 'eu-west-1');
    await expectError(
      s3.send(new CreateBucketCommand({ Bucket: 'eventide-west', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })),
      'BucketAlreadyOwnedByYou',
      409,
      'Your previous request to create the named bucket succeeded and you already own it.',
    );
  });

  test('bad names, missing buckets and non-empty buckets are refused with S3’s errors', async () => {
    await expectError(s3.send(new CreateBucketCommand({ Bucket: 'Not_Valid' })), 'InvalidBucketName', 400, 'The specified bucket is not valid.');
    await expectError(s3.send(new DeleteBucketCommand({ Bucket: 'eventide-missing' })), 'NoSuchBucket', 404, 'The specified bucket does not exist');
    const failure = await sdkError(s3.send(new PutObjectCommand({ Bucket: 'eventide-missing', Key: 'k', Body: 'x' })));
    assert.equal(failure.name, 'NoSuchBucket');
    await s3.send(new CreateBucketCommand({ Bucket: 'eventide-full' }));
    await s3.send(new PutObjectCommand({ Bucket: 'eventide-full', Key: 'k', Body: 'x' }));
    await expectError(s3.send(new DeleteBucketCommand({ Bucket: 'eventide-full' })), 'BucketNotEmpty', 409, 'The bucket you tried to delete is not empty');
    await s3.send(new DeleteObjectCommand({ Bucket: 'eventide-full', Key: 'k' }));
    await s3.send(new DeleteBucketCommand({ Bucket: 'eventide-full' }));
  });
});

describe('objects', () => {
  const bucket = 'eventide-objects';
  before(() => s3.send(new CreateBucketCommand({ Bucket: bucket })));

  test('PutObject and GetObject round-trip bytes, Content-Type, metadata, ETag and Last-Modified', async () => {
    const body = 'hello, eventide';
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'greeting.txt', Body: body, ContentType: 'text/plain', Metadata: { owner: 'ops' } }));
    assert.equal(put.ETag, `"${md5Hex(body)}"`);
    const { answer, text } = await getText(bucket, 'greeting.txt');
    assert.equal(text, body);
    assert.equal(answer.ContentType, 'text/plain');
    assert.equal(answer.ContentLength, body.length);
    assert.equal(answer.ETag, put.ETag);
    assert.deepEqual(answer.Metadata, { owner: 'ops' });
    assert.ok(answer.LastModified instanceof Date && Math.abs(answer.LastModified.getTime() - Date.now()) < 60_000);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'greeting.txt' }));
    assert.equal(head.ContentLength, body.length);
    assert.equal(head.ETag, put.ETag);
  });

  test('Range answers 206 with Content-Range; a range past the end is InvalidRange', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'digits', Body: '0123456789' }));
    const middle = await getText(bucket, 'digits', 'bytes=2-5');
    assert.equal(middle.text, '2345');
    assert.equal(middle.answer.$metadata.httpStatusCode, 206);
    assert.equal(middle.answer.ContentRange, 'bytes 2-5/10');
    assert.equal(middle.answer.ContentLength, 4);
    assert.equal((await getText(bucket, 'digits', 'bytes=-3')).text, '789');
    assert.equal((await getText(bucket, 'digits', 'bytes=7-')).text, '789');
    assert.equal((await getText(bucket, 'digits', 'bytes=8-100')).answer.ContentRange, 'bytes 8-9/10');
    await expectError(getText(bucket, 'digits', 'bytes=10-12'), 'InvalidRange', 416, 'The requested range is not satisfiable');
  });

  test('Content-MD5 is checked: a mismatch is BadDigest and stores nothing', async () => {
    const wrong = createHash('md5').update('something else').digest('base64');
    await expectError(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'checked', Body: 'payload', ContentMD5: wrong })), 'BadDigest', 400);
    await expectError(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'checked' })), 'NotFound', 404);
    const right = createHash('md5').update('payload').digest('base64');
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'checked', Body: 'payload', ContentMD5: right }));
    assert.equal((await getText(bucket, 'checked')).text, 'payload');
  });

  test('keys with spaces, unicode and slashes keep their exact bytes', async () => {
    const keys = ['with space/and+plus.txt', 'ünïcödé/日本語 ファイル.txt', 'a//double slash', 'percent%20literal?&='];
    for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
    for (const key of keys) assert.equal((await getText(bucket, key)).text, key);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    for (const key of keys) assert.ok(listed.Contents?.some((object) => object.Key === key), key);
  });

  test('GetObject of a missing key is NoSuchKey; DeleteObject of one succeeds', async () => {
    await expectError(getText(bucket, 'nope'), 'NoSuchKey', 404, 'The specified key does not exist.');
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'nope' }));
    await expectError(getText('eventide-no-bucket', 'k'), 'NoSuchBucket', 404);
  });

  test('CopyObject copies bytes and metadata, or replaces the metadata', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'original', Body: 'copy me', ContentType: 'text/x-original', Metadata: { a: '1' } }));
    const copied = await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copies/same meta', CopySource: `${bucket}/original` }));
    assert.equal(copied.CopyObjectResult?.ETag, `"${md5Hex('copy me')}"`);
    const same = await getText(bucket, 'copies/same meta');
    assert.equal(same.text, 'copy me');
    assert.equal(same.answer.ContentType, 'text/x-original');
    assert.deepEqual(same.answer.Metadata, { a: '1' });
    await s3.send(
      new CopyObjectCommand({ Bucket: bucket, Key: 'copies/new meta', CopySource: `${bucket}/original`, MetadataDirective: 'REPLACE', ContentType: 'text/x-new', Metadata: { b: '2' } }),
    );
    const replaced = await getText(bucket, 'copies/new meta');
    assert.equal(replaced.answer.ContentType, 'text/x-new');
    assert.deepEqual(replaced.answer.Metadata, { b: '2' });
    await expectError(s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'x', CopySource: `${bucket}/absent` })), 'NoSuchKey', 404);
  });
});

describe('listing and batch deletes', () => {
  const bucket = 'eventide-listing';
  const keys = ['a.txt', 'logs/2024/01.log', 'logs/2024/02.log', 'logs/2025/01.log', 'photos/cat.jpg', 'photos/dog.jpg', 'z.txt'];
  before(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
  });

  test('delimiter rolls keys up into CommonPrefixes; prefix narrows', async () => {
    const top = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: '/' }));
    assert.deepEqual(top.Contents?.map((object) => object.Key), ['a.txt', 'z.txt']);
    assert.deepEqual(top.CommonPrefixes?.map((prefix) => prefix.Prefix), ['logs/', 'photos/']);
    assert.equal(top.KeyCount, 4);
    const logs = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'logs/', Delimiter: '/' }));
    assert.deepEqual(logs.CommonPrefixes?.map((prefix) => prefix.Prefix), ['logs/2024/', 'logs/2025/']);
    assert.equal(logs.Contents, undefined);
    const after = await s3.send(new ListObjectsV2Command({ Bucket: bucket, StartAfter: 'photos/cat.jpg' }));
    assert.deepEqual(after.Contents?.map((object) => object.Key), ['photos/dog.jpg', 'z.txt']);
  });

  test('max-keys pages with continuation tokens until every key and prefix was seen once', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: '/', MaxKeys: 1, ContinuationToken: token }));
      seen.push(...(page.Contents ?? []).map((object) => object.Key ?? ''), ...(page.CommonPrefixes ?? []).map((prefix) => prefix.Prefix ?? ''));
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
      pages++;
    } while (token !== undefined);
    assert.deepEqual(seen, ['a.txt', 'logs/', 'photos/', 'z.txt']);
    assert.equal(pages, 4);
    const full = await s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 3 }));
    assert.equal(full.IsTruncated, true);
    const rest = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: full.NextContinuationToken }));
    assert.deepEqual([...(full.Contents ?? []), ...(rest.Contents ?? [])].map((object) => object.Key), keys);
  });

  test('encoding-type=url answers with URL-encoded keys', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'space here/ü', Body: 'x' }));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'space', EncodingType: 'url' }));
    assert.equal(listed.EncodingType, 'url');
    assert.deepEqual(listed.Contents?.map((object) => object.Key), ['space%20here/%C3%BC']);
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'space here/ü' }));
  });

  test('DeleteObjects removes many keys, answering each one unless Quiet', async () => {
    const answer = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'a.txt' }, { Key: 'never-existed' }] } }));
    assert.deepEqual(answer.Deleted?.map((deleted) => deleted.Key).sort(), ['a.txt', 'never-existed']);
    const quiet = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'z.txt' }], Quiet: true } }));
    assert.equal(quiet.Deleted, undefined);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: '/' }));
    assert.equal(listed.Contents, undefined);
  });
});

describe('multipart upload', () => {
  const bucket = 'eventide-multipart';
  before(() => s3.send(new CreateBucketCommand({ Bucket: bucket })));

  test('parts join into one object whose ETag is the MD5 of the part MD5s, -<count>', async () => {
    const first = Buffer.alloc(5 * 1024 * 1024, 'a');
    const second = Buffer.from('the end');
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'joined', ContentType: 'text/plain' }));
    const one = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'joined', UploadId, PartNumber: 1, Body: first }));
    const two = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'joined', UploadId, PartNumber: 2, Body: second }));
    assert.equal(one.ETag, `"${md5Hex(first)}"`);
    const parts = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: 'joined', UploadId }));
    assert.deepEqual(parts.Parts?.map((part) => [part.PartNumber, part.Size]), [[1, first.length], [2, second.length]]);
    await expectError(
      s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'joined', UploadId, MultipartUpload: { Parts: [{ PartNumber: 2, ETag: two.ETag }, { PartNumber: 1, ETag: one.ETag }] } })),
      'InvalidPartOrder',
      400,
    );
    const done = await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'joined', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: one.ETag }, { PartNumber: 2, ETag: two.ETag }] } }),
    );
    const expected = createHash('md5').update(Buffer.concat([createHash('md5').update(first).digest(), createHash('md5').update(second).digest()])).digest('hex');
    assert.equal(done.ETag, `"${expected}-2"`);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'joined' }));
    assert.equal(head.ContentLength, first.length + second.length);
    assert.equal(head.ContentType, 'text/plain');
    assert.equal((await getText(bucket, 'joined', `bytes=${first.length}-`)).text, 'the end');
    await expectError(s3.send(new ListPartsCommand({ Bucket: bucket, Key: 'joined', UploadId })), 'NoSuchUpload', 404);
  });
});

describe('bucket notification configuration', () => {
  const bucket = 'eventide-notified';
  before(() => s3.send(new CreateBucketCommand({ Bucket: bucket })));

  test('a configuration is stored as given (Ids made up where missing) and read back', async () => {
    const functionArn = 'arn:aws:lambda:us-east-1:000000000000:function:not-deployed';
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: bucket,
        SkipDestinationValidation: true,
        NotificationConfiguration: {
          LambdaFunctionConfigurations: [
            { LambdaFunctionArn: functionArn, Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'in/' }] } } },
          ],
          EventBridgeConfiguration: {},
        },
      }),
    );
    const read = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
    const [config] = read.LambdaFunctionConfigurations ?? [];
    assert.equal(config?.LambdaFunctionArn, functionArn);
    assert.deepEqual(config?.Events, ['s3:ObjectCreated:*']);
    assert.match(config?.Id ?? '', /^[0-9a-f-]{36}$/);
    assert.deepEqual(config?.Filter?.Key?.FilterRules, [{ Name: 'Prefix', Value: 'in/' }]);
    assert.deepEqual(read.EventBridgeConfiguration, {});
  });

  test('an ARN that does not parse is InvalidArgument, even when validation is skipped', async () => {
    await expectError(
      s3.send(
        new PutBucketNotificationConfigurationCommand({
          Bucket: bucket,
          SkipDestinationValidation: true,
          NotificationConfiguration: { QueueConfigurations: [{ QueueArn: 'invalid-queue', Events: ['s3:ObjectCreated:*'] }] },
        }),
      ),
      'InvalidArgument',
      400,
      'The ARN could not be parsed',
    );
  });
});

describe('object events', () => {
  test('every object change reaches the configured queue once it is answered, named as S3 names it', async () => {
    const sqs = sqsClient(eventide.url);
    const bucket = 'eventide-events';
    const policy = s3QueuePolicy('arn:aws:sqs:us-east-1:000000000000:eventide-s3-events', bucket);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'eventide-s3-events', Attributes: { Policy: policy } }));
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: bucket,
        NotificationConfiguration: {
          QueueConfigurations: [{ Id: 'all', QueueArn: 'arn:aws:sqs:us-east-1:000000000000:eventide-s3-events', Events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:*'] }],
        },
      }),
    );
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'in/a b.txt', Body: 'abc' }));
    await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy', CopySource: `${bucket}/in/a%20b.txt` }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'parts' }));
    const part = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'parts', UploadId, PartNumber: 1, Body: 'p' }));
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'parts', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));
    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'copy' }] } }));

    const records: { eventName: string; s3: { object: { key: string; size?: number; eTag?: string; sequencer: string } } }[] = [];
    while (records.length < 4) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      for (const message of Messages) {
        const body = JSON.parse(message.Body ?? '{}') as { Records?: typeof records };
        records.push(...(body.Records ?? []));
      }
    }
    sqs.destroy();
    assert.deepEqual(
      records.map((record) => [record.eventName, record.s3.object.key]),
      [
        ['ObjectCreated:Put', 'in/a+b.txt'],
        ['ObjectCreated:Copy', 'copy'],
        ['ObjectCreated:CompleteMultipartUpload', 'parts'],
        ['ObjectRemoved:Delete', 'copy'],
      ],
    );
    assert.deepEqual([records[0]?.s3.object.size, records[0]?.s3.object.eTag], [3, md5Hex('abc')]);
    const sequencers = records.map((record) => record.s3.object.sequencer);
    assert.deepEqual([...sequencers].sort(), sequencers, 'sequencers increase');
  });
});

describe('persistence', () => {
  test('buckets and objects survive a restart; files a crash left without a record do not', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'eventide-durable' }));
    await s3.send(new PutObjectCommand({ Bucket: 'eventide-durable', Key: 'kept.txt', Body: 'still here', Metadata: { kept: 'yes' } }));
    await eventide.stop('SIGKILL');
    // What a crash in the middle of writes leaves: a temporary file, a file never recorded, a gone bucket's folder.
    const s3Dir = path.join(eventide.dataDir, 's3');
    const leftovers = [path.join(s3Dir, 'eventide-durable', 'half-written.part'), path.join(s3Dir, 'eventide-durable', 'unrecorded'), path.join(s3Dir, 'gone-bucket', 'data')];
    for (const file of leftovers) {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, 'leftover');
    }
    eventide = await startEventide({ dataDir: eventide.dataDir, lambdaRole: false });
    assert.deepEqual(leftovers.filter((file) => existsSync(file)), [], 'the leftovers are removed at start');
    assert.equal(existsSync(path.join(s3Dir, 'gone-bucket')), false);
    s3.destroy();
    s3 = s3Client(eventide.url);
    const { answer, text } = await getText('eventide-durable', 'kept.txt');
    assert.equal(text, 'still here');
    assert.deepEqual(answer.Metadata, { kept: 'yes' });
  });
});
