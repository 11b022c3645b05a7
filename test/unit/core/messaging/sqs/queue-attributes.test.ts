import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseAttributeChanges, queueSettings } from '../../../../../src/core/messaging/sqs/queue-attributes.js';
import { checkQueueName, queueNameOfArn } from '../../../../../src/core/messaging/sqs/queue-name.js';
import { AwsError } from '../../../../../src/lib/errors.js';

const scope = { region: 'us-east-1', accountId: '000000000000' };
const DLQ = 'arn:aws:sqs:us-east-1:000000000000:dead';

function refusal(run: () => unknown): { code: string; queryCode: string | undefined; message: string } | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    assert.ok(error instanceof AwsError);
    return { code: error.code, queryCode: error.queryCode, message: error.message };
  }
}

describe('queue attribute values', () => {
  const accepted: { given: Record<string, string>; changes: Record<string, string | null> }[] = [
    { given: { VisibilityTimeout: '0', DelaySeconds: '900' }, changes: { VisibilityTimeout: '0', DelaySeconds: '900' } },
    { given: { MaximumMessageSize: '1024', MessageRetentionPeriod: '1209600' }, changes: { MaximumMessageSize: '1024', MessageRetentionPeriod: '1209600' } },
    { given: { MaximumMessageSize: '1048576', ReceiveMessageWaitTimeSeconds: '20' }, changes: { MaximumMessageSize: '1048576', ReceiveMessageWaitTimeSeconds: '20' } },
    { given: { VisibilityTimeout: '045' }, changes: { VisibilityTimeout: '45' } },
    { given: { RedrivePolicy: `{"deadLetterTargetArn":"${DLQ}","maxReceiveCount":"3"}` }, changes: { RedrivePolicy: `{"deadLetterTargetArn":"${DLQ}","maxReceiveCount":3}` } },
    { given: { RedrivePolicy: '', Policy: '' }, changes: { RedrivePolicy: null, Policy: null } },
    { given: { Policy: '{"Version":"2012-10-17","Statement":[]}' }, changes: { Policy: '{"Version":"2012-10-17","Statement":[]}' } },
  ];
  for (const { given, changes } of accepted) {
    test(`accepts ${JSON.stringify(given)}`, () => assert.deepEqual(parseAttributeChanges(given).changes, changes));
  }

  const refused: { given: Record<string, string>; code: string; message: string }[] = [
    { given: { VisibilityTimeout: '43201' }, code: 'InvalidAttributeValue', message: 'Invalid value for the parameter VisibilityTimeout.' },
    { given: { VisibilityTimeout: '-1' }, code: 'InvalidAttributeValue', message: 'Invalid value for the parameter VisibilityTimeout.' },
    { given: { DelaySeconds: '901' }, code: 'InvalidAttributeValue', message: 'Invalid value for the parameter DelaySeconds.' },
    { given: { MaximumMessageSize: '1023' }, code: 'InvalidAttributeValue', message: 'Invalid value for the parameter MaximumMessageSize.' },
    { given: { MaximumMessageSize: '1048577' }, code: 'InvalidAttributeValue', message: 'Invalid value for the parameter MaximumMessageSize.' },
    { given: { MessageRetentionPeriod: '59' }, code: 'InvalidAttributeValue', message: 'Invalid value for the parameter MessageRetentionPeriod.' },
    { given: { ReceiveMessageWaitTimeSeconds: '21' }, code: 'InvalidAttributeValue', message: 'Invalid value for the parameter ReceiveMessageWaitTimeSeconds.' },
    { given: { VisibilityTimeout: 'ten' }, code: 'InvalidAttributeValue', message: 'Invalid value for the parameter VisibilityTimeout.' },
    { given: { Colour: 'blue' }, code: 'InvalidAttributeName', message: 'Unknown Attribute Colour.' },
    { given: { QueueArn: DLQ }, code: 'InvalidAttributeName', message: 'Unknown Attribute QueueArn.' },
    { given: { FifoQueue: 'false' }, code: 'InvalidAttributeName', message: 'Unknown Attribute FifoQueue.' },
    { given: { ContentBasedDeduplication: 'false' }, code: 'InvalidAttributeName', message: 'Unknown Attribute ContentBasedDeduplication.' },
    { given: { DeduplicationScope: 'queue' }, code: 'InvalidAttributeName', message: 'You can specify the DeduplicationScope only when FifoQueue is set to true.' },
    {
      given: { RedrivePolicy: '{"deadLetterTargetArn": "dummy", "maxReceiveCount": 42}' },
      code: 'InvalidParameterValueException',
      message: 'Value {"deadLetterTargetArn": "dummy", "maxReceiveCount": 42} for parameter RedrivePolicy is invalid. Reason: Invalid value for deadLetterTargetArn.',
    },
    {
      given: { RedrivePolicy: `{"deadLetterTargetArn":"${DLQ}","maxReceiveCount":0}` },
      code: 'InvalidParameterValueException',
      message: `Value {"deadLetterTargetArn":"${DLQ}","maxReceiveCount":0} for parameter RedrivePolicy is invalid. Reason: Invalid value for maxReceiveCount: 0, valid values are from 1 to 1000 both inclusive.`,
    },
    {
      given: { RedrivePolicy: `{"deadLetterTargetArn":"${DLQ}"}` },
      code: 'InvalidParameterValueException',
      message: `Value {"deadLetterTargetArn":"${DLQ}"} for parameter RedrivePolicy is invalid. Reason: Redrive policy does not contain mandatory attribute: maxReceiveCount.`,
    },
    { given: { Policy: 'not json' }, code: 'InvalidAttributeValue', message: 'Invalid value for the parameter Policy.' },
  ];
  for (const { given, code, message } of refused) {
    test(`refuses ${JSON.stringify(given)}`, () => {
      const error = refusal(() => parseAttributeChanges(given));
      assert.equal(error?.code, code);
      assert.equal(error?.message, message);
    });
  }

  test('FifoQueue=true is refused as not supported, with a plain message', () => {
    const error = refusal(() => parseAttributeChanges({ FifoQueue: 'true' }));
    assert.equal(error?.queryCode, 'InvalidParameterValue');
    assert.match(error?.message ?? '', /FIFO queues are not supported by Eventide yet/);
  });
});

