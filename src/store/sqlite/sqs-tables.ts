import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type {
  MapChanges,
  MessageCounts,
  NewQueueMessage,
  QueueMessageRecord,
  QueueRecord,
  QueueStore,
  ReceiptRef,
  ReceiveOutcome,
  ReceiveRequest,
  VisibilityChange,
} from '../sqs.js';
import { relaxedSync } from './relaxed-sync.js';

interface QueueRow {
  id: number;
  name: string;
  attributes: string;
  tags: string;
  created_at: number;
  last_modified_at: number;
}

interface MessageRow {
  id: number;
  message_id: string;
  body: string;
  md5_of_body: string;
  attributes: string | null;
  sender_id: string;
  sent_at: number;
  visible_at: number;
  receive_count: number;
  first_received_at: number | null;
  receipt: string | null;
  dead_letter_source: string | null;
}

interface CandidateRow {
  id: number;
  receive_count: number;
  sent_at: number;
}

const toQueue = (row: QueueRow): QueueRecord => ({
  name: row.name,
  attributes: JSON.parse(row.attributes) as Record<string, string>,
  tags: JSON.parse(row.tags) as Record<string, string>,
  createdAt: row.created_at,
  lastModifiedAt: row.last_modified_at,
});

const toMessage = (queueName: string, row: MessageRow): QueueMessageRecord => ({
  queueName,
  id: row.id,
  messageId: row.message_id,
  body: row.body,
  md5OfBody: row.md5_of_body,
  attributes: row.attributes ?? undefined,
  senderId: row.sender_id,
  sentAt: row.sent_at,
  visibleAt: row.visible_at,
  receiveCount: row.receive_count,
  firstReceivedAt: row.first_received_at ?? undefined,
  receipt: row.receipt ?? undefined,
  deadLetterSourceQueue: row.dead_letter_source ?? undefined,
});

/** A receipt token: new at every receive, so an older receive's handle no longer matches. */
const newReceipt = (): string => randomBytes(12).toString('base64url');

/** A claim looks at no more candidates than this per round; rounds repeat while expired or redriven ones made room. */
const MAX_CLAIM_ROUNDS = 10;

/**
 * SQS queues in SQLite. Messages are rows indexed by (queue, visible_at): a receive is one short transaction that
 * finds visible rows through that index and claims them (visibility, receive count, receipt token).
 *
 * Sends use the connection's durable setting (synchronous=FULL; the caller batches them, group commit). Receives,
 * deletes and visibility changes run with synchronous=NORMAL: one of those lost to a power cut only means a
 * message is delivered again, which SQS's at-least-once delivery allows.
 */
export class SqliteQueues implements QueueStore {
  private readonly statements: ReturnType<typeof prepare>;
  private readonly sendBatch: (messages: NewQueueMessage[]) => string[];
  private readonly claimBatch: (requests: ReceiveRequest[]) => ReceiveOutcome[];
  private readonly deleteBatch: (refs: ReceiptRef[]) => void;
  private readonly visibilityBatch: (changes: VisibilityChange[]) => boolean[];

  constructor(private readonly db: Database.Database) {
    const statements = (this.statements = prepare(db));
    this.sendBatch = db.transaction((messages: NewQueueMessage[]) => {
      const queueIds = new Map<string, number | undefined>();
      const missing = new Set<string>();
      for (const message of messages) {
        if (!queueIds.has(message.queueName)) queueIds.set(message.queueName, this.queueId(message.queueName));
        const queueId = queueIds.get(message.queueName);
        if (queueId === undefined) {
          missing.add(message.queueName);
          continue;
        }
        statements.insertMessage.run({ ...message, queueId, attributes: message.attributes ?? null });
      }
      return [...missing];
    });
    this.claimBatch = db.transaction((requests: ReceiveRequest[]) => requests.map((request) => this.claim(request)));
    this.deleteBatch = db.transaction((refs: ReceiptRef[]) => {
      for (const ref of refs) statements.deleteMessage.run(ref);
    });
    this.visibilityBatch = db.transaction((changes: VisibilityChange[]) =>
      changes.map((change) => statements.changeVisibility.run(change).changes === 1),
    );
  }

