/**
 * S3 bucket configurations with the AWS CLI v2 and boto3: subresource requests that once fell through to the plain
 * operation (delete-bucket-cors deleted the bucket, get-bucket-policy listed objects, put-bucket-versioning and
 * put-bucket-cors answered 200 and stored nothing) are now served as S3 serves them or refused; configurations
 * survive a restart and go with their bucket.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { awsCli, awsCliError, awsCliJson, boto3, type CliResult } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { uniqueName } from './support/fixtures.js';

let eventide: EventideProcess;
let work: string;

before(async () => {
  [eventide, work] = await Promise.all([startEventide({ lambdaRole: false }), mkdtemp(path.join(tmpdir(), 'eventide-s3-config-'))]);
});

after(async () => {
  await stopAndClean(eventide);
  await rm(work, { recursive: true, force: true });
});

const s3api = (args: string[], url = eventide.url): Promise<CliResult> => awsCli(url, ['s3api', ...args]);

const ok = <T = unknown>(args: string[], url = eventide.url): Promise<T> => awsCliJson<T>(url, ['s3api', ...args]);

async function fails(args: string[], code: string, message: string | RegExp): Promise<void> {
  const stderr = await awsCliError(eventide.url, ['s3api', ...args]);
  assert.match(stderr, new RegExp(`\\(${code}\\)`));
  if (typeof message === 'string') assert.ok(stderr.includes(message), stderr);
  else assert.match(stderr, message);
}

/** A bucket holding one object `kept.txt` = "kept". */
async function bucketWithObject(prefix: string): Promise<string> {
  const bucket = uniqueName(prefix);
  await ok(['create-bucket', '--bucket', bucket]);
  const file = path.join(work, `${bucket}.txt`);
  await writeFile(file, 'kept');
  await ok(['put-object', '--bucket', bucket, '--key', 'kept.txt', '--body', file]);
  return bucket;
}

async function assertObjectKept(bucket: string): Promise<void> {
  const listed = await ok<{ Contents?: { Key: string }[] }>(['list-objects-v2', '--bucket', bucket]);
  assert.deepEqual(listed.Contents?.map((object) => object.Key), ['kept.txt']);
  const printed = await awsCli(eventide.url, ['s3', 'cp', `s3://${bucket}/kept.txt`, '-']);
  assert.equal(printed.stdout, 'kept');
}

const policyOf = (bucket: string, action = 's3:GetObject') =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'read', Effect: 'Allow', Principal: '*', Action: action, Resource: `arn:aws:s3:::${bucket}/*` }] });

