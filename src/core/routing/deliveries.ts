import type { PendingRouting } from '../../store/async-events.js';
import type { FunctionRecord } from '../../store/store.js';
import { randomUUID } from 'node:crypto';
import type { EventBusPublisher, FunctionInvoker, ObjectWriter, QueueSender, TopicPublisher } from '../messaging/delivery-ports.js';
import { deadLetterMessage } from './dead-letter.js';
import { invocationRecord } from './invocation-record.js';

/** The engine parts an outcome can be delivered to. */
export interface DeliveryPorts {
  queues: QueueSender;
  topics: TopicPublisher;
  functions: FunctionInvoker;
  buses: EventBusPublisher;
  buckets: ObjectWriter;
}

/** One message to one target: what it is, where it goes, the IAM action the execution role needs, and the send. */
export interface Delivery {
  kind: 'dead-letter target' | 'destination';
  target: string;
  /** undefined: Eventide cannot deliver to this kind of target. */
  action: string | undefined;
  /** Further permissions the execution role needs for this delivery. */
  alsoNeeds?: { action: string; resource: string }[];
  send(): Promise<void>;
}

/** `aws/lambda/async/<function>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<uuid>`: where Lambda writes a failure record in S3. */
export function failureObjectKey(functionName: string, timestamp: number): string {
  const iso = new Date(timestamp).toISOString();
  const [date = '', time = ''] = iso.split('T');
  return `aws/lambda/async/${functionName}/${date.replaceAll('-', '/')}/${date}T${time.slice(0, 8).replaceAll(':', '.')}-${randomUUID()}`;
}

const serviceOf = (arn: string): string | undefined => arn.split(':')[2];

/** Lambda's dead letter: the payload as is, with RequestID, ErrorCode and ErrorMessage (SQS queue or SNS topic). */
export function deadLetterDelivery(routing: PendingRouting, target: string, ports: DeliveryPorts): Delivery {
  const message = deadLetterMessage(routing.event, routing.lastOutcome);
  const service = serviceOf(target);
  if (service === 'sqs') {
    return { kind: 'dead-letter target', target, action: 'sqs:SendMessage', send: () => ports.queues.sendToQueue(target, message.body, message.attributes) };
  }
  if (service === 'sns') {
    return { kind: 'dead-letter target', target, action: 'sns:Publish', send: () => ports.topics.publishToTopic(target, message.body, message.attributes) };
  }
  return { kind: 'dead-letter target', target, action: undefined, send: async () => undefined };
}

export interface DestinationContext {
  fn: FunctionRecord;
  /** The function's ARN with the version that ran (`…:$LATEST`). */
  qualifiedArn: string;
  executedVersion: string;
  /** Wall time of the record, epoch milliseconds. */
  timestamp: number;
}

/** Lambda's destination delivery: the invocation record, shaped for the target's service. */
export function destinationDelivery(routing: PendingRouting, target: string, context: DestinationContext, ports: DeliveryPorts): Delivery {
  const record = invocationRecord(routing.event, context.qualifiedArn, context.executedVersion, context.timestamp);
  const body = JSON.stringify(record);
  const delivery = (action: string | undefined, send: () => Promise<void>): Delivery => ({ kind: 'destination', target, action, send });
  switch (serviceOf(target)) {
    case 'sqs':
      return delivery('sqs:SendMessage', () => ports.queues.sendToQueue(target, body, {}));
    case 'sns':
      return delivery('sns:Publish', () => ports.topics.publishToTopic(target, body, {}));
    case 'lambda':
      return delivery('lambda:InvokeFunction', () => ports.functions.invokeFunctionAsync(target, body));
    case 'events': {
      const result = routing.event.state === 'succeeded' ? 'Success' : 'Failure';
      // Lambda's own source name on the wire is `lambda` (observed), with an ASCII " - " in the detail type.
      const event = { source: 'lambda', detailType: `Lambda Function Invocation Result - ${result}`, detail: body, resources: [target, context.qualifiedArn] };
      return delivery('events:PutEvents', () => ports.buses.putEventOnBus(target, event));
    }
    case 's3': {
      // OnFailure only (the configuration refuses S3 for OnSuccess); Lambda also needs s3:ListBucket, checked below.
      const key = failureObjectKey(context.fn.name, context.timestamp);
      return { ...delivery('s3:PutObject', () => ports.buckets.putObjectInBucket(target, key, body)), alsoNeeds: [{ action: 's3:ListBucket', resource: target }] };
    }
    default:
      return delivery(undefined, async () => undefined);
  }
}
