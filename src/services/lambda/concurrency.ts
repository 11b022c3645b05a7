import { MAX_UNZIPPED_BYTES, MAX_ZIPPED_BYTES } from '../../core/functions/code-package.js';
import { parseFunctionName, type FunctionReference } from '../../core/functions/function-name.js';
import type { FunctionRegistry } from '../../core/functions/function-registry.js';
import type { ReservedConcurrency } from '../../core/invoke/reserved-concurrency.js';
import { invalidParameterValue, validationFailed } from '../../lib/errors.js';
import { parseJsonObject } from '../json-body.js';
import type { RestRequest, RestRoute } from '../service.js';
import { optionalInteger } from './validation.js';

/** Lambda's quota on the code of all functions of a region (75 GB), as GetAccountSettings reports it. */
const TOTAL_CODE_SIZE_LIMIT = 80_530_636_800;

export interface ConcurrencyRoutesDeps {
  registry: FunctionRegistry;
  concurrency: ReservedConcurrency;
}

/** Reserved concurrency of functions (Put/Get/DeleteFunctionConcurrency) and GetAccountSettings. */
export function concurrencyRoutes({ registry, concurrency }: ConcurrencyRoutesDeps): RestRoute[] {
  const refOf = (request: RestRequest) => parseFunctionName(request.pathParams.FunctionName ?? '', undefined, registry.scope);

  return [
    {
      operation: 'PutFunctionConcurrency',
      method: 'PUT',
      path: '/2017-10-31/functions/{FunctionName}/concurrency',
      async handle(request) {
        const ref = refOf(request);
        const reserved = readReservation(parseJsonObject(request.body));
        await concurrency.put(unqualified(ref), reserved);
        return { status: 200, body: { ReservedConcurrentExecutions: reserved } };
      },
    },
    {
      operation: 'GetFunctionConcurrency',
      method: 'GET',
      path: '/2019-09-30/functions/{FunctionName}/concurrency',
      async handle(request) {
        const reserved = await concurrency.get(unqualified(refOf(request)));
        return { status: 200, body: reserved === undefined ? {} : { ReservedConcurrentExecutions: reserved } };
      },
    },
    {
      operation: 'DeleteFunctionConcurrency',
      method: 'DELETE',
      path: '/2017-10-31/functions/{FunctionName}/concurrency',
      async handle(request) {
        await concurrency.delete(unqualified(refOf(request)));
        return { status: 204 };
      },
    },
    {
      operation: 'GetAccountSettings',
      method: 'GET',
      path: '/2016-08-19/account-settings',
      async handle() {
        const usage = await registry.usage();
        return {
          status: 200,
          body: {
            AccountLimit: {
              TotalCodeSize: TOTAL_CODE_SIZE_LIMIT,
              CodeSizeUnzipped: MAX_UNZIPPED_BYTES,
              CodeSizeZipped: MAX_ZIPPED_BYTES,
              ConcurrentExecutions: concurrency.accountLimit,
              UnreservedConcurrentExecutions: concurrency.unreservedLimit,
            },
            AccountUsage: { TotalCodeSize: usage.totalCodeSize, FunctionCount: usage.functionCount },
          },
        };
      },
    },
  ];
}

function readReservation(body: Record<string, unknown>): number {
  const reserved = optionalInteger(body, 'ReservedConcurrentExecutions');
  if (reserved === undefined) {
    throw validationFailed(["Value null at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must not be null"]);
  }
  if (reserved < 0) {
    throw validationFailed([`Value '${reserved}' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 0`]);
  }
  return reserved;
}

/** Reserved concurrency belongs to the function itself, not to one of its versions or aliases. */
function unqualified(ref: FunctionReference): FunctionReference {
  if (ref.qualifier !== undefined) {
    throw invalidParameterValue(
      'This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.',
    );
  }
  return ref;
}
