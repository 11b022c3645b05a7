/**
 * Every subresource S3 defines, on every method S3 defines for it: the request (as the CLI sends it, path-style,
 * SigV4-shaped) is served as S3 serves it or refused with 501 NotImplemented, and the bucket and an object in it
 * are unchanged afterwards. Never the plain operation of the method and path (DeleteBucket, ListObjects, PutObject…).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { S3_SUBRESOURCE_OPERATIONS, type SubresourceOperation } from '../../src/services/s3/subresources.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';

let eventide: EventideProcess;
const BUCKET = 'eventide-sweep';
const KEY = 'kept.txt';

/** What each (method, target, subresource) answers on a bucket with no configuration: a status and an error code or the response's root element. */
const EXPECTED: Record<string, [number, string]> = {
  'GET bucket ?abac': [501, 'NotImplemented'],
  'PUT bucket ?abac': [501, 'NotImplemented'],
  'GET bucket ?accelerate': [200, 'AccelerateConfiguration'],
  'PUT bucket ?accelerate': [501, 'NotImplemented'],
  'GET bucket ?acl': [200, 'AccessControlPolicy'],
  'PUT bucket ?acl': [200, ''],
  'GET object ?acl': [200, 'AccessControlPolicy'],
  'PUT object ?acl': [200, ''],
  'DELETE bucket ?analytics': [404, 'NoSuchConfiguration'],
  'GET bucket ?analytics': [200, 'ListBucketAnalyticsConfigurationResult'],
  'PUT bucket ?analytics': [501, 'NotImplemented'],
  'GET object ?attributes': [501, 'NotImplemented'],
  'DELETE bucket ?cors': [204, ''],
  'GET bucket ?cors': [404, 'NoSuchCORSConfiguration'],
  'PUT bucket ?cors': [200, ''],
  'POST bucket ?delete': [200, 'DeleteResult'],
  'DELETE bucket ?encryption': [204, ''],
  'GET bucket ?encryption': [200, 'ServerSideEncryptionConfiguration'],
  'PUT bucket ?encryption': [200, ''],
  'PUT object ?encryption': [501, 'NotImplemented'],
  'DELETE bucket ?intelligent-tiering': [404, 'NoSuchConfiguration'],
  'GET bucket ?intelligent-tiering': [200, 'ListBucketIntelligentTieringConfigurationsOutput'],
  'PUT bucket ?intelligent-tiering': [501, 'NotImplemented'],
  'DELETE bucket ?inventory': [404, 'NoSuchConfiguration'],
  'GET bucket ?inventory': [200, 'ListInventoryConfigurationsResult'],
  'PUT bucket ?inventory': [501, 'NotImplemented'],
  'GET object ?legal-hold': [501, 'NotImplemented'],
  'PUT object ?legal-hold': [501, 'NotImplemented'],
  'DELETE bucket ?lifecycle': [204, ''],
  'GET bucket ?lifecycle': [404, 'NoSuchLifecycleConfiguration'],
  'PUT bucket ?lifecycle': [501, 'NotImplemented'],
  'GET bucket ?location': [200, 'LocationConstraint'],
  'GET bucket ?logging': [200, 'BucketLoggingStatus'],
  'PUT bucket ?logging': [200, ''],
  'DELETE bucket ?metadataConfiguration': [501, 'NotImplemented'],
  'GET bucket ?metadataConfiguration': [501, 'NotImplemented'],
  'POST bucket ?metadataConfiguration': [501, 'NotImplemented'],
  'PUT bucket ?metadataInventoryTable': [501, 'NotImplemented'],
  'PUT bucket ?metadataJournalTable': [501, 'NotImplemented'],
  'DELETE bucket ?metadataTable': [501, 'NotImplemented'],
  'GET bucket ?metadataTable': [501, 'NotImplemented'],
  'POST bucket ?metadataTable': [501, 'NotImplemented'],
  'DELETE bucket ?metrics': [404, 'NoSuchConfiguration'],
  'GET bucket ?metrics': [200, 'ListMetricsConfigurationsResult'],
  'PUT bucket ?metrics': [501, 'NotImplemented'],
  'GET bucket ?notification': [200, 'NotificationConfiguration'],
  'PUT bucket ?notification': [200, ''],
  'GET bucket ?object-lock': [404, 'ObjectLockConfigurationNotFoundError'],
  'PUT bucket ?object-lock': [409, 'InvalidBucketState'],
  'DELETE bucket ?ownershipControls': [204, ''],
  'GET bucket ?ownershipControls': [404, 'OwnershipControlsNotFoundError'],
  'PUT bucket ?ownershipControls': [501, 'NotImplemented'],
  'DELETE bucket ?policy': [204, ''],
  'GET bucket ?policy': [404, 'NoSuchBucketPolicy'],
  'PUT bucket ?policy': [204, ''],
  'GET bucket ?policyStatus': [501, 'NotImplemented'],
  'DELETE bucket ?publicAccessBlock': [204, ''],
  'GET bucket ?publicAccessBlock': [404, 'NoSuchPublicAccessBlockConfiguration'],
  'PUT bucket ?publicAccessBlock': [200, ''],
  'PUT object ?renameObject': [501, 'NotImplemented'],
  'DELETE bucket ?replication': [204, ''],
  'GET bucket ?replication': [404, 'ReplicationConfigurationNotFoundError'],
  'PUT bucket ?replication': [400, 'InvalidRequest'],
  'GET bucket ?requestPayment': [200, 'RequestPaymentConfiguration'],
  'PUT bucket ?requestPayment': [200, ''],
  'POST object ?restore': [501, 'NotImplemented'],
  'GET object ?retention': [501, 'NotImplemented'],
  'PUT object ?retention': [501, 'NotImplemented'],
  'POST object ?select': [501, 'NotImplemented'],
  'GET bucket ?session': [501, 'NotImplemented'],
  'DELETE bucket ?tagging': [204, ''],
  'GET bucket ?tagging': [404, 'NoSuchTagSet'],
  'PUT bucket ?tagging': [204, ''],
  'DELETE object ?tagging': [204, ''],
  'GET object ?tagging': [200, 'Tagging'],
  'PUT object ?tagging': [200, ''],
  'GET object ?torrent': [501, 'NotImplemented'],
  'GET object ?uploadId': [404, 'NoSuchUpload'],
  'PUT object ?uploadId': [404, 'NoSuchUpload'],
  'PUT object ?uploadId x-amz-copy-source': [501, 'NotImplemented'],
  'POST object ?uploadId': [404, 'NoSuchUpload'],
  'DELETE object ?uploadId': [404, 'NoSuchUpload'],
  'GET bucket ?uploads': [501, 'NotImplemented'],
  'POST object ?uploads': [200, 'InitiateMultipartUploadResult'],
  'GET bucket ?versioning': [200, 'VersioningConfiguration'],
  'PUT bucket ?versioning': [200, ''],
  'GET bucket ?versions': [501, 'NotImplemented'],
  'DELETE bucket ?website': [204, ''],
  'GET bucket ?website': [404, 'NoSuchWebsiteConfiguration'],
  'PUT bucket ?website': [501, 'NotImplemented'],
};

