import type { AttemptOutcome, FinalCondition, InjectedFault } from '../../store/async-events.js';

/** How a run of the function ended; throttled requests never run and are reported apart. */
export type RunOutcome = Exclude<AttemptOutcome, 'throttle'>;

/**
 * The facts the invoke engine reports as they happen, for whoever keeps metrics (Prometheus, later CloudWatch).
 * The engine only tells; how facts become AWS's metrics (Invocations, Errors, AsyncEventsDropped, …) is the
 * receiver's business.
 */
export interface InvocationMetrics {
  /** An asynchronous event is durable in the queue. */
  eventAccepted(functionName: string): void;
  /** The dispatcher took an event to try it, `ageMs` engine milliseconds after it was accepted. */
  eventClaimed(functionName: string, ageMs: number): void;
  /** The function ran, synchronously or for a queued event; `durationMs` is its real run time. */
  runFinished(functionName: string, outcome: RunOutcome, durationMs: number): void;
  /** An invocation or an event's attempt found no free concurrency. */
  throttled(functionName: string): void;
  /** An event ended for good, recorded as such in the queue. */
  eventFinished(functionName: string, condition: FinalCondition): void;
  /** Executions of the function running now. */
  executionsChanged(functionName: string, running: number): void;
  /** A failed event could not be written to the function's dead-letter queue or topic, and is gone. */
  deadLetterFailed(functionName: string): void;
  /** An event's outcome could not be delivered to its OnSuccess or OnFailure destination, and is gone. */
  destinationDeliveryFailed(functionName: string): void;
  /** Fault injection shaped an event's attempt (an injected throttle is also reported as `throttled`). */
  faultInjected(functionName: string, fault: InjectedFault): void;
}

/** For parts assembled without metrics, e.g. a limiter in a unit test. */
export const NO_METRICS: InvocationMetrics = {
  eventAccepted() {},
  eventClaimed() {},
  runFinished() {},
  throttled() {},
  eventFinished() {},
  executionsChanged() {},
  deadLetterFailed() {},
  destinationDeliveryFailed() {},
  faultInjected() {},
};
