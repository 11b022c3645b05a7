import { randomUUID } from 'node:crypto';
import type { AccountScope } from '../../../lib/arn.js';
import type { Clock } from '../../../lib/clock.js';
import { AwsError } from '../../../lib/errors.js';
import { GroupCommit } from '../../../lib/group-commit.js';
import type { NewQueueMessage, QueueMessageRecord, QueueRecord, QueueStore, ReceiptRef, ReceiveOutcome, ReceiveRequest, VisibilityChange } from '../../../store/sqs.js';
import type { QueueSender } from '../delivery-ports.js';
import type { MessageAttributes } from '../message-attributes.js';
import { decodeMessageAttributes, encodeMessageAttributes } from './message-attribute-codec.js';
import { md5OfBody, md5OfMessageAttributes } from './message-md5.js';
import { checkMessageAttributes, checkMessageBody, messageSize } from './message-validation.js';
import { queueNameOfArn } from './queue-name.js';
import type { Queues } from './queues.js';
import { decodeReceiptHandle, encodeReceiptHandle } from './receipt-handle.js';
import { QueueWaiters } from './queue-waiters.js';
import { batchRequestTooLong, invalidParameter, invalidParameterValue, queueDoesNotExist, receiptHandleIsInvalid } from './sqs-errors.js';

/** A SendMessageBatch's entries together may not exceed this. */
const MAX_BATCH_BYTES = 1_048_576;
const MAX_DELAY_SECONDS = 900;
const MAX_VISIBILITY_TIMEOUT = 43_200;

export interface OutgoingMessage {
  body: string;
  attributes: MessageAttributes;
  /** Undefined: the queue's DelaySeconds. */
  delaySeconds: number | undefined;
}

export interface SentMessage {
  messageId: string;
  md5OfMessageBody: string;
  md5OfMessageAttributes: string | undefined;
}

export interface ReceiveOptions {
  maxNumberOfMessages: number;
  /** Undefined: the queue's VisibilityTimeout. */
  visibilityTimeout: number | undefined;
  /** Undefined: the queue's ReceiveMessageWaitTimeSeconds. */
  waitTimeSeconds: number | undefined;
}

export interface ReceivedMessage {
  record: QueueMessageRecord;
  receiptHandle: string;
  attributes: MessageAttributes;
  deadLetterQueueSourceArn: string | undefined;
}

export interface VisibilityRequest {
  receiptHandle: string;
  visibilityTimeout: number;
}

interface PreparedMessage {
  stored: NewQueueMessage;
  sent: SentMessage;
}

/** One request's messages, stored in a group commit with other requests'; the write tells whether the queue was gone. */
interface PendingSend {
  queueName: string;
  messages: NewQueueMessage[];
  queueMissing: boolean;
}

/** One receive, claimed in a transaction shared with the receives of the same turn; the write fills in its outcome. */
interface PendingReceive {
  request: ReceiveRequest;
  outcome: ReceiveOutcome | undefined;
}

/**
 * The messages of SQS standard queues: send (durable before the answer), receive (with long polling woken by
 * sends), delete, change visibility. Also the engine's way to put a message on a queue.
 *
 * Sends, receives and deletes of concurrent requests share transactions (group commit): one commit, and for sends
 * one fsync, serves every request of the same turn of the event loop.
 */
export class QueueMessages implements QueueSender {
  private readonly waiters = new QueueWaiters();
  private readonly sends: GroupCommit<PendingSend>;
  private readonly receives: GroupCommit<PendingReceive>;
  private readonly deletes: GroupCommit<ReceiptRef[]>;

  constructor(
    private readonly store: QueueStore,
    private readonly queues: Queues,
    private readonly scope: AccountScope,
    private readonly clock: Clock,
  ) {
    this.sends = new GroupCommit(async (pending) => {
      const missing = new Set(await this.store.sendMessages(pending.flatMap((entry) => entry.messages)));
      for (const entry of pending) entry.queueMissing = missing.has(entry.queueName);
    });
    this.receives = new GroupCommit(async (pending) => {
      const outcomes = await this.store.receiveMessages(pending.map((entry) => entry.request));
      pending.forEach((entry, index) => (entry.outcome = outcomes[index]));
    });
    this.deletes = new GroupCommit((batches) => this.store.deleteMessages(batches.flat()));
  }

