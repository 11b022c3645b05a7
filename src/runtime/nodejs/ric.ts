/**
 * Eventide's Node.js runtime interface client: runs inside the function's process, loads the
 * handler named by `_HANDLER` and serves events from the Lambda Runtime API 2018-06-01
 * at `AWS_LAMBDA_RUNTIME_API`. Imports node: builtins only, since it shares the user's process.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { logError, patchConsole } from './console-format.js';
import { nodeJsExitError, toErrorResponse, unhandledRejectionError } from './errors.js';
import { whenEventLoopDrains } from './event-loop-drain.js';
import { loadHandler, type Handler } from './handler-loader.js';
import { invokeHandler, type InvokeOutcome, type PendingInvocation } from './invocation.js';
import { readFunctionInfo, type FunctionInfo } from './invoke-context.js';
import { confineModuleResolution, packageRoots } from './module-confinement.js';
import { RuntimeApiClient, type Invocation } from './runtime-api-client.js';

/** Process exit codes, as AWS's runtime uses them. */
const EXIT_INIT_ERROR = 1;
const EXIT_UNCAUGHT_EXCEPTION = 129;
const EXIT_UNHANDLED_REJECTION = 128;

type Phase = 'init' | 'awaiting-event' | 'invoking' | 'posting';

class Runtime {
  private phase: Phase = 'init';
  private currentInvocation: PendingInvocation | undefined;
  private exitCodeAfterPost: number | undefined;

  constructor(
    private readonly client: RuntimeApiClient,
    private readonly functionInfo: FunctionInfo,
  ) {}

  async start(taskRoot: string, handlerString: string): Promise<void> {
    // A top-level await that never settles would otherwise end the process silently.
    whenEventLoopDrains(() => void this.failInit(nodeJsExitError()));
    const handler = await loadHandler(taskRoot, handlerString).catch((error: unknown) => this.failInit(error));
    whenEventLoopDrains(undefined);
    await this.serveEvents(handler);
  }

  /** uncaughtException / unhandledRejection: report it against whatever is in progress, then exit. */
  crash(error: unknown, logLabel: string, exitCode: number): void {
    logError(logLabel, error);
    switch (this.phase) {
      case 'init':
        void this.postInitErrorAndExit(error, exitCode);
        return;
      case 'awaiting-event':
        return process.exit(exitCode);
      case 'invoking':
        this.currentInvocation?.crash(error);
        this.exitCodeAfterPost = exitCode;
        return;
      case 'posting':
        this.exitCodeAfterPost = exitCode;
        return;
    }
  }

  private async serveEvents(handler: Handler): Promise<void> {
    let nextEvent = this.client.nextInvocation();
    for (;;) {
      this.phase = 'awaiting-event';
      const invocation = await nextEvent;
      this.phase = 'invoking';
      this.currentInvocation = invokeHandler(handler, this.functionInfo, invocation);
      const outcome = await this.currentInvocation.outcome;
      this.phase = 'posting';
      const posted = this.post(invocation.requestId, outcome);
      if (this.exitCodeAfterPost === undefined) {
        nextEvent = this.queueNextInvocation();
      }
      await posted;
      if (this.exitCodeAfterPost !== undefined) {
        process.exit(this.exitCodeAfterPost);
      }
    }
  }

  /**
   * Asked for right behind the POST on the single connection, the GET goes out the moment the POST is
   * answered instead of after a round through the agent's idle pool (~15% more invokes/s back to back).
   */
  private queueNextInvocation(): Promise<Invocation> {
    const next = this.client.nextInvocation();
    next.catch(() => {}); // if the POST fails first, this one is never awaited
    return next;
  }

  private post(requestId: string, outcome: InvokeOutcome): Promise<void> {
    return outcome.kind === 'response'
      ? this.client.postInvocationResponse(requestId, outcome.body)
      : this.client.postInvocationError(requestId, outcome.error);
  }

  private failInit(error: unknown): Promise<never> {
    logError('Uncaught Exception', error);
    return this.postInitErrorAndExit(error, EXIT_INIT_ERROR);
  }

  private async postInitErrorAndExit(error: unknown, exitCode: number): Promise<never> {
    try {
      await this.client.postInitError(toErrorResponse(error));
    } finally {
      process.exit(exitCode);
    }
  }
}

export async function main(): Promise<void> {
  const runtimeApiAddress = process.env['AWS_LAMBDA_RUNTIME_API'];
  if (!runtimeApiAddress) {
    exitWithRuntimeFailure('AWS_LAMBDA_RUNTIME_API is not set');
  }
  patchConsole();
  const runtime = new Runtime(new RuntimeApiClient(runtimeApiAddress), readFunctionInfo(process.env));
  process.on('uncaughtException', (error) => runtime.crash(error, 'Uncaught Exception', EXIT_UNCAUGHT_EXCEPTION));
  process.on('unhandledRejection', (reason) =>
    runtime.crash(unhandledRejectionError(reason), 'Unhandled Promise Rejection', EXIT_UNHANDLED_REJECTION),
  );
  const taskRoot = process.env['LAMBDA_TASK_ROOT'] ?? process.cwd();
  confineModuleResolution(packageRoots(taskRoot));
  await runtime.start(taskRoot, process.env['_HANDLER'] ?? '');
}

/** The Runtime API is unreachable or misbehaving: nothing can be reported, so say why and stop. */
function exitWithRuntimeFailure(reason: string): never {
  process.stderr.write(`Eventide Node.js runtime: ${reason.replace(/\n/g, '\r')}\n`);
  process.exit(EXIT_INIT_ERROR);
}

function isMainModule(): boolean {
  const scriptPath = process.argv[1];
  return scriptPath !== undefined && realpathSync(scriptPath) === fileURLToPath(import.meta.url);
}

if (isMainModule()) {
  main().catch((error: unknown) => exitWithRuntimeFailure(String(error)));
}
