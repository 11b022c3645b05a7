import { NO_METRICS, type InvocationMetrics } from './invocation-metrics.js';

/**
 * Concurrent executions, as Lambda counts them: an account limit, and per function an optional reservation
 * that is both its ceiling and carved out of the pool the other functions share.
 */
export type ThrottleReason = 'ConcurrentInvocationLimitExceeded' | 'ReservedFunctionConcurrentInvocationLimitExceeded';

/** One execution's hold on concurrency; released exactly once when the execution ends. */
export interface ConcurrencySlot {
  release(): void;
}

export class ConcurrencyLimiter {
  private readonly running = new Map<string, number>();
  private readonly reservations = new Map<string, number>();
  private runningTotal = 0;
  private runningUnreserved = 0;
  private reservedTotal = 0;

  constructor(
    readonly accountLimit: number,
    private readonly metrics: InvocationMetrics = NO_METRICS,
  ) {}

  /** Sets or clears (undefined) a function's reserved concurrency. */
  setReservation(functionName: string, reserved: number | undefined): void {
    this.reservedTotal -= this.reservations.get(functionName) ?? 0;
    if (reserved === undefined) this.reservations.delete(functionName);
    else this.reservations.set(functionName, reserved);
    this.reservedTotal += reserved ?? 0;
  }

  reservation(functionName: string): number | undefined {
    return this.reservations.get(functionName);
  }

  /** What reservations leave for every other function. */
  get unreservedLimit(): number {
    return this.accountLimit - this.reservedTotal;
  }

  /** Slots free in the whole account right now. */
  get free(): number {
    return Math.max(0, this.accountLimit - this.runningTotal);
  }

  /** Takes a slot for one execution of the function, or says why it cannot. */
  tryAcquire(functionName: string): ConcurrencySlot | ThrottleReason {
    const reserved = this.reservations.get(functionName);
    const mine = this.running.get(functionName) ?? 0;
    if (reserved !== undefined && mine >= reserved) return 'ReservedFunctionConcurrentInvocationLimitExceeded';
    const unreserved = reserved === undefined;
    if (unreserved && this.runningUnreserved >= this.unreservedLimit) return 'ConcurrentInvocationLimitExceeded';
    if (unreserved) this.runningUnreserved++;
    this.running.set(functionName, mine + 1);
    this.runningTotal++;
    this.metrics.executionsChanged(functionName, mine + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const count = this.running.get(functionName) ?? 0;
        if (count <= 1) this.running.delete(functionName);
        else this.running.set(functionName, count - 1);
        this.runningTotal--;
        if (unreserved) this.runningUnreserved--;
        this.metrics.executionsChanged(functionName, this.runningOf(functionName));
      },
    };
  }

  /** Functions running at their reservation: their queued events wait rather than being claimed and throttled. */
  saturatedFunctions(): string[] {
    const saturated: string[] = [];
    for (const [name, reserved] of this.reservations) {
      if (reserved > 0 && (this.running.get(name) ?? 0) >= reserved) saturated.push(name);
    }
    return saturated;
  }

  /** Executions of every function running now. */
  totalRunning(): number {
    return this.runningTotal;
  }

  /** Executions of the function running now. */
  runningOf(functionName: string): number {
    return this.running.get(functionName) ?? 0;
  }
}
