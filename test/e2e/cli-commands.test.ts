/**
 * The `eventide` command itself, run as a user runs it: help and version everywhere, the refusal of bad usage with
 * one line and exit code 2, one clear line naming where it looked when no Eventide answers, and `eventide status`
 * against a real Eventide.
 */
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { deploy } from './invoke-support.js';
import { lambdaClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { assertNoEscapes, CLI_HANDLER, eventide, failedWithOneLine, succeeded, workDir } from './cli-support.js';

const COMMANDS = ['serve', 'invoke', 'logs', 'events', 'redrive', 'faults', 'status', 'emit'];

/** A port nothing listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('eventide: help, version and usage', () => {
  let cwd: string;
  before(async () => (cwd = await workDir()));
  after(() => rm(cwd, { recursive: true, force: true }));

  for (const args of [[], ['--help'], ['-h'], ['help']]) {
    test(`\`eventide ${args.join(' ')}\` prints help on stdout listing every command, and exits 0`, async () => {
      const stdout = succeeded(await eventide(args, { cwd }));
      assert.match(stdout, /^Usage: eventide /);
      for (const command of COMMANDS) assert.match(stdout, new RegExp(`^  ${command} `, 'm'), `lists ${command}`);
    });
  }

  test('--version and -v print package.json\'s version', async () => {
    const { version } = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) assert.equal(succeeded(await eventide([flag], { cwd })), `${version}\n`);
  });

  for (const command of [...COMMANDS, 'events show']) {
    test(`\`eventide ${command} --help\` describes it with an example, as \`eventide help ${command}\` does`, async () => {
      const words = command.split(' ');
      const stdout = succeeded(await eventide([...words, '--help'], { cwd }));
      assert.match(stdout, new RegExp(`^Usage: eventide ${command} `));
      assert.match(stdout, /Examples?:\n {2}eventide /);
      if (words.length === 1) assert.equal(succeeded(await eventide(['help', ...words], { cwd })), stdout);
    });
  }

  test('`serve --help` names every flag with its EVENTIDE_* variable', async () => {
    const stdout = succeeded(await eventide(['serve', '--help'], { cwd }));
    for (const flag of ['host', 'port', 'data-dir', 'region', 'account-id', 'time-scale', 'idle-timeout', 'concurrency', 'async-payload-limit', 'iam-enforcement', 'clock-control']) {
      assert.match(stdout, new RegExp(`--${flag} `));
      assert.match(stdout, new RegExp(`EVENTIDE_${flag.toUpperCase().replaceAll('-', '_')}`));
    }
  });

  const refused = [
    { args: ['invoke'], line: /missing required argument 'name'/ },
    { args: ['invoke', 'hello', '--frobnicate'], line: /unknown option '--frobnicate'/ },
    { args: ['evnts'], line: /unknown command 'evnts' \(did you mean events\?\)/ },
    { args: ['events', 'hello', '--state', 'lost'], line: /--state .*'lost' is invalid.*queued, running, retrying, succeeded, failed/ },
    { args: ['serve', '--time-scale', '0'], line: /--time-scale .*'0' is invalid/ },
    { args: ['faults', 'hello', '--clear', '--added-latency-ms', '5'], line: /'--clear' cannot be used with option '--added-latency-ms/ },
    { args: ['faults', 'hello', '--throttle-on-attempts', 'one'], line: /whole numbers separated by commas/ },
    { args: ['redrive', 'hello'], line: /say which events to redrive: --request-id ID, --state failed or --from-dlq QUEUE_URL/ },
    { args: ['invoke', 'hello', '--template', '{}'], line: /--template goes with --each/ },
    { args: ['invoke', 'hello', '--no-wait'], line: /--no-wait goes with --each or --payloads/ },
  ];
  for (const c of refused) {
    test(`\`eventide ${c.args.join(' ')}\` is refused with one line and exit code 2`, async () => {
      failedWithOneLine(await eventide(c.args, { cwd, endpoint: 'http://127.0.0.1:9' }), 2, c.line);
    });
  }
});

describe('eventide: no Eventide answering', () => {
  let cwd: string;
  let url: string;
  before(async () => {
    cwd = await workDir();
    url = `http://127.0.0.1:${await closedPort()}`;
  });
  after(() => rm(cwd, { recursive: true, force: true }));

  const expected = (endpoint: string) =>
    new RegExp(`^eventide: no Eventide answers at ${endpoint.replaceAll('.', '\\.')} \\(connection refused\\); start one with \`eventide serve\` or pass --endpoint-url$`);

  for (const args of [['status'], ['invoke', 'hello'], ['events', 'hello'], ['events', 'show', 'some-id'], ['logs', 'hello'], ['redrive', 'hello', '--state', 'failed'], ['faults', 'hello']]) {
    test(`\`eventide ${args.join(' ')}\` says where it looked, in one line, and exits 1`, async () => {
      failedWithOneLine(await eventide(args, { cwd, endpoint: url }), 1, expected(url));
    });
  }

  test('without --endpoint-url, $AWS_ENDPOINT_URL is where it looks', async () => {
    failedWithOneLine(await eventide(['status'], { cwd, env: { AWS_ENDPOINT_URL: url } }), 1, expected(url));
  });
});

describe('eventide status', () => {
  let server: EventideProcess;
  let lambda: LambdaClient;
  let cwd: string;

  before(async () => {
    server = await startEventide();
    lambda = lambdaClient(server.url);
    cwd = await workDir();
  });
  after(async () => {
    lambda?.destroy();
    if (server !== undefined) await stopAndClean(server);
    await rm(cwd, { recursive: true, force: true });
  });

  test('prints the server, its store, and each function with its queue depth and environments; --json for scripts', async () => {
    const name = await deploy(lambda, { prefix: 'cli-status', files: { 'index.js': CLI_HANDLER } });
    succeeded(await eventide(['invoke', name, '--payload', '{}'], { cwd, endpoint: server.url }));

    const status = JSON.parse(succeeded(await eventide(['status', '--json'], { cwd, endpoint: server.url }))) as {
      version: string;
      endpoint: string;
      store: { kind: string; dataDir: string };
      concurrency: { limit: number; running: number };
      functions: { name: string; runtime: string; queued: number; running: number; retrying: number; failed: number; environments: number }[];
    };
    assert.equal(status.endpoint, server.url);
    assert.deepEqual(status.store, { kind: 'sqlite', dataDir: server.dataDir });
    assert.equal(status.concurrency.running, 0);
    assert.ok(status.concurrency.limit > 0);
    const fn = status.functions.find((candidate) => candidate.name === name);
    assert.deepEqual(fn, { name, runtime: 'nodejs20.x', queued: 0, running: 0, retrying: 0, failed: 0, environments: 1 }, 'the invoke left one warm environment');

    const table = succeeded(await eventide(['status'], { cwd, endpoint: server.url }));
    assertNoEscapes(table);
    assert.match(table, new RegExp(`^Eventide ${status.version.replaceAll('.', '\\.')} at ${server.url.replaceAll('.', '\\.')}, up `));
    assert.match(table, /^FUNCTION +RUNTIME +QUEUED +RETRYING +RUNNING +FAILED +ENVIRONMENTS$/m);
    assert.match(table, new RegExp(`^${name} +nodejs20\\.x +0 +0 +0 +0 +1$`, 'm'));
  });
});
