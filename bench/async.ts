import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CreateFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { lambdaClient } from '../test/e2e/support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from '../test/e2e/support/eventide-process.js';
import { ROLE, zipOf } from '../test/e2e/support/fixtures.js';
import { startBaseline } from './baseline.js';
import { runLoad, sendRequests, type LoadTarget } from './load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

async function createFunction(lambda: LambdaClient, name: string, handler: string): Promise<void> {
  const zip = await zipOf({ 'index.js': handler });
  await lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: zip }, Timeout: 30 }));
}

const eventTarget = (eventide: EventideProcess, name: string): LoadTarget => ({
  url: eventide.url,
  method: 'POST',
  path: `/2015-03-31/functions/${name}/invocations`,
  headers: { 'Content-Type': 'application/json', 'X-Amz-Invocation-Type': 'Event' },
  body: Buffer.from('{"n":1}'),
  expectStatus: 202,
});

/** Counts the queue's events by state, reading Eventide's database directly (read-only). */
function queueCounter(eventide: EventideProcess): () => Record<string, number> {
  const db = new Database(path.join(eventide.dataDir, 'eventide.db'), { readonly: true, fileMustExist: true });
  const statement = db.prepare('SELECT state, count(*) AS n FROM async_events GROUP BY state');
  return () => Object.fromEntries((statement.all() as { state: string; n: number }[]).map((row) => [row.state, row.n]));
}

/** `Invoke Event` → durable 202 at concurrency 64, beside a bare node:http server answering 202. */
export async function asyncAcceptBenchmark(): Promise<void> {
  const baseline = await startBaseline(['--accepted']);
  // A slow function with one execution at a time: the bench measures accepting, not running.
  const eventide = await startEventide({ args: ['--concurrency', '1'] });
  try {
    const lambda = lambdaClient(eventide.url);
    await createFunction(lambda, 'sink', 'exports.handler = async () => { await new Promise((r) => setTimeout(r, 60000)); };\n');
    const baseTarget: LoadTarget = { url: baseline.url, method: 'POST', path: '/', headers: {}, body: Buffer.from('{"n":1}'), expectStatus: 202 };
    await runLoad(baseTarget, 64, 1);
    await runLoad(eventTarget(eventide, 'sink'), 64, 1);
    const base = await runLoad(baseTarget, 64, SECONDS);
    const ours = await runLoad(eventTarget(eventide, 'sink'), 64, SECONDS);
    console.log(`async-accept: Invoke Event → 202 after the event is durable (SQLite WAL, synchronous=FULL), concurrency 64, ${SECONDS}s`);
    console.log('| | req/s | p50 ms | p99 ms | errors |');
    console.log('|---|---|---|---|---|');
    console.log(`| bare node:http 202 | ${base.requestsPerSecond.toFixed(0)} | ${base.p50Ms.toFixed(3)} | ${base.p99Ms.toFixed(3)} | ${base.errors} |`);
    console.log(`| Eventide | ${ours.requestsPerSecond.toFixed(0)} | ${ours.p50Ms.toFixed(3)} | ${ours.p99Ms.toFixed(3)} | ${ours.errors} |`);
    console.log(`ratio: ${((ours.requestsPerSecond / base.requestsPerSecond) * 100).toFixed(1)} % of the bare server`);
  } finally {
    await stopAndClean(eventide);
    baseline.stop();
  }
}

const E2E_EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);

/** 20,000 events to a no-op function: events per second from the first accept to the last completion. */
export async function asyncEndToEndBenchmark(): Promise<void> {
  const eventide = await startEventide();
  try {
    const lambda = lambdaClient(eventide.url);
    await createFunction(lambda, 'noop', 'exports.handler = async () => ({});\n');
    const count = queueCounter(eventide);
    const started = performance.now();
    const accepted = await sendRequests(eventTarget(eventide, 'noop'), 64, E2E_EVENTS);
    const acceptedAt = performance.now();
    let states = count();
    while ((states.succeeded ?? 0) + (states.failed ?? 0) < accepted.requests - accepted.errors) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      states = count();
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`async-e2e: ${E2E_EVENTS} events to a no-op nodejs20.x function, sent by 64 loops`);
    console.log(
      `accepted in ${((acceptedAt - started) / 1000).toFixed(2)} s (${accepted.errors} refused); all finished in ${seconds.toFixed(2)} s: ` +
        `${(E2E_EVENTS / seconds).toFixed(0)} events/s (succeeded ${states.succeeded ?? 0}, failed ${states.failed ?? 0})`,
    );
  } finally {
    await stopAndClean(eventide);
  }
}

const QUEUED_EVENTS = Number(process.env.BENCH_QUEUED ?? 200_000);

/** Eventide's resident memory with 200,000 events waiting in the queue. */
export async function queuedMemoryBenchmark(): Promise<void> {
  const eventide = await startEventide({ args: ['--concurrency', '1'] });
  try {
    const lambda = lambdaClient(eventide.url);
    await createFunction(lambda, 'sink', 'exports.handler = async () => { await new Promise((r) => setTimeout(r, 60000)); };\n');
    const before = residentMb(eventide);
    const started = performance.now();
    const accepted = await sendRequests(eventTarget(eventide, 'sink'), 64, QUEUED_EVENTS);
    const seconds = (performance.now() - started) / 1000;
    const states = queueCounter(eventide)();
    console.log(`queued-memory: ${accepted.requests - accepted.errors} events accepted in ${seconds.toFixed(1)} s (${((accepted.requests - accepted.errors) / seconds).toFixed(0)}/s); queued ${states.queued ?? 0}, running ${states.running ?? 0}`);
    console.log(`Eventide RSS: ${before.toFixed(0)} MB before, ${residentMb(eventide).toFixed(0)} MB with the events queued`);
  } finally {
    await stopAndClean(eventide);
  }
}

function residentMb(eventide: EventideProcess): number {
  const status = readFileSync(`/proc/${eventide.process.pid}/status`, 'latin1');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}
