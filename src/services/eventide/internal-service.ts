import { readFile } from 'node:fs/promises';
import type { ServiceEvents } from '../../core/events/service-events.js';
import type { FunctionPolicies } from '../../core/functions/function-policies.js';
import type { FunctionRegistry } from '../../core/functions/function-registry.js';
import type { AsyncEventQueue } from '../../core/invoke/async-event-queue.js';
import type { Clock } from '../../lib/clock.js';
import { invalidParameterValue, resourceNotFound } from '../../lib/errors.js';
import { parseJsonObject } from '../json-body.js';
import type { RestJsonService } from '../service.js';
import { asyncEventsRoute } from './async-events-view.js';
import { functionPolicyCheckRoute } from './function-policy-check.js';
import { metricsRoute, type PrometheusMetrics } from './prometheus-metrics.js';
import { serviceEventsRoute } from './service-events-route.js';

export interface InternalServiceDeps {
  registry: FunctionRegistry;
  policies: FunctionPolicies;
  queue: AsyncEventQueue;
  metrics: PrometheusMetrics;
  serviceEvents: ServiceEvents;
  clock: Clock;
  version: string;
  startedAt: number;
}

/**
 * Eventide's own endpoints under `/_eventide/`: health, the engine clock, the code packages GetFunction points at,
 * a function's asynchronous events, and AWS services' events to inject; and `/metrics` for Prometheus.
 */
export function internalService({ registry, policies, queue, metrics, serviceEvents, clock, version, startedAt }: InternalServiceDeps): RestJsonService {
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
        operation: 'AdvanceClock',
        method: 'POST',
        path: '/_eventide/clock/advance',
        async handle(request) {
          const { seconds } = parseJsonObject(request.body);
          if (typeof seconds !== 'number' || !(seconds > 0)) {
            throw invalidParameterValue('Give the seconds to move engine time forward as a positive number: {"seconds": 60}.');
          }
          clock.advance(seconds * 1000);
          return { status: 200, body: { now: new Date(clock.now()).toISOString() } };
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
      asyncEventsRoute({ registry, queue, clock }),
      functionPolicyCheckRoute({ policies, scope: registry.scope }),
      serviceEventsRoute(serviceEvents),
      metricsRoute(metrics),
    ],
  };
}
