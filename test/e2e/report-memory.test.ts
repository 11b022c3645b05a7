/**
 * REPORT's `Max Memory Used` is the execution environment's real peak memory so far, as on Lambda: a function that
 * holds 60 MB shows at least that, its warm environment keeps showing its peak, and an environment that failed to
 * initialise still shows what it used. Read from `aws lambda invoke --log-type Tail`.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { LambdaClient } from '@aws-sdk/client-lambda';

import { awsCli, lambdaClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { deploy } from './invoke-support.js';

let eventide: EventideProcess;
let lambda: LambdaClient;

before(async () => {
  eventide = await startEventide();
  lambda = lambdaClient(eventide.url);
});

after(async () => {
  lambda?.destroy();
  if (eventide !== undefined) await stopAndClean(eventide);
});

const REPORT =
  /^REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: (\d+) MB\tMax Memory Used: (\d+) MB\t(?:Init Duration: \d+\.\d\d ms\t)?$/m;

interface Reported {
  functionError: string | undefined;
  memorySize: number;
  maxMemoryUsed: number;
}

/** `aws lambda invoke --log-type Tail` and the figures of the REPORT line in its LogResult. */
async function invokeAndReport(name: string, payload: string): Promise<Reported> {
  const outfile = path.join(eventide.dataDir, `${name}.out.json`);
  const cli = await awsCli(eventide.url, [
    'lambda', 'invoke', '--function-name', name, '--log-type', 'Tail',
    '--cli-binary-format', 'raw-in-base64-out', '--payload', payload, outfile,
  ]);
  assert.equal(cli.code, 0, cli.stderr);
  const printed = JSON.parse(cli.stdout) as { FunctionError?: string; LogResult: string };
  const log = Buffer.from(printed.LogResult, 'base64').toString();
  const report = REPORT.exec(log);
  assert.ok(report !== null, `a REPORT line in Lambda's format:\n${log}\n${await readFile(outfile, 'utf8')}`);
  return { functionError: printed.FunctionError, memorySize: Number(report[1]), maxMemoryUsed: Number(report[2]) };
}

const HOLDER =
  'let held;\n' +
  'exports.handler = async (event) => {\n' +
  '  if (event.megabytes) held = Buffer.alloc(event.megabytes * 1024 * 1024, 1);\n' +
  '  return held?.length ?? 0;\n' +
  '};\n';

describe('REPORT Max Memory Used', () => {
  test('a function holding 60 MB reports at least 60 MB, and its warm environment keeps reporting its peak', async () => {
    const name = await deploy(lambda, { prefix: 'mem60', memorySize: 512, files: { 'index.js': HOLDER } });
    const small = await invokeAndReport(name, '{}');
    assert.equal(small.functionError, undefined);
    assert.equal(small.memorySize, 512);
    assert.ok(small.maxMemoryUsed > 0, `Max Memory Used ${small.maxMemoryUsed} MB`);

    const big = await invokeAndReport(name, '{"megabytes": 60}');
    assert.equal(big.functionError, undefined);
    assert.ok(big.maxMemoryUsed >= 60, `Max Memory Used ${big.maxMemoryUsed} MB after holding 60 MB`);

    const after = await invokeAndReport(name, '{}');
    assert.ok(after.maxMemoryUsed >= big.maxMemoryUsed, `the environment's peak so far: ${after.maxMemoryUsed} MB`);
  });

  test('an environment whose initialisation failed still reports the memory it used', async () => {
    const name = await deploy(lambda, { prefix: 'meminit', files: { 'index.js': 'throw new Error("broken at load");\n' } });
    const failed = await invokeAndReport(name, '{}');
    assert.equal(failed.functionError, 'Unhandled');
    assert.equal(failed.memorySize, 128);
    assert.ok(failed.maxMemoryUsed > 0, `Max Memory Used ${failed.maxMemoryUsed} MB`);
  });
});
