/** The furthest one advance moves engine time: ten years, far beyond any retry, age or schedule. */
export const MAX_ADVANCE_SECONDS = 10 * 365 * 24 * 60 * 60;

/**
 * The engine's one clock. Engine time runs `timeScale` times faster than real time, and can be moved forward
 * with `advance`, so every engine wait (retry delays, backoff, event age, idle timeouts, later schedules)
 * shrinks from a single switch and tests can jump over minutes. Engine time only schedules: every timestamp
 * people read (LastModified, log events, the event timeline, S3) is `wallTime`, or an engine time brought
 * back to the wall with `toWallTime`. Leases and function timeouts are real time and are not scaled.
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
    return this.engineTimeAt(Date.now());
  }

  /** Real time, epoch milliseconds. */
  wallTime(): number {
    return Date.now();
  }

  /**
   * The wall time at which engine time is (or was) `engineMs`, as the clock runs now: what a person reads for an
   * engine time, e.g. when a retry is due or the tick a schedule fired for.
   */
  toWallTime(engineMs: number): number {
    const wall = Date.now();
    return Math.round(wall - (this.engineTimeAt(wall) - engineMs) / this.timeScale);
  }

  /** A timer for an engine wait of `ms` engine milliseconds. */
  setTimeout(callback: () => void, ms: number): NodeJS.Timeout {
    return setTimeout(callback, Math.max(0, ms) / this.timeScale);
  }

  /** Moves engine time forward by `ms` (0 < ms ≤ ten years); whoever waits on engine time is told to look again. */
  advance(ms: number): void {
    if (!(Number.isFinite(ms) && ms > 0 && ms <= MAX_ADVANCE_SECONDS * 1000)) {
      throw new RangeError(`an advance must be more than 0 and at most ${MAX_ADVANCE_SECONDS} seconds, got ${ms} ms`);
    }
    this.advancedMs += ms;
    for (const listener of this.advanceListeners) listener();
  }

  onAdvance(listener: () => void): void {
    this.advanceListeners.add(listener);
  }

  private engineTimeAt(wallMs: number): number {
    // Whole milliseconds: a fractional --time-scale would otherwise give times the store cannot keep as integers.
    return Math.round(this.realStart + (wallMs - this.realStart) * this.timeScale + this.advancedMs);
  }
}
