/**
 * The engine clock's control, end to end: `POST /_eventide/clock/advance` is off unless Eventide runs with
 * `--clock-control on`, takes only a JSON request with a sane number of seconds (bad input changes nothing),
 * and what users read stays wall time after an advance of hours, also across a restart.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { waitFor } from './environments-support.js';
import { deploy } from './invoke-support.js';
import { awsCli, lambdaClient } from './support/clients.js';
import { advanceClock, startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';

/** Appends each run's request id to $OUT; fails when the event asks it to. */
const RECORDING_HANDLER = `const fs = require('node:fs');
exports.handler = async (event, context) => {
  fs.appendFileSync(process.env.OUT, context.awsRequestId + '\\n');
  if (event.fail) throw new Error('failing on purpose');
  return 'ok';
};
`;

/** Seven hours: longer than any event's maximum age (six hours), so an advance would expire every queued event. */
const HOURS_7 = 7 * 3600;
/** How far a timestamp may be from the wall clock of the test and still be "now". */
const NEAR_MS = 5_000;

interface EventView {
  requestId: string;
  state: string;
  enqueuedAt: string;
  nextAttemptAt?: string;
  attemptLog: { startedAt: string; endedAt: string }[];
}

let work: string;
before(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'eventide-clock-'));
});
after(async () => {
  await rm(work, { recursive: true, force: true });
});

async function deployRecorder(eventide: EventideProcess, prefix: string): Promise<{ name: string; out: string }> {
  const lambda = lambdaClient(eventide.url);
  try {
    const out = path.join(work, `${prefix}.log`);
    const name = await deploy(lambda, { prefix, files: { 'index.js': RECORDING_HANDLER }, environment: { OUT: out } });
    return { name, out };
  } finally {
    lambda.destroy();
  }
}

