/**
 * The properties S3 stores with an object besides its type and metadata — Cache-Control, Content-Disposition,
 * Content-Encoding, Content-Language, Expires, the website redirect location, the storage class, the encryption — with
 * the AWS CLI v2 and boto3: written by put-object, `aws s3 cp` (multipart too), copies and browser form uploads, and
 * answered by head-object and get-object; what Eventide cannot honour (KMS, SSE-C, object lock, another account's
 * bucket) is refused and changes nothing.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { awsCliOutput, boto3 } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { uniqueName } from './support/fixtures.js';

interface Head {
  ContentType: string;
  ContentLength: number;
  ETag: string;
  CacheControl?: string;
  ContentDisposition?: string;
  ContentEncoding?: string;
  ContentLanguage?: string;
  Expires?: string;
  WebsiteRedirectLocation?: string;
  StorageClass?: string;
  ServerSideEncryption?: string;
  Metadata: Record<string, string>;
}

interface Refusal {
  Code: string;
  Message: string | undefined;
  Status: number;
}

let eventide: EventideProcess;
let work: string;

before(async () => {
  eventide = await startEventide({ lambdaRole: false });
  work = await mkdtemp(path.join(tmpdir(), 'eventide-s3-headers-'));
});

after(async () => {
  if (eventide !== undefined) await stopAndClean(eventide);
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

const cli = (args: string[]): Promise<string> => awsCliOutput(eventide.url, args, { cwd: work });

const cliJson = async <T>(args: string[]): Promise<T> => JSON.parse(await cli(args)) as T;

/** Runs boto3 with `s3` as a path-style client and `refusal(call, **kwargs)`; the snippet's last printed line is JSON. */
const py = async <T>(script: string): Promise<T> => {
  const prelude = `import os, boto3, json, botocore
from botocore.config import Config
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], config=Config(s3={'addressing_style': 'path'}))
def refusal(call, **kwargs):
    try:
        call(**kwargs)
        return None
    except botocore.exceptions.ClientError as e:
        return {'Code': e.response['Error']['Code'], 'Message': e.response['Error'].get('Message'), 'Status': e.response['ResponseMetadata']['HTTPStatusCode']}
`;
  const result = await boto3(eventide.url, `${prelude}${script}`);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? 'null') as T;
};

const createBucket = async (prefix: string): Promise<string> => {
  const bucket = uniqueName(prefix);
  await cli(['s3api', 'create-bucket', '--bucket', bucket]);
  return bucket;
};

const fileWith = async (content: string | Buffer): Promise<string> => {
  const file = path.join(work, `${uniqueName('body')}.txt`);
  await writeFile(file, content);
  return file;
};

const head = (bucket: string, key: string) => cliJson<Head>(['s3api', 'head-object', '--bucket', bucket, '--key', key]);

/** What a user sees of an object's properties. */
const propertiesOf = (answer: Head) => ({
  cacheControl: answer.CacheControl,
  contentDisposition: answer.ContentDisposition,
  contentEncoding: answer.ContentEncoding,
  contentLanguage: answer.ContentLanguage,
  expires: answer.Expires === undefined ? undefined : Date.parse(answer.Expires),
  websiteRedirectLocation: answer.WebsiteRedirectLocation,
  storageClass: answer.StorageClass,
  serverSideEncryption: answer.ServerSideEncryption,
});

const EXPIRES = '2037-01-01T00:00:00Z';

const described = {
  cacheControl: 'max-age=3600',
  contentDisposition: 'attachment; filename="report.txt"',
  contentEncoding: 'identity',
  contentLanguage: 'fr-CA',
  expires: Date.parse(EXPIRES),
  websiteRedirectLocation: '/elsewhere.html',
  storageClass: 'STANDARD_IA',
  serverSideEncryption: 'AES256',
};

const describingArgs = [
  '--cache-control', described.cacheControl,
  '--content-disposition', described.contentDisposition,
  '--content-encoding', described.contentEncoding,
  '--content-language', described.contentLanguage,
  '--expires', EXPIRES,
  '--website-redirect-location', described.websiteRedirectLocation,
  '--storage-class', described.storageClass,
  '--server-side-encryption', 'AES256',
];

