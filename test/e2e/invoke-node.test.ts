/**
 * Invoke (RequestResponse and DryRun) of Node.js functions end to end: a real Eventide process, functions running in
 * Eventide's own Node.js runtime interface client, called with the SDK v3 InvokeCommand and the AWS CLI.
 * What a caller sees — payloads, context, environment, log tail, error documents and API errors — as on AWS
 * (spec §1, §8, §9).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  InvokeCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';

import { awsCli, lambdaClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { ECHO_HANDLER, uniqueName, zipOf } from './support/fixtures.js';
import {
  arnOf,
  deploy,
  escapeRegExp,
  invoke,
  invokeFailing,
  invokeOk,
  logLines,
  UUID,
} from './invoke-support.js';
import { sdkError } from './support/sdk-errors.js';

let eventide: EventideProcess;
let lambda: LambdaClient;
let workDir: string;

/** Set in Eventide's own environment: a function must not see it. */
const HOST_ONLY_VARIABLE = 'EVENTIDE_INVOKE_TEST_HOST_ONLY';

before(async () => {
  [eventide, workDir] = await Promise.all([
    startEventide({ env: { [HOST_ONLY_VARIABLE]: 'host-secret' } }),
    mkdtemp(path.join(tmpdir(), 'eventide-invoke-node-')),
  ]);
  lambda = lambdaClient(eventide.url);
});

after(async () => {
  lambda?.destroy();
  if (eventide !== undefined) await stopAndClean(eventide);
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

const ISO_TIME = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z';
const STREAM_NAME = /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/;

const updateCode = async (name: string, files: Record<string, string>): Promise<void> => {
  await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: await zipOf(files) }));
};

// ---------------------------------------------------------------------------------------------------------------

describe('Node.js runtimes', () => {
  for (const runtime of ['nodejs18.x', 'nodejs20.x', 'nodejs22.x']) {
    test(`${runtime}: an echo handler returns the event`, async () => {
      const name = await deploy(lambda, { prefix: 'rt', runtime, files: { 'index.js': ECHO_HANDLER } });
      const event = { runtime, nested: { list: [1, 'two', null, true] }, text: 'héllo ✓' };
      const result = await invoke(lambda, { FunctionName: name, Payload: Buffer.from(JSON.stringify(event)) });
      assert.equal(result.statusCode, 200);
      assert.equal(result.functionError, undefined);
      assert.equal(result.executedVersion, '$LATEST');
      assert.deepEqual(JSON.parse(result.payload), event);
      assert.equal(result.log, undefined, 'no LogResult unless LogType is Tail');
    });
  }
});

