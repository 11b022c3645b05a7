import { createHash } from 'node:crypto';
import type { SubscriptionRecord } from '../../../store/sns.js';
import type { PreparedMessage } from './publish-input.js';

/** One published message as every subscription sees it. */
export interface Publication {
  messageId: string;
  topicArn: string;
  prepared: PreparedMessage;
  /** Wall time, epoch milliseconds. */
  timestamp: number;
}

/** Hands a publication to one kind of subscriber (SQS queues, Lambda functions). */
export interface SubscriberDelivery {
  /** Resolves once the message is durable at the subscriber, or was refused there (a refusal never fails the publish). */
  deliver(subscription: SubscriptionRecord, publication: Publication): Promise<void>;
}

/** The URLs a notification carries: where its signing certificate is, and how to unsubscribe. */
export class NotificationUrls {
  readonly signingCertUrl: string;

  constructor(private readonly endpointUrl: string) {
    const certificate = createHash('md5').update(endpointUrl).digest('hex');
    this.signingCertUrl = `${endpointUrl}/SimpleNotificationService-${certificate}.pem`;
  }

  unsubscribeUrl(subscriptionArn: string): string {
    return `${this.endpointUrl}/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`;
  }
}
