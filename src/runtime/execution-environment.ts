import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { newHexId } from '../lib/ids.js';
import { executionEnv, launchCommand, LOG_FD, RUNTIME_DIR } from './launch.js';
import { endLine, LineSplitter, RecordReader, reportLine, startLine, timeoutSeconds } from './log-lines.js';
import { PeakMemory } from './peak-memory.js';
import { MAX_RESPONSE_BYTES, RuntimeApiServer } from './runtime-api-server.js';
import { TIMEOUT_ERROR_TYPE, type FunctionSpec, type Invocation, type InvocationOutcome, type InvocationResult, type LogSink } from './types.js';

/** What every environment shares: where Eventide is and where logs go. */
export interface EnvironmentContext {
  region: string;
  /** Eventide's own URL, so AWS SDK calls made inside a function reach Eventide. */
  endpointUrl: string;
  logSink: LogSink;
}

interface ActiveInvocation {
  invocation: Invocation;
  /** The event has gone out to the runtime (after any initialisation). */
  delivered: boolean;
  startedAt: number;
  lines: string[];
  timer: NodeJS.Timeout;
  settled: boolean;
  resolve: (result: InvocationResult | undefined) => void;
}

const TAIL_BYTES = 4096;
/** Initialisation has its own budget, as on Lambda; the function's timeout starts when the event is handed over. */
const INIT_TIMEOUT_MS = 10_000;

/**
 * One execution environment: a child process running the function's runtime, its own Runtime API endpoint,
 * and the log stream its output goes to. It runs one invocation at a time. A timeout or a crash ends the
 * environment; the pool starts a fresh one for the next invocation.
 */
export class ExecutionEnvironment {
  readonly id = newHexId();
  readonly logStreamName: string;
  /** Set once the process is gone (crash, timeout, stop); such an environment takes no more work. */
  dead = false;
  /** Settles when initialisation is over: the runtime asked for its first event, or the process is gone. */
  readonly initialized: Promise<void>;
  private markInitialized: () => void = () => undefined;
  private readonly api: RuntimeApiServer;
  private child: ChildProcess | undefined;
  private current: ActiveInvocation | undefined;
  private readonly spawnedAt = performance.now();
  private initDurationMs: number | undefined;
  private initDurationReported = false;
  private initError: { errorType: string; body: Buffer } | undefined;
  private spawnError: Error | undefined;
  private servedInvocations = 0;
  /** Read when the process is known to be alive: its first request for an event, its init error, each settlement. */
  private peakMemory: PeakMemory | undefined;

  private constructor(
    readonly spec: FunctionSpec,
    private readonly context: EnvironmentContext,
    private readonly onGone: (env: ExecutionEnvironment) => void,
  ) {
    this.initialized = new Promise((resolve) => (this.markInitialized = resolve));
    const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
    this.logStreamName = `${day}/[${spec.version}]${this.id}`;
    this.api = new RuntimeApiServer({
      onFirstNext: () => {
        this.markInitialized();
        this.initDurationMs = performance.now() - this.spawnedAt;
        this.peakMemory?.sample();
      },
      onEventSent: () => this.eventSent(),
      onResponse: (_id, body) => this.settle({ kind: 'success', payload: body }),
      onResponseTooLarge: () => this.settle(responseTooLarge()),
      onError: (_id, errorType, body) => this.settle({ kind: 'error', errorType, payload: body, system: false }),
      onInitError: (errorType, body) => {
        this.initError = { errorType, body };
        // The runtime exits next: this is the last look at its memory.
        this.peakMemory?.sample();
      },
    });
  }

  static async start(spec: FunctionSpec, context: EnvironmentContext, onGone: (env: ExecutionEnvironment) => void): Promise<ExecutionEnvironment> {
    const env = new ExecutionEnvironment(spec, context, onGone);
    const runtimeApi = await env.api.listen();
    context.logSink.streamStarted(spec.logGroup, env.logStreamName, Date.now());
    env.spawn(runtimeApi);
    return env;
  }

  get busy(): boolean {
    return this.current !== undefined;
  }

  /**
   * Runs one invocation. Resolves `undefined` when this warm environment died before it could take the event
   * (its runtime exited after answering the previous one): nothing ran, and the pool runs it elsewhere.
   */
  invoke(invocation: Invocation): Promise<InvocationResult | undefined> {
    return new Promise((resolve) => {
      const timeoutMs = this.spec.timeoutSeconds * 1000;
      this.current = {
        invocation,
        delivered: false,
        startedAt: performance.now(),
        lines: [],
        timer: setTimeout(() => this.timedOut(), INIT_TIMEOUT_MS + timeoutMs),
        settled: false,
        resolve,
      };
      if (this.spawnError !== undefined) return this.settle(invalidEntrypoint(invocation.requestId, this.spawnError));
      this.api.deliver({ invocation, timeoutMs, traceId: newTraceId() });
    });
  }

