import type { FunctionRegistry } from '../../core/functions/function-registry.js';
import { LATEST } from '../../core/functions/function-registry.js';
import { eventTimeline, type TimelineEntry } from '../../core/invoke/event-timeline.js';
import type { Clock } from '../../lib/clock.js';
import type { AsyncEventStore } from '../../store/async-events.js';
import type { RestRoute } from '../service.js';
import { iso, listedState, nextAttemptView } from './async-events-view.js';

export interface EventTimelineRouteDeps {
  registry: FunctionRegistry;
  store: AsyncEventStore;
  clock: Clock;
}

/**
 * `GET /_eventide/events/{RequestId}`: one asynchronous event with its payload, last response and timeline —
 * accepted, each attempt (outcome, error type, log stream), each retry scheduled, the finish, every dead-letter or
 * destination delivery and redrive — in time order, wall times as ISO strings.
 */
export function eventTimelineRoute({ registry, store, clock }: EventTimelineRouteDeps): RestRoute {
  return {
    operation: 'GetAsyncEvent',
    method: 'GET',
    path: '/_eventide/events/{RequestId}',
    async handle(request) {
      const { event, entries } = await eventTimeline(store, request.pathParams.RequestId ?? '');
      return {
        status: 200,
        body: {
          requestId: event.requestId,
          functionName: event.functionName,
          functionArn: registry.arn(event.functionName),
          qualifier: event.qualifier || LATEST,
          state: listedState(event),
          condition: event.condition,
          approximateInvokeCount: event.attempts,
          nextAttemptAt: nextAttemptView(event, clock),
          payload: event.payload.toString(),
          response: event.response?.toString(),
          timeline: entries.map(entryView),
        },
      };
    },
  };
}

function entryView(entry: TimelineEntry) {
  switch (entry.kind) {
    case 'attempt':
      return { ...entry, at: iso(entry.at), endedAt: iso(entry.endedAt), durationMs: entry.endedAt - entry.at };
    case 'retry-scheduled':
      return { ...entry, at: iso(entry.at), dueAt: iso(entry.dueAt) };
    default:
      return { ...entry, at: iso(entry.at) };
  }
}