const nameOf = (entry: SubresourceOperation) => `${entry.method} ${entry.target} ?${entry.subresource}${entry.header === undefined ? '' : ` ${entry.header}`}`;

/** Bodies the CLI would send for the Puts and Posts that read theirs; the others get a small XML document. */
const BODIES: Record<string, string> = {
  acl: '',
  tagging: '<Tagging><TagSet><Tag><Key>team</Key><Value>sweep</Value></Tag></TagSet></Tagging>',
  policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*` }] }),
  cors: '<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod><AllowedOrigin>*</AllowedOrigin></CORSRule></CORSConfiguration>',
  versioning: '<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>',
  encryption: '<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>',
  publicAccessBlock: '<PublicAccessBlockConfiguration><BlockPublicAcls>true</BlockPublicAcls></PublicAccessBlockConfiguration>',
  logging: '<BucketLoggingStatus/>',
  requestPayment: '<RequestPaymentConfiguration><Payer>BucketOwner</Payer></RequestPaymentConfiguration>',
  notification: '<NotificationConfiguration/>',
  delete: '<Delete><Object><Key>absent-key</Key></Object></Delete>',
  uploadId: '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"x"</ETag></Part></CompleteMultipartUpload>',
};

/** Headers the CLI sends with some of them: a canned ACL instead of an AccessControlPolicy body. */
const HEADERS: Record<string, Record<string, string>> = { acl: { 'x-amz-acl': 'private' } };

/** A request shaped like the CLI's: path-style, SigV4 Authorization (Eventide checks no signature). */
async function send(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${eventide.url}${path}`, {
    method,
    headers: {
      Authorization: 'AWS4-HMAC-SHA256 Credential=AKIAEVENTIDETEST/20250101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=0',
      'x-amz-date': '20250101T000000Z',
      'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
      'User-Agent': 'aws-cli/2 eventide-sweep',
      ...headers,
    },
    body,
  });
  return { status: response.status, text: await response.text() };
}

before(async () => {
  eventide = await startEventide({ lambdaRole: false });
  assert.equal((await send('PUT', `/${BUCKET}`)).status, 200);
  assert.equal((await send('PUT', `/${BUCKET}/${KEY}`, { 'Content-Type': 'text/plain' }, 'kept bytes')).status, 200);
});

after(async () => {
  await stopAndClean(eventide);
});

