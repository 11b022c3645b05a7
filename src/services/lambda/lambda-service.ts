import type { FunctionRegistry } from '../../core/functions/function-registry.js';
import type { Invoker } from '../../core/invoke/invoker.js';
import type { RestJsonService } from '../service.js';
import { functionRoutes } from './functions.js';
import { invokeRoutes } from './invoke.js';

export interface LambdaServiceDeps {
  registry: FunctionRegistry;
  invoker: Invoker;
  endpointUrl: string;
}

/** AWS Lambda (rest-json, 2015-03-31). */
export function lambdaService(deps: LambdaServiceDeps): RestJsonService {
  return {
    protocol: 'rest-json',
    signingName: 'lambda',
    routes: [...functionRoutes(deps), ...invokeRoutes(deps)],
  };
}
