import type { Clock } from '../../lib/clock.js';
import { AwsError, invalidParameterValue, resourceNotFound } from '../../lib/errors.js';
import type { AsyncEventRecord, AsyncEventStore, RedriveResult, RedriveSource } from '../../store/async-events.js';
import type { FunctionReference } from '../functions/function-name.js';
import type { FunctionRegistry } from '../functions/function-registry.js';
import type { QueueMessages, ReceivedMessage } from '../messaging/sqs/queue-messages.js';

/** Which events to redrive: the named ones, every failed one, or those whose dead letters wait in a queue. */
export type RedriveSelector = { requestIds: string[] } | { state: 'failed' } | { deadLetterQueueName: string };

export interface RedriveOutcome {
  redriven: { requestId: string; from: RedriveSource }[];
  skipped: { requestId?: string; reason: string }[];
}

/** What a redrive needs of SQS: reading a dead-letter queue's messages, deleting those redriven, releasing the rest. */
export type DeadLetterQueueAccess = Pick<QueueMessages, 'receive' | 'deleteMessages' | 'changeVisibility'>;

export interface RedriveDeps {
  store: AsyncEventStore;
  clock: Clock;
  registry: FunctionRegistry;
  queues: DeadLetterQueueAccess;
  /** Redriven events are due now: the dispatcher should look. */
  wake(): void;
}

/** The most dead letters one redrive reads, so a huge queue cannot hold a request for long. */
const MAX_MESSAGES = 10_000;
/** Dead letters read but not redriven are hidden this long unless released; released at once below. */
const READ_VISIBILITY_SECONDS = 30;
const FAILED_PAGE = 1000;
/** A routing usually completes within milliseconds of the failure: a redrive that comes sooner looks again a few times. */
const DELIVERY_WAIT_MS = 100;
const DELIVERY_LOOKS = 30;

const SKIP_REASONS: Record<Exclude<RedriveResult, 'redriven'>, string> = {
  'not-failed': 'the event is no longer failed',
  'delivery-pending': 'its dead-letter or destination delivery is still in progress; redrive it again in a moment',
};

/**
 * Puts failed asynchronous events back in the queue — an Eventide feature, not Lambda's: each keeps its request id,
 * payload and history, is due now with a fresh retry budget, and its timeline records the redrive. From a
 * dead-letter queue, the messages whose `RequestID` names an event of the function are redriven and deleted; the
 * others stay, visible, and are reported.
 */
export class Redrive {
  constructor(private readonly deps: RedriveDeps) {}

  async redrive(ref: FunctionReference, selector: RedriveSelector): Promise<RedriveOutcome> {
    const fn = await this.deps.registry.get(ref);
    if ('requestIds' in selector) return this.redriveNamed(fn.name, selector.requestIds);
    if ('state' in selector) return this.redriveEvents(await this.failedEvents(fn.name), 'failed');
    return this.redriveFromQueue(fn.name, selector.deadLetterQueueName);
  }

  /** Every id must name a failed event of the function; otherwise nothing changes. */
  private async redriveNamed(functionName: string, requestIds: string[]): Promise<RedriveOutcome> {
    const unique = [...new Set(requestIds)];
    const found = new Map((await this.deps.store.findEvents(unique)).map((event) => [event.requestId, event]));
    const events = unique.map((requestId) => {
      const event = found.get(requestId);
      if (event?.functionName !== functionName) throw resourceNotFound(`Event not found: ${requestId} (no asynchronous event of ${functionName} has this request id)`);
      if (event.state !== 'failed') throw invalidParameterValue(`Event ${requestId} is ${event.state}: only failed events can be redriven.`);
      return event;
    });
    return this.redriveEvents(events, 'failed');
  }

  private async failedEvents(functionName: string): Promise<AsyncEventRecord[]> {
    const events: AsyncEventRecord[] = [];
    for (;;) {
      const page = await this.deps.store.listEvents({ functionName, state: 'failed', afterId: events.at(-1)?.id, limit: FAILED_PAGE });
      events.push(...page);
      if (page.length < FAILED_PAGE) return events;
    }
  }

