import { totalmem } from 'node:os';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
/** `pretty`: one line per happening for people; `json`: one JSON object per line for machines. */
export const LOG_FORMATS = ['pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** How `eventide serve` sets Eventide up: what the CLI reads from flags and `EVENTIDE_*` variables. */
export interface EventideOptions {
  host: string;
  port: number;
  dataDir: string;
  region: string;
  accountId: string;
  /** Engine waits shrink by this factor (retry delays, backoff, idle timeouts). */
  timeScale: number;
  /** An execution environment idle this long (engine seconds) is stopped. */
  idleTimeoutSeconds: number;
  /** How long a shutdown waits for running invocations. */
  shutdownGraceSeconds: number;
  /** Concurrent executions of the whole account. */
  concurrency: number;
  /** Largest asynchronous event payload, in bytes. */
  asyncPayloadLimit: number;
  /** Execution roles must exist, trust Lambda and allow what Lambda does on the function's behalf (as on AWS). */
  iamEnforcement: boolean;
  /** `POST /_eventide/clock/advance` may move the engine clock (for tests: it expires queued events). */
  clockControl: boolean;
  /** The least a happening must weigh to be written on the console. */
  logLevel: LogLevel;
  /** `pretty` lines for people, or `json` lines for machines. */
  logFormat: LogFormat;
}

/** Room for about one execution environment per 256 MiB of memory, at most Lambda's default of 1,000. */
const defaultConcurrency = (): number => Math.max(10, Math.min(1000, Math.floor(totalmem() / (256 * 1024 * 1024))));

export const DEFAULT_OPTIONS: EventideOptions = {
  host: '127.0.0.1',
  port: 4566,
  dataDir: './.eventide',
  region: 'us-east-1',
  accountId: '000000000000',
  timeScale: 1,
  idleTimeoutSeconds: 300,
  shutdownGraceSeconds: 10,
  concurrency: defaultConcurrency(),
  asyncPayloadLimit: 1_048_576,
  iamEnforcement: true,
  clockControl: false,
  logLevel: 'info',
  logFormat: 'pretty',
};
