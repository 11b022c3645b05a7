import type { AccountScope } from '../../../lib/arn.js';
import { fifoNotSupported, invalidParameterValue } from './sqs-errors.js';

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;

/** Throws unless `name` is a standard queue's name: 1–80 alphanumerics, hyphens and underscores. */
export function checkQueueName(name: string): void {
  if (name.endsWith('.fifo')) throw fifoNotSupported();
  if (!QUEUE_NAME.test(name)) {
    throw invalidParameterValue('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
  }
}

export const queueArn = (scope: AccountScope, name: string): string => `arn:aws:sqs:${scope.region}:${scope.accountId}:${name}`;

/** The queue name in an SQS queue ARN of this account and region; undefined for any other ARN. */
export function queueNameOfArn(scope: AccountScope, arn: string): string | undefined {
  const prefix = `arn:aws:sqs:${scope.region}:${scope.accountId}:`;
  if (!arn.startsWith(prefix)) return undefined;
  const name = arn.slice(prefix.length);
  return QUEUE_NAME.test(name) ? name : undefined;
}
