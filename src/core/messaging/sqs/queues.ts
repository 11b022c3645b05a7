import type { AccountScope } from '../../../lib/arn.js';
import type { Clock } from '../../../lib/clock.js';
import type { MapChanges, QueueRecord, QueueStore } from '../../../store/sqs.js';
import {
  COMPUTED_ATTRIBUTES,
  DEFAULT_QUEUE_ATTRIBUTES,
  SETTABLE_ATTRIBUTES,
  parseAttributeChanges,
  queueSettings,
  type QueueSettings,
  type RedrivePolicy,
} from './queue-attributes.js';
import { checkQueueName, queueArn, queueNameOfArn } from './queue-name.js';
import { invalidParameter, invalidParameterValue, queueDoesNotExist, queueNameExists, unknownAttribute } from './sqs-errors.js';

/** Names GetQueueAttributes accepts on a standard queue but has no value for. */
const FIFO_ATTRIBUTES = ['FifoQueue', 'ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit'];
const KNOWN_ATTRIBUTES = new Set<string>(['All', ...COMPUTED_ATTRIBUTES, ...SETTABLE_ATTRIBUTES, ...FIFO_ATTRIBUTES]);

const MAX_TAGS = 50;

/**
 * SQS queues as things: created, looked up, listed, configured, tagged, purged and deleted. Queue records are
 * cached in memory (every send looks its queue up); each change of a queue drops its entry, the store stays the truth.
 */
export class Queues {
  private readonly cache = new Map<string, QueueRecord>();

  constructor(
    private readonly store: QueueStore,
    private readonly scope: AccountScope,
    private readonly clock: Clock,
  ) {}

  /**
   * Creates the queue. A queue of that name already there is fine when every attribute given has the value it
   * has (tags are not compared); otherwise QueueNameExists.
   */
  async create(name: string, attributes: Record<string, string>, tags: Record<string, string>): Promise<void> {
    checkQueueName(name);
    const { changes, redrivePolicy } = parseAttributeChanges(attributes);
    checkTags(name, tags, 0);
    if (redrivePolicy !== undefined) await this.checkDeadLetterTarget(redrivePolicy);
    const existing = await this.store.getQueue(name);
    if (existing !== undefined) return checkSameAttributes(existing, changes);
    const now = this.clock.wallTime();
    const created = await this.store.createQueue({ name, attributes: applied(DEFAULT_QUEUE_ATTRIBUTES, changes), tags, createdAt: now, lastModifiedAt: now });
    // Another CreateQueue of the same name got there first: compare with what it made.
    if (!created) return checkSameAttributes(await this.require(name), changes);
  }

  async require(name: string): Promise<QueueRecord> {
    const cached = this.cache.get(name);
    if (cached !== undefined) return cached;
    const queue = await this.store.getQueue(name);
    if (queue === undefined) throw queueDoesNotExist();
    this.cache.set(name, queue);
    return queue;
  }

  settings(queue: QueueRecord): QueueSettings {
    return queueSettings(this.scope, queue.attributes);
  }

  arnOf(name: string): string {
    return queueArn(this.scope, name);
  }

  /** The name of this account's queue with that ARN; QueueDoesNotExist for any other ARN. */
  nameOfArn(arn: string): string {
    const name = queueNameOfArn(this.scope, arn);
    if (name === undefined) throw queueDoesNotExist();
    return name;
  }

  listNames(prefix: string, after: string | undefined, limit: number): Promise<string[]> {
    return this.store.listQueueNames(prefix, after, limit);
  }

