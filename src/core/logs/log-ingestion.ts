import { randomInt } from 'node:crypto';

import type { Clock } from '../../lib/clock.js';
import { serviceError } from '../../lib/errors.js';
import type { Store } from '../../store/store.js';
import type { LogRetention } from './log-retention.js';
import type { LogService } from './log-service.js';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** PutLogEvents refuses events more than 2 hours ahead and more than 14 days behind the wall clock. */
const MAX_AHEAD_MS = 2 * HOUR_MS;
const MAX_BEHIND_MS = 14 * DAY_MS;
/** One batch spans at most 24 hours. */
const MAX_SPAN_MS = 24 * HOUR_MS;

export interface InputLogEvent {
  timestamp: number;
  message: string;
}

/** Which of a batch's events were not stored, as PutLogEvents reports them (indexes into the batch). */
export interface RejectedLogEventsInfo {
  tooNewLogEventStartIndex?: number;
  tooOldLogEventEndIndex?: number;
  expiredLogEventEndIndex?: number;
}

export interface PutLogEventsResult {
  nextSequenceToken: string;
  rejected: RejectedLogEventsInfo | undefined;
}

/** PutLogEvents: events a client writes to a stream it created, with their own timestamps. */
export class LogIngestion {
  constructor(
    private readonly store: Store,
    private readonly logs: LogService,
    private readonly retention: LogRetention,
    private readonly clock: Clock,
  ) {}

  async putLogEvents(groupName: string, streamName: string, events: InputLogEvent[]): Promise<PutLogEventsResult> {
    const group = await this.logs.requireStream(groupName, streamName);
    for (let i = 1; i < events.length; i++) {
      if ((events[i] as InputLogEvent).timestamp < (events[i - 1] as InputLogEvent).timestamp) {
        throw serviceError('InvalidParameterException', 400, 'Log events in a single PutLogEvents request must be in chronological order.');
      }
    }
    const first = events[0] as InputLogEvent;
    const last = events[events.length - 1] as InputLogEvent;
    if (last.timestamp - first.timestamp > MAX_SPAN_MS) {
      throw serviceError('InvalidParameterException', 400, 'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.');
    }
    const now = this.clock.wallTime();
    const expiredBefore = this.retention.oldestVisible(group);
    const rejected: RejectedLogEventsInfo = {};
    const accepted: InputLogEvent[] = [];
    events.forEach((event, index) => {
      // The batch is in time order: too-old and expired events are a prefix, too-new ones a suffix.
      if (event.timestamp < now - MAX_BEHIND_MS) rejected.tooOldLogEventEndIndex = index;
      else if (expiredBefore !== undefined && event.timestamp < expiredBefore) rejected.expiredLogEventEndIndex = index;
      else if (event.timestamp > now + MAX_AHEAD_MS) rejected.tooNewLogEventStartIndex ??= index;
      else accepted.push(event);
    });
    if (accepted.length > 0) {
      await this.store.appendLogEvents(
        [],
        accepted.map((event) => ({ groupName, streamName, timestamp: event.timestamp, message: event.message })),
        now,
      );
    }
    return { nextSequenceToken: sequenceToken(), rejected: Object.keys(rejected).length === 0 ? undefined : rejected };
  }
}

/** The sequence token is ignored by PutLogEvents now; AWS still returns one, 56 digits. */
function sequenceToken(): string {
  let token = String(randomInt(1, 10));
  while (token.length < 56) token += String(randomInt(0, 10));
  return token;
}