describe('module kinds and handler styles', () => {
  test('CommonJS index.js', async () => {
    const name = await deploy(lambda, {
      prefix: 'cjs',
      files: { 'index.js': "const os = require('node:os');\nexports.handler = async (event) => ({ kind: typeof module, a: event.a, eol: os.EOL });\n" },
    });
    assert.deepEqual(await invokeOk(lambda, name, { a: 1 }), { kind: 'object', a: 1, eol: '\n' });
  });

  test('ESM index.mjs with `export const handler`', async () => {
    const name = await deploy(lambda, {
      prefix: 'esm',
      files: { 'index.mjs': "import os from 'node:os';\nexport const handler = async (event) => ({ esm: typeof module === 'undefined', a: event.a, eol: os.EOL });\n" },
    });
    assert.deepEqual(await invokeOk(lambda, name, { a: 2 }), { esm: true, a: 2, eol: '\n' });
  });

  test('.js with package.json {"type":"module"} is loaded as ESM', async () => {
    const name = await deploy(lambda, {
      prefix: 'esmpkg',
      files: {
        'package.json': JSON.stringify({ type: 'module' }),
        'index.js': "export const handler = async (event) => ({ esm: typeof require === 'undefined', a: event.a });\n",
      },
    });
    assert.deepEqual(await invokeOk(lambda, name, { a: 3 }), { esm: true, a: 3 });
  });

  test('nested handler path src/app.handler', async () => {
    const name = await deploy(lambda, {
      prefix: 'nested',
      handler: 'src/app.handler',
      files: {
        'src/app.js': "const { twice } = require('./lib/math');\nexports.handler = async (event) => ({ where: 'src/app', value: twice(event.n) });\n",
        'src/lib/math.js': 'exports.twice = (n) => n * 2;\n',
      },
    });
    assert.deepEqual(await invokeOk(lambda, name, { n: 21 }), { where: 'src/app', value: 42 });
  });

  test('callback-style handler: callback(null, result)', async () => {
    const name = await deploy(lambda, {
      prefix: 'callback',
      files: { 'index.js': 'exports.handler = (event, context, callback) => { callback(null, { via: "callback", a: event.a }); };\n' },
    });
    assert.deepEqual(await invokeOk(lambda, name, { a: 4 }), { via: 'callback', a: 4 });
  });

  test('callback-style handler: callback(error) is a function error', async () => {
    const name = await deploy(lambda, {
      prefix: 'cberr',
      files: { 'index.js': 'exports.handler = (event, context, callback) => { callback(new TypeError("bad input")); };\n' },
    });
    const { error } = await invokeFailing(lambda, name);
    assert.equal(error.errorType, 'TypeError');
    assert.equal(error.errorMessage, 'bad input');
  });

  test('a non-async handler that never calls the callback and returns undefined → null', async () => {
    const name = await deploy(lambda, {
      prefix: 'nocb',
      files: { 'index.js': 'exports.handler = (event, context, callback) => { console.log("no callback"); };\n' },
    });
    const result = await invoke(lambda, { FunctionName: name, Payload: Buffer.from('{}') });
    assert.equal(result.statusCode, 200);
    assert.equal(result.functionError, undefined);
    assert.equal(result.payload, 'null');
  });

  test('an async handler returning undefined → null', async () => {
    const name = await deploy(lambda, { prefix: 'undef', files: { 'index.js': 'exports.handler = async () => {};\n' } });
    const result = await invoke(lambda, { FunctionName: name, Payload: Buffer.from('{}') });
    assert.equal(result.statusCode, 200);
    assert.equal(result.functionError, undefined);
    assert.equal(result.payload, 'null');
  });

  test('callbackWaitsForEmptyEventLoop = false: the result comes back although a timer is pending', async () => {
    // The pending timer outlives the function's 2 s timeout: were the flag ignored, the invocation would time out.
    const name = await deploy(lambda, {
      prefix: 'nowait',
      timeout: 2,
      files: {
        'index.js':
          'exports.handler = (event, context, callback) => {\n' +
          '  context.callbackWaitsForEmptyEventLoop = false;\n' +
          '  setTimeout(() => console.log("late timer"), 5000);\n' +
          '  callback(null, { done: true, a: event.a });\n' +
          '};\n',
      },
    });
    assert.deepEqual(await invokeOk(lambda, name, { a: 5 }), { done: true, a: 5 });
  });

  test('callbackWaitsForEmptyEventLoop (default true): the callback result is sent after pending work ran', async () => {
    const name = await deploy(lambda, {
      prefix: 'wait',
      files: {
        'index.js':
          'exports.handler = (event, context, callback) => {\n' +
          '  const result = { timerRan: false };\n' +
          '  setTimeout(() => { result.timerRan = true; }, 200);\n' +
          '  callback(null, result);\n' +
          '};\n',
      },
    });
    // The result object is serialised when the event loop is empty, i.e. after the timer changed it.
    assert.deepEqual(await invokeOk(lambda, name), { timerRan: true });
  });
});

