import type { Clock } from '../../lib/clock.js';
import { invalidRequestContent, requestTooLarge, tooManyRequests } from '../../lib/errors.js';
import type { EnvironmentPool } from '../../runtime/environment-pool.js';
import { TIMEOUT_ERROR_TYPE, type FunctionSpec, type Invocation, type InvocationOutcome, type InvocationResult } from '../../runtime/types.js';
import type { AsyncEventRecord } from '../../store/async-events.js';
import type { FunctionRecord } from '../../store/store.js';
import { newRequestId } from '../../lib/ids.js';
import type { Logger } from '../../lib/logger.js';
import type { FunctionInvoker, ServiceCaller } from '../messaging/delivery-ports.js';
import { parseFunctionName, type FunctionReference } from '../functions/function-name.js';
import type { FunctionPolicies } from '../functions/function-policies.js';
import { LATEST, type FunctionRegistry } from '../functions/function-registry.js';
import type { AsyncEventQueue } from './async-event-queue.js';
import type { ConcurrencyLimiter } from './concurrency-limiter.js';
import type { EventRun } from './dispatcher.js';
import type { InvocationMetrics, RunOutcome } from './invocation-metrics.js';

export interface InvokeRequest {
  ref: FunctionReference;
  /** The request id the caller was given: the function sees it as `context.awsRequestId`. */
  requestId: string;
  payload: Buffer;
  /** JSON text of the client context (already base64-decoded). */
  clientContext: string | undefined;
}

export interface InvokeResult {
  executedVersion: string;
  outcome: InvocationOutcome;
  /** START through REPORT of this invocation. */
  log: string;
}

const EMPTY_EVENT = Buffer.from('{}');

export interface InvokerDeps {
  registry: FunctionRegistry;
  pool: EnvironmentPool;
  limiter: ConcurrencyLimiter;
  queue: AsyncEventQueue;
  clock: Clock;
  /** Largest asynchronous event, in bytes (1 MB on Lambda since 2025; 262144 before). */
  asyncPayloadLimit: number;
  metrics: InvocationMetrics;
  /** Resource-based policies, checked when an AWS service invokes a function. */
  policies: FunctionPolicies;
  logger: Logger;
}

/**
 * Runs functions. Synchronous invocations take the short path to the environment pool; asynchronous ones are
 * made durable in the event queue and run later by the dispatcher, through `runQueued`.
 */
export class Invoker implements FunctionInvoker {
  private readonly registry: FunctionRegistry;
  private readonly pool: EnvironmentPool;

  constructor(private readonly deps: InvokerDeps) {
    this.registry = deps.registry;
    this.pool = deps.pool;
  }

  async invoke(request: InvokeRequest): Promise<InvokeResult> {
    const fn = await this.registry.get(request.ref);
    const payload = checkPayload(request.payload);
    const slot = this.deps.limiter.tryAcquire(fn.name);
    if (typeof slot === 'string') {
      this.deps.metrics.throttled(fn.name);
      this.deps.logger.info('throttled', { function: fn.name, requestId: request.requestId, errorType: 'TooManyRequestsException', reason: slot });
      throw tooManyRequests(slot);
    }
    try {
      const result = await this.run(fn, {
        requestId: request.requestId,
        payload,
        invokedFunctionArn: this.registry.arn(fn.name, request.ref.qualifier),
        clientContext: request.clientContext,
      });
      return { executedVersion: LATEST, outcome: result.outcome, log: result.log };
    } finally {
      slot.release();
    }
  }

  /**
   * For engine parts that invoke functions (EventBridge targets, SNS subscriptions, Lambda destinations), by ARN; a
   * service `caller` must be allowed by the function's resource-based policy.
   */
  async invokeFunctionAsync(functionArn: string, payload: string, caller?: ServiceCaller): Promise<void> {
    const ref = parseFunctionName(functionArn, undefined, this.registry.scope);
    if (caller !== undefined) await this.deps.policies.assertInvokeAllowed(ref, caller);
    await this.invokeAsync(ref, newRequestId(), Buffer.from(payload));
  }

  /** `Event`: checks the function and the payload, then answers once the event is durable in the queue. */
  async invokeAsync(ref: FunctionReference, requestId: string, payload: Buffer, operation = 'InvokeFunction'): Promise<void> {
    const fn = await this.registry.get(ref);
    if (payload.length > this.deps.asyncPayloadLimit) throw requestTooLarge(this.deps.asyncPayloadLimit, operation);
    await this.deps.queue.enqueue({
      requestId,
      functionName: fn.name,
      qualifier: ref.qualifier ?? '',
      payload: checkPayload(payload),
      enqueuedAt: this.deps.clock.now(),
      acceptedAt: this.deps.clock.wallTime(),
    });
    this.deps.metrics.eventAccepted(fn.name);
    this.deps.logger.trace('event queued', { function: fn.name, requestId });
  }

  /** One attempt of a queued event, with the function's code and configuration as they are now. */
  async runQueued(event: AsyncEventRecord): Promise<EventRun> {
    const fn = await this.registry.get({ name: event.functionName, qualifier: event.qualifier || undefined });
    const result = await this.run(fn, {
      requestId: event.requestId,
      payload: event.payload,
      invokedFunctionArn: this.registry.arn(fn.name, event.qualifier || undefined),
      clientContext: undefined,
    });
    const { outcome } = result;
    const log = { logGroup: fn.logGroup, logStream: result.logStream };
    if (outcome.kind === 'success') return { outcome: 'success', errorType: undefined, response: outcome.payload, ...log };
    return { outcome: outcome.system ? 'system-error' : 'function-error', errorType: outcome.errorType, response: outcome.payload, ...log };
  }

  /** `DryRun`: the function exists and the payload would be accepted. */
  async dryRun(ref: FunctionReference, payload: Buffer): Promise<void> {
    await this.registry.get(ref);
    checkPayload(payload);
  }

  /** Runs one invocation in an execution environment and reports how it went. */
  private async run(fn: FunctionRecord, invocation: Invocation): Promise<InvocationResult> {
    const result = await this.pool.invoke(this.specOf(fn), invocation);
    const { outcome, durationMs } = result;
    this.deps.metrics.runFinished(fn.name, runOutcome(outcome), durationMs);
    if (outcome.kind === 'error') {
      const fields = { function: fn.name, requestId: invocation.requestId, errorType: outcome.errorType, durationMs: Math.round(durationMs) };
      this.deps.logger.warn(outcome.errorType === TIMEOUT_ERROR_TYPE ? 'function timed out' : 'function error', fields);
    }
    return result;
  }

  private specOf(fn: FunctionRecord): FunctionSpec {
    return {
      name: fn.name,
      version: LATEST,
      revisionId: fn.revisionId,
      runtime: fn.runtime,
      handler: fn.handler,
      codeDir: this.registry.codePath(fn),
      timeoutSeconds: fn.timeout,
      memorySize: fn.memorySize,
      environment: fn.environment ?? {},
      logGroup: fn.logGroup,
    };
  }
}

const runOutcome = (outcome: InvocationOutcome): RunOutcome =>
  outcome.kind === 'success' ? 'success' : outcome.system ? 'system-error' : 'function-error';

/** An event must be JSON; an empty body is the empty event `{}`, as on Lambda. */
function checkPayload(payload: Buffer): Buffer {
  if (payload.length === 0) return EMPTY_EVENT;
  try {
    JSON.parse(payload.toString());
  } catch (error) {
    throw invalidRequestContent(`Could not parse request body into json: Could not parse payload into json: ${(error as Error).message}`);
  }
  return payload;
}