describe('S3 object properties', () => {
  test('put-object stores every property; head-object, get-object and the listing answer them', async () => {
    const bucket = await createBucket('described');
    const put = await cliJson<{ ServerSideEncryption?: string }>(['s3api', 'put-object', '--bucket', bucket, '--key', 'report', '--body', await fileWith('hello'), ...describingArgs]);
    assert.equal(put.ServerSideEncryption, 'AES256');
    assert.deepEqual(propertiesOf(await head(bucket, 'report')), described);
    const got = await cliJson<Head>(['s3api', 'get-object', '--bucket', bucket, '--key', 'report', path.join(work, uniqueName('out'))]);
    assert.deepEqual(propertiesOf(got), described);
    const listing = await cliJson<{ Contents: { Key: string; StorageClass: string }[] }>(['s3api', 'list-objects-v2', '--bucket', bucket]);
    assert.deepEqual(listing.Contents.map((item) => item.StorageClass), ['STANDARD_IA']);

    await cli(['s3api', 'put-object', '--bucket', bucket, '--key', 'plain', '--body', await fileWith('plain')]);
    const plain = propertiesOf(await head(bucket, 'plain'));
    assert.deepEqual(plain, { ...Object.fromEntries(Object.keys(described).map((name) => [name, undefined])), serverSideEncryption: 'AES256' }, 'STANDARD is not answered; every object is SSE-S3');
  });

  test('aws s3 cp sends the properties, on a small upload and on a 20 MB multipart upload', async () => {
    const bucket = await createBucket('copied-up');
    const args = ['--cache-control', 'no-cache', '--content-disposition', 'inline', '--storage-class', 'STANDARD_IA'];
    await cli(['s3', 'cp', await fileWith('small'), `s3://${bucket}/small.txt`, ...args]);
    const small = await head(bucket, 'small.txt');
    assert.deepEqual([small.CacheControl, small.ContentDisposition, small.StorageClass], ['no-cache', 'inline', 'STANDARD_IA']);

    await cli(['s3', 'cp', await fileWith(Buffer.alloc(20 * 1024 * 1024, 7)), `s3://${bucket}/big.bin`, ...args, '--content-language', 'en']);
    const big = await head(bucket, 'big.bin');
    assert.match(big.ETag, /-\d+"$/, 'a multipart upload');
    assert.deepEqual([big.CacheControl, big.ContentDisposition, big.ContentLanguage, big.StorageClass, big.ContentLength], ['no-cache', 'inline', 'en', 'STANDARD_IA', 20 * 1024 * 1024]);
  });

  test('copy-object: COPY keeps the content headers but takes the request’s storage class; REPLACE takes the request’s', async () => {
    const bucket = await createBucket('copies');
    await cli(['s3api', 'put-object', '--bucket', bucket, '--key', 'source', '--body', await fileWith('source'), ...describingArgs]);
    await cli(['s3api', 'copy-object', '--bucket', bucket, '--key', 'kept', '--copy-source', `${bucket}/source`]);
    assert.deepEqual(propertiesOf(await head(bucket, 'kept')), { ...described, websiteRedirectLocation: undefined, storageClass: undefined });
    await cli(['s3api', 'copy-object', '--bucket', bucket, '--key', 'replaced', '--copy-source', `${bucket}/source`, '--metadata-directive', 'REPLACE', '--cache-control', 'no-store', '--storage-class', 'ONEZONE_IA']);
    const replaced = await head(bucket, 'replaced');
    assert.deepEqual([replaced.CacheControl, replaced.ContentDisposition, replaced.StorageClass, replaced.ContentType], ['no-store', undefined, 'ONEZONE_IA', 'binary/octet-stream']);
    // A copy onto itself that changes the storage class is legal; without any change it is not.
    await cli(['s3api', 'copy-object', '--bucket', bucket, '--key', 'source', '--copy-source', `${bucket}/source`, '--storage-class', 'GLACIER_IR']);
    assert.deepEqual([(await head(bucket, 'source')).StorageClass, (await head(bucket, 'source')).CacheControl], ['GLACIER_IR', described.cacheControl]);
  });

  test('GetObject’s response-* parameters override the answer’s headers', async () => {
    const bucket = await createBucket('overrides');
    await cli(['s3api', 'put-object', '--bucket', bucket, '--key', 'k', '--body', await fileWith('data'), '--cache-control', 'max-age=1', '--content-type', 'text/plain']);
    const answer = await py<Record<string, string>>(`
got = s3.get_object(Bucket='${bucket}', Key='k', ResponseContentType='application/x-download', ResponseCacheControl='no-cache', ResponseContentDisposition='attachment; filename="d.txt"', ResponseContentLanguage='de', ResponseExpires='2036-01-01T00:00:00Z')
print(json.dumps({'type': got['ContentType'], 'cache': got['CacheControl'], 'disposition': got['ContentDisposition'], 'language': got['ContentLanguage'], 'body': got['Body'].read().decode()}))`);
    assert.deepEqual(answer, { type: 'application/x-download', cache: 'no-cache', disposition: 'attachment; filename="d.txt"', language: 'de', body: 'data' });
  });

  test('an archived object (GLACIER) is described but its bytes are not served', async () => {
    const bucket = await createBucket('archive');
    await cli(['s3api', 'put-object', '--bucket', bucket, '--key', 'cold', '--body', await fileWith('cold'), '--storage-class', 'GLACIER']);
    assert.equal((await head(bucket, 'cold')).StorageClass, 'GLACIER');
    const refused = await py<Refusal[]>(`print(json.dumps([refusal(s3.get_object, Bucket='${bucket}', Key='cold'), refusal(s3.copy_object, Bucket='${bucket}', Key='warm', CopySource='${bucket}/cold')]))`);
    assert.deepEqual(refused.map((r) => [r.Code, r.Status, r.Message]), Array(2).fill(['InvalidObjectState', 403, "The operation is not valid for the object's storage class"]));
  });

  test('what cannot be honoured is refused in S3’s words and changes nothing', async () => {
    const bucket = await createBucket('refusals');
    await cli(['s3api', 'put-object', '--bucket', bucket, '--key', 'k', '--body', await fileWith('original'), '--cache-control', 'original']);
    const refusals = await py<Record<string, Refusal | null>>(`
put = lambda **kwargs: refusal(s3.put_object, Bucket='${bucket}', Key='k', Body=b'changed', **kwargs)
print(json.dumps({
  'class': put(StorageClass='SUPER_FAST'),
  'kms': put(ServerSideEncryption='aws:kms'),
  'dsse': put(ServerSideEncryption='aws:kms:dsse'),
  'unknownEncryption': put(ServerSideEncryption='ROT13'),
  'customerKey': put(SSECustomerAlgorithm='AES256', SSECustomerKey='k' * 32),
  'lock': put(ObjectLockMode='GOVERNANCE', ObjectLockRetainUntilDate='2037-01-01T00:00:00Z'),
  'legalHold': put(ObjectLockLegalHoldStatus='ON'),
  'redirect': put(WebsiteRedirectLocation='elsewhere.html'),
  'owner': put(ExpectedBucketOwner='111122223333'),
  'copyOwner': refusal(s3.copy_object, Bucket='${bucket}', Key='k2', CopySource='${bucket}/k', ExpectedSourceBucketOwner='111122223333'),
  'listOwner': refusal(s3.list_objects_v2, Bucket='${bucket}', ExpectedBucketOwner='111122223333'),
  'readCustomerKey': refusal(s3.get_object, Bucket='${bucket}', Key='k', SSECustomerAlgorithm='AES256', SSECustomerKey='k' * 32),
  'multipart': refusal(s3.create_multipart_upload, Bucket='${bucket}', Key='k3', StorageClass='SUPER_FAST'),
  'ownAccount': put(ExpectedBucketOwner='000000000000', CacheControl='original'),
}))`);
    const codes = Object.fromEntries(Object.entries(refusals).map(([name, r]) => [name, r === null ? null : `${r.Status} ${r.Code}`]));
    assert.deepEqual(codes, {
      class: '400 InvalidStorageClass',
      kms: '501 NotImplemented',
      dsse: '501 NotImplemented',
      unknownEncryption: '400 InvalidArgument',
      customerKey: '501 NotImplemented',
      lock: '400 InvalidRequest',
      legalHold: '400 InvalidRequest',
      redirect: '400 InvalidRedirectLocation',
      owner: '403 AccessDenied',
      copyOwner: '403 AccessDenied',
      listOwner: '403 AccessDenied',
      readCustomerKey: '400 InvalidRequest',
      multipart: '400 InvalidStorageClass',
      ownAccount: null,
    });
    assert.equal(refusals.class?.Message, 'The storage class you specified is not valid');
    assert.equal(refusals.lock?.Message, 'Bucket is missing Object Lock Configuration');
    const file = path.join(work, uniqueName('out'));
    const kept = await cliJson<Head>(['s3api', 'get-object', '--bucket', bucket, '--key', 'k', file]);
    assert.deepEqual([await readFile(file, 'utf8'), kept.CacheControl], ['changed', 'original'], 'only the last, own-account put changed the object');
    const listing = await cliJson<{ Contents: { Key: string }[] }>(['s3api', 'list-objects-v2', '--bucket', bucket]);
    assert.deepEqual(listing.Contents.map((item) => item.Key), ['k']);
  });
});

describe('S3 browser form uploads (POST) and their fields', () => {
  const post = async (bucket: string, fields: Record<string, string>, content = 'from a form'): Promise<Response> => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([content]), 'note.txt');
    return fetch(`${eventide.url}/${bucket}`, { method: 'POST', body: form, redirect: 'manual' });
  };

  test('acl, tagging, Cache-Control and the other properties are stored; success_action_redirect answers 303', async () => {
    const bucket = await createBucket('form-fields');
    const tagging = '<Tagging><TagSet><Tag><Key>team</Key><Value>web</Value></Tag><Tag><Key>stage</Key><Value>beta</Value></Tag></TagSet></Tagging>';
    const posted = await post(bucket, {
      key: 'uploads/${filename}',
      acl: 'public-read',
      tagging,
      'Cache-Control': 'max-age=60',
      'Content-Disposition': 'inline',
      'Content-Language': 'nl',
      Expires: 'Thu, 01 Jan 2037 00:00:00 GMT',
      'x-amz-storage-class': 'STANDARD_IA',
      'x-amz-server-side-encryption': 'AES256',
      'x-amz-website-redirect-location': 'https://example.com/',
      success_action_redirect: 'https://app.example.com/done?from=form',
      policy: 'eyJ9',
      'x-amz-signature': 'unchecked',
      'x-amz-credential': 'AKID/20260101/us-east-1/s3/aws4_request',
      'x-amz-algorithm': 'AWS4-HMAC-SHA256',
      'x-amz-date': '20260101T000000Z',
      'x-ignore-note': 'anything',
    });
    assert.equal(posted.status, 303, await posted.text());
    const eTag = (await head(bucket, 'uploads/note.txt')).ETag;
    const location = new URL(posted.headers.get('location') ?? '');
    assert.deepEqual([location.origin + location.pathname, [...location.searchParams]], [
      'https://app.example.com/done',
      [['from', 'form'], ['bucket', bucket], ['key', 'uploads/note.txt'], ['etag', eTag]],
    ]);

    const stored = await head(bucket, 'uploads/note.txt');
    assert.deepEqual(propertiesOf(stored), {
      cacheControl: 'max-age=60',
      contentDisposition: 'inline',
      contentEncoding: undefined,
      contentLanguage: 'nl',
      expires: Date.parse(EXPIRES),
      websiteRedirectLocation: 'https://example.com/',
      storageClass: 'STANDARD_IA',
      serverSideEncryption: 'AES256',
    });
    const tags = await cliJson<{ TagSet: { Key: string; Value: string }[] }>(['s3api', 'get-object-tagging', '--bucket', bucket, '--key', 'uploads/note.txt']);
    assert.deepEqual(tags.TagSet, [{ Key: 'team', Value: 'web' }, { Key: 'stage', Value: 'beta' }]);
    const acl = await cliJson<{ Grants: { Grantee: { URI?: string }; Permission: string }[] }>(['s3api', 'get-object-acl', '--bucket', bucket, '--key', 'uploads/note.txt']);
    assert.ok(acl.Grants.some((grant) => grant.Grantee.URI === 'http://acs.amazonaws.com/groups/global/AllUsers' && grant.Permission === 'READ'), JSON.stringify(acl.Grants));
  });

  test('bad fields are refused and store nothing', async () => {
    const bucket = await createBucket('form-refusals');
    const cases: Array<[Record<string, string>, number, string]> = [
      [{ key: 'a', acl: 'world-writable' }, 400, 'InvalidArgument'],
      [{ key: 'b', tagging: '<Tagging><TagSet><Tag><Key>k</Key></Tag></TagSet></Tagging>' }, 400, 'MalformedXML'],
      [{ key: 'c', tagging: 'team=web' }, 400, 'MalformedXML'],
      [{ key: 'd', 'x-amz-storage-class': 'SUPER_FAST' }, 400, 'InvalidStorageClass'],
      [{ key: 'e', 'x-amz-server-side-encryption': 'aws:kms' }, 501, 'NotImplemented'],
      [{ key: 'f', 'x-amz-checksum-crc32': 'AAAAAA==' }, 501, 'NotImplemented'],
    ];
    for (const [fields, status, code] of cases) {
      const answer = await post(bucket, fields);
      const body = await answer.text();
      assert.deepEqual([answer.status, /<Code>([^<]+)<\/Code>/.exec(body)?.[1]], [status, code], `${JSON.stringify(fields)}: ${body}`);
    }
    assert.equal((await cli(['s3api', 'list-objects-v2', '--bucket', bucket, '--no-paginate', '--query', 'KeyCount'])).trim(), '0');
  });
});
