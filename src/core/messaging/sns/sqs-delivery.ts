import { createHash } from 'node:crypto';
import { AwsError } from '../../../lib/errors.js';
import type { SubscriptionRecord } from '../../../store/sns.js';
import type { QueueSender } from '../delivery-ports.js';
import type { MessageAttributes } from '../message-attributes.js';
import { parseFilterPolicy, type FilterPolicy } from './filter-policy.js';
import { acceptsMessage } from './message-filter.js';
import { notificationBody } from './notification.js';
import type { PreparedMessage } from './publish-input.js';
import { filterPolicyScopeOf } from './subscription-attributes.js';

const MAX_CACHED_POLICIES = 1000;

/** One published message as every subscription sees it. */
export interface Publication {
  messageId: string;
  topicArn: string;
  prepared: PreparedMessage;
  /** Wall time, epoch milliseconds. */
  timestamp: number;
}

/**
 * Delivery to SQS subscriptions: the subscription's filter, then the notification envelope (or the raw message
 * with its attributes) sent to the queue. A queue that refuses the message (it was deleted, the message breaks
 * one of its limits) does not fail the publish, as on AWS: the message goes to the subscription's redrive queue
 * if it has one, and the failure is logged once per subscription.
 */
export class SqsDelivery {
  private readonly policies = new Map<string, FilterPolicy>();
  private readonly reported = new Set<string>();
  private readonly signingCertUrl: string;

  constructor(
    private readonly queues: QueueSender,
    private readonly endpointUrl: string,
  ) {
    const certificate = createHash('md5').update(endpointUrl).digest('hex');
    this.signingCertUrl = `${endpointUrl}/SimpleNotificationService-${certificate}.pem`;
  }

  /** Resolves once the message is durable in the queue, or was refused there. */
  async deliver(subscription: SubscriptionRecord, publication: Publication): Promise<void> {
    const { prepared } = publication;
    const message = prepared.byProtocol.sqs ?? prepared.message;
    if (!this.accepts(subscription, message, prepared.attributes)) return;
    const raw = subscription.attributes.RawMessageDelivery === 'true';
    const body = raw
      ? message
      : notificationBody({
          messageId: publication.messageId,
          topicArn: publication.topicArn,
          subject: prepared.subject,
          message,
          timestamp: publication.timestamp,
          signingCertUrl: this.signingCertUrl,
          unsubscribeUrl: `${this.endpointUrl}/?Action=Unsubscribe&SubscriptionArn=${subscription.arn}`,
          attributes: prepared.attributes,
        });
    const attributes = raw ? prepared.attributes : {};
    try {
      await this.queues.sendToQueue(subscription.endpoint, body, attributes);
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      this.reportOnce(subscription, subscription.endpoint, error);
      await this.redrive(subscription, body, attributes);
    }
  }

  private accepts(subscription: SubscriptionRecord, message: string, attributes: MessageAttributes): boolean {
    const text = subscription.attributes.FilterPolicy;
    if (text === undefined) return true;
    let policy = this.policies.get(text);
    if (policy === undefined) {
      // Parsed once per distinct policy; the cache starts over rather than grow without bound.
      if (this.policies.size >= MAX_CACHED_POLICIES) this.policies.clear();
      policy = parseFilterPolicy(text);
      this.policies.set(text, policy);
    }
    return acceptsMessage(policy, filterPolicyScopeOf(subscription), message, attributes);
  }

  private async redrive(subscription: SubscriptionRecord, body: string, attributes: MessageAttributes): Promise<void> {
    const policy = subscription.attributes.RedrivePolicy;
    if (policy === undefined) return;
    const deadLetterQueue = (JSON.parse(policy) as { deadLetterTargetArn: string }).deadLetterTargetArn;
    try {
      await this.queues.sendToQueue(deadLetterQueue, body, attributes);
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      this.reportOnce(subscription, deadLetterQueue, error);
    }
  }

  private reportOnce(subscription: SubscriptionRecord, queueArn: string, error: AwsError): void {
    const key = `${subscription.arn} ${queueArn} ${error.code}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    console.warn(`eventide: SNS subscription ${subscription.arn} could not deliver to ${queueArn}, messages are dropped: ${error.message}`);
  }
}
