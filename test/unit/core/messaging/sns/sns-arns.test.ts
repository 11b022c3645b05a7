import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkArnParameter, checkSubscriptionArn } from '../../../../../src/core/messaging/sns/sns-arns.js';
import { AwsError } from '../../../../../src/lib/errors.js';

const scope = { region: 'us-east-1', accountId: '000000000000' };

const rows: { value: string | undefined; check: 'topic' | 'subscription'; message: string | undefined }[] = [
  { value: 'arn:aws:sns:us-east-1:000000000000:jobs', check: 'topic', message: undefined },
  { value: undefined, check: 'topic', message: 'Invalid parameter: TopicArn Reason: no value for required parameter' },
  { value: '', check: 'topic', message: 'Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1' },
  { value: 'arn:aws:sns:us-east-1:random', check: 'topic', message: 'Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 5' },
  { value: 'arn:aws:sns:eu-west-1:000000000000:jobs', check: 'topic', message: 'Invalid parameter: TopicArn' },
  { value: 'arn:aws:sqs:us-east-1:000000000000:jobs', check: 'topic', message: 'Invalid parameter: TopicArn' },
  { value: 'arn:aws:sns:us-east-1:000000000000:jobs:0f7d5971', check: 'subscription', message: undefined },
  { value: 'arn:aws:sns:us-east-1:000000000000:jobs', check: 'subscription', message: 'Invalid parameter: SubscriptionId' },
  { value: 'randomstring', check: 'subscription', message: 'Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1' },
  { value: undefined, check: 'subscription', message: 'Invalid parameter: SubscriptionArn Reason: no value for required parameter' },
];

describe('ARN parameters', () => {
  for (const row of rows) {
    test(`${row.check} ${String(row.value)} → ${row.message ?? 'accepted'}`, () => {
      const check = () => (row.check === 'topic' ? checkArnParameter('TopicArn', row.value, scope) : checkSubscriptionArn(row.value, scope));
      if (row.message === undefined) assert.equal(check(), row.value);
      else assert.throws(check, (error: unknown) => error instanceof AwsError && error.code === 'InvalidParameter' && error.message === row.message);
    });
  }
});
