/**
 * Coalesced wake-ups for a worker that drains a store (the dispatcher, the outcome router): any number of
 * `request()` calls in one turn of the event loop run `work` once, on the next turn; none after `stop()`.
 */
export class WakeUp {
  private scheduled = false;
  private stopped = false;

  constructor(private readonly work: () => void) {}

  request(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.stopped) this.work();
    });
  }

  stop(): void {
    this.stopped = true;
  }
}