async function assertBucketAndObjectKept(after: string): Promise<void> {
  const object = await send('GET', `/${BUCKET}/${KEY}`);
  assert.deepEqual(object, { status: 200, text: 'kept bytes' }, `object after ${after}`);
  const listing = await send('GET', `/${BUCKET}?list-type=2`);
  assert.equal(listing.status, 200, `listing after ${after}`);
  assert.deepEqual([...listing.text.matchAll(/<Key>([^<]*)<\/Key>/g)].map((match) => match[1]), [KEY], `listing after ${after}`);
}

test('the table names every subresource operation S3 defines, and nothing else', () => {
  assert.deepEqual(S3_SUBRESOURCE_OPERATIONS.map(nameOf).sort(), Object.keys(EXPECTED).sort());
});

for (const entry of S3_SUBRESOURCE_OPERATIONS) {
  const name = nameOf(entry);
  test(`${name}: ${(EXPECTED[name] ?? [0, '?']).join(' ')}, the bucket and its object unchanged`, async () => {
    const [status, shape] = EXPECTED[name] ?? [0, '?'];
    const path = entry.target === 'bucket' ? `/${BUCKET}` : `/${BUCKET}/${KEY}`;
    // Values as the SDKs give them: uploadId and id name things that do not exist here.
    const value = entry.subresource === 'uploadId' ? '=no-such-upload&partNumber=1' : entry.subresource === 'select' ? '&select-type=2' : '';
    const hasBody = entry.method === 'PUT' || entry.method === 'POST';
    const headers: Record<string, string> = { ...(hasBody ? HEADERS[entry.subresource] : {}), ...(entry.header === undefined ? {} : { [entry.header]: `/${BUCKET}/${KEY}` }) };
    const body = hasBody ? (BODIES[entry.subresource] ?? '<Configuration/>') : undefined;
    const answer = await send(entry.method, `${path}?${entry.subresource}${value}`, headers, body);
    assert.equal(answer.status, status, `${name} answered ${answer.status}: ${answer.text}`);
    if (status >= 400) {
      assert.match(answer.text, new RegExp(`^<\\?xml version="1.0" encoding="UTF-8"\\?>\\n<Error><Code>${shape}</Code><Message>[^<]+</Message>`), answer.text);
      if (status === 501) assert.ok(answer.text.includes(entry.operations[0] ?? '?'), `the message names ${entry.operations[0]}: ${answer.text}`);
    } else if (shape !== '') {
      assert.match(answer.text, new RegExp(`<${shape}[ >/]`), answer.text);
    } else {
      assert.equal(answer.text, '');
    }
    await assertBucketAndObjectKept(name);
  });
}

test('a subresource on a missing bucket is NoSuchBucket, served or not', async () => {
  for (const query of ['policy', 'cors', 'analytics', 'tagging', 'versions']) {
    const answer = await send('GET', `/eventide-sweep-absent?${query}`);
    assert.equal(answer.status, 404, query);
    assert.match(answer.text, /<Code>NoSuchBucket<\/Code>/, query);
  }
});

/** The operations that read an XML body, and an AccessControlPolicy for the ACLs (the sweep sends theirs as headers). */
const XML_BODY_OPERATIONS = [
  'PUT object ?tagging',
  'PUT bucket ?tagging',
  'PUT object ?acl',
  'PUT bucket ?acl',
  'PUT bucket ?cors',
  'PUT bucket ?versioning',
  'PUT bucket ?encryption',
  'PUT bucket ?publicAccessBlock',
  'PUT bucket ?logging',
  'PUT bucket ?requestPayment',
  'PUT bucket ?notification',
  'POST bucket ?delete',
];
const ACCESS_CONTROL_POLICY = `<AccessControlPolicy><Owner><ID>${'a'.repeat(64)}</ID></Owner><AccessControlList/></AccessControlPolicy>`;

test('an XML body under another root element is MalformedXML wherever S3 reads one, and changes nothing', async () => {
  for (const entry of S3_SUBRESOURCE_OPERATIONS.filter((operation) => XML_BODY_OPERATIONS.includes(nameOf(operation)))) {
    const name = nameOf(entry);
    const document = entry.subresource === 'acl' ? ACCESS_CONTROL_POLICY : (BODIES[entry.subresource] ?? '');
    const misrooted = document.replace(/^<\w+/, '<Unexpected').replace(/<\/\w+>$/, '</Unexpected>');
    const path = entry.target === 'bucket' ? `/${BUCKET}` : `/${BUCKET}/${KEY}`;
    const answer = await send(entry.method, `${path}?${entry.subresource}`, {}, misrooted);
    assert.equal(answer.status, 400, `${name} answered ${answer.status} to ${misrooted}: ${answer.text}`);
    assert.match(answer.text, /<Code>MalformedXML<\/Code>/, name);
    await assertBucketAndObjectKept(name);
  }
  assert.equal(new Set(S3_SUBRESOURCE_OPERATIONS.map(nameOf).filter((name) => XML_BODY_OPERATIONS.includes(name))).size, XML_BODY_OPERATIONS.length);
});