describe('context', () => {
  const CONTEXT_HANDLER =
    'exports.handler = async (event, context) => ({\n' +
    '  awsRequestId: context.awsRequestId,\n' +
    '  functionName: context.functionName,\n' +
    '  functionVersion: context.functionVersion,\n' +
    '  memoryLimitInMB: context.memoryLimitInMB,\n' +
    '  logGroupName: context.logGroupName,\n' +
    '  logStreamName: context.logStreamName,\n' +
    '  invokedFunctionArn: context.invokedFunctionArn,\n' +
    '  remaining: context.getRemainingTimeInMillis(),\n' +
    '  clientContext: context.clientContext,\n' +
    '});\n';
  let name: string;

  before(async () => {
    name = await deploy(lambda, { prefix: 'ctx', files: { 'index.js': CONTEXT_HANDLER } });
  });

  interface ContextSeen {
    awsRequestId: string;
    functionName: string;
    functionVersion: string;
    memoryLimitInMB: unknown;
    logGroupName: string;
    logStreamName: string;
    invokedFunctionArn: string;
    remaining: number;
    clientContext?: { custom?: { foo?: string } };
  }

  test('the context carries the request id, the function identity, the log stream and the remaining time', async () => {
    const result = await invoke(lambda, { FunctionName: name, Payload: Buffer.from('{}') });
    assert.equal(result.functionError, undefined, result.payload);
    const seen = JSON.parse(result.payload) as ContextSeen;
    assert.match(seen.awsRequestId, UUID);
    assert.equal(seen.awsRequestId, result.requestId);
    assert.equal(seen.functionName, name);
    assert.equal(seen.functionVersion, '$LATEST');
    assert.equal(seen.memoryLimitInMB, '128');
    assert.equal(seen.logGroupName, `/aws/lambda/${name}`);
    assert.match(seen.logStreamName, STREAM_NAME);
    assert.equal(seen.invokedFunctionArn, arnOf(name));
    assert.equal(typeof seen.remaining, 'number');
    assert.ok(seen.remaining > 0 && seen.remaining <= 3000, `remaining ${seen.remaining}`);
    assert.equal(seen.clientContext, undefined);
  });

  test('invoked with Qualifier $LATEST, invokedFunctionArn ends in :$LATEST', async () => {
    const seen = (await invokeOk(lambda, name, {}, { Qualifier: '$LATEST' })) as ContextSeen;
    assert.equal(seen.invokedFunctionArn, `${arnOf(name)}:$LATEST`);
    const byQualifiedName = (await invokeOk(lambda, `${name}:$LATEST`)) as ContextSeen;
    assert.equal(byQualifiedName.invokedFunctionArn, `${arnOf(name)}:$LATEST`);
    const byArn = (await invokeOk(lambda, arnOf(name))) as ContextSeen;
    assert.equal(byArn.invokedFunctionArn, arnOf(name));
  });

  test('ClientContext reaches context.clientContext', async () => {
    const clientContext = Buffer.from(JSON.stringify({ custom: { foo: 'bar' } })).toString('base64');
    const seen = (await invokeOk(lambda, name, {}, { ClientContext: clientContext })) as ContextSeen;
    assert.equal(seen.clientContext?.custom?.foo, 'bar');
  });

  test('each invocation has its own request id', async () => {
    const first = await invoke(lambda, { FunctionName: name, Payload: Buffer.from('{}') });
    const second = await invoke(lambda, { FunctionName: name, Payload: Buffer.from('{}') });
    const a = JSON.parse(first.payload) as ContextSeen;
    const b = JSON.parse(second.payload) as ContextSeen;
    assert.equal(a.awsRequestId, first.requestId);
    assert.equal(b.awsRequestId, second.requestId);
    assert.notEqual(a.awsRequestId, b.awsRequestId);
  });
});

describe('environment inside the function', () => {
  test("the function's own variables and Lambda's reserved variables", async () => {
    const name = await deploy(lambda, {
      prefix: 'env',
      memorySize: 256,
      environment: { GREETING: 'hello', EMPTYISH: ' ' },
      files: {
        'index.js':
          'exports.handler = async () => {\n' +
          '  const e = process.env;\n' +
          '  const keys = ["GREETING", "EMPTYISH", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",\n' +
          '    "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV", "_HANDLER", "LAMBDA_TASK_ROOT", "AWS_LAMBDA_RUNTIME_API", "TZ",\n' +
          '    "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",\n' +
          `    "AWS_ENDPOINT_URL", "${HOST_ONLY_VARIABLE}"];\n` +
          '  return { env: Object.fromEntries(keys.map((k) => [k, e[k] ?? null])), cwd: process.cwd() };\n' +
          '};\n',
      },
    });
    const seen = (await invokeOk(lambda, name)) as { env: Record<string, string | null>; cwd: string };
    const { env } = seen;
    assert.equal(env.GREETING, 'hello');
    assert.equal(env.EMPTYISH, ' ');
    assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, name);
    assert.equal(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, '256');
    assert.equal(env.AWS_LAMBDA_FUNCTION_VERSION, '$LATEST');
    assert.equal(env.AWS_REGION, 'us-east-1');
    assert.equal(env.AWS_DEFAULT_REGION, 'us-east-1');
    assert.equal(env.AWS_EXECUTION_ENV, 'AWS_Lambda_nodejs20.x');
    assert.equal(env._HANDLER, 'index.handler');
    assert.equal(env.LAMBDA_TASK_ROOT, seen.cwd);
    assert.match(env.AWS_LAMBDA_RUNTIME_API ?? '', /^[\w.-]+:\d+$/);
    assert.equal(env.TZ, ':UTC');
    assert.equal(env.AWS_LAMBDA_LOG_GROUP_NAME, `/aws/lambda/${name}`);
    assert.match(env.AWS_LAMBDA_LOG_STREAM_NAME ?? '', STREAM_NAME);
    assert.ok(env.AWS_ACCESS_KEY_ID, 'AWS_ACCESS_KEY_ID is set');
    assert.ok(env.AWS_SECRET_ACCESS_KEY, 'AWS_SECRET_ACCESS_KEY is set');
    assert.ok(env.AWS_SESSION_TOKEN, 'AWS_SESSION_TOKEN is set');
    assert.equal(env.AWS_ENDPOINT_URL, eventide.url);
    assert.equal(env[HOST_ONLY_VARIABLE], null, "Eventide's own environment does not leak into functions");
  });

  test('calls from inside a function reach Eventide at AWS_ENDPOINT_URL', async () => {
    const name = await deploy(lambda, {
      prefix: 'callout',
      files: {
        'index.js':
          'exports.handler = async (event, context) => {\n' +
          '  const health = await fetch(process.env.AWS_ENDPOINT_URL + "/_eventide/health");\n' +
          '  const self = await fetch(process.env.AWS_ENDPOINT_URL + "/2015-03-31/functions/" + context.functionName);\n' +
          '  const config = await self.json();\n' +
          '  return { health: health.status, status: (await health.json()).status, self: self.status, selfName: config.Configuration?.FunctionName };\n' +
          '};\n',
      },
    });
    assert.deepEqual(await invokeOk(lambda, name), { health: 200, status: 'ok', self: 200, selfName: name });
  });

  test('concurrent invocations run in separate environments and all succeed', async () => {
    const name = await deploy(lambda, {
      prefix: 'concurrent',
      files: {
        'index.js':
          'exports.handler = async (event, context) => {\n' +
          '  await new Promise((resolve) => setTimeout(resolve, 500));\n' +
          '  return { i: event.i, stream: context.logStreamName };\n' +
          '};\n',
      },
    });
    const results = (await Promise.all([0, 1, 2].map((i) => invokeOk(lambda, name, { i })))) as { i: number; stream: string }[];
    assert.deepEqual(results.map((r) => r.i), [0, 1, 2]);
    assert.equal(new Set(results.map((r) => r.stream)).size, 3, 'three environments, three log streams');
  });
});

