/**
 * The asynchronous event queue's records, as the Store keeps them, in epoch milliseconds. Two clocks, never
 * mixed: the engine clock schedules (`enqueuedAt` for the event's age, `nextAttemptAt`, `engineEndedAt`); real
 * time stamps what people read (`acceptedAt`, attempts' `startedAt`/`endedAt`, `finishedAt`) and times leases.
 */

export type AsyncEventState = 'queued' | 'running' | 'succeeded' | 'failed';

/** How an event ended, in Lambda's words (the invocation record's `requestContext.condition`). */
export type FinalCondition = 'Success' | 'RetriesExhausted' | 'EventAgeExceeded' | 'ZeroReservedConcurrency';

/** What one attempt came to. Function errors count against MaximumRetryAttempts; throttles and system errors do not. */
export type AttemptOutcome = 'success' | 'function-error' | 'throttle' | 'system-error';

/** A fault Eventide injected into an attempt (fault injection, to test a function's idempotency). */
export type InjectedFault = 'throttle' | 'system-error' | 'latency' | 'duplicate-delivery';

export interface NewAsyncEvent {
  requestId: string;
  functionName: string;
  qualifier: string;
  payload: Buffer;
  /** Engine time of the accept: MaximumEventAgeInSeconds counts from here. */
  enqueuedAt: number;
  /** Real time of the accept. */
  acceptedAt: number;
}

export interface AsyncEventRecord extends NewAsyncEvent {
  id: number;
  state: AsyncEventState;
  /** Attempts that ran the function: Lambda's `approximateInvokeCount`. */
  attempts: number;
  /** Throttles and system errors so far: the exponent of their backoff. */
  backoffs: number;
  nextAttemptAt: number;
  /** Real time. */
  leaseUntil: number | undefined;
  condition: FinalCondition | undefined;
  /** The last failed attempt's error type (`Unhandled` errors carry the runtime's type, e.g. `Sandbox.Timedout`). */
  lastErrorType: string | undefined;
  /** The last attempt's response or error document. */
  response: Buffer | undefined;
  finishedAt: number | undefined;
}

export interface AttemptRecord {
  eventId: number;
  /** Real time. */
  startedAt: number;
  /** Real time. */
  endedAt: number;
  /** Engine time of the end: where a restarted engine clock resumes from. */
  engineEndedAt: number;
  outcome: AttemptOutcome;
  errorType: string | undefined;
  /** The log group and stream the attempt's lines went to; undefined when it never reached an environment (a throttle). */
  logGroup: string | undefined;
  logStream: string | undefined;
  /** Real time the retry this attempt led to was due, as the engine clock ran when it was scheduled; undefined: none followed. */
  retryDueAt: number | undefined;
  /** Set when the attempt was shaped by an injected fault; `duplicate-delivery` marks the extra run of a duplicate. */
  fault?: InjectedFault | undefined;
}

interface SettlementBase {
  id: number;
  /** The attempt that led here; absent when the event ends without running (zero concurrency, expired on claim). */
  attempt: AttemptRecord | undefined;
  /** The attempt ran the function (adds to `attempts`); an attempt that did not is a backoff (adds to `backoffs`). */
  countsAttempt: boolean;
  response: Buffer | undefined;
  errorType: string | undefined;
  /** An injected duplicate delivery's run, after the attempt: recorded, and it changes nothing else of the event. */
  duplicate?: AttemptRecord | undefined;
}

/**
 * Settling a claimed event: one call completes, reschedules or fails it, in one transaction. A finish with
 * `route` also records, in that transaction, that its outcome still has to be routed (the outbox).
 */
export type Settlement =
  | (SettlementBase & { kind: 'finish'; state: 'succeeded' | 'failed'; condition: FinalCondition; finishedAt: number; route: boolean })
  | (SettlementBase & { kind: 'retry'; nextAttemptAt: number });

export interface AsyncEventQuery {
  functionName: string;
  /** `retrying` is a queued event that has had an attempt. */
  state: AsyncEventState | 'retrying' | undefined;
  /** The last event of the previous page: the list goes on after it, in the list's order. */
  afterId: number | undefined;
  limit: number;
  /** Newest first (a console's recent events); oldest first otherwise. */
  newestFirst?: boolean;
}

/** How many of a function's events are in each unfinished state, and how many failed: its queue depth at a glance. */
export interface FunctionEventCounts {
  functionName: string;
  /** Queued, never tried. */
  queued: number;
  /** Queued again after an attempt, a throttle or a lost lease. */
  retrying: number;
  running: number;
  failed: number;
}

export interface AsyncEventView extends AsyncEventRecord {
  attemptLog: AttemptRecord[];
}

