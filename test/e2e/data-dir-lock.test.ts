/**
 * One Eventide per data dir: a second start on a dir a running Eventide holds is refused with one line naming
 * the holder, and the holder keeps serving; the lock goes with its process, by a clean stop or by kill -9.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { runCli } from './environments-support.js';
import { awsCli } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { uniqueName } from './support/fixtures.js';

/** The queue URLs `aws sqs list-queues` shows. */
async function queueUrls(eventide: EventideProcess): Promise<string[]> {
  const listed = await awsCli(eventide.url, ['sqs', 'list-queues']);
  assert.equal(listed.code, 0, listed.stderr);
  return (JSON.parse(listed.stdout || '{}') as { QueueUrls?: string[] }).QueueUrls ?? [];
}

async function createQueue(eventide: EventideProcess, name: string): Promise<void> {
  const created = await awsCli(eventide.url, ['sqs', 'create-queue', '--queue-name', name]);
  assert.equal(created.code, 0, created.stderr);
}

describe('data dir lock', () => {
  test('a second Eventide on a data dir in use is refused with the holder named, and the first keeps serving', async () => {
    const first = await startEventide({ lambdaRole: false });
    try {
      const queue = uniqueName('lock-held');
      await createQueue(first, queue);

      const second = await runCli(['serve', '--port', '0', '--data-dir', first.dataDir], { cwd: first.dataDir });
      assert.notEqual(second.code, 0, `the second start was not refused:\n${second.stdout}${second.stderr}`);
      assert.doesNotMatch(second.stdout, /Eventide ready/);
      const lines = second.stderr.trim().split('\n');
      assert.equal(lines.length, 1, `one line: ${second.stderr}`);
      assert.match(lines[0] ?? '', /^eventide: the data dir .* is in use by another Eventide /);
      assert.ok(lines[0]?.includes(`pid ${first.process.pid}`), `the message names the holder's pid ${first.process.pid}: ${lines[0]}`);
      assert.ok(lines[0]?.includes(first.url), `the message names the holder's URL ${first.url}: ${lines[0]}`);

      assert.ok((await queueUrls(first)).some((url) => url.endsWith(`/${queue}`)), 'the first Eventide still answers, its data intact');
    } finally {
      await stopAndClean(first);
    }
  });

  for (const [how, signal, exitCode] of [['kill -9 of the holder', 'SIGKILL', null], ['a clean stop of the holder', 'SIGTERM', 0]] as const) {
    test(`after ${how}, a new Eventide starts on the data dir and finds its data`, async () => {
      const first = await startEventide({ lambdaRole: false });
      let second: EventideProcess | undefined;
      try {
        const queue = uniqueName('lock-released');
        await createQueue(first, queue);
        assert.equal(await first.stop(signal), exitCode);

        second = await startEventide({ dataDir: first.dataDir, lambdaRole: false });
        assert.ok((await queueUrls(second)).some((url) => url.endsWith(`/${queue}`)));
      } finally {
        await stopAndClean(second ?? first);
      }
    });
  }
});
