/**
 * The engine's one clock. Engine time runs `timeScale` times faster than real time, and can be moved forward
 * with `advance`, so every engine wait (retry delays, backoff, event age, idle timeouts, later schedules)
 * shrinks from a single switch and tests can jump over minutes. Timestamps people read (LastModified, log
 * events) use `wallTime`; function timeouts are the function's own real time and are not scaled.
 */
export class Clock {
  private readonly realStart = Date.now();
  private advancedMs = 0;
  private readonly advanceListeners = new Set<() => void>();

  /**
   * `resumeFrom`: the latest engine time a previous run recorded. Engine time never goes back across a restart,
   * so retries a sped-up or advanced clock scheduled come at their time, not later.
   */
  constructor(
    readonly timeScale = 1,
    resumeFrom = 0,
  ) {
    if (!(timeScale > 0)) throw new RangeError(`time scale must be a positive number, got ${timeScale}`);
    this.advancedMs = Math.max(0, resumeFrom - this.realStart);
  }

  /** Engine time, epoch milliseconds. */
  now(): number {
    return this.realStart + (Date.now() - this.realStart) * this.timeScale + this.advancedMs;
  }

  /** Real time, epoch milliseconds. */
  wallTime(): number {
    return Date.now();
  }

  /** Engine time `realMs` real milliseconds from now. */
  afterReal(realMs: number): number {
    return this.now() + realMs * this.timeScale;
  }

  /** A timer for an engine wait of `ms` engine milliseconds. */
  setTimeout(callback: () => void, ms: number): NodeJS.Timeout {
    return setTimeout(callback, Math.max(0, ms) / this.timeScale);
  }

  /** Moves engine time forward; whoever waits on engine time is told to look again. */
  advance(ms: number): void {
    this.advancedMs += ms;
    for (const listener of this.advanceListeners) listener();
  }

  onAdvance(listener: () => void): void {
    this.advanceListeners.add(listener);
  }
}
