import { readFile } from 'node:fs/promises';
import type { FunctionRegistry } from '../../core/functions/function-registry.js';
import { resourceNotFound } from '../../lib/errors.js';
import type { RestJsonService } from '../service.js';

export interface InternalServiceDeps {
  registry: FunctionRegistry;
  version: string;
  startedAt: number;
}

/** Eventide's own endpoints under `/_eventide/`: health, and the code packages GetFunction points at. */
export function internalService({ registry, version, startedAt }: InternalServiceDeps): RestJsonService {
  return {
    protocol: 'rest-json',
    signingName: 'eventide',
    routes: [
      {
        operation: 'Health',
        method: 'GET',
        path: '/_eventide/health',
        async handle() {
          return { status: 200, body: { status: 'ok', version, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) } };
        },
      },
      {
        operation: 'GetFunctionCode',
        method: 'GET',
        path: '/_eventide/functions/{FunctionName}/code',
        async handle(request) {
          const name = request.pathParams.FunctionName ?? '';
          const fn = await registry.find(name);
          if (fn === undefined) throw resourceNotFound(`Function not found: ${registry.arn(name)}`);
          return { status: 200, headers: { 'Content-Type': 'application/zip' }, body: await readFile(registry.codeZipPath(fn)) };
        },
      },
    ],
  };
}