/** `aws lambda invoke --invocation-type Event`; asserts the 202. */
async function invokeEvent(eventide: EventideProcess, name: string, event: unknown): Promise<void> {
  const result = await awsCli(eventide.url, [
    'lambda', 'invoke', '--function-name', name, '--invocation-type', 'Event',
    '--cli-binary-format', 'raw-in-base64-out', '--payload', JSON.stringify(event), path.join(work, 'invoke-out.json'),
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal((JSON.parse(result.stdout) as { StatusCode: number }).StatusCode, 202);
}

async function listEvents(eventide: EventideProcess, name: string): Promise<{ events: EventView[]; now: string }> {
  const response = await fetch(`${eventide.url}/_eventide/functions/${name}/events`);
  assert.equal(response.status, 200);
  return (await response.json()) as { events: EventView[]; now: string };
}

async function eventsWhen(eventide: EventideProcess, name: string, ready: (events: EventView[]) => boolean): Promise<EventView[]> {
  let events: EventView[] = [];
  await waitFor(`the events of ${name}`, async () => ready((events = (await listEvents(eventide, name)).events)), 15_000);
  return events;
}

const runsIn = async (out: string): Promise<string[]> => (await readFile(out, 'utf8').catch(() => '')).split('\n').filter(Boolean);

/** Every timestamp of the timeline, by what it is. */
const timestampsOf = (events: EventView[]): [string, string][] =>
  events.flatMap((event) => [
    [`${event.requestId} enqueuedAt`, event.enqueuedAt] as [string, string],
    ...event.attemptLog.flatMap((attempt, i) => [
      [`${event.requestId} attempt ${i} startedAt`, attempt.startedAt] as [string, string],
      [`${event.requestId} attempt ${i} endedAt`, attempt.endedAt] as [string, string],
    ]),
  ]);

function assertNearWall(events: EventView[], since: number): void {
  for (const [what, time] of timestampsOf(events)) {
    const at = Date.parse(time);
    assert.ok(at >= since - NEAR_MS && at <= Date.now() + NEAR_MS, `${what} is ${time}, not wall time (now ${new Date().toISOString()})`);
  }
}

describe('clock control is off by default', () => {
  test('an advance is refused with 403 saying how to turn it on, and a queued retry is left where it was', async () => {
    const eventide = await startEventide();
    try {
      const { name } = await deployRecorder(eventide, 'clock-off');
      await invokeEvent(eventide, name, { fail: true });
      const [before] = await eventsWhen(eventide, name, (events) => events[0]?.state === 'retrying');

      const refused = await advanceClock(eventide.url, HOURS_7);
      assert.equal(refused.status, 403);
      const error = (await refused.json()) as { message?: string };
      assert.match(error.message ?? '', /--clock-control on/);
      assert.match(error.message ?? '', /EVENTIDE_CLOCK_CONTROL=on/);

      const [after] = (await listEvents(eventide, name)).events;
      assert.equal(after?.state, 'retrying', 'the event was not expired');
      assert.equal(after?.nextAttemptAt, before?.nextAttemptAt);
      assert.equal(after?.attemptLog.length, 1);
    } finally {
      await stopAndClean(eventide);
    }
  });
});

describe('with --clock-control on', () => {
  test('only a JSON request with a positive, finite, bounded number of seconds moves the clock; bad input changes nothing', async () => {
    const eventide = await startEventide({ clockControl: true });
    try {
      const { name, out } = await deployRecorder(eventide, 'clock-bad');

      const plain = await advanceClock(eventide.url, HOURS_7, 'text/plain');
      assert.equal(plain.status, 400, 'a text/plain post (what a web page can send anywhere) is refused');
      assert.match(((await plain.json()) as { message: string }).message, /application\/json/);

      for (const body of ['{"seconds":1e300}', '{"seconds":1e400}', '{"seconds":-5}', '{"seconds":0}', '{"seconds":NaN}', '{"seconds":"abc"}', '{}', '{"seconds":60,"minutes":1}', '[60]']) {
        const refused = await fetch(`${eventide.url}/_eventide/clock/advance`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
        assert.equal(refused.status, 400, `${body} is refused`);
        const error = (await refused.json()) as { message?: string };
        assert.ok((error.message ?? '').length > 0, `${body}: the error says why`);
      }
      const tooFar = await advanceClock(eventide.url, 11 * 365 * 24 * 3600);
      assert.equal(tooFar.status, 400);
      assert.match(((await tooFar.json()) as { message: string }).message, /ten years/);

      await invokeEvent(eventide, name, {});
      await waitFor('the event to run', async () => (await runsIn(out)).length === 1, 15_000);
      const [event] = await eventsWhen(eventide, name, (events) => events[0]?.state === 'succeeded');
      assert.ok(event !== undefined);
      assertNearWall([event], Date.now() - 60_000);

      const moved = await advanceClock(eventide.url, 1);
      assert.equal(moved.status, 200);
      const engineNow = Date.parse(((await moved.json()) as { now: string }).now);
      assert.ok(Math.abs(engineNow - (Date.now() + 1000)) < NEAR_MS, `the refused advances left the clock alone: engine time ${new Date(engineNow).toISOString()}`);
    } finally {
      await stopAndClean(eventide);
    }
  });

  test('after an advance of hours, the timeline reads wall time, also after a restart', async () => {
    const startedAt = Date.now();
    let eventide = await startEventide({ clockControl: true });
    try {
      const { name, out } = await deployRecorder(eventide, 'clock-wall');
      await invokeEvent(eventide, name, {});
      await eventsWhen(eventide, name, (events) => events[0]?.state === 'succeeded');

      const advanced = await advanceClock(eventide.url, HOURS_7);
      assert.equal(advanced.status, 200);
      await invokeEvent(eventide, name, {});
      await invokeEvent(eventide, name, { fail: true });
      let events = await eventsWhen(eventide, name, (found) => found.length === 3 && found[1]?.state === 'succeeded' && found[2]?.state === 'retrying');
      assertNearWall(events, startedAt);
      const retry = Date.parse(events[2]?.nextAttemptAt ?? '');
      assert.ok(retry > Date.now() && retry <= Date.now() + 60_000 + NEAR_MS, `the retry is due about a minute from now: ${events[2]?.nextAttemptAt}`);
      const page = await listEvents(eventide, name);
      assert.ok(Math.abs(Date.parse(page.now) - Date.now()) < NEAR_MS, `"now" is wall time: ${page.now}`);

      assert.equal(await eventide.stop('SIGTERM'), 0);
      eventide = await startEventide({ dataDir: eventide.dataDir });
      await invokeEvent(eventide, name, {});
      events = await eventsWhen(eventide, name, (found) => found.length === 4 && found[3]?.state === 'succeeded');
      assertNearWall(events, startedAt);
      assert.equal((await runsIn(out)).length, 4, 'each event ran once, the failing one once so far');
    } finally {
      await stopAndClean(eventide);
    }
  });
});