  stop(): void {
    this.killProcess();
    this.markGone();
  }

  private spawn(runtimeApi: string): void {
    const { command, args, framedLogs } = launchCommand(this.spec);
    const env = this.processEnvironment(runtimeApi);
    if (framedLogs) env.EVENTIDE_LOG_FD = String(LOG_FD);
    const child = spawn(command, args, {
      cwd: this.spec.codeDir,
      env,
      stdio: framedLogs ? ['ignore', 'pipe', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a stop also ends whatever the function started.
      detached: true,
    });
    this.child = child;
    if (child.pid !== undefined) this.peakMemory = new PeakMemory(child.pid);
    for (const stream of [child.stdout, child.stderr]) {
      if (stream === null) continue;
      const lines = new LineSplitter((line) => this.log(line));
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => lines.push(chunk));
      stream.on('end', () => lines.flush());
    }
    const logPipe = framedLogs ? child.stdio[LOG_FD] : null;
    if (logPipe !== null && logPipe !== undefined) {
      const records = new RecordReader((record) => this.log(record));
      logPipe.on('data', (chunk: Buffer) => records.push(chunk));
    }
    child.on('error', (error) => {
      this.spawnError = error;
      if (this.current !== undefined) this.settle(invalidEntrypoint(this.current.invocation.requestId, error));
      this.markGone();
    });
    child.on('exit', (code, signal) => this.exited(code, signal));
  }

