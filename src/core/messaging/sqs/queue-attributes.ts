import type { AccountScope } from '../../../lib/arn.js';
import type { MapChanges } from '../../../store/sqs.js';
import { queueNameOfArn } from './queue-name.js';
import { fifoNotSupported, invalidAttributeName, invalidAttributeValue, invalidParameter, unknownAttribute } from './sqs-errors.js';
import { isJsonObject } from '../../../lib/json.js';

/** What a new queue has unless told otherwise (the CreateQueue reference; MaximumMessageSize is 1 MiB since 2025). */
export const DEFAULT_QUEUE_ATTRIBUTES: Readonly<Record<string, string>> = {
  DelaySeconds: '0',
  MaximumMessageSize: '1048576',
  MessageRetentionPeriod: '345600',
  ReceiveMessageWaitTimeSeconds: '0',
  VisibilityTimeout: '30',
  SqsManagedSseEnabled: 'true',
};

/** Integer attributes and their valid ranges, inclusive. */
const INTEGER_ATTRIBUTES: Readonly<Record<string, readonly [number, number]>> = {
  DelaySeconds: [0, 900],
  MaximumMessageSize: [1024, 1_048_576],
  MessageRetentionPeriod: [60, 1_209_600],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  VisibilityTimeout: [0, 43_200],
  KmsDataKeyReusePeriodSeconds: [60, 86_400],
};

/** Kept and reported as given: Eventide does not act on them (no encryption, no access policy evaluation yet). */
const STORED_AS_GIVEN = new Set(['Policy', 'RedriveAllowPolicy', 'KmsMasterKeyId', 'SqsManagedSseEnabled']);

/** Reported by GetQueueAttributes, computed by the queue: never set. */
export const COMPUTED_ATTRIBUTES = [
  'QueueArn',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
] as const;

export const SETTABLE_ATTRIBUTES = [...Object.keys(INTEGER_ATTRIBUTES), ...STORED_AS_GIVEN, 'RedrivePolicy'];

/** FIFO-only attributes; on a standard queue AWS answers as below. */
const FIFO_ONLY = new Set(['DeduplicationScope', 'FifoThroughputLimit']);

export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

export interface AttributeChanges {
  /** Normalised values to store; null removes the attribute (`RedrivePolicy: ''`). */
  changes: MapChanges;
  /** The redrive policy being set: its dead-letter queue must exist. */
  redrivePolicy: RedrivePolicy | undefined;
}

/** Validates CreateQueue's or SetQueueAttributes' attributes and normalises their values. */
export function parseAttributeChanges(given: Record<string, string>): AttributeChanges {
  const changes: MapChanges = {};
  let redrivePolicy: RedrivePolicy | undefined;
  for (const [name, value] of Object.entries(given)) {
    if (name === 'FifoQueue' && value.toLowerCase() === 'true') throw fifoNotSupported();
    if (FIFO_ONLY.has(name)) throw invalidAttributeName(`You can specify the ${name} only when FifoQueue is set to true.`);
    const range = INTEGER_ATTRIBUTES[name];
    if (range !== undefined) {
      if (!/^\d{1,10}$/.test(value) || Number(value) < range[0] || Number(value) > range[1]) throw invalidAttributeValue(name);
      changes[name] = String(Number(value));
    } else if (name === 'RedrivePolicy') {
      redrivePolicy = value === '' ? undefined : parseRedrivePolicy(value);
      changes[name] = redrivePolicy === undefined ? null : JSON.stringify(redrivePolicy);
    } else if (STORED_AS_GIVEN.has(name)) {
      if (name === 'SqsManagedSseEnabled' && value !== 'true' && value !== 'false') throw invalidAttributeValue(name);
      if ((name === 'Policy' || name === 'RedriveAllowPolicy') && value !== '' && !isJsonObjectText(value)) throw invalidAttributeValue(name);
      changes[name] = value === '' ? null : value;
    } else {
      throw unknownAttribute(name);
    }
  }
  return { changes, redrivePolicy };
}

function parseRedrivePolicy(value: string): RedrivePolicy {
  const invalid = (reason: string) => invalidParameter('RedrivePolicy', value, reason);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalid('Redrive policy is not a valid JSON map.');
  }
  if (!isJsonObject(parsed)) throw invalid('Redrive policy is not a valid JSON map.');
  const policy = parsed as Record<string, unknown>;
  for (const key of ['deadLetterTargetArn', 'maxReceiveCount']) {
    if (!(key in policy)) throw invalid(`Redrive policy does not contain mandatory attribute: ${key}.`);
  }
  const arn = policy.deadLetterTargetArn;
  if (typeof arn !== 'string' || !/^arn:[\w-]+:sqs:[\w-]*:\d*:[\w-]+$/.test(arn)) throw invalid('Invalid value for deadLetterTargetArn.');
  const count = typeof policy.maxReceiveCount === 'string' && /^\d+$/.test(policy.maxReceiveCount) ? Number(policy.maxReceiveCount) : policy.maxReceiveCount;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 1000) {
    throw invalid(`Invalid value for maxReceiveCount: ${String(policy.maxReceiveCount)}, valid values are from 1 to 1000 both inclusive.`);
  }
  return { deadLetterTargetArn: arn, maxReceiveCount: count };
}

function isJsonObjectText(value: string): boolean {
  try {
    return isJsonObject(JSON.parse(value));
  } catch {
    return false;
  }
}

/** The queue's settings as numbers, read from its stored attributes. */
export interface QueueSettings {
  delaySeconds: number;
  maximumMessageSize: number;
  messageRetentionPeriod: number;
  receiveMessageWaitTimeSeconds: number;
  visibilityTimeout: number;
  /** Undefined without a redrive policy, or when its dead-letter queue is not one of this account's queues. */
  redrive: { maxReceiveCount: number; deadLetterQueueName: string } | undefined;
}

export function queueSettings(scope: AccountScope, attributes: Record<string, string>): QueueSettings {
  const number = (name: string): number => Number(attributes[name] ?? DEFAULT_QUEUE_ATTRIBUTES[name]);
  const policy = attributes.RedrivePolicy === undefined ? undefined : (JSON.parse(attributes.RedrivePolicy) as RedrivePolicy);
  const deadLetterQueueName = policy === undefined ? undefined : queueNameOfArn(scope, policy.deadLetterTargetArn);
  return {
    delaySeconds: number('DelaySeconds'),
    maximumMessageSize: number('MaximumMessageSize'),
    messageRetentionPeriod: number('MessageRetentionPeriod'),
    receiveMessageWaitTimeSeconds: number('ReceiveMessageWaitTimeSeconds'),
    visibilityTimeout: number('VisibilityTimeout'),
    redrive:
      policy === undefined || deadLetterQueueName === undefined ? undefined : { maxReceiveCount: policy.maxReceiveCount, deadLetterQueueName },
  };
}