describe('logs (LogType Tail)', () => {
  test('START, the handler lines with their levels, END and REPORT; Init Duration only on a cold start', async () => {
    const name = await deploy(lambda, {
      prefix: 'tail',
      files: {
        'index.js':
          'exports.handler = async (event, context) => {\n' +
          '  console.log("hello", 42);\n' +
          '  console.warn("careful");\n' +
          '  console.error("oops");\n' +
          '  return context.logStreamName;\n' +
          '};\n',
      },
    });
    const reportPattern = (id: string, cold: boolean): RegExp =>
      new RegExp(
        `^REPORT RequestId: ${id}\\tDuration: \\d+\\.\\d\\d ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: (\\d+) MB\\t` +
          (cold ? 'Init Duration: \\d+\\.\\d\\d ms\\t' : '') +
          '$',
      );
    const check = async (cold: boolean): Promise<string> => {
      const result = await invoke(lambda, { FunctionName: name, Payload: Buffer.from('{}'), LogType: 'Tail' });
      assert.equal(result.functionError, undefined, result.payload);
      const id = result.requestId ?? '';
      assert.match(id, UUID);
      const lines = logLines(result.log).filter((line) => !line.startsWith('INIT_START '));
      assert.equal(lines.length, 6, `log:\n${result.log ?? ''}`);
      assert.equal(lines[0], `START RequestId: ${id} Version: $LATEST`);
      assert.match(lines[1] ?? '', new RegExp(`^${ISO_TIME}\\t${id}\\tINFO\\thello 42$`));
      assert.match(lines[2] ?? '', new RegExp(`^${ISO_TIME}\\t${id}\\tWARN\\tcareful$`));
      assert.match(lines[3] ?? '', new RegExp(`^${ISO_TIME}\\t${id}\\tERROR\\toops$`));
      assert.equal(lines[4], `END RequestId: ${id}`);
      const report = reportPattern(id, cold).exec(lines[5] ?? '');
      assert.ok(report !== null, `REPORT line (cold: ${cold}): ${JSON.stringify(lines[5])}`);
      assert.ok(Number(report[1]) > 0, 'Max Memory Used > 0');
      return JSON.parse(result.payload) as string;
    };
    const coldStream = await check(true);
    const warmStream = await check(false);
    assert.equal(warmStream, coldStream, 'the second invocation ran in the same (warm) environment');
  });

  test('a multi-line message is one record whose lines are separated by newlines, as on AWS', async () => {
    const name = await deploy(lambda, {
      prefix: 'multiline',
      files: { 'index.js': 'exports.handler = async () => { console.log("first line\\nsecond line"); return "ok"; };\n' },
    });
    const result = await invoke(lambda, { FunctionName: name, Payload: Buffer.from('{}'), LogType: 'Tail' });
    assert.equal(result.functionError, undefined, result.payload);
    const id = escapeRegExp(result.requestId ?? '');
    assert.match(result.log ?? '', new RegExp(`\\n${ISO_TIME}\\t${id}\\tINFO\\tfirst line\\nsecond line\\nEND RequestId: `));
  });

  test('the tail is the last 4 KB of the log and ends with REPORT', async () => {
    const name = await deploy(lambda, {
      prefix: 'longlog',
      files: {
        'index.js': 'exports.handler = async () => { for (let i = 0; i < 40; i++) console.log(`line ${i} ` + "x".repeat(200)); return "ok"; };\n',
      },
    });
    const result = await invoke(lambda, { FunctionName: name, Payload: Buffer.from('{}'), LogType: 'Tail' });
    assert.equal(result.functionError, undefined, result.payload);
    const log = result.log ?? '';
    assert.ok(Buffer.byteLength(log) <= 4096, `tail is ${Buffer.byteLength(log)} bytes`);
    assert.ok(Buffer.byteLength(log) > 3000, `tail is ${Buffer.byteLength(log)} bytes`);
    assert.ok(!log.includes('START RequestId:'), 'the START line is more than 4 KB back');
    assert.match(log, /\tINFO\tline 39 x+\nEND RequestId: [0-9a-f-]+\nREPORT RequestId: [^\n]+\n$/);
  });
});