  async createQueue(queue: QueueRecord): Promise<boolean> {
    const result = this.statements.insertQueue.run(
      queue.name,
      JSON.stringify(queue.attributes),
      JSON.stringify(queue.tags),
      queue.createdAt,
      queue.lastModifiedAt,
    );
    return result.changes === 1;
  }

  async getQueue(name: string): Promise<QueueRecord | undefined> {
    const row = this.statements.selectQueue.get(name) as QueueRow | undefined;
    return row === undefined ? undefined : toQueue(row);
  }

  async listQueueNames(prefix: string, after: string | undefined, limit: number): Promise<string[]> {
    const rows = this.statements.listNames.all(after ?? '', prefix.length, prefix, limit) as { name: string }[];
    return rows.map((row) => row.name);
  }

  async updateQueueAttributes(name: string, changes: MapChanges, lastModifiedAt: number): Promise<boolean> {
    return this.statements.patchAttributes.run(JSON.stringify(changes), lastModifiedAt, name).changes === 1;
  }

  async updateQueueTags(name: string, changes: MapChanges): Promise<boolean> {
    return this.statements.patchTags.run(JSON.stringify(changes), name).changes === 1;
  }

  async deleteQueue(name: string): Promise<boolean> {
    // The messages go with the queue (ON DELETE CASCADE).
    return this.statements.deleteQueue.run(name).changes === 1;
  }

  async purgeQueue(name: string): Promise<void> {
    const queueId = this.queueId(name);
    if (queueId !== undefined) relaxedSync(this.db, () => this.statements.purge.run(queueId));
  }

  async countMessages(name: string, now: number, expiredBefore: number): Promise<MessageCounts> {
    const row = this.statements.count.get({ queueId: this.queueId(name) ?? -1, now, expiredBefore }) as {
      visible: number | null;
      in_flight: number | null;
      delayed: number | null;
    };
    return { visible: row.visible ?? 0, inFlight: row.in_flight ?? 0, delayed: row.delayed ?? 0 };
  }

  async sendMessages(messages: NewQueueMessage[]): Promise<string[]> {
    return this.sendBatch(messages);
  }

  async receiveMessages(requests: ReceiveRequest[]): Promise<ReceiveOutcome[]> {
    return relaxedSync(this.db, () => this.claimBatch(requests));
  }

  async deleteMessages(refs: ReceiptRef[]): Promise<void> {
    relaxedSync(this.db, () => this.deleteBatch(refs));
  }

  async changeMessageVisibility(changes: VisibilityChange[]): Promise<boolean[]> {
    return relaxedSync(this.db, () => this.visibilityBatch(changes));
  }

  private queueId(name: string): number | undefined {
    const row = this.statements.selectQueueId.get(name) as { id: number } | undefined;
    return row?.id;
  }

  /** Runs inside a transaction: claims up to `limit` visible messages, deleting expired and redriving worn-out ones. */
  private claim(request: ReceiveRequest): ReceiveOutcome {
    const { statements } = this;
    const queueId = this.queueId(request.queueName);
    if (queueId === undefined) return { messages: [], movedToDeadLetterQueue: 0, nextVisibleAt: undefined };
    const redrive = request.redrive;
    const deadLetterQueueId = redrive === undefined ? undefined : this.queueId(redrive.deadLetterQueueName);
    const messages: QueueMessageRecord[] = [];
    let moved = 0;
    for (let round = 0; round < MAX_CLAIM_ROUNDS && messages.length < request.limit; round++) {
      const candidates = statements.candidates.all(queueId, request.now, request.limit - messages.length) as CandidateRow[];
      let madeRoom = false;
      for (const candidate of candidates) {
        if (candidate.sent_at < request.expiredBefore) {
          statements.deleteById.run(candidate.id);
          madeRoom = true;
        } else if (deadLetterQueueId !== undefined && redrive !== undefined && candidate.receive_count >= redrive.maxReceiveCount) {
          statements.moveToQueue.run({ id: candidate.id, queueId: deadLetterQueueId, now: request.now, source: request.queueName });
          moved++;
          madeRoom = true;
        } else {
          const row = statements.claimOne.get({ id: candidate.id, now: request.now, until: request.visibleUntil, receipt: newReceipt() }) as MessageRow;
          messages.push(toMessage(request.queueName, row));
        }
      }
      if (!madeRoom) break;
    }
    const nextVisibleAt =
      messages.length > 0 ? undefined : ((statements.nextVisible.get(queueId, request.now) as { at: number | null }).at ?? undefined);
    return { messages, movedToDeadLetterQueue: moved, nextVisibleAt };
  }
}

