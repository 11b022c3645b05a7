import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EventDeliveryMetrics } from '../../core/events/event-delivery-metrics.js';
import type { InvocationMetrics, RunOutcome } from '../../core/invoke/invocation-metrics.js';
import type { FinalCondition, InjectedFault } from '../../store/async-events.js';
import type { RestRoute } from '../service.js';

const PREFIX = 'eventide_lambda_';
const BY_FUNCTION = ['function_name'] as const;

/** Milliseconds: from a warm no-op to Lambda's 15-minute timeout. */
const DURATION_BUCKETS = [1, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 300_000, 900_000];
/** Engine milliseconds: a fresh event, the 1- and 2-minute retries, backoffs, up to the 6-hour maximum age. */
const EVENT_AGE_BUCKETS = [100, 1_000, 10_000, 60_000, 120_000, 300_000, 900_000, 3_600_000, 21_600_000];

/**
 * Lambda's CloudWatch metrics, per function, in Prometheus form: the engine's facts (InvocationMetrics) counted
 * with AWS's rules. Invocations and Duration count runs of the function code, handled or not; a platform failure
 * (the environment could not start) is neither an invocation nor an error, and a throttle is only a throttle.
 */
export class PrometheusMetrics implements InvocationMetrics, EventDeliveryMetrics {
  private readonly registry = new Registry();
  private readonly received = this.counter('async_events_received_total', 'Events accepted into the asynchronous queue.');
  private readonly eventAge = new Histogram({
    name: `${PREFIX}async_event_age_milliseconds`,
    help: 'Engine time from accepting an event to taking it for an attempt.',
    labelNames: BY_FUNCTION,
    buckets: EVENT_AGE_BUCKETS,
    registers: [this.registry],
  });
  private readonly dropped = new Counter({
    name: `${PREFIX}async_events_dropped_total`,
    help: 'Events that ended without success, by final condition.',
    labelNames: [...BY_FUNCTION, 'condition'],
    registers: [this.registry],
  });
  private readonly invocations = this.counter('invocations_total', 'Runs of the function code, successful or not.');
  private readonly errors = this.counter('errors_total', 'Runs that ended in a function error (handler error, timeout, crash).');
  private readonly throttles = this.counter('throttles_total', 'Invocations and event attempts refused for lack of concurrency.');
  private readonly duration = new Histogram({
    name: `${PREFIX}duration_milliseconds`,
    help: 'Time the function code ran.',
    labelNames: BY_FUNCTION,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly deadLetterErrors = this.counter('dead_letter_errors_total', 'Failed events that could not be written to the dead-letter queue or topic.');
  private readonly destinationFailures = this.counter(
    'destination_delivery_failures_total',
    'Outcomes of asynchronous events that could not be delivered to their OnSuccess or OnFailure destination.',
  );
  private readonly failedInvocations = new Counter({
    name: 'eventide_events_failed_invocations_total',
    help: 'Events that matched a rule but could not be handed to one of its targets (EventBridge FailedInvocations).',
    labelNames: ['rule_arn'],
    registers: [this.registry],
  });
  private readonly injectedFaults = new Counter({
    name: 'eventide_injected_faults_total',
    help: "Faults injected into asynchronous events' attempts (fault injection), by fault.",
    labelNames: [...BY_FUNCTION, 'fault'],
    registers: [this.registry],
  });
  private readonly concurrentExecutions = new Gauge({
    name: `${PREFIX}concurrent_executions`,
    help: 'Executions of the function running now.',
    labelNames: BY_FUNCTION,
    registers: [this.registry],
  });

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The text exposition of every metric. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  eventAccepted(functionName: string): void {
    this.received.inc({ function_name: functionName });
  }

  eventClaimed(functionName: string, ageMs: number): void {
    this.eventAge.observe({ function_name: functionName }, ageMs);
  }

  runFinished(functionName: string, outcome: RunOutcome, durationMs: number): void {
    if (outcome === 'system-error') return;
    const labels = { function_name: functionName };
    this.invocations.inc(labels);
    // Adding 0 makes the series exist, so a healthy function shows errors 0 rather than nothing.
    this.errors.inc(labels, outcome === 'function-error' ? 1 : 0);
    this.duration.observe(labels, durationMs);
  }

  throttled(functionName: string): void {
    this.throttles.inc({ function_name: functionName });
  }

  eventFinished(functionName: string, condition: FinalCondition): void {
    if (condition !== 'Success') this.dropped.inc({ function_name: functionName, condition });
  }

  executionsChanged(functionName: string, running: number): void {
    this.concurrentExecutions.set({ function_name: functionName }, running);
  }

  deadLetterFailed(functionName: string): void {
    this.deadLetterErrors.inc({ function_name: functionName });
  }

  destinationDeliveryFailed(functionName: string): void {
    this.destinationFailures.inc({ function_name: functionName });
  }

  faultInjected(functionName: string, fault: InjectedFault): void {
    this.injectedFaults.inc({ function_name: functionName, fault });
  }

  failedInvocation(ruleArn: string): void {
    this.failedInvocations.inc({ rule_arn: ruleArn });
  }

  private counter(name: string, help: string): Counter<'function_name'> {
    return new Counter({ name: `${PREFIX}${name}`, help, labelNames: BY_FUNCTION, registers: [this.registry] });
  }
}

/** `GET /metrics`: what a Prometheus server scrapes. */
export function metricsRoute(metrics: PrometheusMetrics): RestRoute {
  return {
    operation: 'GetMetrics',
    method: 'GET',
    path: '/metrics',
    async handle() {
      return { status: 200, headers: { 'Content-Type': metrics.contentType }, body: Buffer.from(await metrics.exposition()) };
    },
  };
}
