import type { AccountScope } from '../../../lib/arn.js';
import { serviceError } from '../../../lib/errors.js';
import { decodePageToken, encodePageToken } from '../../../lib/page-token.js';
import type { TopicRecord, TopicStore } from '../../../store/sns.js';
import { checkArnParameter, topicArnOf } from './sns-arns.js';
import { invalidParameter, missingParameter, resourceNotFound, topicNotFound } from './sns-errors.js';
import { checkTopicAttribute, storedOrDefault, topicAttributesView } from './topic-attributes.js';

/** Topics: creation (idempotent by name), attributes, tags, listing, deletion. */

export interface Tag {
  Key: string;
  Value: string;
}

export interface TopicPage {
  arns: string[];
  nextToken: string | undefined;
}

const PAGE_SIZE = 100;
const MAX_TAGS = 50;
const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const FIFO_TOPIC_NAME = /^[A-Za-z0-9_-]{1,251}\.fifo$/;

export class Topics {
  constructor(
    private readonly store: TopicStore,
    private readonly scope: AccountScope,
  ) {}

  /**
   * Creates the topic, or returns the existing one of that name when the request asks for nothing it does not
   * already have (attributes and tags given must match; those not given are not compared).
   */
  async create(name: string | undefined, requested: Record<string, string>, tags: Tag[]): Promise<string> {
    const topicName = name ?? '';
    const attributes = checkNewTopic(topicName, requested);
    const tagMap = checkTags(tags);
    const topic: TopicRecord = { arn: topicArnOf(this.scope, topicName), name: topicName, attributes: definedOnly(attributes), tags: tagMap };
    // A lost race with a concurrent create of the same name ends up comparing with the winner.
    const existing = (await this.store.createTopic(topic)) ? undefined : await this.store.getTopic(topic.arn);
    if (existing === undefined) return topic.arn;
    for (const [attribute, value] of Object.entries(attributes)) {
      if (storedOrDefault(existing, attribute) !== value) throw invalidParameter('Attributes Reason: Topic already exists with different attributes');
    }
    for (const [key, value] of Object.entries(tagMap)) {
      if (existing.tags[key] !== value) throw invalidParameter('Tags Reason: Topic already exists with different tags');
    }
    return existing.arn;
  }

  /** Deleting a topic that does not exist succeeds, as on AWS. */
  async delete(arn: string | undefined): Promise<void> {
    await this.store.deleteTopic(checkArnParameter('TopicArn', arn, this.scope));
  }

  async list(nextToken: string | undefined): Promise<TopicPage> {
    const after = nextToken === undefined ? undefined : decodePageToken(nextToken);
    if (after !== undefined && !after.startsWith(topicArnOf(this.scope, ''))) throw invalidParameter('NextToken');
    const topics = await this.store.listTopics(after, PAGE_SIZE + 1);
    const page = topics.slice(0, PAGE_SIZE);
    const last = page[page.length - 1];
    return { arns: page.map((topic) => topic.arn), nextToken: topics.length > PAGE_SIZE && last !== undefined ? encodePageToken(last.arn) : undefined };
  }

  /** The topic named by an ARN parameter; NotFound when there is none. */
  async require(arn: string | undefined, parameter = 'TopicArn'): Promise<TopicRecord> {
    const topic = await this.store.getTopic(checkArnParameter(parameter, arn, this.scope));
    if (topic === undefined) throw topicNotFound();
    return topic;
  }

  async attributes(arn: string | undefined): Promise<Record<string, string>> {
    const topic = await this.require(arn);
    const subscriptions = await this.store.subscriptionsOf(topic.arn);
    return topicAttributesView(topic, this.scope.accountId, subscriptions.length);
  }

  async setAttribute(arn: string | undefined, name: string | undefined, value: string | undefined): Promise<void> {
    const topic = await this.require(arn);
    if (name === undefined) throw missingParameter('AttributeName');
    const stored = checkTopicAttribute(name, value ?? '', 'set');
    if (!(await this.store.setTopicAttribute(topic.arn, name, stored))) throw topicNotFound();
  }

  async tags(resourceArn: string | undefined): Promise<Tag[]> {
    const topic = await this.tagged(resourceArn);
    return Object.entries(topic.tags).map(([Key, Value]) => ({ Key, Value }));
  }

  async tag(resourceArn: string | undefined, tags: Tag[]): Promise<void> {
    const topic = await this.tagged(resourceArn);
    const added = checkTags(tags);
    if (Object.keys({ ...topic.tags, ...added }).length > MAX_TAGS) {
      throw serviceError('TagLimitExceeded', 400, 'Could not complete request: tag quota of per resource exceeded');
    }
    if (!(await this.store.tagTopic(topic.arn, added))) throw resourceNotFound();
  }

  async untag(resourceArn: string | undefined, keys: string[]): Promise<void> {
    const topic = await this.tagged(resourceArn);
    if (!(await this.store.untagTopic(topic.arn, keys))) throw resourceNotFound();
  }

  /** The tagging operations name their resource `ResourceArn` and answer ResourceNotFound. */
  private async tagged(resourceArn: string | undefined): Promise<TopicRecord> {
    const topic = await this.store.getTopic(checkArnParameter('ResourceArn', resourceArn, this.scope));
    if (topic === undefined) throw resourceNotFound();
    return topic;
  }
}

/** Checks a new topic's name and attributes; the values to store (undefined: not stored). */
function checkNewTopic(name: string, requested: Record<string, string>): Record<string, string | undefined> {
  const { FifoTopic, ...attributes } = requested;
  const fifo = FifoTopic?.toLowerCase();
  if (fifo !== undefined && fifo !== 'true' && fifo !== 'false') {
    throw invalidParameter(`Attributes Reason: FifoTopic: Invalid value [${FifoTopic}]. Must be true or false.`);
  }
  if (fifo === 'true' && FIFO_TOPIC_NAME.test(name)) {
    throw invalidParameter('Attributes Reason: FifoTopic: FIFO topics are not supported by Eventide yet; create a standard topic');
  }
  // A standard topic's name has no .fifo suffix; FifoTopic=false is accepted and not kept, as on AWS.
  if (fifo === 'true' || !TOPIC_NAME.test(name)) throw invalidParameter('Topic Name');
  return Object.fromEntries(Object.entries(attributes).map(([attribute, value]) => [attribute, checkTopicAttribute(attribute, value, 'create')]));
}

function checkTags(tags: Tag[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const { Key, Value } of tags) {
    if (Object.hasOwn(map, Key)) throw invalidParameter('Duplicated keys are not allowed.');
    if (Key.length < 1 || Key.length > 128) throw invalidParameter('Tags Reason: Tag keys must be between 1 and 128 characters long');
    if (Value.length > 256) throw invalidParameter('Tags Reason: Tag values must be at most 256 characters long');
    map[Key] = Value;
  }
  if (Object.keys(map).length > MAX_TAGS) throw serviceError('TagLimitExceeded', 400, 'Could not complete request: tag quota of per resource exceeded');
  return map;
}

const definedOnly = (values: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined));
