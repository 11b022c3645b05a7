import { serviceError } from '../../lib/errors.js';
import { decodePageToken, encodePageToken } from '../../lib/page-token.js';
import type { Clock } from '../../lib/clock.js';
import type { LogEventRecord, LogGroupRecord, LogGroupTags, LogStreamRecord, Page, Store } from '../../store/store.js';
import { compileFilterPattern } from './filter-pattern.js';
import type { LogRetention } from './log-retention.js';
import type { LogWriter } from './log-writer.js';

export const groupNotFound = () => serviceError('ResourceNotFoundException', 400, 'The specified log group does not exist.');
const streamNotFound = () => serviceError('ResourceNotFoundException', 400, 'The specified log stream does not exist.');
const invalidToken = () => serviceError('InvalidParameterException', 400, 'The specified nextToken is not valid.');

export interface EventsPage {
  events: LogEventRecord[];
  nextForwardToken: string;
  nextBackwardToken: string;
}

export interface FilteredEvents {
  events: LogEventRecord[];
  nextToken: string | undefined;
}

export interface GetEventsQuery {
  groupName: string;
  streamName: string;
  startTime: number | undefined;
  endTime: number | undefined;
  nextToken: string | undefined;
  limit: number;
  startFromHead: boolean;
}

export interface FilterEventsQuery {
  groupName: string;
  streamNames: string[] | undefined;
  streamNamePrefix: string | undefined;
  startTime: number | undefined;
  endTime: number | undefined;
  filterPattern: string | undefined;
  nextToken: string | undefined;
  limit: number;
}

/** Scan size when a filter pattern is applied in memory to stored events. */
const FILTER_SCAN_BATCH = 1000;

/**
 * CloudWatch Logs as a domain: log groups, streams and events. Reads first flush the writer, so an
 * invocation's lines are visible the moment its Invoke has answered.
 */
export class LogService {
  constructor(
    private readonly store: Store,
    private readonly writer: LogWriter,
    private readonly clock: Clock,
    private readonly retention: LogRetention,
  ) {}

  async createLogGroup(name: string, tags: LogGroupTags): Promise<void> {
    await this.writer.flush();
    if (!(await this.store.createLogGroup(name, this.clock.wallTime(), tags))) {
      throw serviceError('ResourceAlreadyExistsException', 400, 'The specified log group already exists');
    }
  }

  async deleteLogGroup(name: string): Promise<void> {
    await this.writer.flush();
    if (!(await this.store.deleteLogGroup(name))) throw groupNotFound();
  }

  async createLogStream(groupName: string, name: string): Promise<void> {
    await this.requireGroup(groupName);
    if (!(await this.store.createLogStream({ groupName, name, creationTime: this.clock.wallTime() }))) {
      throw serviceError('ResourceAlreadyExistsException', 400, 'The specified log stream already exists');
    }
  }

  async describeLogGroups(prefix: string | undefined, nextToken: string | undefined, limit: number): Promise<Page<LogGroupRecord>> {
    await this.writer.flush();
    const page = await this.store.listLogGroups({ prefix, after: decodeCursor(nextToken), limit });
    return { items: page.items, next: encodeCursor(page.next) };
  }

  async describeLogStreams(query: {
    groupName: string;
    prefix: string | undefined;
    orderBy: 'LogStreamName' | 'LastEventTime';
    descending: boolean;
    nextToken: string | undefined;
    limit: number;
  }): Promise<Page<LogStreamRecord>> {
    await this.requireGroup(query.groupName);
    const page = await this.store.listLogStreams({ ...query, after: decodeCursor(query.nextToken) });
    return { items: page.items, next: encodeCursor(page.next) };
  }

  async getLogEvents(query: GetEventsQuery): Promise<EventsPage> {
    const group = await this.requireStream(query.groupName, query.streamName);
    const token = parseEventToken(query.nextToken);
    const forward = token === undefined ? query.startFromHead : token.direction === 'f';
    const events = await this.store.queryLogEvents({
      groupName: query.groupName,
      streamNames: [query.streamName],
      startTime: this.visibleFrom(group, query.startTime),
      endTime: query.endTime,
      fromHead: forward,
      afterId: token?.direction === 'f' ? token.id : undefined,
      beforeId: token?.direction === 'b' ? token.id : undefined,
      limit: query.limit,
    });
    const first = events[0];
    const last = events[events.length - 1];
    if (first === undefined || last === undefined) {
      // At the end in this direction the same token comes back (how clients know they are done); the other
      // direction pages on from the same position.
      // `f/N` reads ids above N and `b/N` ids below N: the same position is `b/N+1` and `f/N-1`.
      const id = token?.id ?? 0;
      return {
        events,
        nextForwardToken: token?.direction === 'f' ? (query.nextToken as string) : eventToken('f', Math.max(0, id - 1)),
        nextBackwardToken: token?.direction === 'b' ? (query.nextToken as string) : eventToken('b', token === undefined ? 0 : id + 1),
      };
    }
    return { events, nextForwardToken: eventToken('f', last.id), nextBackwardToken: eventToken('b', first.id) };
  }

