/**
 * The daily loop with the `eventide` command against a real Eventide (retries 600× faster): invoke (sync with its
 * log tail, async, many events with --each and --payloads followed to their end), logs, events and an event's
 * timeline, redrive and faults; every error as one line and a non-zero exit.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { CLI_PATH } from './environments-support.js';
import { deploy, UUID } from './invoke-support.js';
import { lambdaClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { waitFor } from './support/polling.js';
import { assertNoEscapes, CLI_HANDLER, eventide, failedWithOneLine, succeeded, TIME, workDir } from './cli-support.js';

interface ListedEvent {
  requestId: string;
  state: string;
  condition?: string;
}

describe('eventide invoke, logs, events, redrive, faults', () => {
  let server: EventideProcess;
  let lambda: LambdaClient;
  let cwd: string;
  /** The function most tests use (CLI_HANDLER). */
  let name: string;

  const run = (args: string[], timeoutMs?: number) => eventide(args, { cwd, endpoint: server.url, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
  const json = async <T>(args: string[]): Promise<T> => JSON.parse(succeeded(await run([...args, '--json']))) as T;
  const eventsOf = (fn: string) => json<ListedEvent[]>(['events', fn]);
  /** Sends an event that fails on every attempt and waits until it has failed for good; its request id. */
  const failedEvent = async (fn: string, tag: string): Promise<string> => {
    const requestId = succeeded(await run(['invoke', fn, '--async', '--payload', JSON.stringify({ fail: tag })])).trim();
    const events = await waitFor(() => eventsOf(fn), (list) => list.some((event) => event.requestId === requestId && event.state === 'failed'));
    assert.equal(events.find((event) => event.requestId === requestId)?.condition, 'RetriesExhausted');
    return requestId;
  };

  before(async () => {
    server = await startEventide({ args: ['--time-scale', '600'] });
    lambda = lambdaClient(server.url);
    cwd = await workDir();
    name = await deploy(lambda, { prefix: 'cli', files: { 'index.js': CLI_HANDLER } });
  });
  after(async () => {
    lambda?.destroy();
    if (server !== undefined) await stopAndClean(server);
    await rm(cwd, { recursive: true, force: true });
  });

  test('invoke prints the result and the log tail; --json gives both to scripts', async () => {
    const stdout = succeeded(await run(['invoke', name, '--payload', '{"greeting":"hi"}']));
    assertNoEscapes(stdout);
    assert.match(stdout, /^\{\n {2}"handled": \{\n {4}"greeting": "hi"/);
    assert.match(stdout, /── log tail ──\nSTART RequestId: /);
    assert.match(stdout, /INFO\thandling \{"greeting":"hi"\}/);
    assert.match(stdout, /^REPORT RequestId: /m);

    await writeFile(path.join(cwd, 'event.json'), '{"greeting":"from a file"}');
    const answer = await json<{ requestId: string; statusCode: number; result: unknown; logTail: string }>(['invoke', name, '--payload', '@event.json']);
    assert.equal(answer.statusCode, 200);
    assert.match(answer.requestId, UUID);
    assert.deepEqual(answer.result, { handled: { greeting: 'from a file' } });
    assert.match(answer.logTail, new RegExp(`START RequestId: ${answer.requestId}`));
  });

  test("invoke of a failing function prints its error document and log tail, and exits 1 with the error's line", async () => {
    const result = await run(['invoke', name, '--payload', '{"fail":"sync"}']);
    assert.match(result.stdout, /"errorMessage": "boom sync"/);
    assert.match(result.stdout, /ERROR\tInvoke Error/);
    failedWithOneLine(result, 1, new RegExp(`${name} returned a function error \\(Error: boom sync\\)`));
  });

  test('invoke --async prints the request id of an event that then runs', async () => {
    const requestId = succeeded(await run(['invoke', name, '--async', '--payload', '{"async":true}'])).trim();
    assert.match(requestId, UUID);
    const events = await waitFor(() => eventsOf(name), (list) => list.some((event) => event.requestId === requestId && event.state === 'succeeded'));
    assert.ok(events.some((event) => event.requestId === requestId && event.state === 'succeeded'));
  });

  test('errors are one line: unknown function (Lambda\'s message), malformed or unreadable payloads, a glob matching nothing', async () => {
    const missing = 'no-such-function';
    failedWithOneLine(await run(['invoke', missing]), 1, /^eventide: ResourceNotFoundException: Function not found: arn:aws:lambda:us-east-1:000000000000:function:no-such-function$/);
    failedWithOneLine(await run(['invoke', missing, '--async']), 1, /ResourceNotFoundException: Function not found/);
    failedWithOneLine(await run(['invoke', name, '--payload', '{oops']), 2, /--payload is not JSON/);
    await writeFile(path.join(cwd, 'bad.json'), 'not json');
    failedWithOneLine(await run(['invoke', name, '--payload', '@bad.json']), 2, /--payload @bad\.json is not JSON/);
    failedWithOneLine(await run(['invoke', name, '--payload', '@absent.json']), 2, /--payload @absent\.json: the file cannot be read \(ENOENT\)/);
    failedWithOneLine(await run(['invoke', name, '--each', 'nowhere/*.csv']), 2, /--each 'nowhere\/\*\.csv' matches no file/);
    failedWithOneLine(await run(['invoke', name, '--payloads', 'absent.jsonl']), 2, /--payloads absent\.jsonl cannot be read: ENOENT/);
    failedWithOneLine(await run(['invoke', missing, '--payloads', 'absent.jsonl']), 2, /cannot be read/);
    failedWithOneLine(await run(['events', 'show', 'no-such-request']), 1, /^eventide: ResourceNotFoundException: Event not found: no-such-request$/);
    failedWithOneLine(await run(['events', missing]), 1, /ResourceNotFoundException: Function not found/);
  });

  test('invoke --each over 20 files of a 2-second handler follows every event to success, then prints a summary', async () => {
    const sleeper = await deploy(lambda, { prefix: 'cli-each', files: { 'index.js': CLI_HANDLER } });
    const dir = path.join(cwd, 'csv');
    await mkdir(dir);
    for (let n = 1; n <= 20; n++) await writeFile(path.join(dir, `part-${String(n).padStart(2, '0')}.csv`), `${n},x\n`);
    await writeFile(path.join(dir, 'notes.txt'), 'not matched');

    const result = await run(['invoke', sleeper, '--async', '--each', 'csv/*.csv'], 60_000);
    const stdout = succeeded(result);
    assert.match(stdout, /^20 events: 20 succeeded, 0 failed, in /);
    assert.match(stdout, /^Accepted to ended: min .*, median .*, max /m);
    assert.doesNotMatch(stdout, /Failures:/);
    // Not a terminal: plain progress lines on stderr, the last one with every event ended.
    assertNoEscapes(result.stderr);
    assert.match(result.stderr.trimEnd().split('\n').at(-1) ?? '', /^20\/20 ended: accepted 20 · queued 0 · running 0 · retrying 0 · succeeded 20 · failed 0$/);

    const events = await eventsOf(sleeper);
    assert.equal(events.length, 20);
    assert.ok(events.every((event) => event.state === 'succeeded'));
    const timeline = await json<{ payload: string }>(['events', 'show', events[0]?.requestId ?? '']);
    assert.match(JSON.parse(timeline.payload).file as string, /^\/.*\/csv\/part-\d\d\.csv$/, 'the payload names the absolute path');
  });

  test('invoke --each --template --no-wait prints the request ids, each event built from the template', async () => {
    const fn = await deploy(lambda, { prefix: 'cli-template', files: { 'index.js': CLI_HANDLER } });
    await mkdir(path.join(cwd, 'in'));
    for (const file of ['a.json', 'b.json']) await writeFile(path.join(cwd, 'in', file), '{}');
    const stdout = succeeded(await run(['invoke', fn, '--each', 'in/*.json', '--template', '{"key":"{file}","sleep":0}', '--no-wait']));
    const lines = stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    const [requestId, label] = (lines[0] ?? '').split(/ +/);
    assert.match(requestId ?? '', UUID);
    assert.equal(label, path.join('in', 'a.json'));
    const timeline = await json<{ payload: string }>(['events', 'show', requestId ?? '']);
    assert.deepEqual(JSON.parse(timeline.payload), { key: path.join(cwd, 'in', 'a.json'), sleep: 0 });

    failedWithOneLine(await run(['invoke', fn, '--each', 'in/*.json', '--template', '{"key": {file}}']), 2, /--template is not JSON once \{file\} is filled in/);
  });

  test('invoke --payloads sends one event per line; a failure is summarized by its error type and exits 1', async () => {
    const fn = await deploy(lambda, { prefix: 'cli-payloads', files: { 'index.js': CLI_HANDLER } });
    await writeFile(path.join(cwd, 'events.jsonl'), '{"n":1}\n\n{"n":2}\n{"fail":"three"}\n');
    const result = await run(['invoke', fn, '--payloads', 'events.jsonl', '--json'], 30_000);
    const { summary, events } = JSON.parse(result.stdout) as {
      summary: { total: number; succeeded: number; failed: number; failureTypes: { type: string; count: number }[] };
      events: { label: string; state: string; invocations: number }[];
    };
    assert.deepEqual([summary.total, summary.succeeded, summary.failed], [3, 2, 1]);
    assert.deepEqual(summary.failureTypes, [{ type: 'Error', count: 1 }]);
    assert.deepEqual(events.map((event) => [event.label, event.state, event.invocations]), [
      ['events.jsonl:1', 'succeeded', 1],
      ['events.jsonl:3', 'succeeded', 1],
      ['events.jsonl:4', 'failed', 3],
    ]);
    assert.equal(result.code, 1);
    assert.equal(result.stderr.trimEnd().split('\n').at(-1), 'eventide: 1 of 3 events failed', 'the last line on stderr, after the progress lines');
  });

  test('invoke --payloads with a malformed line names the line and sends nothing', async () => {
    const fn = await deploy(lambda, { prefix: 'cli-badline', files: { 'index.js': CLI_HANDLER } });
    await writeFile(path.join(cwd, 'broken.jsonl'), '{"n":1}\n{"n":2,\n{"n":3}\n');
    failedWithOneLine(await run(['invoke', fn, '--payloads', 'broken.jsonl']), 2, /--payloads broken\.jsonl: line 2 is not JSON .*; nothing was sent$/);
    assert.deepEqual(await eventsOf(fn), []);
  });

  test('events lists a function\'s events as a table; events show prints the timeline with wall-clock times', async () => {
    const requestId = await failedEvent(name, 'listed');
    const table = succeeded(await run(['events', name, '--state', 'failed']));
    assertNoEscapes(table);
    assert.match(table, /^REQUEST ID +STATE +ACCEPTED +INVOCATIONS +LAST ERROR +CONDITION$/m);
    assert.match(table, new RegExp(`^${requestId} +failed +${TIME.source} +3 +Error +RetriesExhausted$`, 'm'));

    const timeline = succeeded(await run(['events', 'show', requestId]));
    const lines = timeline.split('\n');
    assert.match(lines[0] ?? '', new RegExp(`^Event ${requestId} of ${name} \\(\\$LATEST\\): failed \\(RetriesExhausted\\), 3 invocation\\(s\\)$`));
    const steps = lines.filter((line) => line.startsWith('  ')).map((line) => line.replace(new RegExp(`^  ${TIME.source}  `), ''));
    assert.equal(steps[0], 'accepted');
    assert.match(steps[1] ?? '', new RegExp(`^attempt 1: function-error, Error, \\d+ ms, log /aws/lambda/${name} \\d{4}/\\d\\d/\\d\\d/\\[\\$LATEST\\][0-9a-f]+$`));
    assert.match(steps[2] ?? '', new RegExp(`^retry due at ${TIME.source}$`));
    assert.match(steps[3] ?? '', /^attempt 2: function-error/);
    assert.match(steps[5] ?? '', /^attempt 3: function-error/);
    assert.equal(steps.at(-1), 'finished failed (RetriesExhausted)');
    assert.match(timeline, /^Payload: {2}\{"fail":"listed"\}$/m);
  });

  test('redrive puts a failed event back by request id, then every failed event by state; the timeline shows it', async () => {
    const fn = await deploy(lambda, { prefix: 'cli-redrive', files: { 'index.js': CLI_HANDLER } });
    const first = await failedEvent(fn, 'one');
    const second = await failedEvent(fn, 'two');

    const stdout = succeeded(await run(['redrive', fn, '--request-id', first]));
    assert.match(stdout, new RegExp(`^Redriven: 1 event\\(s\\) of ${fn}\n`));
    assert.match(stdout, new RegExp(`^${first} +failed$`, 'm'));
    await waitFor(() => eventsOf(fn), (list) => list.find((event) => event.requestId === first)?.state === 'failed' && list.length === 2);
    assert.match(succeeded(await run(['events', 'show', first])), new RegExp(`  ${TIME.source}  redriven from failed\n`));

    const answer = await json<{ redriven: { requestId: string }[]; skipped: unknown[] }>(['redrive', fn, '--state', 'failed']);
    assert.deepEqual(answer.redriven.map((event) => event.requestId).sort(), [first, second].sort());
  });

  test('logs prints the function\'s lines, --filter keeps the matching ones, --follow prints new ones as they come', async () => {
    succeeded(await run(['invoke', name, '--payload', '{"marker":"logs-one"}']));
    const all = succeeded(await run(['logs', name, '--since', '5m']));
    assert.match(all, new RegExp(`^${TIME.source}  START RequestId: `, 'm'));
    assert.match(all, /handling \{"marker":"logs-one"\}/);
    const filtered = succeeded(await run(['logs', name, '--filter', 'logs-one'])).trimEnd().split('\n');
    assert.ok(filtered.length >= 1 && filtered.every((line) => line.includes('logs-one')), filtered.join('\n'));
    failedWithOneLine(await run(['logs', 'never-ran']), 1, /ResourceNotFoundException: The specified log group does not exist/);
    failedWithOneLine(await run(['logs', name, '--since', 'yesterday-ish']), 2, /--since .*is invalid/);

    const follower = spawn(process.execPath, [CLI_PATH, 'logs', name, '--follow', '--since', '1s', '--endpoint-url', server.url], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let followed = '';
    follower.stdout.setEncoding('utf8').on('data', (chunk: string) => (followed += chunk));
    try {
      succeeded(await run(['invoke', name, '--payload', '{"marker":"followed"}']));
      await waitFor(async () => followed, (text) => text.includes('"marker":"followed"'), 15_000);
      assert.match(followed, /handling \{"marker":"followed"\}/);
    } finally {
      follower.kill('SIGINT');
    }
  });

  test('faults shows, sets and clears what is injected into a function\'s events', async () => {
    assert.equal(succeeded(await run(['faults', name])), `No faults injected into ${name}'s events.\n`);
    const stored = await json<Record<string, unknown>>(['faults', name, '--duplicate-delivery', '0.1', '--throttle-on-attempts', '1,2', '--added-latency-ms', '5']);
    assert.deepEqual(stored, { duplicateDelivery: 0.1, throttleOnAttempts: [1, 2], addedLatencyMs: 5 });
    assert.match(succeeded(await run(['faults', name])), /duplicate delivery of 10% of events; throttle on attempt\(s\) 1, 2; 5 ms added latency/);
    failedWithOneLine(await run(['faults', name, '--duplicate-delivery', '2']), 1, /InvalidParameterValueException: duplicateDelivery must be a probability from 0 to 1/);
    assert.deepEqual(await json(['faults', name, '--clear']), {});
    assert.deepEqual(await json(['faults', name]), {});
  });
});