  async sendMessage(queueName: string, message: OutgoingMessage): Promise<SentMessage> {
    const queue = await this.queues.require(queueName);
    const prepared = this.prepare(queue, message, false);
    await this.commit(queueName, [prepared.stored]);
    return prepared.sent;
  }

  /** Each entry is sent or refused on its own; a refused entry is its AwsError. */
  async sendMessageBatch(queueName: string, messages: OutgoingMessage[]): Promise<(SentMessage | AwsError)[]> {
    const queue = await this.queues.require(queueName);
    const total = messages.reduce((sum, message) => sum + messageSize(message.body, message.attributes), 0);
    if (total > MAX_BATCH_BYTES) throw batchRequestTooLong(MAX_BATCH_BYTES, total);
    const prepared = messages.map((message) => {
      try {
        return this.prepare(queue, message, true);
      } catch (error) {
        if (error instanceof AwsError) return error;
        throw error;
      }
    });
    await this.commit(queueName, prepared.flatMap((entry) => (entry instanceof AwsError ? [] : [entry.stored])));
    return prepared.map((entry) => (entry instanceof AwsError ? entry : entry.sent));
  }

  /** QueueSender: the SNS delivery and Lambda's dead-letter queues put messages on queues this way. */
  async sendToQueue(queueArn: string, body: string, attributes: MessageAttributes): Promise<void> {
    const name = queueNameOfArn(this.scope, queueArn);
    if (name === undefined) throw queueDoesNotExist();
    await this.sendMessage(name, { body, attributes, delaySeconds: undefined });
  }

  /** Shutdown: long polls in progress answer with what they have (nothing) instead of holding the server open. */
  stopWaiting(): void {
    this.waiters.close();
  }

  async receive(queueName: string, options: ReceiveOptions): Promise<ReceivedMessage[]> {
    const queue = await this.queues.require(queueName);
    const settings = this.queues.settings(queue);
    const visibilityMs = (options.visibilityTimeout ?? settings.visibilityTimeout) * 1000;
    const deadline = this.clock.wallTime() + (options.waitTimeSeconds ?? settings.receiveMessageWaitTimeSeconds) * 1000;
    for (;;) {
      const seen = this.waiters.version(queueName);
      const now = this.clock.wallTime();
      const outcome = await this.claim({
        queueName,
        now,
        visibleUntil: now + visibilityMs,
        limit: options.maxNumberOfMessages,
        expiredBefore: now - settings.messageRetentionPeriod * 1000,
        redrive: settings.redrive,
      });
      if (outcome.movedToDeadLetterQueue > 0 && settings.redrive !== undefined) this.waiters.notify(settings.redrive.deadLetterQueueName);
      if (outcome.messages.length > 0) return outcome.messages.map((record) => this.received(record));
      const remaining = deadline - this.clock.wallTime();
      if (remaining <= 0 || this.waiters.closed) return [];
      // Wake for a send, or when a delayed or in-flight message becomes visible, whichever comes first.
      const untilVisible = outcome.nextVisibleAt === undefined ? remaining : outcome.nextVisibleAt - now;
      await this.waiters.wait(queueName, seen, Math.min(remaining, untilVisible));
    }
  }

  /**
   * Deletes each message whose handle is its latest receipt. A handle of an earlier receive, or of a message
   * already deleted, changes nothing and is no error (as on SQS); a handle that is not one is refused.
   */
  async deleteMessages(queueName: string, receiptHandles: string[]): Promise<(AwsError | undefined)[]> {
    await this.queues.require(queueName);
    const decoded = receiptHandles.map((text) => this.decodeHandle(queueName, text));
    const refs = decoded.flatMap((entry) => (entry instanceof AwsError ? [] : [entry]));
    if (refs.length > 0) await this.deletes.add(refs);
    return decoded.map((entry) => (entry instanceof AwsError ? entry : undefined));
  }

