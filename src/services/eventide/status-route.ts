import type { FunctionRegistry } from '../../core/functions/function-registry.js';
import type { AsyncEventQueue } from '../../core/invoke/async-event-queue.js';
import type { RestRoute } from '../service.js';

export interface StatusRouteDeps {
  registry: FunctionRegistry;
  queue: AsyncEventQueue;
  version: string;
  /** Real time Eventide started. */
  startedAt: number;
  /** The URL clients reach this Eventide at. */
  endpoint: string;
  dataDir: string;
  concurrency: { limit: number; running: () => number };
  /** A function's execution environments alive now. */
  environments: (functionName: string) => number;
}

export const uptimeSeconds = (startedAt: number): number => Math.round((Date.now() - startedAt) / 1000);

/**
 * `GET /_eventide/status`: the server (version, uptime, endpoint), its store, the account's concurrency in use, and
 * each function with its queue depth by state and its running execution environments — `eventide status`.
 */
export function statusRoute(deps: StatusRouteDeps): RestRoute {
  const { registry, queue, concurrency, environments } = deps;
  return {
    operation: 'GetStatus',
    method: 'GET',
    path: '/_eventide/status',
    async handle() {
      const counts = new Map((await queue.countsByFunction()).map((count) => [count.functionName, count]));
      const functions = [];
      for await (const fn of registry.all()) {
        const count = counts.get(fn.name);
        functions.push({
          name: fn.name,
          runtime: fn.runtime,
          queued: count?.queued ?? 0,
          running: count?.running ?? 0,
          retrying: count?.retrying ?? 0,
          failed: count?.failed ?? 0,
          environments: environments(fn.name),
        });
      }
      return {
        status: 200,
        body: {
          version: deps.version,
          uptimeSeconds: uptimeSeconds(deps.startedAt),
          endpoint: deps.endpoint,
          store: { kind: 'sqlite', dataDir: deps.dataDir },
          concurrency: { limit: concurrency.limit, running: concurrency.running() },
          functions,
        },
      };
    },
  };
}
