import { resourceNotFound } from '../../lib/errors.js';
import type { AsyncEventHistory, AsyncEventStore, AttemptOutcome, EventHistoryEntry, InjectedFault } from '../../store/async-events.js';

/** One step of an event's life, in real time (epoch milliseconds). */
export type TimelineEntry =
  | { kind: 'accepted'; at: number }
  | {
      kind: 'attempt';
      at: number;
      /** 1, 2, …, counted over the event's whole life (redrives included). */
      attempt: number;
      endedAt: number;
      outcome: AttemptOutcome;
      errorType: string | undefined;
      logGroup: string | undefined;
      logStream: string | undefined;
      /** The fault Eventide injected into this attempt, if any. */
      fault: InjectedFault | undefined;
    }
  | { kind: 'retry-scheduled'; at: number; dueAt: number }
  | EventHistoryEntry;

export interface EventTimeline {
  event: AsyncEventHistory;
  entries: TimelineEntry[];
}

/** An event's timeline: accepted, each attempt and the retry it led to, its finish, deliveries and redrives, in time order. */
export async function eventTimeline(store: AsyncEventStore, requestId: string): Promise<EventTimeline> {
  const event = await store.eventHistory(requestId);
  if (event === undefined) throw resourceNotFound(`Event not found: ${requestId}`);
  return { event, entries: timelineEntries(event) };
}

export function timelineEntries(event: AsyncEventHistory): TimelineEntry[] {
  const entries: TimelineEntry[] = [{ kind: 'accepted', at: event.acceptedAt }];
  event.attemptLog.forEach((attempt, index) => {
    const { startedAt, endedAt, outcome, errorType, logGroup, logStream, retryDueAt, fault } = attempt;
    entries.push({ kind: 'attempt', at: startedAt, attempt: index + 1, endedAt, outcome, errorType, logGroup, logStream, fault });
    // The retry is decided when the attempt ends.
    if (retryDueAt !== undefined) entries.push({ kind: 'retry-scheduled', at: endedAt, dueAt: retryDueAt });
  });
  entries.push(...event.history);
  // A stable sort: entries of the same millisecond keep the order they happened in above.
  return entries.sort((a, b) => a.at - b.at);
}