  private async redriveEvents(events: AsyncEventRecord[], from: RedriveSource): Promise<RedriveOutcome> {
    const outcome: RedriveOutcome = { redriven: [], skipped: [] };
    if (events.length === 0) return outcome;
    let pending = events;
    for (let look = 1; pending.length > 0; look++) {
      const results = await this.redriveNow(pending, from);
      const waiting: AsyncEventRecord[] = [];
      pending.forEach((event, index) => {
        const result = results[index] ?? 'not-failed';
        if (result === 'redriven') outcome.redriven.push({ requestId: event.requestId, from });
        else if (result === 'delivery-pending' && look < DELIVERY_LOOKS) waiting.push(event);
        else outcome.skipped.push({ requestId: event.requestId, reason: SKIP_REASONS[result] });
      });
      if (results.includes('redriven')) this.deps.wake();
      pending = waiting;
      if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, DELIVERY_WAIT_MS));
    }
    return outcome;
  }

  private redriveNow(events: AsyncEventRecord[], from: RedriveSource): Promise<RedriveResult[]> {
    const { store, clock } = this.deps;
    return store.redriveEvents({ ids: events.map((event) => event.id), from, at: clock.wallTime(), dueAt: clock.now() });
  }

  private async redriveFromQueue(functionName: string, queueName: string): Promise<RedriveOutcome> {
    const messages = await this.readAll(queueName);
    const requestIdOf = (message: ReceivedMessage) => message.attributes.RequestID?.StringValue;
    const ids = [...new Set(messages.map(requestIdOf).filter((id) => id !== undefined))];
    const events = (await this.deps.store.findEvents(ids)).filter((event) => event.functionName === functionName);
    const known = new Set(events.map((event) => event.requestId));
    const candidates = events.filter((event) => event.state === 'failed');
    const outcome = await this.redriveEvents(candidates, 'dead-letter-queue');
    const redriven = new Set(outcome.redriven.map((entry) => entry.requestId));
    // Dead letters of events that are not failed (already redriven, say) stay, and say why.
    for (const event of events) {
      if (event.state !== 'failed') outcome.skipped.push({ requestId: event.requestId, reason: `the event is ${event.state}, not failed` });
    }
    const isRedriven = (message: ReceivedMessage) => redriven.has(requestIdOf(message) ?? '');
    const done = messages.filter(isRedriven);
    const release = messages.filter((message) => !isRedriven(message));
    for (const message of release) {
      const requestId = requestIdOf(message);
      if (requestId === undefined) outcome.skipped.push({ reason: `message ${message.record.messageId} has no RequestID attribute: it is not a dead letter of an asynchronous invocation` });
      else if (!known.has(requestId)) outcome.skipped.push({ requestId, reason: `no asynchronous event of ${functionName} has this request id` });
    }
    if (done.length > 0) await this.deps.queues.deleteMessages(queueName, done.map((message) => message.receiptHandle));
    if (release.length > 0) {
      await this.deps.queues.changeVisibility(queueName, release.map((message) => ({ receiptHandle: message.receiptHandle, visibilityTimeout: 0 })));
    }
    return outcome;
  }

  /** Every visible message of the queue (up to MAX_MESSAGES), each hidden from other readers while the redrive runs. */
  private async readAll(queueName: string): Promise<ReceivedMessage[]> {
    const messages: ReceivedMessage[] = [];
    try {
      while (messages.length < MAX_MESSAGES) {
        const batch = await this.deps.queues.receive(queueName, { maxNumberOfMessages: 10, visibilityTimeout: READ_VISIBILITY_SECONDS, waitTimeSeconds: 0 });
        if (batch.length === 0) break;
        messages.push(...batch);
      }
    } catch (error) {
      if (error instanceof AwsError && error.code === 'QueueDoesNotExist') throw resourceNotFound(`Queue not found: ${queueName}`);
      throw error;
    }
    return messages;
  }
}
