import { AwsError } from '../../../lib/errors.js';
import type { Logger } from '../../../lib/logger.js';
import type { SubscriptionRecord } from '../../../store/sns.js';
import type { QueueSender } from '../delivery-ports.js';
import type { MessageAttributes } from '../message-attributes.js';
import { notificationBody } from './notification.js';
import type { NotificationUrls, Publication, SubscriberDelivery } from './publication.js';
import type { SubscriptionFilter } from './subscription-filter.js';

/**
 * Delivery to SQS subscriptions: the subscription's filter, then the notification envelope (or the raw message
 * with its attributes) sent to the queue. A queue that refuses the message (it was deleted, the message breaks
 * one of its limits) does not fail the publish, as on AWS: the message goes to the subscription's redrive queue
 * if it has one, and the failure is logged once per subscription.
 */
export class SqsDelivery implements SubscriberDelivery {
  private readonly reported = new Set<string>();

  constructor(
    private readonly queues: QueueSender,
    private readonly urls: NotificationUrls,
    private readonly filter: SubscriptionFilter,
    private readonly logger: Logger,
  ) {}

  async deliver(subscription: SubscriptionRecord, publication: Publication): Promise<void> {
    const { prepared } = publication;
    const message = prepared.byProtocol.sqs ?? prepared.message;
    if (!this.filter.accepts(subscription, message, prepared.attributes)) return;
    const raw = subscription.attributes.RawMessageDelivery === 'true';
    const body = raw
      ? message
      : notificationBody({
          messageId: publication.messageId,
          topicArn: publication.topicArn,
          subject: prepared.subject,
          message,
          timestamp: publication.timestamp,
          signingCertUrl: this.urls.signingCertUrl,
          unsubscribeUrl: this.urls.unsubscribeUrl(subscription.arn),
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
    this.logger.warn('SNS subscription could not deliver to its queue; messages are dropped', {
      subscription: subscription.arn,
      target: queueArn,
      errorCode: error.code,
      reason: error.message,
    });
  }
}
