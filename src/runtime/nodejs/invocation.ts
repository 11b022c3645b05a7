import { logError, setLogRequestId } from './console-format.js';
import { nodeJsExitError, toErrorResponse, type ErrorResponse } from './errors.js';
import { whenEventLoopDrains } from './event-loop-drain.js';
import type { Handler } from './handler-loader.js';
import { createInvokeContext, type FunctionInfo } from './invoke-context.js';
import type { Invocation } from './runtime-api-client.js';

/** What gets posted for an invocation: a JSON response body or an error. */
export type InvokeOutcome = { kind: 'response'; body: string } | { kind: 'error'; error: ErrorResponse };

type InvocationState = 'running' | 'awaiting-empty-event-loop' | 'settled';

/** One invocation from the handler call to its single outcome; only the first completion counts. */
export class PendingInvocation {
  readonly outcome: Promise<InvokeOutcome>;
  private resolveOutcome: (outcome: InvokeOutcome) => void = () => {};
  private state: InvocationState = 'running';
  private handlerReturnedPromise = false;
  private resultAwaitingEmptyEventLoop: unknown;

  constructor() {
    this.outcome = new Promise((resolve) => {
      this.resolveOutcome = resolve;
    });
    whenEventLoopDrains(() => this.onEventLoopDrained());
  }

  succeed(result: unknown): void {
    if (this.state === 'running') {
      this.settleWithResult(result);
    }
  }

  fail(error: unknown): void {
    if (this.state === 'running') {
      this.settleWithError(error);
    }
  }

  /** Callback with `callbackWaitsForEmptyEventLoop`: the result is posted once nothing else is pending. */
  succeedWhenEventLoopEmpty(result: unknown): void {
    if (this.state === 'running') {
      this.state = 'awaiting-empty-event-loop';
      this.resultAwaitingEmptyEventLoop = result;
    }
  }

  /** A crash (uncaught exception) replaces any result not posted yet; the caller has logged it already. */
  crash(error: unknown): void {
    if (this.state !== 'settled') {
      this.settle({ kind: 'error', error: toErrorResponse(error) });
    }
  }

  settleFromReturnedPromise(promise: PromiseLike<unknown>): void {
    this.handlerReturnedPromise = true;
    promise.then(
      (result) => this.succeed(result),
      (error: unknown) => this.fail(error),
    );
  }

  private onEventLoopDrained(): void {
    if (this.state === 'awaiting-empty-event-loop') {
      this.settleWithResult(this.resultAwaitingEmptyEventLoop);
    } else if (this.handlerReturnedPromise) {
      this.fail(nodeJsExitError());
    } else {
      this.succeed(null);
    }
  }

  private settleWithResult(result: unknown): void {
    let body: string;
    try {
      // JSON.stringify gives undefined for undefined, functions and symbols; Lambda posts null then.
      body = JSON.stringify(result) ?? 'null';
    } catch (error) {
      this.settleWithError(error);
      return;
    }
    this.settle({ kind: 'response', body });
  }

  private settleWithError(error: unknown): void {
    logError('Invoke Error', error);
    this.settle({ kind: 'error', error: toErrorResponse(error) });
  }

  private settle(outcome: InvokeOutcome): void {
    this.state = 'settled';
    whenEventLoopDrains(undefined);
    this.resolveOutcome(outcome);
  }
}

/** Calls the handler for one event; the returned invocation's `outcome` resolves with what to post. */
export function invokeHandler(handler: Handler, info: FunctionInfo, invocation: Invocation): PendingInvocation {
  setLogRequestId(invocation.requestId);
  setTraceId(invocation.traceId);
  const pending = new PendingInvocation();
  try {
    const context = createInvokeContext(info, invocation, pending);
    const callback = (error: unknown, result: unknown): void => {
      if (error !== undefined && error !== null) {
        pending.fail(error);
      } else if (context.callbackWaitsForEmptyEventLoop) {
        pending.succeedWhenEventLoopEmpty(result);
      } else {
        pending.succeed(result);
      }
    };
    const returned = handler(JSON.parse(invocation.body), context, callback);
    if (isPromiseLike(returned)) {
      pending.settleFromReturnedPromise(returned);
    }
  } catch (error) {
    pending.fail(error);
  }
  return pending;
}

function setTraceId(traceId: string | undefined): void {
  if (traceId === undefined) {
    delete process.env['_X_AMZN_TRACE_ID'];
  } else {
    process.env['_X_AMZN_TRACE_ID'] = traceId;
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}
