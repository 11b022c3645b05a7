/**
 * S3 with the AWS CLI (`aws s3`, `aws s3api`): a 20 MB `aws s3 cp` both ways (multipart above 8 MB) with equal
 * bytes, the multipart ETag, listings, S3's errors as the CLI reports them; and unsigned reads of public paths,
 * path-style and virtual-hosted (`bucket.localhost`).
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { awsCli } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';

let eventide: EventideProcess;
let work: string;

before(async () => {
  [eventide, work] = await Promise.all([startEventide({ lambdaRole: false }), mkdtemp(path.join(tmpdir(), 'eventide-s3-cli-'))]);
  const made = await awsCli(eventide.url, ['s3', 'mb', 's3://eventide-cli']);
  assert.equal(made.code, 0, made.stderr);
});

after(async () => {
  await stopAndClean(eventide);
  await rm(work, { recursive: true, force: true });
});

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

async function cli(args: string[]): Promise<string> {
  const result = await awsCli(eventide.url, args);
  assert.equal(result.code, 0, `aws ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** An unsigned GET, as a browser or curl makes it, with the Host header given. */
function unsignedGet(urlPath: string, host?: string): Promise<{ status: number; body: string }> {
  const url = new URL(eventide.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: urlPath, headers: host === undefined ? {} : { Host: host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('aws s3 cp of a 20 MB file uploads in parts and downloads the same bytes', async () => {
  // Text (hex), so the bytes `cp … -` prints survive the CLI helper's string output unchanged.
  const original = Buffer.from(randomBytes(10 * 1024 * 1024).toString('hex'));
  const source = path.join(work, 'big.bin');
  await writeFile(source, original);
  await cli(['s3', 'cp', source, 's3://eventide-cli/big/big.bin']);
  const head = JSON.parse(await cli(['s3api', 'head-object', '--bucket', 'eventide-cli', '--key', 'big/big.bin'])) as { ContentLength: number; ETag: string };
  assert.equal(head.ContentLength, original.length);
  // The CLI's parts are 8 MiB: three of them.
  assert.match(head.ETag, /^"[0-9a-f]{32}-3"$/);
  const copy = path.join(work, 'back.bin');
  await cli(['s3', 'cp', 's3://eventide-cli/big/big.bin', copy]);
  assert.equal(sha256(await readFile(copy)), sha256(original));
  const streamed = await awsCli(eventide.url, ['s3', 'cp', 's3://eventide-cli/big/big.bin', '-']);
  assert.equal(streamed.code, 0, streamed.stderr);
  assert.equal(sha256(Buffer.from(streamed.stdout)), sha256(original));
});

test('aws s3 ls lists keys with spaces and unicode; aws s3 rm removes them', async () => {
  const file = path.join(work, 'small.txt');
  await writeFile(file, 'small');
  await cli(['s3', 'cp', file, 's3://eventide-cli/docs/my report ü.txt']);
  const listed = await cli(['s3', 'ls', 's3://eventide-cli/docs/']);
  assert.match(listed, / 5 my report ü\.txt/);
  const printed = await awsCli(eventide.url, ['s3', 'cp', 's3://eventide-cli/docs/my report ü.txt', '-']);
  assert.equal(printed.stdout, 'small');
  await cli(['s3', 'rm', 's3://eventide-cli/docs/my report ü.txt']);
  // Nothing left to list: the CLI prints nothing (and exits 1).
  assert.equal((await awsCli(eventide.url, ['s3', 'ls', 's3://eventide-cli/docs/'])).stdout, '');
});

test('the CLI reports S3’s errors: NoSuchBucket, NoSuchKey, BucketNotEmpty', async () => {
  const noBucket = await awsCli(eventide.url, ['s3api', 'get-object', '--bucket', 'eventide-absent', '--key', 'k', path.join(work, 'out')]);
  assert.notEqual(noBucket.code, 0);
  assert.match(noBucket.stderr, /NoSuchBucket.*The specified bucket does not exist/);
  const noKey = await awsCli(eventide.url, ['s3api', 'get-object', '--bucket', 'eventide-cli', '--key', 'absent', path.join(work, 'out')]);
  assert.match(noKey.stderr, /NoSuchKey.*The specified key does not exist\./);
  const notEmpty = await awsCli(eventide.url, ['s3', 'rb', 's3://eventide-cli']);
  assert.notEqual(notEmpty.code, 0);
  assert.match(notEmpty.stderr, /BucketNotEmpty/);
});

test('unsigned GETs read objects path-style and virtual-hosted; errors come in S3’s XML shape', async () => {
  const file = path.join(work, 'public.txt');
  await writeFile(file, 'public bytes');
  await cli(['s3', 'cp', file, 's3://eventide-cli/public file.txt']);
  const port = new URL(eventide.url).port;
  assert.deepEqual(await unsignedGet('/eventide-cli/public%20file.txt'), { status: 200, body: 'public bytes' });
  assert.deepEqual(await unsignedGet('/public%20file.txt', `eventide-cli.localhost:${port}`), { status: 200, body: 'public bytes' });
  assert.deepEqual(await unsignedGet('/public%20file.txt', `eventide-cli.s3.localhost:${port}`), { status: 200, body: 'public bytes' });
  const missing = await unsignedGet('/eventide-cli/absent%20key');
  assert.equal(missing.status, 404);
  assert.match(missing.body, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>NoSuchKey<\/Code><Message>The specified key does not exist.<\/Message><Key>absent key<\/Key><RequestId>[0-9a-f-]+<\/RequestId><\/Error>$/);
  const noBucket = await unsignedGet('/eventide-nowhere/k');
  assert.match(noBucket.body, /<Code>NoSuchBucket<\/Code>.*<BucketName>eventide-nowhere<\/BucketName>/);
});
