import { parseFunctionName } from '../../core/functions/function-name.js';
import type { FunctionRegistry } from '../../core/functions/function-registry.js';
import type { Invoker } from '../../core/invoke/invoker.js';
import { invalidParameterValue, requestTooLarge } from '../../lib/errors.js';
import type { RestRoute } from '../service.js';
import { Problems } from './validation.js';

/** Synchronous invocations carry at most 6 MB each way. */
const SYNC_PAYLOAD_LIMIT = 6_291_456;
/** InvokeAsync keeps its classic 256 KB limit. */
const INVOKE_ASYNC_LIMIT = 262_144;

export interface InvokeRoutesDeps {
  registry: FunctionRegistry;
  invoker: Invoker;
}

/** Lambda's data plane: Invoke (RequestResponse, Event, DryRun) and the deprecated InvokeAsync. */
export function invokeRoutes({ registry, invoker }: InvokeRoutesDeps): RestRoute[] {
  return [
    {
      operation: 'Invoke',
      method: 'POST',
      path: '/2015-03-31/functions/{FunctionName}/invocations',
      maxBodyBytes: { limit: SYNC_PAYLOAD_LIMIT, error: () => requestTooLarge(SYNC_PAYLOAD_LIMIT, 'InvokeFunction') },
      async handle(request) {
        const invocationType = header(request.headers['x-amz-invocation-type']) ?? 'RequestResponse';
        const logType = header(request.headers['x-amz-log-type']) ?? 'None';
        const clientContext = header(request.headers['x-amz-client-context']);
        const problems = new Problems();
        problems.oneOf(invocationType, 'invocationType', ['Event', 'RequestResponse', 'DryRun']);
        problems.oneOf(logType, 'logType', ['None', 'Tail']);
        problems.throwIfAny();
        const ref = parseFunctionName(request.pathParams.FunctionName ?? '', request.query.get('Qualifier') ?? undefined, registry.scope);

        if (invocationType === 'DryRun') {
          await invoker.dryRun(ref, request.body);
          return { status: 204 };
        }
        if (invocationType === 'Event') {
          await invoker.invokeAsync(ref, request.requestId, request.body);
          return { status: 202 };
        }
        const result = await invoker.invoke({
          ref,
          requestId: request.requestId,
          payload: request.body,
          clientContext: decodeClientContext(clientContext),
        });
        const headers: Record<string, string> = {
          'Content-Type': 'application/json',
          'X-Amz-Executed-Version': result.executedVersion,
        };
        if (result.outcome.kind === 'error') headers['X-Amz-Function-Error'] = 'Unhandled';
        if (logType === 'Tail') headers['X-Amz-Log-Result'] = Buffer.from(result.log).toString('base64');
        return { status: 200, headers, body: result.outcome.payload };
      },
    },
    {
      // Deprecated, and the same queue as Invoke with InvocationType Event.
      operation: 'InvokeAsync',
      method: 'POST',
      path: '/2014-11-13/functions/{FunctionName}/invoke-async',
      maxBodyBytes: { limit: INVOKE_ASYNC_LIMIT, error: () => requestTooLarge(INVOKE_ASYNC_LIMIT, 'InvokeAsync') },
      async handle(request) {
        const ref = parseFunctionName(request.pathParams.FunctionName ?? '', undefined, registry.scope);
        await invoker.invokeAsync(ref, request.requestId, request.body, 'InvokeAsync');
        return { status: 202 };
      },
    },
  ];
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** `X-Amz-Client-Context` is base64 of a JSON document of at most 3,583 bytes. */
function decodeClientContext(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length > 3583) {
    throw invalidParameterValue('Client context must be 3583 bytes or less when base64-encoded.');
  }
  const text = Buffer.from(value, 'base64').toString();
  try {
    JSON.parse(text);
  } catch {
    throw invalidParameterValue('Client context must be a valid Base64-encoded JSON object.');
  }
  return text;
}
