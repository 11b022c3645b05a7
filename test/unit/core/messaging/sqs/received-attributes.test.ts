import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { MessageAttributes } from '../../../../../src/core/messaging/message-attributes.js';
import { selectMessageAttributes, selectSystemAttributes } from '../../../../../src/core/messaging/sqs/received-attributes.js';

const text = (StringValue: string) => ({ DataType: 'String', StringValue });
const attributes: MessageAttributes = { General: text('Kenobi'), Hello: text('There'), 'Help.Me': text('Me') };

/** MessageAttributeNames as SQS applies them (LocalStack's AWS-validated filter test). */
const filters: { names: string[]; selected: string[] }[] = [
  { names: [], selected: [] },
  { names: ['All'], selected: ['General', 'Hello', 'Help.Me'] },
  { names: ['*'], selected: ['General', 'Hello', 'Help.Me'] },
  { names: ['.*'], selected: ['General', 'Hello', 'Help.Me'] },
  { names: ['Foo', 'Help'], selected: [] },
  { names: ['Hello', 'General'], selected: ['General', 'Hello'] },
  { names: ['Foo', 'Hello'], selected: ['Hello'] },
  { names: ['Hel.*'], selected: ['Hello', 'Help.Me'] },
  { names: ['AWS.'], selected: [] },
  { names: ['..foo'], selected: [] },
];

describe('MessageAttributeNames', () => {
  for (const { names, selected } of filters) {
    test(JSON.stringify(names), () => assert.deepEqual(Object.keys(selectMessageAttributes(attributes, names)).sort(), selected));
  }
});

describe('system attribute names', () => {
  const facts = { senderId: '000000000000', sentAt: 1000, receiveCount: 2, firstReceivedAt: 1500, deadLetterQueueSourceArn: undefined };
  const cases: { names: string[]; expected: Record<string, string> }[] = [
    { names: [], expected: {} },
    {
      names: ['All'],
      expected: { SenderId: '000000000000', SentTimestamp: '1000', ApproximateReceiveCount: '2', ApproximateFirstReceiveTimestamp: '1500' },
    },
    { names: ['SenderId', 'SequenceNumber'], expected: { SenderId: '000000000000' } },
    { names: ['ApproximateReceiveCount'], expected: { ApproximateReceiveCount: '2' } },
  ];
  for (const { names, expected } of cases) test(JSON.stringify(names), () => assert.deepEqual(selectSystemAttributes(facts, names), expected));

  test('a redriven message names its source queue', () => {
    const arn = 'arn:aws:sqs:us-east-1:000000000000:source';
    assert.deepEqual(selectSystemAttributes({ ...facts, deadLetterQueueSourceArn: arn }, ['DeadLetterQueueSourceArn']), { DeadLetterQueueSourceArn: arn });
  });
});
