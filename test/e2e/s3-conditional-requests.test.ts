/**
 * S3's conditional requests with boto3 and the AWS CLI v2: writes (PutObject, CompleteMultipartUpload, CopyObject,
 * DeleteObject, DeleteObjects) with `If-None-Match: *` or `If-Match` happen only when their precondition holds — and
 * of concurrent create-only puts exactly one wins —; reads (GetObject, HeadObject) answer 304 or 412 by `If-Match`,
 * `If-None-Match`, `If-Modified-Since` and `If-Unmodified-Since`; a copy checks its source's `x-amz-copy-source-if-*`.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { awsCli, boto3 } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { uniqueName } from './support/fixtures.js';

interface Refusal {
  Code: string;
  Message: string | undefined;
  Status: number;
  Condition?: string;
}

let eventide: EventideProcess;
let work: string;

before(async () => {
  eventide = await startEventide({ lambdaRole: false });
  work = await mkdtemp(path.join(tmpdir(), 'eventide-s3-conditions-'));
});

after(async () => {
  if (eventide !== undefined) await stopAndClean(eventide);
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

/** Runs boto3 with `s3` (path-style), `refusal(call, **kwargs)` and `body(bucket, key)`; the snippet's last printed line is JSON. */
const py = async <T>(script: string): Promise<T> => {
  const prelude = `import os, boto3, json, botocore
from botocore.config import Config
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], config=Config(s3={'addressing_style': 'path'}, retries={'max_attempts': 1}))
def refusal(call, **kwargs):
    try:
        call(**kwargs)
        return None
    except botocore.exceptions.ClientError as e:
        error = e.response['Error']
        found = {'Code': error['Code'], 'Message': error.get('Message'), 'Status': e.response['ResponseMetadata']['HTTPStatusCode']}
        if 'Condition' in error: found['Condition'] = error['Condition']
        return found
def body(bucket, key):
    return s3.get_object(Bucket=bucket, Key=key)['Body'].read().decode()
`;
  const result = await boto3(eventide.url, `${prelude}${script}`);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? 'null') as T;
};

const cli = (args: string[]) => awsCli(eventide.url, args, { cwd: work });

const bucketWith = async (prefix: string, key: string, content: string): Promise<{ bucket: string; eTag: string }> => {
  const bucket = uniqueName(prefix);
  const eTag = await py<string>(`s3.create_bucket(Bucket='${bucket}')
print(json.dumps(s3.put_object(Bucket='${bucket}', Key='${key}', Body=b'${content}')['ETag']))`);
  return { bucket, eTag };
};

const PRECONDITION_FAILED = 'At least one of the pre-conditions you specified did not hold';

