/** What the execution layer needs to know about a function, an invocation and where logs go. */

export interface FunctionSpec {
  name: string;
  /** `$LATEST` or a version number: what START/REPORT and `AWS_LAMBDA_FUNCTION_VERSION` show. */
  version: string;
  /** Environments are reused only for the revision they were started with. */
  revisionId: string;
  runtime: string;
  handler: string;
  /** Absolute path of the extracted code. */
  codeDir: string;
  timeoutSeconds: number;
  memorySize: number;
  environment: Record<string, string>;
  logGroup: string;
}

export interface Invocation {
  requestId: string;
  payload: Buffer;
  invokedFunctionArn: string;
  /** JSON text (already base64-decoded), synchronous invocations only. */
  clientContext: string | undefined;
}

/** The error type of an invocation that ran past the function's timeout, as Lambda names it. */
export const TIMEOUT_ERROR_TYPE = 'Sandbox.Timedout';

export type InvocationOutcome =
  | { kind: 'success'; payload: Buffer }
  /**
   * The function failed: `payload` is the error document returned to a synchronous caller.
   * `system` marks failures of the platform rather than the function (the environment could not be started),
   * which the asynchronous retry policy treats differently.
   */
  | { kind: 'error'; errorType: string; payload: Buffer; system: boolean };

export interface InvocationResult {
  outcome: InvocationOutcome;
  /** The invocation's log, START through REPORT, for `X-Amz-Log-Result`. */
  log: string;
  durationMs: number;
  /** The log stream (in the function's log group) the invocation's lines went to. */
  logStream: string;
}

export interface LogLine {
  timestamp: number;
  message: string;
}

/** Where an environment's output goes: implemented by the logs domain, which batches writes. */
export interface LogSink {
  streamStarted(group: string, stream: string, creationTime: number): void;
  append(group: string, stream: string, lines: LogLine[]): void;
}
