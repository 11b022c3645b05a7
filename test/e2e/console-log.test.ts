/**
 * What the server's console says while it works, read from a real Eventide's stdout: function errors, timeouts and
 * throttles, events that end failed and their dead letters, requests at debug only, JSON lines for machines,
 * start-up settings and shutdown; and a bad --log-level refused before anything starts.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreateFunctionCommand,
  InvokeCommand,
  ListFunctionsCommand,
  PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand,
  TooManyRequestsException,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { runCli } from './environments-support.js';
import { lambdaClient, sqsClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { ROLE, uniqueName, zipOf } from './support/fixtures.js';

const FAILING_HANDLER = `class OrderRejected extends Error { name = 'OrderRejected'; }
exports.handler = async () => { throw new OrderRejected('order 7 has no items'); };
`;
const SLOW_HANDLER = `exports.handler = () => new Promise((resolve) => setTimeout(resolve, 5000));\n`;

/** A line the console printed that has all of `parts`, once it has printed it (log lines may follow the answer). */
async function lineWith(eventide: EventideProcess, parts: string[]): Promise<string> {
  const find = () => eventide.output().split('\n').find((line) => parts.every((part) => line.includes(part)));
  for (let tries = 0; tries < 100; tries++) {
    const line = find();
    if (line !== undefined) return line;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no line has ${parts.join(', ')}:\n${eventide.output()}`);
}

async function createFunction(lambda: LambdaClient, prefix: string, handler: string, settings: { Timeout?: number; DeadLetterConfig?: { TargetArn: string } } = {}): Promise<string> {
  const name = uniqueName(prefix);
  await lambda.send(
    new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: await zipOf({ 'index.js': handler }) }, ...settings }),
  );
  return name;
}

describe('the console, pretty, at the default level', () => {
  let eventide: EventideProcess;
  let lambda: LambdaClient;
  let sqs: SQSClient;

  before(async () => {
    // IAM is not what is tested here: the execution role may write to the dead-letter queue without a policy.
    eventide = await startEventide({ args: ['--iam-enforcement', 'off'] });
    lambda = lambdaClient(eventide.url);
    sqs = sqsClient(eventide.url);
  });

  after(async () => {
    lambda.destroy();
    sqs.destroy();
    await stopAndClean(eventide);
  });

  test('start-up settings follow the ready line', async () => {
    const lines = eventide.output().split('\n');
    assert.equal(lines[0], `Eventide ready on ${eventide.url}`);
    const settings = await lineWith(eventide, [' INFO  settings ']);
    for (const part of [`endpoint=${eventide.url}`, `dataDir=${eventide.dataDir}`, 'region=us-east-1', 'accountId=000000000000', 'timeScale=1', 'concurrency=', 'iamEnforcement=off']) {
      assert.ok(settings.includes(part), `${part} in: ${settings}`);
    }
  });

  test('a function error names the function, the request id and the error type', async () => {
    const name = await createFunction(lambda, 'console-fails', FAILING_HANDLER);
    const answer = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') }));
    assert.equal(answer.FunctionError, 'Unhandled');
    const requestId = answer.$metadata.requestId ?? '';
    const line = await lineWith(eventide, [`function=${name} `, `requestId=${requestId}`]);
    assert.match(line, new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  function error function=${name} requestId=${requestId} errorType=OrderRejected durationMs=\\d+$`));
  });

  test('a timeout and a throttle each say so, with the function and the request id', async () => {
    const slow = await createFunction(lambda, 'console-slow', SLOW_HANDLER, { Timeout: 1 });
    const timedOut = await lambda.send(new InvokeCommand({ FunctionName: slow, Payload: Buffer.from('{}') }));
    assert.equal(timedOut.FunctionError, 'Unhandled');
    const timeout = await lineWith(eventide, [`requestId=${timedOut.$metadata.requestId ?? ''}`]);
    assert.match(timeout, new RegExp(` WARN  function timed out function=${slow} requestId=\\S+ errorType=Sandbox.Timedout `));

    await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: slow, ReservedConcurrentExecutions: 0 }));
    const refused = await lambda.send(new InvokeCommand({ FunctionName: slow, Payload: Buffer.from('{}') })).catch((error: unknown) => error);
    assert.ok(refused instanceof TooManyRequestsException, String(refused));
    const throttle = await lineWith(eventide, [`requestId=${refused.$metadata.requestId ?? ''}`]);
    assert.match(throttle, new RegExp(` INFO  throttled function=${slow} requestId=\\S+ errorType=TooManyRequestsException reason=ReservedFunctionConcurrentInvocationLimitExceeded$`));
  });

  test('an event that fails for good says so, and so does its delivery to the dead-letter queue', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('console-dlq') }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    const queueArn = Attributes?.QueueArn ?? '';
    const name = await createFunction(lambda, 'console-async', FAILING_HANDLER, { DeadLetterConfig: { TargetArn: queueArn } });
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: name, MaximumRetryAttempts: 0 }));

    const accepted = await lambda.send(new InvokeCommand({ FunctionName: name, InvocationType: 'Event', Payload: Buffer.from('{"order":7}') }));
    assert.equal(accepted.StatusCode, 202);
    const requestId = accepted.$metadata.requestId ?? '';
    const failed = await lineWith(eventide, [' event failed ', `requestId=${requestId}`]);
    assert.match(failed, new RegExp(` WARN  event failed function=${name} requestId=${requestId} attempts=1 errorType=OrderRejected condition=RetriesExhausted$`));
    const delivered = await lineWith(eventide, [' event delivered ', `requestId=${requestId}`]);
    assert.match(delivered, new RegExp(` INFO  event delivered function=${name} requestId=${requestId} destination=dead-letter target=${queueArn} result=delivered$`));
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 5 }));
    assert.equal(Messages?.length, 1, 'the dead letter the console spoke of is in the queue');
  });

  test('requests are not shown at the default level', async () => {
    await lambda.send(new ListFunctionsCommand({}));
    assert.doesNotMatch(eventide.output(), /DEBUG|request method=/);
  });

  test('SIGTERM: stopping, drained and closed, in that order, then exit 0', async () => {
    assert.equal(await eventide.stop('SIGTERM'), 0);
    const said = eventide
      .output()
      .split('\n')
      .map((line) => / INFO {2}(stopping|drained|closed)\b/.exec(line)?.[1])
      .filter((word) => word !== undefined);
    assert.deepEqual(said, ['stopping', 'drained', 'closed'], eventide.output());
  });
});

