/**
 * S3 object and bucket tagging and ACLs with the AWS CLI v2 and boto3: the `?tagging` and `?acl` subresources are
 * their own operations (they never touch an object's bytes or announce ObjectCreated), `x-amz-tagging` and
 * `x-amz-acl` on writes, S3's validation errors (nothing changes on error), the events S3 sends for them, and a
 * restart.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateQueueCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { awsCliError, awsCliJson, awsCliOutput, boto3, sqsClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { s3QueuePolicy, uniqueName } from './support/fixtures.js';

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

interface Record {
  eventVersion: string;
  eventName: string;
  s3: { object: { key: string; eTag?: string; size?: number } };
}

interface Grant {
  Grantee: { Type: string; ID?: string; URI?: string; DisplayName?: string };
  Permission: string;
}

let eventide: EventideProcess;
let sqs: SQSClient;
let work: string;

before(async () => {
  eventide = await startEventide({ lambdaRole: false });
  sqs = sqsClient(eventide.url);
  work = await mkdtemp(path.join(tmpdir(), 'eventide-s3-tags-'));
});

after(async () => {
  sqs?.destroy();
  if (eventide !== undefined) await stopAndClean(eventide);
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

const cli = (args: string[]): Promise<string> => awsCliOutput(eventide.url, args, { cwd: work });

const cliJson = <T>(args: string[]): Promise<T> => awsCliJson<T>(eventide.url, args, { cwd: work });

/** The error the CLI printed for a refused call. */
const cliError = (args: string[]): Promise<string> => awsCliError(eventide.url, args, { cwd: work });

/** Runs boto3 with `s3` as a path-style client; the snippet's last printed line is JSON. */
const py = async <T>(script: string): Promise<T> => {
  const prelude = `import boto3, json, botocore
from botocore.config import Config
s3 = boto3.client('s3', endpoint_url=ENDPOINT, config=Config(s3={'addressing_style': 'path'}))
def error(call, **kwargs):
    try:
        call(**kwargs)
        return None
    except botocore.exceptions.ClientError as e:
        return {'Code': e.response['Error']['Code'], 'Message': e.response['Error'].get('Message'), 'Status': e.response['ResponseMetadata']['HTTPStatusCode'], **{k: v for k, v in e.response['Error'].items() if k not in ('Code', 'Message')}}
`;
  const result = await boto3(eventide.url, `import os\nENDPOINT = os.environ['ENDPOINT']\n${prelude}${script}`);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? 'null') as T;
};

const createBucket = async (prefix: string): Promise<string> => {
  const bucket = uniqueName(prefix);
  await cli(['s3api', 'create-bucket', '--bucket', bucket]);
  return bucket;
};

const putText = async (bucket: string, key: string, text: string, extra: string[] = []) => {
  const file = path.join(work, `${uniqueName('body')}.txt`);
  await writeFile(file, text);
  return cliJson<{ ETag: string }>(['s3api', 'put-object', '--bucket', bucket, '--key', key, '--body', file, ...extra]);
};

const getText = async (bucket: string, key: string) => {
  const file = path.join(work, `${uniqueName('out')}.txt`);
  const answer = await cliJson<{ ContentLength: number; TagCount?: number; ETag: string }>(['s3api', 'get-object', '--bucket', bucket, '--key', key, file]);
  return { answer, text: await readFile(file, 'utf8') };
};

const tagsOf = async (bucket: string, key: string) => (await cliJson<{ TagSet: { Key: string; Value: string }[] }>(['s3api', 'get-object-tagging', '--bucket', bucket, '--key', key])).TagSet;