describe('function errors', () => {
  test('a thrown Error: errorType, errorMessage and trace, and an "Invoke Error" line in the log', async () => {
    const name = await deploy(lambda, {
      prefix: 'throw',
      files: { 'index.js': 'exports.handler = async () => {\n  throw new Error("boom");\n};\n' },
    });
    const { error, result } = await invokeFailing(lambda, name, {}, { LogType: 'Tail' });
    assert.equal(result.executedVersion, '$LATEST');
    assert.deepEqual(Object.keys(error).sort(), ['errorMessage', 'errorType', 'trace']);
    assert.equal(error.errorType, 'Error');
    assert.equal(error.errorMessage, 'boom');
    assert.ok(Array.isArray(error.trace));
    const trace = error.trace as string[];
    assert.equal(trace[0], 'Error: boom');
    assert.ok(trace.some((line) => line.includes('index.js:2')), `trace points at the handler: ${JSON.stringify(trace)}`);
    const id = escapeRegExp(result.requestId ?? '');
    const invokeError = logLines(result.log).find((line) => line.includes('Invoke Error'));
    assert.ok(invokeError !== undefined, `log:\n${result.log ?? ''}`);
    assert.match(invokeError, new RegExp(`^${ISO_TIME}\\t${id}\\tERROR\\tInvoke Error \\t\\{"errorType":"Error","errorMessage":"boom"`));
  });

  test('a custom error class: errorType is its name', async () => {
    const name = await deploy(lambda, {
      prefix: 'myerr',
      files: {
        'index.js': 'class MyError extends Error { name = "MyError"; }\nexports.handler = async () => { throw new MyError("custom failure"); };\n',
      },
    });
    const { error } = await invokeFailing(lambda, name);
    assert.equal(error.errorType, 'MyError');
    assert.equal(error.errorMessage, 'custom failure');
    assert.ok(Array.isArray(error.trace));
  });

  test('a thrown string: errorType "string"', async () => {
    const name = await deploy(lambda, {
      prefix: 'throwstr',
      files: { 'index.js': 'exports.handler = async () => { throw "plain failure"; };\n' },
    });
    const { error } = await invokeFailing(lambda, name);
    assert.deepEqual(error, { errorType: 'string', errorMessage: 'plain failure', trace: [] });
  });

  describe('init errors', { concurrency: true }, () => {
    test('init error: a missing module → Runtime.ImportModuleError, every time until the code is fixed', async () => {
      const name = await deploy(lambda, { prefix: 'nomod', handler: 'missing.handler', files: { 'index.js': ECHO_HANDLER } });
      for (let attempt = 0; attempt < 2; attempt++) {
        const { error } = await invokeFailing(lambda, name);
        assert.equal(error.errorType, 'Runtime.ImportModuleError');
        assert.match(String(error.errorMessage), /^Error: Cannot find module 'missing'/);
      }
      await updateCode(name, { 'missing.js': 'exports.handler = async (event) => ({ fixed: true, event });\n' });
      assert.deepEqual(await invokeOk(lambda, name, { a: 1 }), { fixed: true, event: { a: 1 } });
    });

    test('init error: a missing export → Runtime.HandlerNotFound; fixed by new code', async () => {
      const name = await deploy(lambda, { prefix: 'noexp', handler: 'index.nothere', files: { 'index.js': ECHO_HANDLER } });
      const { error } = await invokeFailing(lambda, name);
      assert.equal(error.errorType, 'Runtime.HandlerNotFound');
      assert.equal(error.errorMessage, 'index.nothere is undefined or not exported');
      await updateCode(name, { 'index.js': 'exports.nothere = async () => "now here";\n' });
      assert.equal(await invokeOk(lambda, name), 'now here');
    });

    test('init error: a syntax error → Runtime.UserCodeSyntaxError; fixed by new code', async () => {
      const name = await deploy(lambda, { prefix: 'syntax', files: { 'index.js': 'exports.handler = async (event) => {\n  return {{ ;\n};\n' } });
      const { error } = await invokeFailing(lambda, name);
      assert.equal(error.errorType, 'Runtime.UserCodeSyntaxError');
      assert.match(String(error.errorMessage), /^SyntaxError: /);
      await updateCode(name, { 'index.js': 'exports.handler = async (event) => ({ repaired: event.a });\n' });
      assert.deepEqual(await invokeOk(lambda, name, { a: 7 }), { repaired: 7 });
    });

    test('init error: a handler without a dot → Runtime.MalformedHandlerName; fixed by a new Handler', async () => {
      const name = await deploy(lambda, { prefix: 'badhandler', handler: 'index', files: { 'index.js': ECHO_HANDLER } });
      const { error } = await invokeFailing(lambda, name);
      assert.equal(error.errorType, 'Runtime.MalformedHandlerName');
      assert.equal(error.errorMessage, 'Bad handler');
      await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Handler: 'index.handler' }));
      assert.deepEqual(await invokeOk(lambda, name, { b: 2 }), { b: 2 });
    });
  });

  test('an error thrown at module load (init) is reported like an invoke error', async () => {
    const name = await deploy(lambda, {
      prefix: 'initthrow',
      files: { 'index.js': 'throw new RangeError("bad config");\nexports.handler = async () => "unreachable";\n' },
    });
    const { error } = await invokeFailing(lambda, name);
    assert.equal(error.errorType, 'RangeError');
    assert.equal(error.errorMessage, 'bad config');
  });

  describe('the environment is replaced after a failure that ends it', { concurrency: true }, () => {
    /** Counts invocations per environment: 1 on the first invocation of a fresh environment. */
    const COUNTING_HANDLER = (failure: string): string =>
      'let invocations = 0;\n' +
      'exports.handler = async (event) => {\n' +
      '  invocations++;\n' +
      `  if (event.fail) { ${failure} }\n` +
      '  return { invocations };\n' +
      '};\n';

    test('timeout → Sandbox.Timedout, then a fresh environment', async () => {
      const name = await deploy(lambda, {
        prefix: 'timeout',
        timeout: 1,
        files: { 'index.js': COUNTING_HANDLER('await new Promise((resolve) => setTimeout(resolve, 5000));') },
      });
      const { error, result } = await invokeFailing(lambda, name, { fail: true });
      assert.deepEqual(error, {
        errorType: 'Sandbox.Timedout',
        errorMessage: `RequestId: ${result.requestId ?? ''} Error: Task timed out after 1.00 seconds`,
      });
      assert.deepEqual(await invokeOk(lambda, name), { invocations: 1 });
    });

    test('process.exit(3) → Runtime.ExitError "exit status 3", then a fresh environment', async () => {
      const name = await deploy(lambda, { prefix: 'exit', files: { 'index.js': COUNTING_HANDLER('process.exit(3);') } });
      assert.deepEqual(await invokeOk(lambda, name), { invocations: 1 });
      const { error, result } = await invokeFailing(lambda, name, { fail: true });
      assert.deepEqual(error, {
        errorType: 'Runtime.ExitError',
        errorMessage: `RequestId: ${result.requestId ?? ''} Error: Runtime exited with error: exit status 3`,
      });
      assert.deepEqual(await invokeOk(lambda, name), { invocations: 1 });
    });

    test('an uncaught exception from a timer → an error document, then the function works again', async () => {
      // The exit hook (a synchronous flush, as logging/metrics libraries do) makes the runtime take a moment to exit
      // after it reported the crash. On Lambda the environment is not handed new work until its runtime asks for
      // the next event, so the following invocations must not land on the exiting process.
      const name = await deploy(lambda, {
        prefix: 'uncaught',
        files: {
          'index.js': COUNTING_HANDLER(
            'process.on("exit", () => { const end = Date.now() + 300; while (Date.now() < end); });\n' +
              '    setTimeout(() => { throw new Error("late boom"); }, 10);\n' +
              '    await new Promise((resolve) => setTimeout(resolve, 2000));',
          ),
        },
      });
      const { error } = await invokeFailing(lambda, name, { fail: true });
      assert.equal(error.errorType, 'Error');
      assert.equal(error.errorMessage, 'late boom');
      for (let i = 0; i < 2; i++) {
        const next = await invoke(lambda, { FunctionName: name, Payload: Buffer.from('{}') });
        assert.equal(next.functionError, undefined, `invoke #${i + 1} after the crash: ${next.payload}`);
        assert.deepEqual(JSON.parse(next.payload), { invocations: i + 1 });
      }
    });

    test('the REPORT line of an invocation whose runtime crashed still shows the memory it used', async () => {
      const name = await deploy(lambda, { prefix: 'exitreport', files: { 'index.js': COUNTING_HANDLER('process.exit(3);') } });
      const { result } = await invokeFailing(lambda, name, { fail: true }, { LogType: 'Tail' });
      const report = logLines(result.log).find((line) => line.startsWith('REPORT RequestId: '));
      assert.ok(report !== undefined, `log:\n${result.log ?? ''}`);
      const used = /\tMax Memory Used: (\d+) MB\t/.exec(report);
      assert.ok(used !== null, report);
      assert.ok(Number(used[1]) > 0, `a Node.js process uses memory: ${report}`);
    });

    test('MemorySize 128 caps the heap: a handler needing ~320 MB of heap fails, then the function works again', async () => {
      const name = await deploy(lambda, {
        prefix: 'oom',
        memorySize: 128,
        timeout: 15,
        files: {
          'index.js': COUNTING_HANDLER(
            'const keep = [];\n    for (let i = 0; i < 40; i++) keep.push(new Array(1_000_000).fill(i + 0.5));\n    return { survived: keep.length };',
          ),
        },
      });
      const { error } = await invokeFailing(lambda, name, { fail: true });
      assert.equal(typeof error.errorType, 'string');
      assert.notEqual(error.errorType, 'Sandbox.Timedout');
      assert.deepEqual(await invokeOk(lambda, name), { invocations: 1 });
    });
  });

  test("initialisation time does not count against the function's Timeout", async () => {
    // Lambda gives the init phase its own 10 s; the Timeout (here 1 s) applies to the invocation itself.
    const name = await deploy(lambda, {
      prefix: 'slowinit',
      timeout: 1,
      files: {
        'index.mjs':
          'await new Promise((resolve) => setTimeout(resolve, 1500));\n' +
          'export const handler = async (event, context) => ({ ready: true, remainingPositive: context.getRemainingTimeInMillis() > 0 });\n',
      },
    });
    const result = await invoke(lambda, { FunctionName: name, Payload: Buffer.from('{}') });
    assert.equal(result.functionError, undefined, `a 1.5 s init with a quick handler must not time out: ${result.payload}`);
    assert.deepEqual(JSON.parse(result.payload), { ready: true, remainingPositive: true });
  });

  test('a response over 6 MB → Function.ResponseSizeTooLarge; the function keeps working', async () => {
    const name = await deploy(lambda, {
      prefix: 'bigresp',
      files: { 'index.js': 'exports.handler = async (event) => event.big ? "x".repeat(7 * 1024 * 1024) : "small";\n' },
    });
    const { error } = await invokeFailing(lambda, name, { big: true });
    assert.deepEqual(error, {
      errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
      errorType: 'Function.ResponseSizeTooLarge',
    });
    assert.equal(await invokeOk(lambda, name), 'small');
  });
});

