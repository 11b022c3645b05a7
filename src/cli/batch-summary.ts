import type { ListedEvent } from './api-types.js';
import { formatDuration } from './output.js';

/** What became of a batch of events (`eventide invoke --each/--payloads`), once each has ended: pure, printed by the command. */

export interface TrackedEvent {
  requestId: string;
  /** Its file, or `events.jsonl:3`. */
  label: string;
}

export interface EndedEvent extends TrackedEvent {
  state: 'succeeded' | 'failed';
  condition: string | undefined;
  lastErrorType: string | undefined;
  invocations: number;
  /** From its accept to the end of its last attempt; undefined when it ended without running. */
  durationMs: number | undefined;
}

export interface Spread {
  min: number;
  median: number;
  max: number;
}

export interface BatchSummary {
  total: number;
  succeeded: number;
  failed: number;
  /** From the first accept to the last end. */
  elapsedMs: number;
  eventDurations: Spread | undefined;
  attemptDurations: Spread | undefined;
  /** Failed events by their last error type (or their condition when none ran), most frequent first. */
  failureTypes: { type: string; count: number }[];
}

export function endedEvent(tracked: TrackedEvent, listed: ListedEvent): EndedEvent {
  const lastEnd = listed.attemptLog.at(-1)?.endedAt;
  return {
    ...tracked,
    state: listed.state === 'succeeded' ? 'succeeded' : 'failed',
    condition: listed.condition,
    lastErrorType: listed.lastErrorType,
    invocations: listed.approximateInvokeCount,
    durationMs: lastEnd === undefined ? undefined : Date.parse(lastEnd) - Date.parse(listed.enqueuedAt),
  };
}

export function summarize(events: EndedEvent[], listed: ListedEvent[]): BatchSummary {
  const accepted = listed.map((event) => Date.parse(event.enqueuedAt));
  const ends = listed.flatMap((event) => event.attemptLog.map((attempt) => Date.parse(attempt.endedAt)));
  const attempts = listed.flatMap((event) => event.attemptLog.map((attempt) => Date.parse(attempt.endedAt) - Date.parse(attempt.startedAt)));
  const failureTypes = new Map<string, number>();
  for (const event of events) {
    if (event.state !== 'failed') continue;
    const type = event.lastErrorType ?? event.condition ?? 'unknown';
    failureTypes.set(type, (failureTypes.get(type) ?? 0) + 1);
  }
  return {
    total: events.length,
    succeeded: events.filter((event) => event.state === 'succeeded').length,
    failed: events.filter((event) => event.state === 'failed').length,
    elapsedMs: accepted.length === 0 || ends.length === 0 ? 0 : Math.max(...ends) - Math.min(...accepted),
    eventDurations: spreadOf(events.flatMap((event) => (event.durationMs === undefined ? [] : [event.durationMs]))),
    attemptDurations: spreadOf(attempts),
    failureTypes: [...failureTypes].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count || a.type.localeCompare(b.type)),
  };
}

function spreadOf(values: number[]): Spread | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0] ?? 0, median: sorted[Math.floor((sorted.length - 1) / 2)] ?? 0, max: sorted.at(-1) ?? 0 };
}

const describeSpread = (spread: Spread): string =>
  `min ${formatDuration(spread.min)}, median ${formatDuration(spread.median)}, max ${formatDuration(spread.max)}`;

/** The summary as people read it, one fact a line. */
export function summaryLines(summary: BatchSummary): string[] {
  return [
    `${summary.total} events: ${summary.succeeded} succeeded, ${summary.failed} failed, in ${formatDuration(summary.elapsedMs)}`,
    ...(summary.eventDurations === undefined ? [] : [`Accepted to ended: ${describeSpread(summary.eventDurations)}`]),
    ...(summary.attemptDurations === undefined ? [] : [`Attempts:          ${describeSpread(summary.attemptDurations)}`]),
    ...(summary.failureTypes.length === 0 ? [] : [`Failures:          ${summary.failureTypes.map(({ type, count }) => `${type} ×${count}`).join(', ')}`]),
  ];
}