  async filterLogEvents(query: FilterEventsQuery): Promise<FilteredEvents> {
    const group = await this.requireGroup(query.groupName);
    const pattern = compileFilterPattern(query.filterPattern);
    const streamNames = await this.streamNamesFor(query);
    if (streamNames !== undefined && streamNames.length === 0) return { events: [], nextToken: undefined };
    const found: LogEventRecord[] = [];
    let afterId = query.nextToken === undefined ? undefined : decodeNumberCursor(query.nextToken);
    for (;;) {
      const batch = await this.store.queryLogEvents({
        groupName: query.groupName,
        streamNames,
        startTime: this.visibleFrom(group, query.startTime),
        // FilterLogEvents includes events stamped exactly at endTime; the store's end is exclusive.
        endTime: query.endTime === undefined ? undefined : query.endTime + 1,
        fromHead: true,
        afterId,
        beforeId: undefined,
        limit: FILTER_SCAN_BATCH,
      });
      for (const event of batch) {
        afterId = event.id;
        if (!pattern.matches(event.message)) continue;
        found.push(event);
        if (found.length === query.limit) return { events: found, nextToken: encodeCursor(String(event.id)) };
      }
      if (batch.length < FILTER_SCAN_BATCH) return { events: found, nextToken: undefined };
    }
  }

  private async streamNamesFor(query: FilterEventsQuery): Promise<string[] | undefined> {
    if (query.streamNamePrefix === undefined) return query.streamNames;
    const page = await this.store.listLogStreams({
      groupName: query.groupName,
      prefix: query.streamNamePrefix,
      orderBy: 'LogStreamName',
      descending: false,
      after: undefined,
      limit: 10_000,
    });
    return page.items.map((stream) => stream.name);
  }

  /** The group as stored, once everything written so far is stored; ResourceNotFoundException when there is none. */
  async requireGroup(name: string): Promise<LogGroupRecord> {
    await this.writer.flush();
    const group = await this.store.getLogGroup(name);
    if (group === undefined) throw groupNotFound();
    return group;
  }

  /** The stream's group, when the group and the stream exist; ResourceNotFoundException naming the missing one otherwise. */
  async requireStream(groupName: string, streamName: string): Promise<LogGroupRecord> {
    const group = await this.requireGroup(groupName);
    const streams = await this.store.listLogStreams({
      groupName,
      prefix: streamName,
      orderBy: 'LogStreamName',
      descending: false,
      after: undefined,
      limit: 1,
    });
    if (streams.items[0]?.name !== streamName) throw streamNotFound();
    return group;
  }

  /** A read's start time: events older than the group's retention are gone for readers before the sweep deletes them. */
  private visibleFrom(group: LogGroupRecord, startTime: number | undefined): number | undefined {
    const oldest = this.retention.oldestVisible(group);
    if (oldest === undefined) return startTime;
    return startTime === undefined ? oldest : Math.max(startTime, oldest);
  }
}

/** `f/…` and `b/…` tokens carry the id of the last event seen, padded like AWS's 56-digit tokens. */
function eventToken(direction: 'f' | 'b', id: number): string {
  return `${direction}/${String(id).padStart(56, '0')}`;
}

function parseEventToken(token: string | undefined): { direction: 'f' | 'b'; id: number } | undefined {
  if (token === undefined) return undefined;
  const match = /^([fb])\/(\d{1,56})$/.exec(token);
  if (match === null) throw invalidToken();
  return { direction: match[1] as 'f' | 'b', id: Number(match[2]) };
}

function encodeCursor(cursor: string | undefined): string | undefined {
  return cursor === undefined ? undefined : encodePageToken(cursor);
}

function decodeCursor(token: string | undefined): string | undefined {
  return token === undefined ? undefined : decodePageToken(token);
}

function decodeNumberCursor(token: string): number {
  const id = Number(decodeCursor(token));
  if (!Number.isSafeInteger(id)) throw invalidToken();
  return id;
}