  /** GetQueueAttributes: the named attributes (`All`: every one) the queue has a value for. */
  async attributes(name: string, requested: string[]): Promise<Record<string, string>> {
    for (const attribute of requested) if (!KNOWN_ATTRIBUTES.has(attribute)) throw unknownAttribute(attribute);
    const queue = await this.require(name);
    const wanted = (attribute: string) => requested.includes('All') || requested.includes(attribute);
    const result: Record<string, string> = {};
    if (wanted('QueueArn')) result.QueueArn = this.arnOf(name);
    if (['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'].some(wanted)) {
      const now = this.clock.wallTime();
      const counts = await this.store.countMessages(name, now, now - this.settings(queue).messageRetentionPeriod * 1000);
      if (wanted('ApproximateNumberOfMessages')) result.ApproximateNumberOfMessages = String(counts.visible);
      if (wanted('ApproximateNumberOfMessagesNotVisible')) result.ApproximateNumberOfMessagesNotVisible = String(counts.inFlight);
      if (wanted('ApproximateNumberOfMessagesDelayed')) result.ApproximateNumberOfMessagesDelayed = String(counts.delayed);
    }
    if (wanted('CreatedTimestamp')) result.CreatedTimestamp = String(Math.floor(queue.createdAt / 1000));
    if (wanted('LastModifiedTimestamp')) result.LastModifiedTimestamp = String(Math.floor(queue.lastModifiedAt / 1000));
    for (const [attribute, value] of Object.entries(queue.attributes)) if (wanted(attribute)) result[attribute] = value;
    return result;
  }

  async setAttributes(name: string, attributes: Record<string, string>): Promise<void> {
    const { changes, redrivePolicy } = parseAttributeChanges(attributes);
    await this.require(name);
    if (redrivePolicy !== undefined) await this.checkDeadLetterTarget(redrivePolicy);
    const changed = await this.store.updateQueueAttributes(name, changes, this.clock.wallTime());
    this.cache.delete(name);
    if (!changed) throw queueDoesNotExist();
  }

  async delete(name: string): Promise<void> {
    const changed = await this.store.deleteQueue(name);
    this.cache.delete(name);
    if (!changed) throw queueDoesNotExist();
  }

  async purge(name: string): Promise<void> {
    await this.require(name);
    await this.store.purgeQueue(name);
  }

  async tag(name: string, tags: Record<string, string>): Promise<void> {
    const queue = await this.require(name);
    checkTags(name, tags, Object.keys(queue.tags).filter((key) => !(key in tags)).length);
    const changed = await this.store.updateQueueTags(name, tags);
    this.cache.delete(name);
    if (!changed) throw queueDoesNotExist();
  }

  async untag(name: string, keys: string[]): Promise<void> {
    await this.require(name);
    const changes: MapChanges = Object.fromEntries(keys.map((key) => [key, null]));
    const changed = await this.store.updateQueueTags(name, changes);
    this.cache.delete(name);
    if (!changed) throw queueDoesNotExist();
  }

  async tags(name: string): Promise<Record<string, string>> {
    return (await this.require(name)).tags;
  }

  /** A redrive policy must name an existing queue of this account and region. */
  private async checkDeadLetterTarget(policy: RedrivePolicy): Promise<void> {
    const target = queueNameOfArn(this.scope, policy.deadLetterTargetArn);
    if (target === undefined || (await this.store.getQueue(target)) === undefined) {
      throw invalidParameter('RedrivePolicy', JSON.stringify(policy), 'Dead letter target does not exist.');
    }
  }
}

function applied(base: Readonly<Record<string, string>>, changes: MapChanges): Record<string, string> {
  const merged = Object.entries({ ...base, ...changes }).filter((entry): entry is [string, string] => entry[1] !== null);
  return Object.fromEntries(merged);
}

function checkSameAttributes(existing: QueueRecord, changes: MapChanges): void {
  for (const [name, value] of Object.entries(changes)) {
    if ((existing.attributes[name] ?? null) !== value) throw queueNameExists(name);
  }
}

/** Tags as SQS allows them: keys of 1–128 characters, values of at most 256, at most 50 on a queue. */
function checkTags(queueName: string, tags: Record<string, string>, kept: number): void {
  for (const [key, value] of Object.entries(tags)) {
    if (key.length < 1 || key.length > 128) throw invalidParameterValue(`Tag keys must be between 1 and 128 characters in length: '${key}'.`);
    if (value.length > 256) throw invalidParameterValue(`Tag values may not be longer than 256 characters: the value of '${key}'.`);
  }
  if (kept + Object.keys(tags).length > MAX_TAGS) throw invalidParameterValue(`Too many tags added for queue ${queueName}.`);
}
