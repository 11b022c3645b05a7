import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import type { LogGroupRecord, Store } from '../../store/store.js';

/** The retention periods CloudWatch Logs accepts, in days. */
export const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

const DAY_MS = 24 * 60 * 60 * 1000;
/** How often expired events are deleted. CloudWatch takes up to 72 hours; reads hide them from the first moment. */
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/**
 * A log group's retention applied. Retention is about log events' timestamps, which are wall time, so it runs on
 * wall time: `--time-scale` and clock advances (engine time) do not age log events.
 */
export class LogRetention {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** The oldest timestamp a read may return from the group now; undefined when its events never expire. */
  oldestVisible(group: LogGroupRecord): number | undefined {
    return group.retentionInDays === undefined ? undefined : this.clock.wallTime() - group.retentionInDays * DAY_MS;
  }

  /** Deletes every group's expired events now. */
  sweep(): Promise<unknown> {
    this.sweeping = this.sweeping
      .then(() => this.store.deleteExpiredLogEvents(this.clock.wallTime()))
      .catch((error: unknown) => this.logger.error('could not delete expired log events', { err: error }));
    return this.sweeping;
  }

  /** Sweeps at start and then every hour. */
  start(): void {
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }
}
