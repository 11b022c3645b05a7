/**
 * Long polling without a poll loop: a ReceiveMessage that found nothing waits here until its queue is notified
 * (a send became durable, a visibility change, a redrive) or its timer runs out, then looks again.
 *
 * Every notification bumps the queue's version. A receiver reads the version before it looks for messages and
 * waits only if the version is still the one it read, so a send that lands between the look and the wait is not
 * missed.
 */
export class QueueWaiters {
  private readonly versions = new Map<string, number>();
  private readonly waiting = new Map<string, Set<() => void>>();
  /** Set on shutdown: nobody waits any more, so open long polls answer and the server can close. */
  closed = false;

  version(queueName: string): number {
    return this.versions.get(queueName) ?? 0;
  }

  notify(queueName: string): void {
    this.versions.set(queueName, this.version(queueName) + 1);
    const wakers = this.waiting.get(queueName);
    if (wakers === undefined) return;
    this.waiting.delete(queueName);
    for (const wake of wakers) wake();
  }

  /** Ends every wait, now and later. */
  close(): void {
    this.closed = true;
    for (const queueName of [...this.waiting.keys()]) this.notify(queueName);
  }

  /** Resolves when the queue is notified after version `seen` (at once if it already was), or after `ms`. */
  wait(queueName: string, seen: number, ms: number): Promise<void> {
    if (this.closed || this.version(queueName) !== seen) return Promise.resolve();
    return new Promise((resolve) => {
      const wakers = this.waiting.get(queueName) ?? new Set<() => void>();
      this.waiting.set(queueName, wakers);
      const wake = () => {
        clearTimeout(timer);
        wakers.delete(wake);
        if (wakers.size === 0 && this.waiting.get(queueName) === wakers) this.waiting.delete(queueName);
        resolve();
      };
      const timer = setTimeout(wake, Math.max(0, ms));
      wakers.add(wake);
    });
  }
}