/** Where a finished event's outcome went: its dead-letter target, or the destination for its result. */
export type DeliveryDestination = 'dead-letter' | 'on-success' | 'on-failure';

/** Where a redriven event came back from: the failed events of its function, or a dead-letter queue. */
export type RedriveSource = 'failed' | 'dead-letter-queue';

/** What happened to an event besides its attempts, in real time: kept for its timeline. */
export type EventHistoryEntry =
  | { kind: 'finished'; at: number; state: 'succeeded' | 'failed'; condition: FinalCondition }
  | { kind: 'delivery'; at: number; destination: DeliveryDestination; target: string; result: 'delivered' | 'dropped'; reason: string | undefined }
  | { kind: 'redrive'; at: number; from: RedriveSource };

export type DeliveryRecord = Extract<EventHistoryEntry, { kind: 'delivery' }>;

/** One event with everything recorded about it: attempts and history, each oldest first. */
export interface AsyncEventHistory extends AsyncEventView {
  history: EventHistoryEntry[];
}

/** A routing done: the event leaves the outbox and what became of each of its deliveries is recorded. */
export interface RoutingCompletion {
  eventId: number;
  deliveries: DeliveryRecord[];
}

export interface RedriveRequest {
  ids: number[];
  from: RedriveSource;
  /** Real time of the redrive. */
  at: number;
  /** Engine time the events are due again; their age counts from here. */
  dueAt: number;
}

/**
 * Per id: `redriven`, or why not — `not-failed` (the event is not, or no longer, failed) or `delivery-pending`
 * (its outcome is still in the outbox: redriving it now would route a queued event).
 */
export type RedriveResult = 'redriven' | 'not-failed' | 'delivery-pending';

/** A finished event whose outcome still has to go somewhere (a dead-letter queue; later, destinations). */
export interface PendingRouting {
  event: AsyncEventRecord;
  /** How its last attempt ended (a duplicate delivery's run aside); undefined when it never ran (zero reserved concurrency, a deleted function). */
  lastOutcome: AttemptOutcome | undefined;
}

export interface AsyncEventStore {
  /** Stores the events durably (one transaction for the batch); resolves once they survive a crash. */
  enqueueEvents(events: NewAsyncEvent[]): Promise<void>;
  /**
   * Leases up to `limit` queued events due at engine time `now`, oldest due first, marking them running until
   * `leaseUntil` (real time).
   * Events of the `skipFunctions` (those at their concurrency limit) stay queued.
   */
  claimDueEvents(now: number, leaseUntil: number, limit: number, skipFunctions: string[]): Promise<AsyncEventRecord[]>;
  settleEvents(settlements: Settlement[]): Promise<void>;
  /** Keeps the leases of events still running alive (heartbeat). */
  extendLeases(ids: number[], leaseUntil: number): Promise<void>;
  /**
   * Events whose lease ran out at real time `now` (their node died) go back to the queue, due at engine time
   * `engineNow`; returns how many.
   */
  requeueExpiredLeases(now: number, engineNow: number): Promise<number>;
  /** The latest engine time recorded in the queue (an accept or an attempt's end); 0 when it is empty. */
  latestEngineTime(): Promise<number>;
  /** When the earliest queued event is due; undefined when none is queued. */
  nextDueTime(): Promise<number | undefined>;
  listEvents(query: AsyncEventQuery): Promise<AsyncEventView[]>;
  /** Per function with any event, its counts by state (`retrying` as `listEvents` filters it), by function name. */
  countEventsByFunction(): Promise<FunctionEventCounts[]>;
  /**
   * Leases up to `limit` pending routings not leased at `now` (none yet, or their node died), oldest first,
   * until `leaseUntil`; both real time.
   */
  claimRoutings(now: number, leaseUntil: number, limit: number): Promise<PendingRouting[]>;
  /** The routings are done (delivered or dropped for good): they leave the outbox, their deliveries recorded. */
  completeRoutings(completions: RoutingCompletion[]): Promise<void>;
  /** The events with these request ids (any function); unknown ids are left out. */
  findEvents(requestIds: string[]): Promise<AsyncEventRecord[]>;
  /** One event with its attempts and history; undefined for an unknown request id. */
  eventHistory(requestId: string): Promise<AsyncEventHistory | undefined>;
  /**
   * Puts failed events back in the queue, due at `dueAt`, with a fresh retry budget (no attempts, no backoffs, age
   * counted from `dueAt`) and their history kept, the redrive recorded; one transaction. One result per id, in order.
   */
  redriveEvents(request: RedriveRequest): Promise<RedriveResult[]>;
}
