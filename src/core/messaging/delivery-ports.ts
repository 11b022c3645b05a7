import type { MessageAttributes } from './message-attributes.js';

/**
 * How parts of the engine hand a message to a queue, a topic, an event bus, a function or a bucket (SNS → SQS
 * subscriptions, Lambda's dead-letter queues and destinations, EventBridge targets) without knowing the services'
 * APIs. Failures are typed AwsErrors (a queue, topic, bus or function that does not exist, a message too large).
 */
export interface QueueSender {
  /** Sends one message to the standard queue with this ARN; resolves once it is durable. */
  sendToQueue(queueArn: string, body: string, attributes: MessageAttributes): Promise<void>;
}

export interface TopicPublisher {
  /** Publishes one message to the topic with this ARN; resolves once every subscriber's delivery is durable. */
  publishToTopic(topicArn: string, message: string, attributes: MessageAttributes): Promise<void>;
}

/** An event as PutEvents takes it (one entry), for engine parts that put events on a bus. */
export interface BusEvent {
  source: string;
  detailType: string;
  /** A JSON object, as text. */
  detail: string;
  resources: string[];
}

export interface EventBusPublisher {
  /** Puts one event on the bus with this ARN, as PutEvents does; resolves once its matching rules' deliveries are durable. */
  putEventOnBus(busArn: string, event: BusEvent): Promise<void>;
}

/** An AWS service invoking a function on a resource's behalf, as the function's resource-based policy sees it. */
export interface ServiceCaller {
  /** The service principal, e.g. `s3.amazonaws.com`. */
  principal: string;
  /** The resource the event comes from: a bucket, topic or rule ARN. */
  sourceArn: string;
  sourceAccount: string;
}

export interface FunctionInvoker {
  /**
   * Invokes the function (a full ARN, qualified or not) asynchronously; resolves once the event is durable in its
   * queue. With a `caller`, the function's resource-based policy must allow it (else an AwsError saying why).
   */
  invokeFunctionAsync(functionArn: string, payload: string, caller?: ServiceCaller): Promise<void>;
}

export interface ObjectWriter {
  /** Stores an object in this account's bucket with that ARN (`arn:aws:s3:::bucket`); resolves once it is durable. */
  putObjectInBucket(bucketArn: string, key: string, body: string): Promise<void>;
}
