/**
 * Eventide's process lifecycle end to end: a restart keeps functions and logs, SIGTERM/SIGINT let running
 * invocations finish and leave no function processes behind, flags and EVENTIDE_* variables take effect, bad
 * flags are refused, and the ready line and health endpoint are what tools wait for.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';

import { FilterLogEventsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetFunctionCommand, InvokeCommand, LambdaClient, type FunctionConfiguration } from '@aws-sdk/client-lambda';

import {
  barrierDir,
  CLI_PATH,
  connectionRefused,
  createNodeFunction,
  fileExists,
  gatedHandler,
  invoke,
  processStopped,
  runCli,
  waitFor,
} from './environments-support.js';
import { lambdaClient, logsClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { uniqueName } from './support/fixtures.js';

/** Reports where it runs: its process, its log stream, its region and the ARN it was invoked as. */
const WHEREAMI_HANDLER = `exports.handler = async (event, context) => ({
  pid: process.pid,
  stream: context.logStreamName,
  requestId: context.awsRequestId,
  region: process.env.AWS_REGION,
  arn: context.invokedFunctionArn,
  greeting: process.env.GREETING ?? null,
});
`;

interface WhereAmI {
  pid: number;
  stream: string;
  requestId: string;
  region: string;
  arn: string;
  greeting: string | null;
}

/** Starts a function (a shell `sleep`) in the background and reports both pids. */
const SPAWNING_HANDLER = `const { spawn } = require('node:child_process');
exports.handler = async () => {
  const child = spawn('sleep', ['300'], { stdio: 'ignore' });
  child.unref();
  return { pid: process.pid, childPid: child.pid };
};
`;

/** The settings GetFunction must give back unchanged after a restart. */
const persisted = (c: FunctionConfiguration | undefined) => ({
  FunctionName: c?.FunctionName,
  FunctionArn: c?.FunctionArn,
  Runtime: c?.Runtime,
  Handler: c?.Handler,
  Role: c?.Role,
  Timeout: c?.Timeout,
  MemorySize: c?.MemorySize,
  CodeSha256: c?.CodeSha256,
  CodeSize: c?.CodeSize,
  RevisionId: c?.RevisionId,
  LastModified: c?.LastModified,
  Environment: c?.Environment,
});

const regionalLambda = (url: string, region: string): LambdaClient =>
  new LambdaClient({ endpoint: url, region, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });

describe('restart', () => {
  test('a restart on the same data dir keeps the function, its configuration and its logs', async () => {
    const name = uniqueName('life-restart');
    const first = await startEventide();
    let second: EventideProcess | undefined;
    try {
      const lambda = lambdaClient(first.url);
      const created = await createNodeFunction(lambda, { name, code: WHEREAMI_HANDLER, environment: { GREETING: 'persisted' } });
      const before = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
      const run1 = await invoke<WhereAmI>(lambda, name);
      lambda.destroy();
      assert.equal(run1.functionError, undefined, run1.log);
      assert.match(run1.log, new RegExp(`^START RequestId: ${run1.body.requestId} `, 'm'));

      assert.equal(await first.stop('SIGTERM'), 0, `exit code after SIGTERM; output:\n${first.output()}`);

      second = await startEventide({ dataDir: first.dataDir });
      const lambda2 = lambdaClient(second.url);
      const logs2 = logsClient(second.url);
      try {
        const after = await lambda2.send(new GetFunctionCommand({ FunctionName: name }));
        assert.deepEqual(persisted(after.Configuration), persisted(before.Configuration));
        assert.equal(after.Configuration?.CodeSha256, created.CodeSha256);
        assert.equal(after.Configuration?.RevisionId, created.RevisionId);
        assert.deepEqual(after.Configuration?.Environment?.Variables, { GREETING: 'persisted' });

        const run2 = await invoke<WhereAmI>(lambda2, name);
        assert.equal(run2.statusCode, 200);
        assert.equal(run2.functionError, undefined, run2.log);
        assert.equal(run2.body.greeting, 'persisted');
        assert.notEqual(run2.body.requestId, run1.body.requestId);

        const group = `/aws/lambda/${name}`;
        const startLine = `START RequestId: ${run1.body.requestId} Version: $LATEST`;
        const events = await logs2.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: run1.body.stream, startFromHead: true }));
        assert.ok(
          (events.events ?? []).some((e) => e.message?.startsWith(startLine)),
          `the first run's START line is in its stream after the restart: ${JSON.stringify(events.events)}`,
        );
        const filtered = await logs2.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: `"${run1.body.requestId}"` }));
        const matched = filtered.events ?? [];
        assert.ok(
          matched.some((e) => e.message?.startsWith(startLine) && e.logStreamName === run1.body.stream),
          `FilterLogEvents finds the first run's START line: ${JSON.stringify(matched)}`,
        );
        assert.ok(matched.every((e) => e.message?.includes(run1.body.requestId)));
      } finally {
        lambda2.destroy();
        logs2.destroy();
      }
    } finally {
      if (second !== undefined) await stopAndClean(second);
      else await stopAndClean(first);
    }
  });
});