describe('S3 conditional writes', () => {
  test('If-None-Match: * creates an absent object and refuses to replace one, whose body stays as it was', async () => {
    const bucket = uniqueName('cond-create');
    const outcome = await py<{ first: Refusal | null; second: Refusal | null; body: string }>(`s3.create_bucket(Bucket='${bucket}')
first = refusal(s3.put_object, Bucket='${bucket}', Key='k', Body=b'original', IfNoneMatch='*')
second = refusal(s3.put_object, Bucket='${bucket}', Key='k', Body=b'overwritten', IfNoneMatch='*')
print(json.dumps({'first': first, 'second': second, 'body': body('${bucket}', 'k')}))`);
    assert.equal(outcome.first, null);
    assert.deepEqual(outcome.second, { Code: 'PreconditionFailed', Message: PRECONDITION_FAILED, Status: 412, Condition: 'If-None-Match' });
    assert.equal(outcome.body, 'original');
  });

  test('of concurrent If-None-Match: * puts of one key exactly one wins, and the object is its body', async () => {
    const bucket = uniqueName('cond-race');
    const outcome = await py<{ statuses: number[]; winner: string; body: string }>(`import threading
s3.create_bucket(Bucket='${bucket}')
results = {}
start = threading.Barrier(8)
def put(i):
    start.wait()
    results[i] = refusal(s3.put_object, Bucket='${bucket}', Key='race', Body=(f'writer {i} ' * 200000).encode(), IfNoneMatch='*')
threads = [threading.Thread(target=put, args=(i,)) for i in range(8)]
for t in threads: t.start()
for t in threads: t.join()
winners = [i for i, r in results.items() if r is None]
print(json.dumps({'statuses': sorted(200 if r is None else r['Status'] for r in results.values()), 'winner': f'writer {winners[0]} ' if winners else '', 'body': body('${bucket}', 'race')[:9]}))`);
    assert.deepEqual(outcome.statuses, [200, 412, 412, 412, 412, 412, 412, 412]);
    assert.equal(outcome.body, outcome.winner.slice(0, 9));
  });

  test('If-Match replaces only the object with that ETag; without an object it is NoSuchKey', async () => {
    const { bucket, eTag } = await bucketWith('cond-match', 'k', 'first');
    const outcome = await py<{ wrong: Refusal | null; absent: Refusal | null; afterWrong: string; right: Refusal | null; body: string }>(`
wrong = refusal(s3.put_object, Bucket='${bucket}', Key='k', Body=b'second', IfMatch='"0123456789abcdef0123456789abcdef"')
afterWrong = body('${bucket}', 'k')
absent = refusal(s3.put_object, Bucket='${bucket}', Key='absent', Body=b'x', IfMatch=${JSON.stringify(eTag)})
right = refusal(s3.put_object, Bucket='${bucket}', Key='k', Body=b'second', IfMatch=${JSON.stringify(eTag)})
print(json.dumps({'wrong': wrong, 'absent': absent, 'afterWrong': afterWrong, 'right': right, 'body': body('${bucket}', 'k')}))`);
    assert.deepEqual(outcome.wrong, { Code: 'PreconditionFailed', Message: PRECONDITION_FAILED, Status: 412, Condition: 'If-Match' });
    assert.equal(outcome.afterWrong, 'first');
    assert.equal(outcome.absent?.Code, 'NoSuchKey');
    assert.equal(outcome.absent?.Status, 404);
    assert.equal(outcome.right, null);
    assert.equal(outcome.body, 'second');
  });

  test('If-None-Match with an ETag, If-Match: * and both at once are NotImplemented, as on S3, and change nothing', async () => {
    const { bucket, eTag } = await bucketWith('cond-unsupported', 'k', 'kept');
    const outcome = await py<{ refusals: Array<Refusal | null>; body: string }>(`
refusals = [
    refusal(s3.put_object, Bucket='${bucket}', Key='k', Body=b'x', IfNoneMatch=${JSON.stringify(eTag)}),
    refusal(s3.put_object, Bucket='${bucket}', Key='k', Body=b'x', IfMatch='*'),
    refusal(s3.put_object, Bucket='${bucket}', Key='k', Body=b'x', IfMatch=${JSON.stringify(eTag)}, IfNoneMatch='*'),
]
print(json.dumps({'refusals': refusals, 'body': body('${bucket}', 'k')}))`);
    for (const refused of outcome.refusals) {
      assert.deepEqual(refused, { Code: 'NotImplemented', Message: 'A header you provided implies functionality that is not implemented', Status: 501 });
    }
    assert.equal(outcome.body, 'kept');
  });

  test('CompleteMultipartUpload with If-None-Match: * over an object is refused and leaves the upload to complete with If-Match', async () => {
    const { bucket, eTag } = await bucketWith('cond-multipart', 'k', 'before');
    const outcome = await py<{ refused: Refusal | null; body: string; parts: number; completed: Refusal | null; after: string }>(`
upload = s3.create_multipart_upload(Bucket='${bucket}', Key='k')['UploadId']
part = s3.upload_part(Bucket='${bucket}', Key='k', UploadId=upload, PartNumber=1, Body=b'joined')['ETag']
parts = {'Parts': [{'PartNumber': 1, 'ETag': part}]}
refused = refusal(s3.complete_multipart_upload, Bucket='${bucket}', Key='k', UploadId=upload, MultipartUpload=parts, IfNoneMatch='*')
before = body('${bucket}', 'k')
listed = len(s3.list_parts(Bucket='${bucket}', Key='k', UploadId=upload)['Parts'])
completed = refusal(s3.complete_multipart_upload, Bucket='${bucket}', Key='k', UploadId=upload, MultipartUpload=parts, IfMatch=${JSON.stringify(eTag)})
print(json.dumps({'refused': refused, 'body': before, 'parts': listed, 'completed': completed, 'after': body('${bucket}', 'k')}))`);
    assert.deepEqual(outcome.refused, { Code: 'PreconditionFailed', Message: PRECONDITION_FAILED, Status: 412, Condition: 'If-None-Match' });
    assert.equal(outcome.body, 'before');
    assert.equal(outcome.parts, 1);
    assert.equal(outcome.completed, null);
    assert.equal(outcome.after, 'joined');
  });

  test("CopyObject's If-None-Match: * refuses to replace its destination", async () => {
    const { bucket } = await bucketWith('cond-copy-dest', 'source', 'copied');
    const outcome = await py<{ fresh: Refusal | null; replacing: Refusal | null; body: string }>(`
s3.put_object(Bucket='${bucket}', Key='taken', Body=b'kept')
fresh = refusal(s3.copy_object, Bucket='${bucket}', Key='fresh', CopySource={'Bucket': '${bucket}', 'Key': 'source'}, IfNoneMatch='*')
replacing = refusal(s3.copy_object, Bucket='${bucket}', Key='taken', CopySource={'Bucket': '${bucket}', 'Key': 'source'}, IfNoneMatch='*')
print(json.dumps({'fresh': fresh, 'replacing': replacing, 'body': body('${bucket}', 'taken')}))`);
    assert.equal(outcome.fresh, null);
    assert.equal(outcome.replacing?.Status, 412);
    assert.equal(outcome.body, 'kept');
  });

  test('DeleteObject and DeleteObjects with an ETag delete only the object that has it', async () => {
    const { bucket, eTag } = await bucketWith('cond-delete', 'k', 'kept');
    const outcome = await py<{ wrong: Refusal | null; absent: Refusal | null; sizeOnly: Refusal | null; errors: unknown[]; body: string; right: Refusal | null; left: number }>(`
wrong = refusal(s3.delete_object, Bucket='${bucket}', Key='k', IfMatch='"0123456789abcdef0123456789abcdef"')
absent = refusal(s3.delete_object, Bucket='${bucket}', Key='absent', IfMatch='*')
sizeOnly = refusal(s3.delete_object, Bucket='${bucket}', Key='k', IfMatchSize=4)
errors = s3.delete_objects(Bucket='${bucket}', Delete={'Objects': [{'Key': 'k', 'ETag': '"0123456789abcdef0123456789abcdef"'}]}).get('Errors', [])
kept = body('${bucket}', 'k')
right = refusal(s3.delete_object, Bucket='${bucket}', Key='k', IfMatch=${JSON.stringify(eTag)})
print(json.dumps({'wrong': wrong, 'absent': absent, 'sizeOnly': sizeOnly, 'errors': errors, 'body': kept, 'right': right, 'left': s3.list_objects_v2(Bucket='${bucket}')['KeyCount']}))`);
    assert.deepEqual(outcome.wrong, { Code: 'PreconditionFailed', Message: PRECONDITION_FAILED, Status: 412, Condition: 'If-Match' });
    assert.equal(outcome.absent?.Code, 'NoSuchKey');
    assert.equal(outcome.sizeOnly?.Status, 501);
    assert.deepEqual(outcome.errors, [{ Key: 'k', Code: 'PreconditionFailed', Message: PRECONDITION_FAILED }]);
    assert.equal(outcome.body, 'kept');
    assert.equal(outcome.right, null);
    assert.equal(outcome.left, 0);
  });
});