function prepare(db: Database.Database) {
  return {
    insertQueue: db.prepare(
      'INSERT INTO sqs_queues (name, attributes, tags, created_at, last_modified_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING',
    ),
    selectQueue: db.prepare('SELECT * FROM sqs_queues WHERE name = ?'),
    selectQueueId: db.prepare('SELECT id FROM sqs_queues WHERE name = ?'),
    listNames: db.prepare('SELECT name FROM sqs_queues WHERE name > ? AND substr(name, 1, ?) = ? ORDER BY name LIMIT ?'),
    // json_patch removes the keys whose new value is null.
    patchAttributes: db.prepare('UPDATE sqs_queues SET attributes = json_patch(attributes, ?), last_modified_at = ? WHERE name = ?'),
    patchTags: db.prepare('UPDATE sqs_queues SET tags = json_patch(tags, ?) WHERE name = ?'),
    deleteQueue: db.prepare('DELETE FROM sqs_queues WHERE name = ?'),
    purge: db.prepare('DELETE FROM sqs_messages WHERE queue_id = ?'),
    count: db.prepare(
      `SELECT sum(visible_at <= @now) AS visible,
              sum(visible_at > @now AND receive_count > 0) AS in_flight,
              sum(visible_at > @now AND receive_count = 0) AS delayed
       FROM sqs_messages WHERE queue_id = @queueId AND sent_at >= @expiredBefore`,
    ),
    insertMessage: db.prepare(
      `INSERT INTO sqs_messages (queue_id, message_id, body, md5_of_body, attributes, sender_id, sent_at, visible_at)
       VALUES (@queueId, @messageId, @body, @md5OfBody, @attributes, @senderId, @sentAt, @visibleAt)`,
    ),
    candidates: db.prepare(
      'SELECT id, receive_count, sent_at FROM sqs_messages WHERE queue_id = ? AND visible_at <= ? ORDER BY visible_at, id LIMIT ?',
    ),
    claimOne: db.prepare(
      `UPDATE sqs_messages SET visible_at = @until, receive_count = receive_count + 1,
         first_received_at = coalesce(first_received_at, @now), receipt = @receipt
       WHERE id = @id RETURNING *`,
    ),
    deleteById: db.prepare('DELETE FROM sqs_messages WHERE id = ?'),
    moveToQueue: db.prepare(
      'UPDATE sqs_messages SET queue_id = @queueId, visible_at = @now, receipt = NULL, dead_letter_source = @source WHERE id = @id',
    ),
    nextVisible: db.prepare('SELECT min(visible_at) AS at FROM sqs_messages WHERE queue_id = ? AND visible_at > ?'),
    // A receipt names its queue too: a handle of one queue never touches another's message.
    deleteMessage: db.prepare(
      'DELETE FROM sqs_messages WHERE id = @id AND receipt = @receipt AND queue_id = (SELECT id FROM sqs_queues WHERE name = @queueName)',
    ),
    changeVisibility: db.prepare(
      `UPDATE sqs_messages SET visible_at = @visibleAt
       WHERE id = @id AND receipt = @receipt AND queue_id = (SELECT id FROM sqs_queues WHERE name = @queueName)`,
    ),
  };
}
