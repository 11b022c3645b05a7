import type { AsyncEventQuery, AsyncEventView, FunctionEventCounts, NewAsyncEvent } from '../../store/async-events.js';
import type { Store } from '../../store/store.js';
import { GroupCommit } from '../../lib/group-commit.js';

/**
 * Accepts asynchronous events with group commit: every event that arrives in the same turn of the event loop is
 * written in one transaction, and each caller is answered once its event is durable.
 */
export class AsyncEventQueue {
  private readonly commits: GroupCommit<NewAsyncEvent>;

  constructor(
    private readonly store: Store,
    onEnqueued: () => void,
  ) {
    this.commits = new GroupCommit(async (events) => {
      await store.enqueueEvents(events);
      onEnqueued();
    });
  }

  enqueue(event: NewAsyncEvent): Promise<void> {
    return this.commits.add(event);
  }

  /** The function's events with their attempts, oldest first: what the queue looks like now. */
  list(query: AsyncEventQuery): Promise<AsyncEventView[]> {
    return this.store.listEvents(query);
  }

  /** Every function's events waiting, running and failed: the queue's depth per function. */
  countsByFunction(): Promise<FunctionEventCounts[]> {
    return this.store.countEventsByFunction();
  }
}