describe('bucket subresources with the AWS CLI', () => {
  test('delete-bucket-cors leaves the bucket and its objects (and an empty bucket too)', async () => {
    const bucket = await bucketWithObject('cors-del');
    await ok(['delete-bucket-cors', '--bucket', bucket]);
    await assertObjectKept(bucket);
    const empty = uniqueName('cors-empty');
    await ok(['create-bucket', '--bucket', empty]);
    await ok(['delete-bucket-cors', '--bucket', empty]);
    await ok(['head-bucket', '--bucket', empty]);
  });

  test('get-bucket-policy is NoSuchBucketPolicy, then the stored policy after put-bucket-policy; delete removes it', async () => {
    const bucket = await bucketWithObject('policy');
    await fails(['get-bucket-policy', '--bucket', bucket], 'NoSuchBucketPolicy', 'The bucket policy does not exist');
    const policy = policyOf(bucket);
    await ok(['put-bucket-policy', '--bucket', bucket, '--policy', policy]);
    const got = await ok<{ Policy: string }>(['get-bucket-policy', '--bucket', bucket]);
    assert.equal(got.Policy, policy);
    await ok(['delete-bucket-policy', '--bucket', bucket]);
    await fails(['get-bucket-policy', '--bucket', bucket], 'NoSuchBucketPolicy', 'The bucket policy does not exist');
    await assertObjectKept(bucket);
  });

  test('a malformed policy is refused with MalformedPolicy and changes nothing', async () => {
    const bucket = await bucketWithObject('policy-bad');
    const policy = policyOf(bucket);
    await ok(['put-bucket-policy', '--bucket', bucket, '--policy', policy]);
    await fails(['put-bucket-policy', '--bucket', bucket, '--policy', 'not json'], 'MalformedPolicy', "Policies must be valid JSON and the first byte must be '{'");
    await fails(['put-bucket-policy', '--bucket', bucket, '--policy', '{}'], 'MalformedPolicy', 'Missing required field Statement');
    await fails(['put-bucket-policy', '--bucket', bucket, '--policy', policyOf('another-bucket')], 'MalformedPolicy', 'Policy has invalid resource');
    await fails(['put-bucket-policy', '--bucket', bucket, '--policy', policyOf(bucket, 'sqs:SendMessage')], 'MalformedPolicy', 'Policy has invalid action');
    assert.equal((await ok<{ Policy: string }>(['get-bucket-policy', '--bucket', bucket])).Policy, policy);
    await assertObjectKept(bucket);
  });

  test('put-bucket-versioning Suspended is returned by get-bucket-versioning; Enabled is refused and changes nothing', async () => {
    const bucket = await bucketWithObject('versioning');
    assert.deepEqual(await ok(['get-bucket-versioning', '--bucket', bucket]), {});
    await ok(['put-bucket-versioning', '--bucket', bucket, '--versioning-configuration', 'Status=Suspended']);
    assert.deepEqual(await ok(['get-bucket-versioning', '--bucket', bucket]), { Status: 'Suspended' });
    await fails(['put-bucket-versioning', '--bucket', bucket, '--versioning-configuration', 'Status=Enabled'], 'NotImplemented', /object versioning is not supported yet|does not support object versioning yet/);
    assert.deepEqual(await ok(['get-bucket-versioning', '--bucket', bucket]), { Status: 'Suspended' });
    await assertObjectKept(bucket);
  });

  test('put-bucket-cors is returned by get-bucket-cors; invalid rules are refused; delete-bucket-cors removes it', async () => {
    const bucket = await bucketWithObject('cors');
    await fails(['get-bucket-cors', '--bucket', bucket], 'NoSuchCORSConfiguration', 'The CORS configuration does not exist');
    const rules = {
      CORSRules: [
        { ID: 'web', AllowedHeaders: ['Authorization', 'x-amz-*'], AllowedMethods: ['GET', 'PUT'], AllowedOrigins: ['https://app.example.com'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 3000 },
        { AllowedMethods: ['GET'], AllowedOrigins: ['*'] },
      ],
    };
    await ok(['put-bucket-cors', '--bucket', bucket, '--cors-configuration', JSON.stringify(rules)]);
    assert.deepEqual(await ok(['get-bucket-cors', '--bucket', bucket]), rules);
    const patch = { CORSRules: [{ AllowedMethods: ['PATCH'], AllowedOrigins: ['*'] }] };
    await fails(['put-bucket-cors', '--bucket', bucket, '--cors-configuration', JSON.stringify(patch)], 'InvalidRequest', 'Found unsupported HTTP method in CORS config. Unsupported method is PATCH');
    assert.deepEqual(await ok(['get-bucket-cors', '--bucket', bucket]), rules);
    await ok(['delete-bucket-cors', '--bucket', bucket]);
    await fails(['get-bucket-cors', '--bucket', bucket], 'NoSuchCORSConfiguration', 'The CORS configuration does not exist');
    await assertObjectKept(bucket);
  });

  test('get-bucket-location: empty for us-east-1, the region otherwise', async () => {
    const east = uniqueName('loc-east');
    await ok(['create-bucket', '--bucket', east]);
    assert.deepEqual(await ok(['get-bucket-location', '--bucket', east]), { LocationConstraint: null });
    const west = uniqueName('loc-west');
    await ok(['create-bucket', '--bucket', west, '--create-bucket-configuration', 'LocationConstraint=eu-west-1']);
    assert.deepEqual(await ok(['get-bucket-location', '--bucket', west]), { LocationConstraint: 'eu-west-1' });
  });

  test('create-bucket --object-lock-enabled-for-bucket is refused with NotImplemented and creates no bucket', async () => {
    const bucket = uniqueName('locked');
    await fails(['create-bucket', '--bucket', bucket, '--object-lock-enabled-for-bucket'], 'NotImplemented', 'Eventide does not implement S3 Object Lock');
    await fails(['head-bucket', '--bucket', bucket], '404', 'Not Found');
  });

  test('create-bucket with an object ownership or directory-bucket configuration is refused and creates no bucket', async () => {
    const bucket = uniqueName('owned');
    await fails(['create-bucket', '--bucket', bucket, '--object-ownership', 'BucketOwnerEnforced'], 'NotImplemented', 'Eventide does not implement S3 Object Ownership');
    await fails(['head-bucket', '--bucket', bucket], '404', 'Not Found');
    // Debian's AWS CLI predates directory buckets and bucket tags at creation; boto3 sends them.
    const script = `
import boto3, json, os
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'])
out = []
for configuration in [{'Location': {'Type': 'AvailabilityZone', 'Name': 'use1-az4'}, 'Bucket': {'Type': 'Directory', 'DataRedundancy': 'SingleAvailabilityZone'}}, {'Tags': [{'Key': 'team', 'Value': 'data'}]}]:
    try:
        s3.create_bucket(Bucket='${bucket}', CreateBucketConfiguration=configuration)
        out.append(None)
    except s3.exceptions.ClientError as failure:
        out.append([failure.response['Error']['Code'], failure.response['Error']['Message']])
out.append([bucket['Name'] for bucket in s3.list_buckets()['Buckets'] if bucket['Name'] == '${bucket}'])
print(json.dumps(out))
`;
    const result = await boto3(eventide.url, script);
    assert.equal(result.code, 0, result.stderr);
    const [directory, tags, listed] = JSON.parse(result.stdout) as [[string, string], [string, string], string[]];
    assert.equal(directory[0], 'NotImplemented');
    assert.match(directory[1], /CreateBucketConfiguration Location, Bucket/);
    assert.equal(tags[0], 'NotImplemented');
    assert.match(tags[1], /CreateBucketConfiguration Tags/);
    assert.deepEqual(listed, []);
  });

  test('every configuration operation on a missing bucket is NoSuchBucket', async () => {
    const missing = uniqueName('absent');
    for (const args of [['get-bucket-policy'], ['delete-bucket-cors'], ['get-bucket-versioning'], ['get-bucket-encryption'], ['get-bucket-acl'], ['get-bucket-lifecycle-configuration']]) {
      await fails([...args, '--bucket', missing], 'NoSuchBucket', 'The specified bucket does not exist');
    }
    await fails(['put-bucket-policy', '--bucket', missing, '--policy', 'not json'], 'NoSuchBucket', 'The specified bucket does not exist');
  });
});

describe('bucket configurations with boto3', () => {
  test('policy, versioning and CORS round trips, with S3’s errors', async () => {
    const bucket = uniqueName('boto');
    const script = `
import boto3, json, os
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'])
def error(call, **kwargs):
    try:
        call(**kwargs)
        return None
    except s3.exceptions.ClientError as failure:
        return [failure.response['Error']['Code'], failure.response['Error']['Message'], failure.response['ResponseMetadata']['HTTPStatusCode']]
s3.create_bucket(Bucket='${bucket}')
s3.put_object(Bucket='${bucket}', Key='kept.txt', Body=b'kept')
out = {'noPolicy': error(s3.get_bucket_policy, Bucket='${bucket}')}
s3.put_bucket_policy(Bucket='${bucket}', Policy=${JSON.stringify(policyOf(bucket))})
out['policy'] = s3.get_bucket_policy(Bucket='${bucket}')['Policy']
out['malformed'] = error(s3.put_bucket_policy, Bucket='${bucket}', Policy='')
s3.put_bucket_versioning(Bucket='${bucket}', VersioningConfiguration={'Status': 'Suspended'})
out['versioning'] = s3.get_bucket_versioning(Bucket='${bucket}').get('Status')
out['enabled'] = error(s3.put_bucket_versioning, Bucket='${bucket}', VersioningConfiguration={'Status': 'Enabled'})
s3.put_bucket_cors(Bucket='${bucket}', CORSConfiguration={'CORSRules': [{'AllowedMethods': ['GET'], 'AllowedOrigins': ['*']}]})
out['cors'] = s3.get_bucket_cors(Bucket='${bucket}')['CORSRules']
s3.delete_bucket_cors(Bucket='${bucket}')
out['noCors'] = error(s3.get_bucket_cors, Bucket='${bucket}')
out['body'] = s3.get_object(Bucket='${bucket}', Key='kept.txt')['Body'].read().decode()
print(json.dumps(out))
`;
    const result = await boto3(eventide.url, script);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      noPolicy: ['NoSuchBucketPolicy', 'The bucket policy does not exist', 404],
      policy: policyOf(bucket),
      malformed: ['MalformedPolicy', "Policies must be valid JSON and the first byte must be '{'", 400],
      versioning: 'Suspended',
      enabled: ['NotImplemented', "Eventide does not support object versioning yet: a bucket's versioning can only be Suspended.", 501],
      cors: [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }],
      noCors: ['NoSuchCORSConfiguration', 'The CORS configuration does not exist', 404],
      body: 'kept',
    });
  });
});

