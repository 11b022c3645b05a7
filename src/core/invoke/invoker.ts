import { invalidRequestContent } from '../../lib/errors.js';
import type { EnvironmentPool } from '../../runtime/environment-pool.js';
import type { FunctionSpec, InvocationOutcome } from '../../runtime/types.js';
import type { FunctionRecord } from '../../store/store.js';
import type { FunctionReference } from '../functions/function-name.js';
import { LATEST, type FunctionRegistry } from '../functions/function-registry.js';

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

/** Runs functions: synchronous invocations take the short path to the environment pool. */
export class Invoker {
  constructor(
    private readonly registry: FunctionRegistry,
    private readonly pool: EnvironmentPool,
  ) {}

  async invoke(request: InvokeRequest): Promise<InvokeResult> {
    const fn = await this.registry.get(request.ref);
    const payload = checkPayload(request.payload);
    const result = await this.pool.invoke(this.specOf(fn), {
      requestId: request.requestId,
      payload,
      invokedFunctionArn: this.registry.arn(fn.name, request.ref.qualifier),
      clientContext: request.clientContext,
    });
    return { executedVersion: LATEST, outcome: result.outcome, log: result.log };
  }

  /** `DryRun`: the function exists and the payload would be accepted. */
  async dryRun(ref: FunctionReference, payload: Buffer): Promise<void> {
    await this.registry.get(ref);
    checkPayload(payload);
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
