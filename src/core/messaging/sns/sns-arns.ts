import { randomUUID } from 'node:crypto';
import type { AccountScope } from '../../../lib/arn.js';
import { invalidParameter, missingParameter } from './sns-errors.js';

/** Topic ARNs (`arn:aws:sns:<region>:<account>:<name>`) and subscription ARNs (`<topic ARN>:<uuid>`). */

export const topicArnOf = (scope: AccountScope, name: string): string => `arn:aws:sns:${scope.region}:${scope.accountId}:${name}`;

export const newSubscriptionArn = (topicArn: string): string => `${topicArn}:${randomUUID()}`;

/**
 * Checks an ARN parameter (`TopicArn`, `TargetArn`, `SubscriptionArn`, `ResourceArn`) as SNS does: too few
 * elements, or another region, is an invalid parameter. Whether the resource exists is the caller's question.
 */
export function checkArnParameter(name: string, value: string | undefined, scope: AccountScope): string {
  if (value === undefined) throw missingParameter(name);
  const parts = value.split(':');
  if (parts.length < 6) throw invalidParameter(`${name} Reason: An ARN must have at least 6 elements, not ${parts.length}`);
  if (parts[0] !== 'arn' || parts[2] !== 'sns' || parts[3] !== scope.region) throw invalidParameter(name);
  return value;
}

/** A subscription ARN has one element more than its topic's: the subscription id. */
export function checkSubscriptionArn(value: string | undefined, scope: AccountScope): string {
  const arn = checkArnParameter('SubscriptionArn', value, scope);
  if (arn.split(':').length < 7) throw invalidParameter('SubscriptionId');
  return arn;
}
