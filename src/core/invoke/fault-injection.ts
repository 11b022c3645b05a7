import { resourceNotFound } from '../../lib/errors.js';
import type { AttemptOutcome } from '../../store/async-events.js';
import type { FaultSettings, FunctionFaultStore } from '../../store/function-faults.js';
import type { FunctionReference } from '../functions/function-name.js';
import type { FunctionRegistry } from '../functions/function-registry.js';
import { countsAsAttempt } from './retry-policy.js';

/**
 * Fault injection for a function's asynchronous events, so a user can prove the function survives what Lambda may
 * do to them. `FunctionFaults` keeps each function's settings; the decisions are pure functions of them, taken per
 * dispatch (each time the dispatcher takes the event from the queue) and applied by the dispatcher:
 *
 * - `throttleOnAttempts` / `systemErrorOnAttempts`: on those dispatch numbers the function does not run; the attempt
 *   ends as a throttle or a system error, which the retry policy backs off like real ones (1 s, 2 s, … up to 5 min;
 *   they do not count against MaximumRetryAttempts).
 * - `addedLatencyMs`: the function starts that much later (real time), holding its concurrency slot meanwhile.
 * - `duplicateDelivery` p: after a dispatch that ran the function (success or function error), with probability p
 *   the same event (request id, payload) runs once more. The duplicate's outcome is recorded and decides nothing:
 *   the event's state, retries, approximateInvokeCount and routing follow its own attempt.
 */

export const MAX_ADDED_LATENCY_MS = 900_000;
/** Dispatch numbers a fault may name: more than an event can have (backoff reaches 5 minutes, the age 6 hours). */
export const MAX_FAULT_ATTEMPT = 1000;

/** Fault injection off: what a function without settings has. */
export const NO_FAULTS: FaultSettings = {
  duplicateDelivery: undefined,
  throttleOnAttempts: undefined,
  systemErrorOnAttempts: undefined,
  addedLatencyMs: undefined,
};

/** What injection does to one dispatch before the function would run. */
export type DispatchFault =
  /** The function does not run: the attempt ends as this. */
  | { kind: 'throttle' | 'system-error' }
  /** The function runs, `ms` later. */
  | { kind: 'latency'; ms: number };

/**
 * The number of the dispatch an event is about to have: 1 the first time it leaves the queue; every earlier run,
 * throttle, system error and lost lease counts (a duplicate delivery's run does not: it is not a dispatch).
 */
export const dispatchNumber = (event: { attempts: number; backoffs: number }): number => event.attempts + event.backoffs + 1;

export function faultForDispatch(settings: FaultSettings, dispatch: number): DispatchFault | undefined {
  if (settings.throttleOnAttempts?.includes(dispatch) === true) return { kind: 'throttle' };
  if (settings.systemErrorOnAttempts?.includes(dispatch) === true) return { kind: 'system-error' };
  if (settings.addedLatencyMs !== undefined && settings.addedLatencyMs > 0) return { kind: 'latency', ms: settings.addedLatencyMs };
  return undefined;
}

/** Whether a dispatch that came to `outcome` is delivered once more; `random` draws from [0, 1). */
export function deliversTwice(settings: FaultSettings, outcome: AttemptOutcome, random: () => number): boolean {
  const p = settings.duplicateDelivery ?? 0;
  return p > 0 && countsAsAttempt(outcome) && random() < p;
}

/** The functions' fault settings: set per function through Eventide's API, read by the dispatcher for each dispatch. */
export class FunctionFaults {
  constructor(
    private readonly store: FunctionFaultStore,
    private readonly registry: FunctionRegistry,
  ) {}

  /** The function's settings; `NO_FAULTS` when it has none. */
  async get(ref: FunctionReference): Promise<FaultSettings> {
    const fn = await this.registry.get(ref);
    return this.of(fn.name);
  }

  /** Replaces the function's settings. */
  async put(ref: FunctionReference, settings: FaultSettings): Promise<FaultSettings> {
    const fn = await this.registry.get(ref);
    // False when the function was deleted meanwhile: nothing was written.
    if (!(await this.store.putFaults(fn.name, settings))) throw resourceNotFound(`Function not found: ${this.registry.arn(fn.name)}`);
    return settings;
  }

  /** Turns fault injection off for the function. */
  async delete(ref: FunctionReference): Promise<void> {
    const fn = await this.registry.get(ref);
    await this.store.deleteFaults(fn.name);
  }

  async of(functionName: string): Promise<FaultSettings> {
    return (await this.store.getFaults(functionName)) ?? NO_FAULTS;
  }
}
