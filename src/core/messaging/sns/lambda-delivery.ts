import { randomBytes } from 'node:crypto';
import { AwsError } from '../../../lib/errors.js';
import type { Logger } from '../../../lib/logger.js';
import type { SubscriptionRecord } from '../../../store/sns.js';
import type { FunctionInvoker } from '../delivery-ports.js';
import type { MessageAttributes } from '../message-attributes.js';
import type { NotificationUrls, Publication, SubscriberDelivery } from './publication.js';
import type { SubscriptionFilter } from './subscription-filter.js';

const SNS_PRINCIPAL = 'sns.amazonaws.com';

/**
 * Delivery to Lambda subscriptions: the subscription's filter, then an asynchronous invoke with SNS's event record,
 * as `sns.amazonaws.com` calling from the topic, so the function's resource-based policy decides. A refused invoke
 * (no permission, no such function, a payload too large) does not fail the publish, as on AWS: it is logged once per
 * subscription and reason, and the message is dropped.
 */
export class LambdaDelivery implements SubscriberDelivery {
  private readonly reported = new Set<string>();

  constructor(
    private readonly functions: FunctionInvoker,
    private readonly urls: NotificationUrls,
    private readonly filter: SubscriptionFilter,
    private readonly logger: Logger,
  ) {}

  async deliver(subscription: SubscriptionRecord, publication: Publication): Promise<void> {
    const { prepared } = publication;
    const message = prepared.byProtocol.lambda ?? prepared.message;
    if (!this.filter.accepts(subscription, message, prepared.attributes)) return;
    const payload = JSON.stringify(this.event(subscription, publication, message));
    const topicAccount = publication.topicArn.split(':')[4] ?? '';
    try {
      await this.functions.invokeFunctionAsync(subscription.endpoint, payload, {
        principal: SNS_PRINCIPAL,
        sourceArn: publication.topicArn,
        sourceAccount: topicAccount,
      });
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      this.reportOnce(subscription, error);
    }
  }

  /** SNS's Lambda event: one record, keys in AWS's order (note `SigningCertUrl`/`UnsubscribeUrl`, unlike the SQS envelope). */
  private event(subscription: SubscriptionRecord, publication: Publication, message: string) {
    return {
      Records: [
        {
          EventSource: 'aws:sns',
          EventVersion: '1.0',
          EventSubscriptionArn: subscription.arn,
          Sns: {
            Type: 'Notification',
            MessageId: publication.messageId,
            TopicArn: publication.topicArn,
            Subject: publication.prepared.subject ?? null,
            Message: message,
            Timestamp: new Date(publication.timestamp).toISOString(),
            SignatureVersion: '1',
            // A plausible base64 value of an RSA signature's length; Eventide does not sign.
            Signature: randomBytes(256).toString('base64'),
            SigningCertUrl: this.urls.signingCertUrl,
            UnsubscribeUrl: this.urls.unsubscribeUrl(subscription.arn),
            MessageAttributes: eventAttributes(publication.prepared.attributes),
          },
        },
      ],
    };
  }

  private reportOnce(subscription: SubscriptionRecord, error: AwsError): void {
    const key = `${subscription.arn} ${error.code} ${error.message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.logger.warn('SNS subscription could not invoke its function; messages are dropped', {
      subscription: subscription.arn,
      target: subscription.endpoint,
      errorCode: error.code,
      reason: error.message,
    });
  }
}

/** `{"Name": {"Type": "String", "Value": "…"}}`; binary values in base64. */
function eventAttributes(attributes: MessageAttributes): Record<string, { Type: string; Value: string }> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, attribute]) => [
      name,
      { Type: attribute.DataType, Value: attribute.BinaryValue === undefined ? (attribute.StringValue ?? '') : attribute.BinaryValue.toString('base64') },
    ]),
  );
}
