import type { AccountScope } from '../../../lib/arn.js';
import { decodePageToken, encodePageToken } from '../../../lib/page-token.js';
import type { SubscriptionRecord, TopicStore } from '../../../store/sns.js';
import { checkSubscriptionArn, newSubscriptionArn } from './sns-arns.js';
import { invalidParameter, missingParameter, subscriptionNotFound, topicNotFound } from './sns-errors.js';
import { checkSubscriptionAttributes, sameAttributes, subscriptionAttributesView } from './subscription-attributes.js';
import type { Topics } from './topics.js';
import { parseFunctionArn } from '../../functions/function-name.js';

/** Subscriptions: subscribe (idempotent per topic, protocol and endpoint), attributes, listing, unsubscribe. */

export interface SubscribeRequest {
  topicArn: string | undefined;
  protocol: string | undefined;
  endpoint: string | undefined;
  attributes: Record<string, string>;
}

export interface SubscriptionPage {
  subscriptions: SubscriptionRecord[];
  nextToken: string | undefined;
}

const PAGE_SIZE = 100;

/** Every protocol SNS knows; Eventide delivers to `sqs` and `lambda`. */
const KNOWN_PROTOCOLS = new Set(['http', 'https', 'email', 'email-json', 'sms', 'sqs', 'application', 'lambda', 'firehose']);

export class Subscriptions {
  constructor(
    private readonly store: TopicStore,
    private readonly topics: Topics,
    private readonly scope: AccountScope,
  ) {}

  /**
   * Subscribes an endpoint; the same request again returns the same subscription. SQS and Lambda subscriptions
   * need no confirmation; a queue or function that does not exist yet can be subscribed, as on AWS.
   */
  async subscribe(request: SubscribeRequest): Promise<string> {
    const topic = await this.topics.require(request.topicArn);
    const protocol = checkProtocol(request.protocol);
    const endpoint = protocol === 'lambda' ? checkLambdaEndpoint(request.endpoint) : checkSqsEndpoint(request.endpoint);
    const attributes = checkSubscriptionAttributes(request.attributes, {}, 'subscribe', protocol);
    const subscription: SubscriptionRecord = {
      arn: newSubscriptionArn(topic.arn),
      topicArn: topic.arn,
      protocol,
      endpoint,
      owner: this.scope.accountId,
      attributes: Object.fromEntries(Object.entries(attributes).filter((entry): entry is [string, string] => entry[1] !== undefined)),
    };
    if (await this.store.createSubscription(subscription)) return subscription.arn;
    const existing = await this.store.findSubscription(topic.arn, protocol, endpoint);
    if (existing === undefined) throw topicNotFound();
    if (!sameAttributes(attributes, existing.attributes)) throw invalidParameter('Attributes Reason: Subscription already exists with different attributes');
    return existing.arn;
  }

  /** Unsubscribing what does not exist succeeds, as on AWS. */
  async unsubscribe(arn: string | undefined): Promise<void> {
    await this.store.deleteSubscription(checkSubscriptionArn(arn, this.scope));
  }

  async list(nextToken: string | undefined): Promise<SubscriptionPage> {
    return this.page(undefined, nextToken);
  }

  async listByTopic(topicArn: string | undefined, nextToken: string | undefined): Promise<SubscriptionPage> {
    const topic = await this.topics.require(topicArn);
    return this.page(topic.arn, nextToken);
  }

  async attributes(arn: string | undefined): Promise<Record<string, string>> {
    return subscriptionAttributesView(await this.require(arn), this.principal());
  }

  async setAttribute(arn: string | undefined, name: string | undefined, value: string | undefined): Promise<void> {
    const subscription = await this.require(arn);
    if (name === undefined) throw missingParameter('AttributeName');
    const changes = checkSubscriptionAttributes({ [name]: value ?? '' }, subscription.attributes, 'set', subscription.protocol);
    if (!(await this.store.setSubscriptionAttributes(subscription.arn, changes))) throw subscriptionNotFound();
  }

  /** Who subscribed: Eventide does not tell callers apart, so the account's root. */
  private principal(): string {
    return `arn:aws:iam::${this.scope.accountId}:root`;
  }

  private async require(arn: string | undefined): Promise<SubscriptionRecord> {
    const subscription = await this.store.getSubscription(checkSubscriptionArn(arn, this.scope));
    if (subscription === undefined) throw subscriptionNotFound();
    return subscription;
  }

  private async page(topicArn: string | undefined, nextToken: string | undefined): Promise<SubscriptionPage> {
    const after = nextToken === undefined ? undefined : decodePageToken(nextToken);
    if (after !== undefined && !/^\d+$/.test(after)) throw invalidParameter('NextToken');
    const page = await this.store.listSubscriptions(topicArn, after, PAGE_SIZE);
    return { subscriptions: page.items, nextToken: page.next === undefined ? undefined : encodePageToken(page.next) };
  }
}

function checkProtocol(protocol: string | undefined): string {
  if (protocol === undefined) throw missingParameter('Protocol');
  if (!KNOWN_PROTOCOLS.has(protocol)) throw invalidParameter(`Amazon SNS does not support this protocol string: ${protocol}`);
  if (protocol !== 'sqs' && protocol !== 'lambda') {
    throw invalidParameter(`Protocol Reason: Eventide delivers to sqs and lambda subscriptions only; ${protocol} is not supported`);
  }
  return protocol;
}

/** An SQS endpoint is a queue ARN (not its URL); FIFO queues need FIFO topics, which Eventide does not have yet. */
function checkSqsEndpoint(endpoint: string | undefined): string {
  if (endpoint === undefined) throw missingParameter('Endpoint');
  const parts = endpoint.split(':');
  if (parts.length !== 6 || parts[0] !== 'arn' || parts[2] !== 'sqs' || parts[5] === '') throw invalidParameter('SQS endpoint ARN');
  if (endpoint.endsWith('.fifo')) throw invalidParameter('Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics');
  return endpoint;
}

/** A Lambda endpoint is a function ARN, unqualified or with a version or alias: `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`. */
function checkLambdaEndpoint(endpoint: string | undefined): string {
  if (endpoint === undefined) throw missingParameter('Endpoint');
  if (parseFunctionArn(endpoint) === undefined) throw invalidParameter('Lambda endpoint ARN');
  return endpoint;
}
