import { parseFunctionName } from '../../core/functions/function-name.js';
import type { FunctionRegistry } from '../../core/functions/function-registry.js';
import type { AsyncEventQueue } from '../../core/invoke/async-event-queue.js';
import type { Clock } from '../../lib/clock.js';
import { invalidParameterValue } from '../../lib/errors.js';
import type { AsyncEventQuery, AsyncEventRecord, AsyncEventView, AttemptRecord } from '../../store/async-events.js';
import type { RestRoute } from '../service.js';

const STATES = ['queued', 'running', 'retrying', 'succeeded', 'failed'] as const;
type ListedState = (typeof STATES)[number];

const ORDERS = ['oldest', 'newest'] as const;
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;

export interface AsyncEventsViewDeps {
  registry: FunctionRegistry;
  queue: AsyncEventQueue;
  clock: Clock;
}

/**
 * `GET /_eventide/functions/{FunctionName}/events?state=&limit=&after=&order=`: a function's asynchronous events,
 * oldest first (`order=newest`: newest first), with every attempt, for a console's timeline. Times are wall time,
 * as ISO strings, whatever `--time-scale` or an advance did to the engine clock: `nextAttemptAt` is when the engine
 * clock, running as it runs now, reaches the retry's due time; `now` is the wall's present.
 */
export function asyncEventsRoute({ registry, queue, clock }: AsyncEventsViewDeps): RestRoute {
  return {
    operation: 'ListAsyncEvents',
    method: 'GET',
    path: '/_eventide/functions/{FunctionName}/events',
    async handle(request) {
      const ref = parseFunctionName(request.pathParams.FunctionName ?? '', undefined, registry.scope);
      // The parameters are checked before the function is looked up, as AWS does.
      const state = parseState(request.query.get('state'));
      const afterId = parseMarker(request.query.get('after'));
      const limit = parseLimit(request.query.get('limit'));
      const newestFirst = parseOrder(request.query.get('order')) === 'newest';
      const query: AsyncEventQuery = { functionName: (await registry.get(ref)).name, state, afterId, limit, newestFirst };
      // One more than asked tells whether another page follows.
      const found = await queue.list({ ...query, limit: query.limit + 1 });
      const page = found.slice(0, query.limit);
      const last = page.at(-1);
      return {
        status: 200,
        body: {
          events: page.map((event) => eventView(event, clock)),
          next: found.length > page.length && last !== undefined ? String(last.id) : undefined,
          now: iso(clock.wallTime()),
        },
      };
    },
  };
}

function eventView(event: AsyncEventView, clock: Clock) {
  return {
    requestId: event.requestId,
    functionName: event.functionName,
    state: listedState(event),
    enqueuedAt: iso(event.acceptedAt),
    attempts: event.attemptLog.length,
    approximateInvokeCount: event.attempts,
    nextAttemptAt: nextAttemptView(event, clock),
    condition: event.condition,
    lastErrorType: event.lastErrorType,
    attemptLog: event.attemptLog.map(attemptView),
  };
}

const attemptView = (attempt: AttemptRecord) => ({
  startedAt: iso(attempt.startedAt),
  endedAt: iso(attempt.endedAt),
  outcome: attempt.outcome,
  errorType: attempt.errorType,
  fault: attempt.fault,
});

/** A queued event that was tried before (run, throttled, or taken back from a lost lease) is retrying, as the store filters it. */
export function listedState(event: AsyncEventRecord): ListedState {
  return event.state === 'queued' && event.attempts + event.backoffs > 0 ? 'retrying' : event.state;
}

/** When a waiting event is due, on the wall as the engine clock runs now; undefined for others. */
export function nextAttemptView(event: AsyncEventRecord, clock: Clock): string | undefined {
  const state = listedState(event);
  return state === 'queued' || state === 'retrying' ? iso(clock.toWallTime(event.nextAttemptAt)) : undefined;
}

function parseState(value: string | null): ListedState | undefined {
  if (value === null) return undefined;
  const state = STATES.find((candidate) => candidate === value);
  if (state === undefined) {
    throw invalidParameterValue(`Value '${value}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [${STATES.join(', ')}]`);
  }
  return state;
}

function parseOrder(value: string | null): (typeof ORDERS)[number] {
  if (value === null) return 'oldest';
  const order = ORDERS.find((candidate) => candidate === value);
  if (order === undefined) throw invalidParameterValue(`Value '${value}' at 'order' failed to satisfy constraint: Member must satisfy enum value set: [${ORDERS.join(', ')}]`);
  return order;
}

function parseLimit(value: string | null): number {
  if (value === null) return DEFAULT_LIMIT;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw invalidParameterValue(`Value '${value}' at 'limit' failed to satisfy constraint: Member must be an integer from 1 to ${MAX_LIMIT}`);
  }
  return limit;
}

/** `after` is the `next` of the previous page: the last event's position in the queue. */
function parseMarker(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (!/^\d{1,15}$/.test(value)) throw invalidParameterValue(`Value '${value}' at 'after' is not a marker this endpoint returned.`);
  return Number(value);
}

export const iso = (epochMs: number): string => new Date(epochMs).toISOString();
