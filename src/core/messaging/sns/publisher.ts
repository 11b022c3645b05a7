import { randomUUID } from 'node:crypto';
import type { AccountScope } from '../../../lib/arn.js';
import type { Clock } from '../../../lib/clock.js';
import { AwsError, serviceError } from '../../../lib/errors.js';
import type { TopicStore } from '../../../store/sns.js';
import type { TopicPublisher } from '../delivery-ports.js';
import type { MessageAttributes } from '../message-attributes.js';
import type { SubscriberDelivery } from './publication.js';
import { prepareBatch, preparePublish, type PreparedMessage, type PublishInput } from './publish-input.js';
import { checkArnParameter } from './sns-arns.js';
import { invalidParameter, missingParameter, topicNotFound } from './sns-errors.js';
import type { Topics } from './topics.js';

/** Where Publish sends: a topic (`TopicArn`, or a topic's ARN as `TargetArn`). */
export interface PublishTarget {
  topicArn: string | undefined;
  targetArn: string | undefined;
  phoneNumber: string | undefined;
}

export interface BatchEntry {
  id: string | undefined;
  input: PublishInput;
}

export type BatchOutcome = { id: string; messageId: string } | { id: string; error: AwsError };

const MAX_BATCH_ENTRIES = 10;
const BATCH_ENTRY_ID = /^[A-Za-z0-9_-]+$/;

/**
 * Publishing: checks the message, then fans it out to the topic's subscriptions. A publish is answered once every
 * delivery is durable in its queue (or refused there).
 */
export class Publisher implements TopicPublisher {
  constructor(
    private readonly deps: {
      store: TopicStore;
      topics: Topics;
      /** How each protocol's subscribers are reached (`sqs`, `lambda`). */
      deliveries: Record<string, SubscriberDelivery>;
      clock: Clock;
      scope: AccountScope;
    },
  ) {}

  /** Publish; resolves with the message id. */
  async publish(target: PublishTarget, input: PublishInput): Promise<string> {
    const topicArn = await this.resolveTarget(target);
    const prepared = preparePublish(input);
    const messageId = randomUUID();
    await this.fanOut(topicArn, [{ messageId, prepared }]);
    return messageId;
  }

  /** PublishBatch: entries in request order, each sent or refused. */
  async publishBatch(topicArn: string | undefined, entries: BatchEntry[]): Promise<BatchOutcome[]> {
    if (entries.length === 0) throw serviceError('EmptyBatchRequest', 400, "The batch request doesn't contain any entries.");
    if (entries.length > MAX_BATCH_ENTRIES) throw serviceError('TooManyEntriesInBatchRequest', 400, 'The batch request contains more entries than permissible.');
    const topic = await this.deps.topics.require(topicArn);
    const ids = entries.map((entry, index) => checkEntryId(entry.id, index));
    if (new Set(ids).size !== ids.length) throw serviceError('BatchEntryIdsNotDistinct', 400, 'Two or more batch entries in the request have the same Id.');
    const prepared = prepareBatch(entries.map((entry) => entry.input));
    const outcomes: BatchOutcome[] = [];
    const messages: { messageId: string; prepared: PreparedMessage }[] = [];
    for (const [index, entry] of prepared.entries()) {
      const id = ids[index] as string;
      if (entry instanceof AwsError) {
        outcomes.push({ id, error: entry });
        continue;
      }
      const messageId = randomUUID();
      messages.push({ messageId, prepared: entry });
      outcomes.push({ id, messageId });
    }
    await this.fanOut(topic.arn, messages);
    return outcomes;
  }

  /** TopicPublisher: Lambda's dead-letter queues and destinations publish this way (no Publish checks). */
  async publishToTopic(topicArn: string, message: string, attributes: MessageAttributes): Promise<void> {
    const topic = await this.deps.store.getTopic(topicArn);
    if (topic === undefined) throw topicNotFound();
    await this.fanOut(topic.arn, [{ messageId: randomUUID(), prepared: { message, byProtocol: {}, subject: undefined, attributes } }]);
  }

  private async resolveTarget(target: PublishTarget): Promise<string> {
    const given = [target.topicArn, target.targetArn, target.phoneNumber].filter((value) => value !== undefined).length;
    if (given === 0) throw missingParameter('TopicArn or TargetArn');
    if (given > 1) throw invalidParameter('Only one of TopicArn, TargetArn or PhoneNumber may be given');
    if (target.phoneNumber !== undefined) throw invalidParameter('PhoneNumber Reason: Eventide does not send SMS messages');
    if (target.topicArn !== undefined) return (await this.deps.topics.require(target.topicArn)).arn;
    const arn = checkArnParameter('TargetArn', target.targetArn, this.deps.scope);
    // A platform application endpoint (`…:endpoint/…`) is not a topic; Eventide has no mobile push.
    if (arn.split(':')[5]?.startsWith('endpoint/')) throw invalidParameter('TargetArn Reason: No endpoint found for the target arn specified');
    return (await this.deps.topics.require(arn, 'TargetArn')).arn;
  }

  private async fanOut(topicArn: string, messages: { messageId: string; prepared: PreparedMessage }[]): Promise<void> {
    if (messages.length === 0) return;
    const timestamp = this.deps.clock.wallTime();
    const deliveries = (await this.deps.store.subscriptionsOf(topicArn)).flatMap((subscription) => {
      const delivery = this.deps.deliveries[subscription.protocol];
      return delivery === undefined ? [] : [{ subscription, delivery }];
    });
    await Promise.all(
      messages.flatMap(({ messageId, prepared }) =>
        deliveries.map(({ subscription, delivery }) => delivery.deliver(subscription, { messageId, topicArn, prepared, timestamp })),
      ),
    );
  }
}

function checkEntryId(id: string | undefined, index: number): string {
  if (id === undefined) throw missingParameter(`PublishBatchRequestEntries.member.${index + 1}.Id`);
  if (id.length > 80) throw serviceError('InvalidBatchEntryId', 400, `The Id of a batch entry in the batch request is too long: ${id}`);
  if (!BATCH_ENTRY_ID.test(id)) {
    throw serviceError('InvalidBatchEntryId', 400, `The Id of a batch entry in the batch request contains an impermissible character: ${id}`);
  }
  return id;
}