describe('queue settings', () => {
  test('defaults, and a redrive policy resolved to a queue of this account', () => {
    const settings = queueSettings(scope, { VisibilityTimeout: '30', RedrivePolicy: `{"deadLetterTargetArn":"${DLQ}","maxReceiveCount":3}` });
    assert.deepEqual(settings, {
      delaySeconds: 0,
      maximumMessageSize: 1_048_576,
      messageRetentionPeriod: 345_600,
      receiveMessageWaitTimeSeconds: 0,
      visibilityTimeout: 30,
      redrive: { maxReceiveCount: 3, deadLetterQueueName: 'dead' },
    });
  });
});

describe('queue names', () => {
  for (const name of ['a', 'jobs-1_A', 'x'.repeat(80)]) test(`accepts ${name.slice(0, 20)}`, () => assert.equal(refusal(() => checkQueueName(name)), undefined));
  for (const name of ['', 'x'.repeat(81), 'has space', 'dot.name', 'slash/name']) {
    test(`refuses ${JSON.stringify(name.slice(0, 20))}`, () =>
      assert.deepEqual(refusal(() => checkQueueName(name)), {
        code: 'InvalidParameterValueException',
        queryCode: 'InvalidParameterValue',
        message: 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
      }));
  }
  test('refuses a FIFO name as not supported', () => assert.match(refusal(() => checkQueueName('jobs.fifo'))?.message ?? '', /FIFO queues are not supported/));

  test('reads queue names out of this account and region\'s ARNs only', () => {
    assert.equal(queueNameOfArn(scope, 'arn:aws:sqs:us-east-1:000000000000:jobs'), 'jobs');
    assert.equal(queueNameOfArn(scope, 'arn:aws:sqs:eu-west-1:000000000000:jobs'), undefined);
    assert.equal(queueNameOfArn(scope, 'arn:aws:sqs:us-east-1:111111111111:jobs'), undefined);
    assert.equal(queueNameOfArn(scope, 'arn:aws:sns:us-east-1:000000000000:jobs'), undefined);
  });
});