  private processEnvironment(runtimeApi: string): NodeJS.ProcessEnv {
    const { spec, context } = this;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      // Dummy credentials and Eventide's endpoint: SDK calls inside the function reach Eventide, not AWS.
      AWS_ACCESS_KEY_ID: 'AKIAEVENTIDEFUNCTION',
      AWS_SECRET_ACCESS_KEY: 'eventide-function-secret-access-key',
      AWS_SESSION_TOKEN: 'eventide-function-session-token',
      AWS_ENDPOINT_URL: context.endpointUrl,
      ...spec.environment,
      _HANDLER: spec.handler,
      LAMBDA_TASK_ROOT: spec.codeDir,
      LAMBDA_RUNTIME_DIR: RUNTIME_DIR,
      AWS_LAMBDA_RUNTIME_API: runtimeApi,
      AWS_LAMBDA_FUNCTION_NAME: spec.name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memorySize),
      AWS_LAMBDA_FUNCTION_VERSION: spec.version,
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_GROUP_NAME: spec.logGroup,
      AWS_LAMBDA_LOG_STREAM_NAME: this.logStreamName,
      AWS_REGION: context.region,
      AWS_DEFAULT_REGION: context.region,
    };
    const execEnv = executionEnv(spec.runtime);
    if (execEnv !== undefined) env.AWS_EXECUTION_ENV = execEnv;
    return env;
  }

  private eventSent(): void {
    const active = this.current;
    if (active === undefined) return;
    active.delivered = true;
    active.startedAt = performance.now();
    clearTimeout(active.timer);
    active.timer = setTimeout(() => this.timedOut(), this.spec.timeoutSeconds * 1000);
    this.log(startLine(active.invocation.requestId, this.spec.version));
  }

  private log(message: string): void {
    this.current?.lines.push(message);
    this.context.logSink.append(this.spec.logGroup, this.logStreamName, [{ timestamp: Date.now(), message }]);
  }

  private timedOut(): void {
    const active = this.current;
    if (active === undefined) return;
    const { requestId } = active.invocation;
    const seconds = timeoutSeconds(this.spec.timeoutSeconds);
    const payload = { errorType: TIMEOUT_ERROR_TYPE, errorMessage: `RequestId: ${requestId} Error: Task timed out after ${seconds} seconds` };
    this.settle(
      { kind: 'error', errorType: TIMEOUT_ERROR_TYPE, payload: Buffer.from(JSON.stringify(payload)), system: false },
      `${new Date().toISOString()} ${requestId} Task timed out after ${seconds} seconds\n`,
    );
    this.stop();
  }

  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    this.peakMemory?.close();
    const active = this.current;
    if (active !== undefined && !active.settled && !active.delivered && this.servedInvocations > 0) {
      clearTimeout(active.timer);
      this.current = undefined;
      active.resolve(undefined);
    } else if (active !== undefined && !active.settled) {
      const { requestId } = active.invocation;
      if (this.initError !== undefined) {
        this.settle({ kind: 'error', errorType: this.initError.errorType, payload: this.initError.body, system: false });
      } else {
        const reason = exitReason(code, signal);
        const payload = { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: ${reason}` };
        this.settle(
          { kind: 'error', errorType: 'Runtime.ExitError', payload: Buffer.from(JSON.stringify(payload)), system: false },
          `RequestId: ${requestId} Error: ${reason}\nRuntime.ExitError\n`,
        );
      }
    }
    this.markGone();
  }

  /**
   * Ends the current invocation. END and REPORT are written one turn of the event loop later: the runtime
   * wrote its last lines to the pipe before posting, and this lets them be read first, so they land between
   * START and END as on Lambda.
   */
  private settle(outcome: InvocationOutcome, afterReport?: string): void {
    const active = this.current;
    if (active === undefined || active.settled) return;
    active.settled = true;
    this.servedInvocations++;
    const durationMs = performance.now() - active.startedAt;
    clearTimeout(active.timer);
    this.api.finish();
    const maxMemoryUsedMb = this.peakMemory?.sample() ?? 0;
    const { requestId } = active.invocation;
    // Failures before the runtime took the event (init errors, crashes) still get their START line.
    if (!active.delivered) this.log(startLine(requestId, this.spec.version));
    setImmediate(() => {
      this.log(endLine(requestId));
      this.log(reportLine(requestId, { durationMs, memorySize: this.spec.memorySize, maxMemoryUsedMb, initDurationMs: this.takeInitDuration() }));
      if (afterReport !== undefined) this.log(afterReport);
      this.current = undefined;
      active.resolve({ outcome, log: tail(active.lines), durationMs, logStream: this.logStreamName });
    });
  }

  /** Init Duration is reported once, on the environment's first invocation. */
  private takeInitDuration(): number | undefined {
    if (this.initDurationReported) return undefined;
    this.initDurationReported = true;
    return this.initDurationMs;
  }

  private killProcess(): void {
    const pid = this.child?.pid;
    if (pid === undefined || this.child?.exitCode !== null || this.child.signalCode !== null) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  private markGone(): void {
    if (this.dead) return;
    this.dead = true;
    this.markInitialized();
    this.peakMemory?.close();
    this.api.close();
    this.onGone(this);
  }
}

function responseTooLarge(): InvocationOutcome {
  const payload = {
    errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
    errorType: 'Function.ResponseSizeTooLarge',
  };
  return { kind: 'error', errorType: 'Function.ResponseSizeTooLarge', payload: Buffer.from(JSON.stringify(payload)), system: false };
}

function invalidEntrypoint(requestId: string, error: Error): InvocationOutcome {
  const code = (error as NodeJS.ErrnoException).code;
  const userFault = code === 'ENOENT' || code === 'EACCES';
  const errorType = userFault ? 'Runtime.InvalidEntrypoint' : 'Sandbox.Failure';
  const reason = userFault ? `Couldn't find valid bootstrap(s): ${error.message}` : error.message;
  const payload = { errorType, errorMessage: `RequestId: ${requestId} Error: ${reason}` };
  return { kind: 'error', errorType, payload: Buffer.from(JSON.stringify(payload)), system: !userFault };
}

const SIGNAL_WORDS: Partial<Record<NodeJS.Signals, string>> = {
  SIGKILL: 'killed',
  SIGTERM: 'terminated',
  SIGSEGV: 'segmentation fault',
  SIGABRT: 'aborted',
};

function exitReason(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal !== null) return `Runtime exited with error: signal: ${SIGNAL_WORDS[signal] ?? signal}`;
  if (code === 0 || code === null) return 'Runtime exited without providing a reason';
  return `Runtime exited with error: exit status ${code}`;
}

/** The last 4 KB of an invocation's log, as `X-Amz-Log-Result` carries it (before base64). */
function tail(lines: string[]): string {
  const text = lines.join('');
  const bytes = Buffer.from(text);
  return bytes.length <= TAIL_BYTES ? text : bytes.subarray(bytes.length - TAIL_BYTES).toString();
}

/** X-Ray's trace header form. Ids come from a per-process random prefix and a counter: unique, and cheap per invoke. */
const TRACE_PREFIX = randomBytes(4).toString('hex');
let traceCounter = 0;

function newTraceId(): string {
  const epochHex = Math.floor(Date.now() / 1000).toString(16);
  const count = (traceCounter++).toString(16).padStart(16, '0');
  return `Root=1-${epochHex}-${TRACE_PREFIX}${count};Parent=${count};Sampled=0`;
}
