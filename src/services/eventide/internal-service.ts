import { readFile } from 'node:fs/promises';
import type { ServiceEvents } from '../../core/events/service-events.js';
import type { FunctionPolicies } from '../../core/functions/function-policies.js';
import type { FunctionRegistry } from '../../core/functions/function-registry.js';
import type { AsyncEventQueue } from '../../core/invoke/async-event-queue.js';
import type { FunctionFaults } from '../../core/invoke/fault-injection.js';
import type { Redrive } from '../../core/invoke/redrive.js';
import type { Clock } from '../../lib/clock.js';
import type { AsyncEventStore } from '../../store/async-events.js';
import { resourceNotFound } from '../../lib/errors.js';
import type { RestJsonService } from '../service.js';
import { asyncEventsRoute } from './async-events-view.js';
import { clockControlRoute } from './clock-control-route.js';
import { consoleRoutes } from './console-files.js';
import { eventTimelineRoute } from './event-timeline-route.js';
import { functionFaultsRoutes } from './function-faults-route.js';
import { functionPolicyCheckRoute } from './function-policy-check.js';
import { metricsRoute, type PrometheusMetrics } from './prometheus-metrics.js';
import { redriveRoute } from './redrive-route.js';
import { serviceEventsRoute } from './service-events-route.js';
import { statusRoute, uptimeSeconds, type StatusRouteDeps } from './status-route.js';

export interface InternalServiceDeps extends Pick<StatusRouteDeps, 'endpoint' | 'dataDir' | 'concurrency' | 'environments'> {
  registry: FunctionRegistry;
  policies: FunctionPolicies;
  queue: AsyncEventQueue;
  /** Where an event's timeline is read from. */
  events: AsyncEventStore;
  redrive: Redrive;
  accountId: string;
  faults: FunctionFaults;
  metrics: PrometheusMetrics;
  serviceEvents: ServiceEvents;
  clock: Clock;
  /** `--clock-control on`: the engine clock may be advanced over HTTP. */
  clockControl: boolean;
  version: string;
  startedAt: number;
}

/**
 * Eventide's own endpoints under `/_eventide/`: health, status, the engine clock, the code packages GetFunction points at,
 * a function's asynchronous events, one event's timeline, redrive, the faults to inject into a function's events,
 * AWS services' events to inject, and the web console; and `/metrics` for Prometheus.
 */
export function internalService(deps: InternalServiceDeps): RestJsonService {
  const { registry, policies, queue, events, redrive, accountId, faults, metrics, serviceEvents, clock, clockControl, version, startedAt } = deps;
  const { endpoint, dataDir, concurrency, environments } = deps;
  return {
    protocol: 'rest-json',
    signingName: 'eventide',
    routes: [
      {
        operation: 'Health',
        method: 'GET',
        path: '/_eventide/health',
        async handle() {
          return { status: 200, body: { status: 'ok', version, uptimeSeconds: uptimeSeconds(startedAt) } };
        },
      },
      statusRoute({ registry, queue, version, startedAt, endpoint, dataDir, concurrency, environments }),
      clockControlRoute(clock, clockControl),
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
      asyncEventsRoute({ registry, queue, clock }),
      eventTimelineRoute({ registry, store: events, clock }),
      redriveRoute({ registry, redrive, accountId }),
      ...functionFaultsRoutes({ faults, scope: registry.scope }),
      functionPolicyCheckRoute({ policies, scope: registry.scope }),
      serviceEventsRoute(serviceEvents),
      metricsRoute(metrics),
      ...consoleRoutes(),
    ],
  };
}