describe('persistence', () => {
  test('configurations survive a restart; deleting the bucket deletes them', async () => {
    const first = await startEventide({ lambdaRole: false });
    let second: EventideProcess | undefined;
    try {
      const bucket = uniqueName('durable');
      await ok(['create-bucket', '--bucket', bucket], first.url);
      await ok(['put-bucket-policy', '--bucket', bucket, '--policy', policyOf(bucket)], first.url);
      await ok(['put-bucket-versioning', '--bucket', bucket, '--versioning-configuration', 'Status=Suspended'], first.url);
      await first.stop();
      second = await startEventide({ dataDir: first.dataDir, lambdaRole: false });
      assert.equal((await ok<{ Policy: string }>(['get-bucket-policy', '--bucket', bucket], second.url)).Policy, policyOf(bucket));
      assert.deepEqual(await ok(['get-bucket-versioning', '--bucket', bucket], second.url), { Status: 'Suspended' });
      await ok(['delete-bucket', '--bucket', bucket], second.url);
      await ok(['create-bucket', '--bucket', bucket], second.url);
      const again = await s3api(['get-bucket-policy', '--bucket', bucket], second.url);
      assert.match(again.stderr, /NoSuchBucketPolicy/);
      assert.deepEqual(await ok(['get-bucket-versioning', '--bucket', bucket], second.url), {});
    } finally {
      await second?.stop();
      await stopAndClean(first);
    }
  });
});