describe('shutdown', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`${signal} lets a running invocation finish, then exits 0 and refuses connections`, async () => {
      const eventide = await startEventide();
      const gate = await barrierDir();
      const lambda = lambdaClient(eventide.url);
      try {
        const name = uniqueName('life-shutdown');
        await createNodeFunction(lambda, { name, code: gatedHandler('done'), timeout: 8, environment: { GATE_DIR: gate.dir } });

        const running = invoke<{ answer: string; pid: number; released: boolean }>(lambda, name);
        // Judged below, once released; until then a failure must not surface as an unhandled rejection of its own.
        running.catch(() => undefined);
        await waitFor('the invocation to start', () => fileExists(path.join(gate.dir, 'started')));

        const exited = eventide.stop(signal);
        // Eventide has begun to shut down (it no longer listens) while the invocation is still held at its gate.
        await waitFor('Eventide to stop listening', () => connectionRefused(eventide.url));
        assert.equal(eventide.process.exitCode, null, 'Eventide waits for the running invocation');
        await writeFile(path.join(gate.dir, 'release'), '');

        const result = await running.catch((error: Error) =>
          assert.fail(`the invocation running when ${signal} arrived got no answer: ${error.name}: ${error.message}`),
        );
        assert.equal(result.statusCode, 200);
        assert.equal(result.functionError, undefined, result.log);
        assert.equal(result.body.answer, 'done');
        assert.equal(result.body.released, true, 'the invocation ran to its end, after the signal');

        assert.equal(await exited, 0, `exit code after ${signal}; output:\n${eventide.output()}`);
        assert.equal(await connectionRefused(eventide.url), true, 'nothing listens after Eventide exited');
        assert.equal(processStopped(result.body.pid), true, `the function process (pid ${result.body.pid}) outlived Eventide`);
      } finally {
        lambda.destroy();
        await gate.cleanup();
        await stopAndClean(eventide);
      }
    });
  }

  test('no orphan processes: after SIGTERM neither the function process nor what it started still runs', async () => {
    const eventide = await startEventide();
    const lambda = lambdaClient(eventide.url);
    try {
      const name = uniqueName('life-orphans');
      await createNodeFunction(lambda, { name, code: SPAWNING_HANDLER });
      const { body, functionError, log } = await invoke<{ pid: number; childPid: number }>(lambda, name);
      assert.equal(functionError, undefined, log);
      assert.equal(processStopped(body.pid), false, 'the warm environment runs before the shutdown');
      assert.equal(processStopped(body.childPid), false, "the function's background process runs before the shutdown");

      assert.equal(await eventide.stop('SIGTERM'), 0);
      // A process left running would stay in state S; give the kernel a moment to deliver the kills.
      await waitFor(`function process ${body.pid} to be gone`, () => processStopped(body.pid), 2_000).catch(() => undefined);
      await waitFor(`background process ${body.childPid} to be gone`, () => processStopped(body.childPid), 2_000).catch(() => undefined);
      assert.equal(processStopped(body.pid), true, `the function process (pid ${body.pid}) still runs after Eventide exited`);
      assert.equal(processStopped(body.childPid), true, `the function's background process (pid ${body.childPid}) still runs after Eventide exited`);
    } finally {
      lambda.destroy();
      await stopAndClean(eventide);
    }
  });
});

