import type { AsyncEventQuery, AsyncEventView, NewAsyncEvent } from '../../store/async-events.js';
import type { Store } from '../../store/store.js';

interface Pending {
  event: NewAsyncEvent;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Accepts asynchronous events with group commit: every event that arrives in the same turn of the event loop is
 * written in one transaction, and each caller is answered once its event is durable.
 */
export class AsyncEventQueue {
  private pending: Pending[] = [];
  private flushScheduled = false;

  constructor(
    private readonly store: Store,
    private readonly onEnqueued: () => void,
  ) {}

  enqueue(event: NewAsyncEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ event, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  /** The function's events with their attempts, oldest first: what the queue looks like now. */
  list(query: AsyncEventQuery): Promise<AsyncEventView[]> {
    return this.store.listEvents(query);
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.flushScheduled = false;
    try {
      await this.store.enqueueEvents(batch.map((entry) => entry.event));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    for (const entry of batch) entry.resolve();
    this.onEnqueued();
  }
}