  /** Only a message's latest receipt handle can change its visibility. */
  async changeVisibility(queueName: string, requests: VisibilityRequest[]): Promise<(AwsError | undefined)[]> {
    await this.queues.require(queueName);
    const now = this.clock.wallTime();
    const checked = requests.map((request): VisibilityChange | AwsError => {
      const timeout = request.visibilityTimeout;
      if (timeout > MAX_VISIBILITY_TIMEOUT) {
        return invalidParameter('VisibilityTimeout', timeout, `Total VisibilityTimeout for the message is beyond the limit [${MAX_VISIBILITY_TIMEOUT} seconds].`);
      }
      if (timeout < 0) return invalidParameter('VisibilityTimeout', timeout, `Must be >= 0 and <= ${MAX_VISIBILITY_TIMEOUT}, if provided.`);
      const handle = this.decodeHandle(queueName, request.receiptHandle);
      return handle instanceof AwsError ? handle : { ...handle, visibleAt: now + timeout * 1000 };
    });
    const changes = checked.flatMap((entry) => (entry instanceof AwsError ? [] : [entry]));
    const applied = await this.store.changeMessageVisibility(changes);
    // A message may now be visible sooner than a waiting receive expects.
    if (applied.some(Boolean)) this.waiters.notify(queueName);
    let next = 0;
    return checked.map((entry, index) => {
      if (entry instanceof AwsError) return entry;
      if (applied[next++] === true) return undefined;
      return invalidParameter('ReceiptHandle', requests[index]?.receiptHandle, 'Message does not exist or is not available for visibility timeout change.');
    });
  }

  private decodeHandle(queueName: string, text: string) {
    const handle = decodeReceiptHandle(text);
    return handle === undefined || handle.queueName !== queueName ? receiptHandleIsInvalid(text) : handle;
  }

  /** Checks one message against the queue and gives it an id and its MD5s; throws the AwsError that refuses it. */
  private prepare(queue: QueueRecord, message: OutgoingMessage, inBatch: boolean): PreparedMessage {
    const settings = this.queues.settings(queue);
    checkMessageBody(message.body);
    checkMessageAttributes(message.attributes);
    const delay = message.delaySeconds ?? settings.delaySeconds;
    if (delay < 0 || delay > MAX_DELAY_SECONDS) throw invalidParameter('DelaySeconds', delay, `DelaySeconds must be >= 0 and <= ${MAX_DELAY_SECONDS}.`);
    if (messageSize(message.body, message.attributes) > settings.maximumMessageSize) {
      const opening = inBatch ? 'One or more parameters cannot be validated.' : 'One or more parameters are invalid.';
      throw invalidParameterValue(`${opening} Reason: Message must be shorter than ${settings.maximumMessageSize} bytes.`);
    }
    const now = this.clock.wallTime();
    const messageId = randomUUID();
    const md5 = md5OfBody(message.body);
    return {
      stored: {
        queueName: queue.name,
        messageId,
        body: message.body,
        md5OfBody: md5,
        attributes: encodeMessageAttributes(message.attributes),
        senderId: this.scope.accountId,
        sentAt: now,
        visibleAt: now + delay * 1000,
      },
      sent: { messageId, md5OfMessageBody: md5, md5OfMessageAttributes: md5OfMessageAttributes(message.attributes) },
    };
  }

  /** Resolves once the messages are durable; then waiting receives of the queue look again. */
  private async commit(queueName: string, messages: NewQueueMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const pending: PendingSend = { queueName, messages, queueMissing: false };
    await this.sends.add(pending);
    if (pending.queueMissing) throw queueDoesNotExist();
    this.waiters.notify(queueName);
  }

  private async claim(request: ReceiveRequest): Promise<ReceiveOutcome> {
    const pending: PendingReceive = { request, outcome: undefined };
    await this.receives.add(pending);
    return pending.outcome ?? { messages: [], movedToDeadLetterQueue: 0, nextVisibleAt: undefined };
  }

  private received(record: QueueMessageRecord): ReceivedMessage {
    return {
      record,
      receiptHandle: encodeReceiptHandle({ queueName: record.queueName, id: record.id, receipt: record.receipt ?? '' }),
      attributes: decodeMessageAttributes(record.attributes),
      deadLetterQueueSourceArn: record.deadLetterSourceQueue === undefined ? undefined : this.queues.arnOf(record.deadLetterSourceQueue),
    };
  }
}