describe('flags and environment variables', () => {
  const cases: { title: string; args: string[]; env: Record<string, string>; region: string; account: string }[] = [
    { title: '--region and --account-id', args: ['--region', 'eu-west-1', '--account-id', '123456789012'], env: {}, region: 'eu-west-1', account: '123456789012' },
    { title: 'EVENTIDE_REGION and EVENTIDE_ACCOUNT_ID', args: [], env: { EVENTIDE_REGION: 'ap-south-1', EVENTIDE_ACCOUNT_ID: '210987654321' }, region: 'ap-south-1', account: '210987654321' },
    { title: 'a flag beats its environment variable', args: ['--region', 'eu-west-1'], env: { EVENTIDE_REGION: 'ap-south-1' }, region: 'eu-west-1', account: '000000000000' },
  ];
  for (const c of cases) {
    test(`${c.title}: ARNs and AWS_REGION inside the function use ${c.region} / ${c.account}`, async () => {
      const eventide = await startEventide({ args: c.args, env: c.env });
      const lambda = regionalLambda(eventide.url, c.region);
      try {
        const name = uniqueName('life-region');
        // The role `startEventide` created lives in Eventide's account.
        const role = `arn:aws:iam::${c.account}:role/lambda-role`;
        const created = await createNodeFunction(lambda, { name, code: WHEREAMI_HANDLER, role });
        const arn = `arn:aws:lambda:${c.region}:${c.account}:function:${name}`;
        assert.equal(created.FunctionArn, arn);

        const { body, functionError, log } = await invoke<WhereAmI>(lambda, name);
        assert.equal(functionError, undefined, log);
        assert.equal(body.region, c.region, 'AWS_REGION inside the function');
        assert.equal(body.arn, arn, 'context.invokedFunctionArn');
      } finally {
        lambda.destroy();
        await stopAndClean(eventide);
      }
    });
  }

  test('a fractional --time-scale: an Event invoke is accepted with 202 and its event runs', async () => {
    const eventide = await startEventide({ args: ['--time-scale', '2.5'] });
    const lambda = lambdaClient(eventide.url);
    try {
      const name = uniqueName('life-scale');
      await createNodeFunction(lambda, { name, code: WHEREAMI_HANDLER });
      const accepted = await lambda.send(new InvokeCommand({ FunctionName: name, InvocationType: 'Event', Payload: Buffer.from('{}') }));
      assert.equal(accepted.StatusCode, 202);
      await waitFor('the event to succeed', async () => {
        const listed = (await (await fetch(`${eventide.url}/_eventide/functions/${name}/events?state=succeeded`)).json()) as { events: unknown[] };
        return listed.events.length === 1;
      }, 15_000);
    } finally {
      lambda.destroy();
      await stopAndClean(eventide);
    }
  });
});

describe('command line', () => {
  const refused = [
    { title: 'a port that is not a number', args: ['serve', '--port', 'notaport'], names: '--port' },
    { title: 'a port out of range', args: ['serve', '--port', '70000'], names: '--port' },
    { title: 'an account id that is not 12 digits', args: ['serve', '--account-id', '12'], names: '--account-id' },
    { title: 'an unknown flag', args: ['serve', '--no-such-flag', 'x'], names: '--no-such-flag' },
    { title: 'an unknown command', args: ['frobnicate'], names: 'frobnicate' },
  ];
  for (const c of refused) {
    test(`${c.title} is refused: exit code 2 and a message naming ${c.names}`, async () => {
      const cwd = await mkdtemp(path.join(tmpdir(), 'eventide-cli-'));
      try {
        // Its own port and data dir, so if the flag were accepted it would not collide with anything.
        const run = await runCli(c.args, { cwd, env: { EVENTIDE_PORT: '0', EVENTIDE_DATA_DIR: path.join(cwd, 'data') } });
        assert.equal(run.signal, null, `the CLI did not exit by itself; it printed:\n${run.stdout}${run.stderr}`);
        assert.equal(run.code, 2, `exit code; it printed:\n${run.stdout}${run.stderr}`);
        assert.ok(run.stderr.includes(c.names), `stderr names ${c.names}:\n${run.stderr}`);
        assert.doesNotMatch(run.stdout, /Eventide ready/);
      } finally {
        await rm(cwd, { recursive: true, force: true });
      }
    });
  }

  test('the ready line on stdout is exactly "Eventide ready on http://127.0.0.1:<port>", and /_eventide/health answers 200 JSON', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'eventide-ready-'));
    const child = spawn(process.execPath, [CLI_PATH, 'serve', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await waitFor('the ready line', () => stdout.includes('\n') || child.exitCode !== null, 15_000);
      const line = stdout.split('\n')[0] ?? '';
      const match = /^Eventide ready on http:\/\/127\.0\.0\.1:(\d+)$/.exec(line);
      assert.ok(match !== null, `first stdout line: ${JSON.stringify(line)}; stderr: ${stderr}`);
      const port = Number(match[1]);
      assert.ok(port > 0 && port < 65536, 'the port actually bound, not 0');

      const response = await fetch(`http://127.0.0.1:${port}/_eventide/health`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      const health = (await response.json()) as { status?: unknown };
      assert.equal(health.status, 'ok');
    } finally {
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