describe('the console as JSON lines, at debug', () => {
  let eventide: EventideProcess;
  let lambda: LambdaClient;

  before(async () => {
    // The format from the environment, the level from the flag: both ways are read.
    eventide = await startEventide({ args: ['--log-level', 'debug'], env: { EVENTIDE_LOG_FORMAT: 'json' } });
    lambda = lambdaClient(eventide.url);
  });

  after(async () => {
    lambda.destroy();
    await stopAndClean(eventide);
  });

  /** Every line printed, each of which must be one JSON object. */
  const records = (): Record<string, unknown>[] =>
    eventide
      .output()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const record = JSON.parse(line) as unknown;
        assert.ok(typeof record === 'object' && record !== null && !Array.isArray(record), line);
        return record as Record<string, unknown>;
      });

  async function recordWhere(match: (record: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    for (let tries = 0; tries < 100; tries++) {
      const found = records().find(match);
      if (found !== undefined) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no such record:\n${eventide.output()}`);
  }

  test('the ready line is a record with the URL, and settings follow', () => {
    const [ready, settings] = records();
    assert.equal(ready?.msg, 'Eventide ready');
    assert.equal(ready?.url, eventide.url);
    assert.equal(ready?.level, 'info');
    assert.equal(typeof ready?.time, 'string');
    assert.equal(settings?.msg, 'settings');
    assert.equal(settings?.endpoint, eventide.url);
    assert.equal(settings?.iamEnforcement, 'on');
  });

  test('each request is a debug record with method, path, service, operation and status', async () => {
    const { $metadata } = await lambda.send(new ListFunctionsCommand({}));
    const request = await recordWhere((record) => record.requestId === $metadata.requestId);
    assert.equal(request.level, 'debug');
    assert.equal(request.msg, 'request');
    assert.equal(request.method, 'GET');
    assert.equal(request.path, '/2015-03-31/functions');
    assert.equal(request.service, 'lambda');
    assert.equal(request.operation, 'ListFunctions');
    assert.equal(request.status, 200);
    assert.equal(typeof request.durationMs, 'number');
  });

  test('a function error is a warn record with the function, the request id and the error type', async () => {
    const name = await createFunction(lambda, 'console-json', FAILING_HANDLER);
    const answer = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') }));
    const requestId = answer.$metadata.requestId;
    const error = await recordWhere((record) => record.requestId === requestId && record.msg === 'function error');
    assert.equal(error.level, 'warn');
    assert.equal(error.function, name);
    assert.equal(error.errorType, 'OrderRejected');
  });
});

describe('--log-level', () => {
  test('a level that does not exist is refused with exit code 2 and one line naming the flag, the choices and the value', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'eventide-log-level-'));
    try {
      const run = await runCli(['serve', '--log-level', 'loud'], { cwd, env: { EVENTIDE_PORT: '0', EVENTIDE_DATA_DIR: path.join(cwd, 'data') } });
      assert.equal(run.code, 2, `${run.stdout}${run.stderr}`);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, "eventide: option '--log-level <level>' argument 'loud' is invalid. Allowed choices are trace, debug, info, warn, error, silent.\n");
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
