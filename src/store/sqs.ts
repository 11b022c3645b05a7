/**
 * SQS standard queues and their messages, as the Store keeps them. Times are wall-clock epoch milliseconds
 * (SQS timings are real time, not engine time).
 */

export interface QueueRecord {
  name: string;
  /** The queue's settable attributes as SQS reports them (`VisibilityTimeout: '30'`, `RedrivePolicy: '{…}'`). */
  attributes: Record<string, string>;
  tags: Record<string, string>;
  createdAt: number;
  lastModifiedAt: number;
}

export interface NewQueueMessage {
  queueName: string;
  messageId: string;
  body: string;
  md5OfBody: string;
  /** The message attributes, serialised by the domain; undefined when the message has none. */
  attributes: string | undefined;
  senderId: string;
  sentAt: number;
  /** When the message can first be received (its delay). */
  visibleAt: number;
}

export interface QueueMessageRecord extends NewQueueMessage {
  /** Store-assigned; with `receipt` it names one receive of the message. */
  id: number;
  receiveCount: number;
  firstReceivedAt: number | undefined;
  /** The latest receive's token: only it may change the message's visibility or delete it. */
  receipt: string | undefined;
  /** The queue the message was moved from by its redrive policy. */
  deadLetterSourceQueue: string | undefined;
}

/** Names one receive of a message: its queue, the message and the receipt token that receive gave it. */
export interface ReceiptRef {
  queueName: string;
  id: number;
  receipt: string;
}

export interface ReceiveRequest {
  queueName: string;
  now: number;
  /** Claimed messages stay hidden until then. */
  visibleUntil: number;
  limit: number;
  /** Messages sent before this have outlived the queue's retention period: they are deleted, not received. */
  expiredBefore: number;
  /** A message already received `maxReceiveCount` times moves to the dead-letter queue instead (if it exists). */
  redrive: { maxReceiveCount: number; deadLetterQueueName: string } | undefined;
}

export interface ReceiveOutcome {
  /** Claimed in one transaction: receive count up, first receive time set, a new receipt token, hidden. */
  messages: QueueMessageRecord[];
  movedToDeadLetterQueue: number;
  /** When nothing was claimed: the earliest time a message of the queue becomes visible, if any. */
  nextVisibleAt: number | undefined;
}

export interface MessageCounts {
  visible: number;
  /** Received and not yet visible again. */
  inFlight: number;
  /** Never received and not yet visible (delay). */
  delayed: number;
}

export interface VisibilityChange extends ReceiptRef {
  visibleAt: number;
}

/** Changes to a map: a string sets the key, null removes it. */
export type MapChanges = Record<string, string | null>;

export interface QueueStore {
  /** False when a queue of that name exists (nothing changes). */
  createQueue(queue: QueueRecord): Promise<boolean>;
  getQueue(name: string): Promise<QueueRecord | undefined>;
  /** Queue names in order, starting with `prefix`, after the name `after`. */
  listQueueNames(prefix: string, after: string | undefined, limit: number): Promise<string[]>;
  /** False when the queue does not exist. */
  updateQueueAttributes(name: string, changes: MapChanges, lastModifiedAt: number): Promise<boolean>;
  updateQueueTags(name: string, changes: MapChanges): Promise<boolean>;
  /** Removes the queue with its messages; false when it did not exist. */
  deleteQueue(name: string): Promise<boolean>;
  purgeQueue(name: string): Promise<void>;
  countMessages(name: string, now: number, expiredBefore: number): Promise<MessageCounts>;

  /**
   * Stores the messages durably in one transaction; resolves once they survive a crash. Messages of queues that
   * no longer exist are not stored: their queue names are returned.
   */
  sendMessages(messages: NewQueueMessage[]): Promise<string[]>;
  /** Runs the receives in one transaction, in order; one outcome per request. */
  receiveMessages(requests: ReceiveRequest[]): Promise<ReceiveOutcome[]>;
  /** Deletes the messages whose latest receipt is the one given; other references change nothing. */
  deleteMessages(refs: ReceiptRef[]): Promise<void>;
  /** Applies each change whose receipt is still the message's latest; tells, per change, whether it applied. */
  changeMessageVisibility(changes: VisibilityChange[]): Promise<boolean[]>;
}
