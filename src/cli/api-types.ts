/** The JSON Eventide's own routes answer with (`/_eventide/*`), as the client commands read it; times are ISO strings. */

export type ListedState = 'queued' | 'running' | 'retrying' | 'succeeded' | 'failed';
export const LISTED_STATES: readonly ListedState[] = ['queued', 'running', 'retrying', 'succeeded', 'failed'];

/** One event of `GET /_eventide/functions/{FunctionName}/events`. */
export interface ListedEvent {
  requestId: string;
  functionName: string;
  state: ListedState;
  enqueuedAt: string;
  attempts: number;
  approximateInvokeCount: number;
  nextAttemptAt?: string;
  condition?: string;
  lastErrorType?: string;
  attemptLog: { startedAt: string; endedAt: string; outcome: string; errorType?: string; fault?: string }[];
}

export interface EventList {
  events: ListedEvent[];
  next?: string;
  now: string;
}

export type TimelineEntry =
  | { at: string; kind: 'accepted' }
  | {
      at: string;
      kind: 'attempt';
      attempt: number;
      endedAt: string;
      durationMs: number;
      outcome: string;
      errorType?: string;
      logGroup?: string;
      logStream?: string;
      fault?: string;
    }
  | { at: string; kind: 'retry-scheduled'; dueAt: string }
  | { at: string; kind: 'finished'; state: string; condition: string }
  | { at: string; kind: 'delivery'; destination: string; target: string; result: string; reason?: string }
  | { at: string; kind: 'redrive'; from: string };

/** `GET /_eventide/events/{RequestId}`. */
export interface EventTimeline {
  requestId: string;
  functionName: string;
  functionArn: string;
  qualifier: string;
  state: ListedState;
  condition?: string;
  approximateInvokeCount: number;
  nextAttemptAt?: string;
  payload: string;
  response?: string;
  timeline: TimelineEntry[];
}

/** `POST /_eventide/functions/{FunctionName}/redrive`. */
export interface RedriveAnswer {
  redriven: { requestId: string; from: string }[];
  skipped: { requestId?: string; reason: string }[];
}

/** `GET|PUT|DELETE /_eventide/functions/{FunctionName}/faults`. */
export interface FaultSettings {
  duplicateDelivery?: number;
  throttleOnAttempts?: number[];
  systemErrorOnAttempts?: number[];
  addedLatencyMs?: number;
}

/** `GET /_eventide/status`. */
export interface Status {
  version: string;
  uptimeSeconds: number;
  endpoint: string;
  store: { kind: string; dataDir: string };
  concurrency: { limit: number; running: number };
  functions: { name: string; runtime: string; queued: number; running: number; retrying: number; failed: number; environments: number }[];
}

export const functionPath = (name: string, rest: string): string => `/_eventide/functions/${encodeURIComponent(name)}/${rest}`;