describe('S3 conditional reads', () => {
  test('get-object and head-object answer 304 for an unchanged object and 412 for a failed precondition (AWS CLI)', async () => {
    const { bucket, eTag } = await bucketWith('cond-read', 'k', 'content');
    const outfile = path.join(work, uniqueName('out'));
    const get = (args: string[]) => cli(['s3api', 'get-object', '--bucket', bucket, '--key', 'k', ...args, outfile]);
    const head = (args: string[]) => cli(['s3api', 'head-object', '--bucket', bucket, '--key', 'k', ...args]);
    const past = 'Mon, 01 Jan 2001 00:00:00 GMT';

    assert.equal((await get(['--if-match', eTag])).code, 0);
    assert.equal((await get(['--if-unmodified-since', new Date().toUTCString()])).code, 0);
    const notModified = await get(['--if-none-match', eTag]);
    assert.notEqual(notModified.code, 0);
    assert.match(notModified.stderr, /\(304\)/);
    const { LastModified } = JSON.parse((await head([])).stdout) as { LastModified: string };
    assert.match((await get(['--if-modified-since', LastModified])).stderr, /\(304\)/);
    const failed = await get(['--if-match', '"0123456789abcdef0123456789abcdef"']);
    assert.match(failed.stderr, /PreconditionFailed/);
    assert.match((await get(['--if-unmodified-since', past])).stderr, /PreconditionFailed/);
    assert.equal((await get(['--if-modified-since', past])).code, 0);

    assert.equal((await head(['--if-none-match', '"0123456789abcdef0123456789abcdef"'])).code, 0);
    assert.match((await head(['--if-none-match', eTag])).stderr, /\(304\)/);
    assert.match((await head(['--if-match', '"0123456789abcdef0123456789abcdef"'])).stderr, /\(412\)/);
    assert.match((await head(['--if-unmodified-since', past])).stderr, /\(412\)/);
  });

  test('a 304 answer has no body but the ETag and Last-Modified (boto3)', async () => {
    const { bucket, eTag } = await bucketWith('cond-304', 'k', 'content');
    const outcome = await py<{ status: number; eTag: string; lastModified: string | null }>(`
try:
    s3.get_object(Bucket='${bucket}', Key='k', IfNoneMatch=${JSON.stringify(eTag)})
except botocore.exceptions.ClientError as e:
    headers = e.response['ResponseMetadata']['HTTPHeaders']
    print(json.dumps({'status': e.response['ResponseMetadata']['HTTPStatusCode'], 'eTag': headers.get('etag'), 'lastModified': headers.get('last-modified')}))`);
    assert.equal(outcome.status, 304);
    assert.equal(outcome.eTag, eTag);
    assert.match(outcome.lastModified ?? '', /GMT$/);
  });

  test("copy-object checks its source's x-amz-copy-source-if-* headers (AWS CLI)", async () => {
    const { bucket, eTag } = await bucketWith('cond-copy', 'source', 'copied');
    const copy = (args: string[]) => cli(['s3api', 'copy-object', '--bucket', bucket, '--key', 'copy', '--copy-source', `${bucket}/source`, ...args]);
    const past = 'Mon, 01 Jan 2001 00:00:00 GMT';
    const { LastModified } = JSON.parse((await cli(['s3api', 'head-object', '--bucket', bucket, '--key', 'source'])).stdout) as { LastModified: string };
    for (const args of [
      ['--copy-source-if-match', '"0123456789abcdef0123456789abcdef"'],
      ['--copy-source-if-none-match', eTag],
      ['--copy-source-if-unmodified-since', past],
      ['--copy-source-if-modified-since', LastModified],
    ]) {
      const refused = await copy(args);
      assert.match(refused.stderr, /PreconditionFailed/, args.join(' '));
    }
    assert.notEqual((await cli(['s3api', 'head-object', '--bucket', bucket, '--key', 'copy'])).code, 0, 'no copy was made');
    assert.equal((await copy(['--copy-source-if-match', eTag, '--copy-source-if-modified-since', past])).code, 0);
    assert.equal((await cli(['s3api', 'head-object', '--bucket', bucket, '--key', 'copy'])).code, 0);
  });
});
