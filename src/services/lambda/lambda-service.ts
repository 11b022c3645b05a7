import type { EventInvokeConfigs } from '../../core/functions/event-invoke-configs.js';
import type { FunctionPolicies } from '../../core/functions/function-policies.js';
import type { FunctionRegistry } from '../../core/functions/function-registry.js';
import type { Invoker } from '../../core/invoke/invoker.js';
import type { ReservedConcurrency } from '../../core/invoke/reserved-concurrency.js';
import type { RestJsonService } from '../service.js';
import { concurrencyRoutes } from './concurrency.js';
import { eventInvokeConfigRoutes } from './event-invoke-config.js';
import { functionRoutes } from './functions.js';
import { invokeRoutes } from './invoke.js';
import { permissionRoutes } from './permissions.js';
import { tagRoutes } from './tags.js';

export interface LambdaServiceDeps {
  registry: FunctionRegistry;
  invoker: Invoker;
  concurrency: ReservedConcurrency;
  eventInvokeConfigs: EventInvokeConfigs;
  policies: FunctionPolicies;
  endpointUrl: string;
}

/** AWS Lambda (rest-json, 2015-03-31). */
export function lambdaService(deps: LambdaServiceDeps): RestJsonService {
  return {
    protocol: 'rest-json',
    signingName: 'lambda',
    routes: [
      ...functionRoutes(deps),
      ...invokeRoutes(deps),
      ...eventInvokeConfigRoutes(deps),
      ...concurrencyRoutes(deps),
      ...tagRoutes(deps),
      ...permissionRoutes({ policies: deps.policies, scope: deps.registry.scope }),
    ],
  };
}