/** A bucket whose events of the given types go to a new queue; the queue's test event is already taken. */
async function bucketWithQueue(events: string[]): Promise<{ bucket: string; received: () => Promise<Record[]> }> {
  const bucket = await createBucket('notified');
  const queueName = uniqueName('object-events');
  const queueArn = `arn:aws:sqs:us-east-1:000000000000:${queueName}`;
  const { QueueUrl: queueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: queueName, Attributes: { Policy: s3QueuePolicy(queueArn, bucket) } }));
  const configuration = JSON.stringify({ QueueConfigurations: [{ Id: 'to-queue', QueueArn: queueArn, Events: events }] });
  await cli(['s3api', 'put-bucket-notification-configuration', '--bucket', bucket, '--notification-configuration', configuration]);
  await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 })); // S3's test event
  // Notifications are durable in the queue before S3 answers the request, so draining the queue now sees them all.
  const received = async (): Promise<Record[]> => {
    const records: Record[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 600 }));
      if (Messages.length === 0) return records;
      for (const message of Messages) records.push(...(JSON.parse(message.Body ?? '{}') as { Records: Record[] }).Records);
    }
  };
  return { bucket, received };
}

describe('object tagging with the AWS CLI', () => {
  test('put-object-tagging sets tags without touching the body, announcing ObjectTagging:Put and no ObjectCreated', async () => {
    const { bucket, received } = await bucketWithQueue(['s3:ObjectCreated:*', 's3:ObjectTagging:*']);
    const put = await putText(bucket, 'report.csv', 'a,b,c\n1,2,3\n');
    await cli(['s3api', 'put-object-tagging', '--bucket', bucket, '--key', 'report.csv', '--tagging', JSON.stringify({ TagSet: [{ Key: 'team', Value: 'data' }, { Key: 'stage', Value: '' }] })]);
    const { answer, text } = await getText(bucket, 'report.csv');
    assert.equal(text, 'a,b,c\n1,2,3\n', 'the body is intact');
    assert.equal(answer.ContentLength, 12);
    assert.equal(answer.ETag, put.ETag);
    assert.equal(answer.TagCount, 2);
    assert.deepEqual(await tagsOf(bucket, 'report.csv'), [
      { Key: 'team', Value: 'data' },
      { Key: 'stage', Value: '' },
    ]);
    const records = await received();
    assert.deepEqual(records.map((record) => record.eventName), ['ObjectCreated:Put', 'ObjectTagging:Put']);
    const tagging = records[1];
    assert.equal(tagging?.eventVersion, '2.3');
    assert.deepEqual(tagging?.s3.object, { key: 'report.csv', eTag: put.ETag.replace(/"/g, '') });
  });

  test('delete-object-tagging removes the tags and keeps the object, announcing ObjectTagging:Delete', async () => {
    const { bucket, received } = await bucketWithQueue(['s3:ObjectTagging:Delete', 's3:ObjectRemoved:*']);
    await putText(bucket, 'kept.txt', 'still here', ['--tagging', 'team=data&cost=12']);
    await cli(['s3api', 'delete-object-tagging', '--bucket', bucket, '--key', 'kept.txt']);
    const { answer, text } = await getText(bucket, 'kept.txt');
    assert.equal(text, 'still here', 'the object is still there');
    assert.equal(answer.ContentLength, 10);
    assert.equal(answer.TagCount, undefined, 'no x-amz-tagging-count without tags');
    assert.deepEqual(await tagsOf(bucket, 'kept.txt'), []);
    assert.deepEqual((await received()).map((record) => record.eventName), ['ObjectTagging:Delete']);
  });

  test('get-object-tagging answers the Tagging document, an empty TagSet for an untagged object', async () => {
    const bucket = await createBucket('tag-reads');
    await putText(bucket, 'plain.txt', 'not a tagging document');
    assert.deepEqual(await cliJson(['s3api', 'get-object-tagging', '--bucket', bucket, '--key', 'plain.txt']), { TagSet: [] });
    assert.match(await cliError(['s3api', 'get-object-tagging', '--bucket', bucket, '--key', 'absent']), /NoSuchKey/);
    assert.match(await cliError(['s3api', 'put-object-tagging', '--bucket', bucket, '--key', 'absent', '--tagging', 'TagSet=[{Key=a,Value=b}]']), /NoSuchKey/);
    assert.match(await cliError(['s3api', 'delete-object-tagging', '--bucket', uniqueName('missing'), '--key', 'plain.txt']), /NoSuchBucket/);
  });

  test('x-amz-tagging on put-object, copy-object (COPY and REPLACE) and multipart uploads; a new body drops old tags', async () => {
    const bucket = await createBucket('tag-writes');
    await putText(bucket, 'src.txt', 'source', ['--tagging', 'a=1&b=two%20words&c']);
    assert.deepEqual(await tagsOf(bucket, 'src.txt'), [
      { Key: 'a', Value: '1' },
      { Key: 'b', Value: 'two words' },
      { Key: 'c', Value: '' },
    ]);
    await cli(['s3api', 'copy-object', '--bucket', bucket, '--key', 'copied.txt', '--copy-source', `${bucket}/src.txt`]);
    assert.equal((await tagsOf(bucket, 'copied.txt')).length, 3, 'COPY is the default directive');
    await cli(['s3api', 'copy-object', '--bucket', bucket, '--key', 'replaced.txt', '--copy-source', `${bucket}/src.txt`, '--tagging-directive', 'REPLACE', '--tagging', 'x=y']);
    assert.deepEqual(await tagsOf(bucket, 'replaced.txt'), [{ Key: 'x', Value: 'y' }]);
    await putText(bucket, 'src.txt', 'new body');
    assert.deepEqual(await tagsOf(bucket, 'src.txt'), [], 'replacing the body drops the tags');

    const { UploadId } = await cliJson<{ UploadId: string }>(['s3api', 'create-multipart-upload', '--bucket', bucket, '--key', 'big.bin', '--tagging', 'kind=upload']);
    const file = path.join(work, 'part.bin');
    await writeFile(file, 'part one');
    const { ETag } = await cliJson<{ ETag: string }>(['s3api', 'upload-part', '--bucket', bucket, '--key', 'big.bin', '--upload-id', UploadId, '--part-number', '1', '--body', file]);
    assert.deepEqual(await cliError(['s3api', 'get-object-tagging', '--bucket', bucket, '--key', 'big.bin']).then((stderr) => /NoSuchKey/.test(stderr)), true);
    await cli(['s3api', 'complete-multipart-upload', '--bucket', bucket, '--key', 'big.bin', '--upload-id', UploadId, '--multipart-upload', JSON.stringify({ Parts: [{ PartNumber: 1, ETag }] })]);
    assert.deepEqual(await tagsOf(bucket, 'big.bin'), [{ Key: 'kind', Value: 'upload' }]);
    assert.equal((await getText(bucket, 'big.bin')).answer.TagCount, 1);
  });
});

describe('bucket tagging with the AWS CLI', () => {
  test('put-bucket-tagging stores the tag set; get answers it, NoSuchTagSet when there is none; delete removes it', async () => {
    const bucket = await createBucket('tagged-bucket');
    assert.match(await cliError(['s3api', 'get-bucket-tagging', '--bucket', bucket]), /NoSuchTagSet.*The TagSet does not exist/);
    await cli(['s3api', 'put-bucket-tagging', '--bucket', bucket, '--tagging', 'TagSet=[{Key=project,Value=eventide},{Key=owner,Value=ops}]']);
    assert.deepEqual(await cliJson(['s3api', 'get-bucket-tagging', '--bucket', bucket]), {
      TagSet: [
        { Key: 'project', Value: 'eventide' },
        { Key: 'owner', Value: 'ops' },
      ],
    });
    await cli(['s3api', 'delete-bucket-tagging', '--bucket', bucket]);
    assert.match(await cliError(['s3api', 'get-bucket-tagging', '--bucket', bucket]), /NoSuchTagSet/);
    assert.match(await cliError(['s3api', 'put-bucket-tagging', '--bucket', uniqueName('missing'), '--tagging', 'TagSet=[{Key=a,Value=b}]']), /NoSuchBucket/);
  });
});

describe('tag validation with boto3', () => {
  test('S3’s errors for bad tag sets, and nothing changes', async () => {
    const bucket = await createBucket('tag-errors');
    await putText(bucket, 'k', 'body', ['--tagging', 'keep=me']);
    await cli(['s3api', 'put-bucket-tagging', '--bucket', bucket, '--tagging', 'TagSet=[{Key=keep,Value=me}]']);
    const answers = await py<{ [name: string]: { Code: string; Message: string; Status: number; TagKey?: string; ArgumentName?: string } | null }>(`
b = '${bucket}'
tags = lambda pairs: {'TagSet': [{'Key': k, 'Value': v} for k, v in pairs]}
out = {
  'eleven': error(s3.put_object_tagging, Bucket=b, Key='k', Tagging=tags([('k%d' % i, 'v') for i in range(11)])),
  'duplicate': error(s3.put_object_tagging, Bucket=b, Key='k', Tagging=tags([('a', '1'), ('a', '2')])),
  'system': error(s3.put_object_tagging, Bucket=b, Key='k', Tagging=tags([('aws:owner', '1')])),
  'badKey': error(s3.put_object_tagging, Bucket=b, Key='k', Tagging=tags([('a,b', '1')])),
  'longKey': error(s3.put_object_tagging, Bucket=b, Key='k', Tagging=tags([('k' * 129, '1')])),
  'longValue': error(s3.put_object_tagging, Bucket=b, Key='k', Tagging=tags([('k', 'v' * 257)])),
  'maxSizes': error(s3.put_object_tagging, Bucket=b, Key='k2', Tagging=tags([('k' * 128, 'v' * 256)])),
  'header': error(s3.put_object, Bucket=b, Key='k', Body=b'replaced', Tagging='a=1,b=2=3'),
  'headerDuplicate': error(s3.put_object, Bucket=b, Key='k', Body=b'replaced', Tagging='a=1&a=2'),
  'headerEleven': error(s3.put_object, Bucket=b, Key='new', Body=b'x', Tagging='&'.join('k%d=v' % i for i in range(11))),
  'bucketSystem': error(s3.put_bucket_tagging, Bucket=b, Tagging=tags([('aws:cloudformation', '1')])),
  'bucketFiftyOne': error(s3.put_bucket_tagging, Bucket=b, Tagging=tags([('k%d' % i, 'v') for i in range(51)])),
  'tags': s3.get_object_tagging(Bucket=b, Key='k')['TagSet'],
  'bucketTags': s3.get_bucket_tagging(Bucket=b)['TagSet'],
  'body': s3.get_object(Bucket=b, Key='k')['Body'].read().decode(),
  'new': error(s3.head_object, Bucket=b, Key='new'),
}
print(json.dumps(out))
`);
    assert.deepEqual(answers.eleven, { Code: 'BadRequest', Message: 'Object tags cannot be greater than 10', Status: 400 });
    assert.deepEqual(answers.duplicate, { Code: 'InvalidTag', Message: 'Cannot provide multiple Tags with the same key', Status: 400, TagKey: 'a' });
    assert.deepEqual(answers.system, { Code: 'InvalidTag', Message: 'Your TagKey cannot be prefixed with aws:', Status: 400, TagKey: 'aws:owner' });
    assert.deepEqual(answers.badKey, { Code: 'InvalidTag', Message: 'The TagKey you have provided is invalid', Status: 400, TagKey: 'a,b' });
    assert.equal(answers.longKey?.Code, 'InvalidTag');
    assert.equal(answers.longValue?.Message, 'The TagValue you have provided is invalid');
    assert.equal(answers.maxSizes?.Code, 'NoSuchKey', '128 and 256 characters are allowed (the key k2 does not exist)');
    const headerMessage = "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.";
    assert.deepEqual(answers.header, { Code: 'InvalidArgument', Message: headerMessage, Status: 400, ArgumentName: 'x-amz-tagging', ArgumentValue: 'a=1,b=2=3' });
    assert.equal(answers.headerDuplicate?.Code, 'InvalidArgument');
    assert.equal(answers.headerEleven?.Code, 'BadRequest');
    assert.deepEqual(answers.bucketSystem, { Code: 'InvalidTag', Message: 'System tags cannot be added/updated by requester', Status: 400, TagKey: 'aws:cloudformation' });
    assert.equal(answers.bucketFiftyOne?.Code, 'BadRequest');
    assert.deepEqual(answers.tags, [{ Key: 'keep', Value: 'me' }]);
    assert.deepEqual(answers.bucketTags, [{ Key: 'keep', Value: 'me' }]);
    assert.equal(answers.body, 'body', 'a refused PutObject leaves the object as it was');
    assert.equal(answers.new?.Code, '404', 'a refused PutObject creates nothing');
  });
});

describe('ACLs with the AWS CLI and boto3', () => {
  const aclOf = async (args: string[]) => cliJson<{ Owner: { ID: string }; Grants: Grant[] }>(args);

  test('put-object-acl stores the canned ACL without touching the body; get-object-acl answers the policy, announcing ObjectAcl:Put', async () => {
    const { bucket, received } = await bucketWithQueue(['s3:ObjectCreated:*', 's3:ObjectAcl:Put']);
    const put = await putText(bucket, 'page.html', '<h1>hello</h1>');
    await cli(['s3api', 'put-object-acl', '--bucket', bucket, '--key', 'page.html', '--acl', 'private']);
    const { answer, text } = await getText(bucket, 'page.html');
    assert.equal(text, '<h1>hello</h1>', 'the body is intact');
    assert.equal(answer.ContentLength, 14);
    assert.equal(answer.ETag, put.ETag);
    const before = await aclOf(['s3api', 'get-object-acl', '--bucket', bucket, '--key', 'page.html']);
    assert.deepEqual(before.Grants, [{ Grantee: { Type: 'CanonicalUser', ID: before.Owner.ID, DisplayName: 'eventide' }, Permission: 'FULL_CONTROL' }]);
    await cli(['s3api', 'put-object-acl', '--bucket', bucket, '--key', 'page.html', '--acl', 'public-read']);
    assert.equal((await getText(bucket, 'page.html')).text, '<h1>hello</h1>');
    const after = await aclOf(['s3api', 'get-object-acl', '--bucket', bucket, '--key', 'page.html']);
    assert.deepEqual(after.Grants, [
      { Grantee: { Type: 'CanonicalUser', ID: before.Owner.ID, DisplayName: 'eventide' }, Permission: 'FULL_CONTROL' },
      { Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' },
    ]);
    const records = await received();
    assert.deepEqual(records.map((record) => record.eventName), ['ObjectCreated:Put', 'ObjectAcl:Put'], 'setting the ACL it already had announces nothing');
    assert.deepEqual(records[1]?.s3.object, { key: 'page.html', eTag: put.ETag.replace(/"/g, '') });
  });

  test('grant headers, an AccessControlPolicy body, x-amz-acl on writes, and buckets’ ACLs', async () => {
    const bucket = uniqueName('acl-bucket');
    await cli(['s3api', 'create-bucket', '--bucket', bucket, '--acl', 'public-read']);
    const bucketAcl = await aclOf(['s3api', 'get-bucket-acl', '--bucket', bucket]);
    assert.deepEqual(bucketAcl.Grants.map((grant) => [grant.Grantee.Type, grant.Grantee.URI ?? grant.Grantee.ID, grant.Permission]), [
      ['CanonicalUser', bucketAcl.Owner.ID, 'FULL_CONTROL'],
      ['Group', ALL_USERS, 'READ'],
    ]);
    await cli(['s3api', 'put-bucket-acl', '--bucket', bucket, '--acl', 'log-delivery-write']);
    assert.deepEqual((await aclOf(['s3api', 'get-bucket-acl', '--bucket', bucket])).Grants.slice(1), [
      { Grantee: { Type: 'Group', URI: LOG_DELIVERY }, Permission: 'WRITE' },
      { Grantee: { Type: 'Group', URI: LOG_DELIVERY }, Permission: 'READ_ACP' },
    ]);
    await putText(bucket, 'granted', 'x');
    await cli(['s3api', 'put-object-acl', '--bucket', bucket, '--key', 'granted', '--grant-read', `uri="${LOG_DELIVERY}"`, '--grant-full-control', `id="${bucketAcl.Owner.ID}"`]);
    assert.deepEqual((await aclOf(['s3api', 'get-object-acl', '--bucket', bucket, '--key', 'granted'])).Grants, [
      { Grantee: { Type: 'CanonicalUser', ID: bucketAcl.Owner.ID, DisplayName: 'eventide' }, Permission: 'FULL_CONTROL' },
      { Grantee: { Type: 'Group', URI: LOG_DELIVERY }, Permission: 'READ' },
    ]);
    await putText(bucket, 'authenticated', 'x', ['--acl', 'authenticated-read']);
    assert.equal((await aclOf(['s3api', 'get-object-acl', '--bucket', bucket, '--key', 'authenticated'])).Grants[1]?.Grantee.URI, 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers');
    await cli(['s3api', 'copy-object', '--bucket', bucket, '--key', 'copy', '--copy-source', `${bucket}/authenticated`]);
    assert.equal((await aclOf(['s3api', 'get-object-acl', '--bucket', bucket, '--key', 'copy'])).Grants.length, 1, 'a copy does not take its source’s ACL');

    const policy = await py<Grant[]>(`
b = '${bucket}'
owner = s3.get_bucket_acl(Bucket=b)['Owner']
s3.put_object_acl(Bucket=b, Key='granted', AccessControlPolicy={'Owner': owner, 'Grants': [
  {'Grantee': {'Type': 'CanonicalUser', 'ID': owner['ID']}, 'Permission': 'FULL_CONTROL'},
  {'Grantee': {'Type': 'Group', 'URI': '${LOG_DELIVERY}'}, 'Permission': 'WRITE'}]})
print(json.dumps(s3.get_object_acl(Bucket=b, Key='granted')['Grants']))
`);
    assert.deepEqual(policy.map((grant) => [grant.Grantee.Type, grant.Permission]), [
      ['CanonicalUser', 'FULL_CONTROL'],
      ['Group', 'WRITE'],
    ]);
  });

  test('S3’s errors for bad ACLs, and nothing changes', async () => {
    const bucket = await createBucket('acl-errors');
    await putText(bucket, 'k', 'body', ['--acl', 'public-read']);
    const answers = await py<{ [name: string]: { Code: string; Message?: string | null; Status: number; ArgumentName?: string; ArgumentValue?: string } | null | Grant[] }>(`
b = '${bucket}'
owner = s3.get_bucket_acl(Bucket=b)['Owner']
group = lambda uri: {'Owner': owner, 'Grants': [{'Grantee': {'Type': 'Group', 'URI': uri}, 'Permission': 'READ'}]}
out = {
  'canned': error(s3.put_object_acl, Bucket=b, Key='k', ACL='fake-acl'),
  'cannedOnPut': error(s3.put_object, Bucket=b, Key='k', Body=b'replaced', ACL='fake-acl'),
  'bucketOnlyCanned': error(s3.put_object_acl, Bucket=b, Key='k', ACL='log-delivery-write'),
  'both': error(s3.put_object_acl, Bucket=b, Key='k', ACL='private', GrantRead='uri="${LOG_DELIVERY}"'),
  'none': error(s3.put_object_acl, Bucket=b, Key='k'),
  'badUri': error(s3.put_object_acl, Bucket=b, Key='k', GrantWrite='uri="http://acs.amazonaws.com/groups/s3/FakeGroup"'),
  'badId': error(s3.put_bucket_acl, Bucket=b, GrantWrite='id="wrong-id"'),
  'badFormat': error(s3.put_bucket_acl, Bucket=b, GrantWrite='fakekey="1234"'),
  'noOwner': error(s3.put_object_acl, Bucket=b, Key='k', AccessControlPolicy={'Grants': group('${ALL_USERS}')['Grants']}),
  'policyUri': error(s3.put_object_acl, Bucket=b, Key='k', AccessControlPolicy=group('http://acs.amazonaws.com/groups/s3/FakeGroup')),
  'bodyAndHeader': error(s3.put_object_acl, Bucket=b, Key='k', ACL='private', AccessControlPolicy=group('${ALL_USERS}')),
  'missingKey': error(s3.put_object_acl, Bucket=b, Key='absent', ACL='private'),
  'missingBucket': error(s3.get_bucket_acl, Bucket='${uniqueName('missing')}'),
  'grants': s3.get_object_acl(Bucket=b, Key='k')['Grants'],
  'bucketGrants': s3.get_bucket_acl(Bucket=b)['Grants'],
  'body': s3.get_object(Bucket=b, Key='k')['Body'].read().decode(),
}
print(json.dumps(out))
`);
    assert.deepEqual(answers.canned, { Code: 'InvalidArgument', Message: null, Status: 400, ArgumentName: 'x-amz-acl', ArgumentValue: 'fake-acl' });
    assert.equal((answers.cannedOnPut as { Code: string }).Code, 'InvalidArgument');
    assert.equal((answers.bucketOnlyCanned as { Code: string }).Code, 'InvalidArgument');
    assert.deepEqual(answers.both, { Code: 'InvalidRequest', Message: 'Specifying both Canned ACLs and Header Grants is not allowed', Status: 400 });
    assert.deepEqual(answers.none, { Code: 'MissingSecurityHeader', Message: 'Your request was missing a required header', Status: 400, MissingHeaderName: 'x-amz-acl' });
    assert.deepEqual(answers.badUri, { Code: 'InvalidArgument', Message: 'Invalid group uri', Status: 400, ArgumentName: 'uri', ArgumentValue: 'http://acs.amazonaws.com/groups/s3/FakeGroup' });
    assert.deepEqual(answers.badId, { Code: 'InvalidArgument', Message: 'Invalid id', Status: 400, ArgumentName: 'id', ArgumentValue: 'wrong-id' });
    assert.deepEqual(answers.badFormat, { Code: 'InvalidArgument', Message: 'Argument format not recognized', Status: 400, ArgumentName: 'x-amz-grant-write', ArgumentValue: 'fakekey="1234"' });
    assert.equal((answers.noOwner as { Code: string }).Code, 'MalformedACLError');
    assert.deepEqual(answers.policyUri, { Code: 'InvalidArgument', Message: 'Invalid group uri', Status: 400, ArgumentName: 'Group/URI', ArgumentValue: 'http://acs.amazonaws.com/groups/s3/FakeGroup' });
    assert.deepEqual(answers.bodyAndHeader, { Code: 'UnexpectedContent', Message: 'This request does not support content', Status: 400 });
    assert.equal((answers.missingKey as { Code: string }).Code, 'NoSuchKey');
    assert.equal((answers.missingBucket as { Code: string }).Code, 'NoSuchBucket');
    assert.deepEqual((answers.grants as Grant[]).map((grant) => grant.Permission), ['FULL_CONTROL', 'READ'], 'the object keeps its ACL');
    assert.equal((answers.bucketGrants as Grant[]).length, 1, 'the bucket keeps its ACL');
    assert.equal(answers.body, 'body');
  });
});

describe('restart', () => {
  test('tags and ACLs of objects and buckets survive a restart', async () => {
    const bucket = await createBucket('durable-tags');
    await putText(bucket, 'k', 'body', ['--tagging', 'kept=yes', '--acl', 'public-read']);
    await cli(['s3api', 'put-bucket-tagging', '--bucket', bucket, '--tagging', JSON.stringify({ TagSet: [{ Key: 'kept', Value: 'bucket' }] })]);
    await cli(['s3api', 'put-bucket-acl', '--bucket', bucket, '--acl', 'authenticated-read']);
    await eventide.stop('SIGKILL');
    eventide = await startEventide({ dataDir: eventide.dataDir, lambdaRole: false });
    sqs.destroy();
    sqs = sqsClient(eventide.url);
    assert.deepEqual(await tagsOf(bucket, 'k'), [{ Key: 'kept', Value: 'yes' }]);
    assert.deepEqual(await cliJson(['s3api', 'get-bucket-tagging', '--bucket', bucket]), { TagSet: [{ Key: 'kept', Value: 'bucket' }] });
    assert.equal((await cliJson<{ Grants: Grant[] }>(['s3api', 'get-object-acl', '--bucket', bucket, '--key', 'k'])).Grants[1]?.Grantee.URI, ALL_USERS);
    assert.equal((await cliJson<{ Grants: Grant[] }>(['s3api', 'get-bucket-acl', '--bucket', bucket])).Grants[1]?.Permission, 'READ');
  });
});
