/** The shapes of Eventide's own JSON API (`/_eventide/*`) as the console reads them. Times are ISO wall time. */

export type ListedState = 'queued' | 'running' | 'retrying' | 'succeeded' | 'failed';
export const LISTED_STATES: ListedState[] = ['queued', 'running', 'retrying', 'succeeded', 'failed'];

export interface AttemptSummary {
  startedAt: string;
  endedAt: string;
  outcome: string;
  errorType?: string;
}

export interface EventSummary {
  requestId: string;
  state: ListedState;
  enqueuedAt: string;
  attempts: number;
  approximateInvokeCount: number;
  nextAttemptAt?: string;
  condition?: string;
  lastErrorType?: string;
  attemptLog: AttemptSummary[];
}

export interface EventPage {
  events: EventSummary[];
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

export interface RedriveResult {
  redriven: { requestId: string; from: string }[];
  skipped: { requestId?: string; reason: string }[];
}

export interface FaultSettings {
  duplicateDelivery?: number;
  throttleOnAttempts?: number[];
  systemErrorOnAttempts?: number[];
  addedLatencyMs?: number;
}

export interface FunctionStatus {
  name: string;
  runtime: string;
  queued: number;
  running: number;
  retrying: number;
  failed: number;
  environments: number;
}

export interface Status {
  version: string;
  uptimeSeconds: number;
  endpoint: string;
  store: { kind: string; dataDir: string };
  concurrency: { limit: number; running: number };
  functions: FunctionStatus[];
}
