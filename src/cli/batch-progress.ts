import { SingleBar } from 'cli-progress';
import { functionPath, type EventList, type ListedEvent, type ListedState } from './api-types.js';
import type { TrackedEvent } from './batch-summary.js';
import type { EventideClient } from './client.js';
import { isInteractive } from './output.js';

/**
 * Follows a batch of asynchronous events until each has ended, by polling the function's events list (newest
 * first, so a batch just sent is on its first pages), and shows how far they are on stderr: a progress bar
 * redrawn in place on a terminal, a plain line now and then otherwise.
 */

const POLL_INTERVAL_MS = 500;
/** Without a terminal: a line when the counts change, at most this often. */
const PLAIN_LINE_INTERVAL_MS = 2000;
const PAGE_SIZE = 1000;

export type Counts = Record<ListedState, number> & { accepted: number };

const ended = (state: ListedState): boolean => state === 'succeeded' || state === 'failed';

export async function followEvents(client: EventideClient, functionName: string, tracked: TrackedEvent[]): Promise<Map<string, ListedEvent>> {
  const latest = new Map<string, ListedEvent>();
  const display = progressDisplay(tracked.length);
  try {
    for (;;) {
      await pollOnce(client, functionName, tracked, latest);
      const counts = countOf(tracked.length, latest);
      display.update(counts);
      if (counts.succeeded + counts.failed === tracked.length) return latest;
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
  } finally {
    display.stop();
  }
}

/** Reads pages until every event not yet ended has been seen once more. */
async function pollOnce(client: EventideClient, functionName: string, tracked: TrackedEvent[], latest: Map<string, ListedEvent>): Promise<void> {
  const wanted = new Set(tracked.map((event) => event.requestId).filter((id) => !ended(latest.get(id)?.state ?? 'queued')));
  let after: string | undefined;
  do {
    const query = new URLSearchParams({ order: 'newest', limit: String(PAGE_SIZE), ...(after === undefined ? {} : { after }) });
    const page = await client.get<EventList>(`${functionPath(functionName, 'events')}?${query}`);
    for (const event of page.events) {
      if (!wanted.delete(event.requestId)) continue;
      latest.set(event.requestId, event);
    }
    after = page.next;
  } while (wanted.size > 0 && after !== undefined);
}

function countOf(accepted: number, latest: Map<string, ListedEvent>): Counts {
  const counts: Counts = { accepted, queued: 0, running: 0, retrying: 0, succeeded: 0, failed: 0 };
  for (const event of latest.values()) counts[event.state]++;
  counts.queued += accepted - latest.size;
  return counts;
}

export const describeCounts = (counts: Counts): string =>
  `accepted ${counts.accepted} · queued ${counts.queued} · running ${counts.running} · retrying ${counts.retrying} · succeeded ${counts.succeeded} · failed ${counts.failed}`;

interface ProgressDisplay {
  update(counts: Counts): void;
  stop(): void;
}

function progressDisplay(total: number): ProgressDisplay {
  if (isInteractive(process.stderr)) {
    const bar = new SingleBar({ format: '{bar} {value}/{total} ended | {counts}', stream: process.stderr, hideCursor: true, barsize: 30, barCompleteChar: '█', barIncompleteChar: '░' });
    bar.start(total, 0, { counts: '' });
    return {
      update: (counts) => bar.update(counts.succeeded + counts.failed, { counts: describeCounts(counts) }),
      stop: () => bar.stop(),
    };
  }
  let lastLine = '';
  let lastAt = 0;
  return {
    update(counts) {
      const line = `${counts.succeeded + counts.failed}/${total} ended: ${describeCounts(counts)}`;
      const done = counts.succeeded + counts.failed === total;
      if (line === lastLine || (!done && Date.now() - lastAt < PLAIN_LINE_INTERVAL_MS)) return;
      process.stderr.write(`${line}\n`);
      lastLine = line;
      lastAt = Date.now();
    },
    stop() {},
  };
}
