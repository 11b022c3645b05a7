import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import type { LogLine, LogSink } from '../../runtime/types.js';
import type { NewLogEvent, NewLogStream, Store } from '../../store/store.js';

/**
 * Collects log lines from every execution environment and writes them to the Store in one transaction per
 * flush (group commit), so an invocation never waits for a disk write of its log.
 */
export class LogWriter implements LogSink {
  private streams: NewLogStream[] = [];
  private events: NewLogEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly flushIntervalMs = 50,
  ) {}

  streamStarted(groupName: string, name: string, creationTime: number): void {
    this.streams.push({ groupName, name, creationTime });
    this.schedule();
  }

  append(groupName: string, streamName: string, lines: LogLine[]): void {
    for (const line of lines) this.events.push({ groupName, streamName, timestamp: line.timestamp, message: line.message });
    this.schedule();
  }

  /** Writes everything collected so far; resolves once it is stored. */
  flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const streams = this.streams;
    const events = this.events;
    this.streams = [];
    this.events = [];
    this.flushing = this.flushing
      .then(() => (streams.length === 0 && events.length === 0 ? undefined : this.store.appendLogEvents(streams, events, this.clock.wallTime())))
      .catch((error: unknown) => this.logger.error('could not store log events', { count: events.length, err: error }));
    return this.flushing;
  }

  private schedule(): void {
    if (this.timer === undefined) this.timer = setTimeout(() => void this.flush(), this.flushIntervalMs);
  }
}
