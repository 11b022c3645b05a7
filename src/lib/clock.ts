/**
 * The engine's one clock. Every engine wait (retry delays, backoff, idle timeouts, schedules) asks it for
 * timers, so `--time-scale N` shrinks them all N× from a single switch. Function timeouts are the function's
 * own time and are not scaled.
 */
export class Clock {
  constructor(readonly timeScale = 1) {
    if (!(timeScale > 0)) throw new RangeError(`time scale must be a positive number, got ${timeScale}`);
  }

  now(): number {
    return Date.now();
  }

  /** A timer for an engine wait of `ms` engine milliseconds, fired after `ms / timeScale` real milliseconds. */
  setTimeout(callback: () => void, ms: number): NodeJS.Timeout {
    return setTimeout(callback, ms / this.timeScale);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, ms));
  }
}