describe('Invoke API errors and invocation types', () => {
  let echo: string;

  before(async () => {
    echo = await deploy(lambda, { prefix: 'echo', files: { 'index.js': ECHO_HANDLER } });
  });

  test('unknown function → 404 ResourceNotFoundException', async () => {
    const missing = uniqueName('missing');
    const error = await sdkError(lambda.send(new InvokeCommand({ FunctionName: missing, Payload: Buffer.from('{}') })));
    assert.equal(error.name, 'ResourceNotFoundException');
    assert.equal(error.status, 404);
    assert.match(error.message, new RegExp(`^Function not found: ${escapeRegExp(arnOf(missing))}(:\\$LATEST)?$`));
  });

  test('a payload that is not JSON → 400 InvalidRequestContentException', async () => {
    const error = await sdkError(lambda.send(new InvokeCommand({ FunctionName: echo, Payload: Buffer.from('not json') })));
    assert.equal(error.name, 'InvalidRequestContentException');
    assert.equal(error.status, 400);
    assert.ok(
      error.message.startsWith('Could not parse request body into json: Could not parse payload into json'),
      error.message,
    );
  });

  test('a payload over 6 MB → 413 RequestEntityTooLargeException', async () => {
    const big = Buffer.from(JSON.stringify('a'.repeat(6_291_456)));
    const error = await sdkError(lambda.send(new InvokeCommand({ FunctionName: echo, Payload: big })));
    assert.equal(error.status, 413);
    assert.equal(error.name, 'RequestEntityTooLargeException');
    assert.equal(error.message, 'Request must be smaller than 6291456 bytes for the InvokeFunction operation');
  });

  test('a payload just under 6 MB is accepted and echoed', async () => {
    const event = { data: 'b'.repeat(6_000_000) };
    const result = await invoke(lambda, { FunctionName: echo, Payload: Buffer.from(JSON.stringify(event)) });
    assert.equal(result.functionError, undefined);
    assert.equal(result.payload, JSON.stringify(event));
  });

  test('a qualifier in the name that disagrees with Qualifier → 400', async () => {
    const error = await sdkError(
      lambda.send(new InvokeCommand({ FunctionName: `${echo}:$LATEST`, Qualifier: 'v1', Payload: Buffer.from('{}') })),
    );
    assert.equal(error.status, 400);
    assert.equal(error.name, 'InvalidParameterValueException');
    assert.equal(error.message, 'The derived qualifier from the function name does not match the specified qualifier.');
  });

  test('Qualifier v1 (no such version or alias) → 404', async () => {
    const error = await sdkError(lambda.send(new InvokeCommand({ FunctionName: echo, Qualifier: 'v1', Payload: Buffer.from('{}') })));
    assert.equal(error.status, 404);
    assert.equal(error.name, 'ResourceNotFoundException');
    assert.equal(error.message, `Function not found: ${arnOf(echo)}:v1`);
  });

  test('DryRun → 204 and the function does not run; RequestResponse does run it', async () => {
    const marker = path.join(tmpdir(), `eventide-dryrun-${randomBytes(6).toString('hex')}`);
    try {
      const name = await deploy(lambda, {
        prefix: 'dryrun',
        environment: { MARKER_FILE: marker },
        files: { 'index.js': 'const fs = require("node:fs");\nexports.handler = async () => { fs.appendFileSync(process.env.MARKER_FILE, "ran\\n"); return "ran"; };\n' },
      });
      const dry = await invoke(lambda, { FunctionName: name, InvocationType: 'DryRun', Payload: Buffer.from('{"a":1}') });
      assert.equal(dry.statusCode, 204);
      assert.equal(dry.payload, '');
      assert.equal(dry.functionError, undefined);
      assert.equal(existsSync(marker), false, 'DryRun must not run the function');

      assert.equal(await invokeOk(lambda, name), 'ran');
      assert.equal(readFileSync(marker, 'utf8'), 'ran\n');
    } finally {
      rmSync(marker, { force: true });
    }
  });

  test('DryRun of an unknown function → 404; DryRun with a non-JSON payload → 400', async () => {
    const missing = await sdkError(lambda.send(new InvokeCommand({ FunctionName: uniqueName('nope'), InvocationType: 'DryRun' })));
    assert.equal(missing.status, 404);
    assert.equal(missing.name, 'ResourceNotFoundException');
    const notJson = await sdkError(
      lambda.send(new InvokeCommand({ FunctionName: echo, InvocationType: 'DryRun', Payload: Buffer.from('{oops') })),
    );
    assert.equal(notJson.status, 400);
    assert.equal(notJson.name, 'InvalidRequestContentException');
  });

  test('an empty payload: the handler receives {}', async () => {
    const result = await invoke(lambda, { FunctionName: echo });
    assert.equal(result.statusCode, 200);
    assert.equal(result.functionError, undefined);
    assert.deepEqual(JSON.parse(result.payload), {});
  });

  test('JSON scalars are valid events', async () => {
    for (const event of [42, 'text', null, [1, 2]]) {
      assert.deepEqual(await invokeOk(lambda, echo, event), event);
    }
  });

  test('the AWS CLI: lambda invoke with --log-type Tail writes the result and prints StatusCode and LogResult', async () => {
    const outfile = path.join(workDir, 'out.json');
    const cli = await awsCli(eventide.url, [
      'lambda',
      'invoke',
      '--function-name',
      echo,
      '--payload',
      '{"a":1}',
      '--cli-binary-format',
      'raw-in-base64-out',
      '--log-type',
      'Tail',
      outfile,
    ]);
    assert.equal(cli.code, 0, cli.stderr);
    assert.deepEqual(JSON.parse(await readFile(outfile, 'utf8')), { a: 1 });
    const printed = JSON.parse(cli.stdout) as { StatusCode: number; LogResult?: string; ExecutedVersion?: string; FunctionError?: string };
    assert.equal(printed.StatusCode, 200);
    assert.equal(printed.ExecutedVersion, '$LATEST');
    assert.equal(printed.FunctionError, undefined);
    assert.ok(printed.LogResult !== undefined, cli.stdout);
    const log = Buffer.from(printed.LogResult, 'base64').toString();
    assert.match(log, /^START RequestId: [0-9a-f-]{36} Version: \$LATEST\n/m);
    assert.match(log, /^REPORT RequestId: /m);
  });
});
