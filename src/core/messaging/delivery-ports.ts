import type { MessageAttributes } from './message-attributes.js';

/**
 * How other parts of the engine hand a message to a queue or a topic (SNS → SQS subscriptions, Lambda's
 * dead-letter queues, later destinations) without knowing the services' APIs. Failures are typed AwsErrors
 * (a queue or topic that does not exist, a message too large).
 */
export interface QueueSender {
  /** Sends one message to the standard queue with this ARN; resolves once it is durable. */
  sendToQueue(queueArn: string, body: string, attributes: MessageAttributes): Promise<void>;
}

export interface TopicPublisher {
  /** Publishes one message to the topic with this ARN; resolves once every subscriber's delivery is durable. */
  publishToTopic(topicArn: string, message: string, attributes: MessageAttributes): Promise<void>;
}
