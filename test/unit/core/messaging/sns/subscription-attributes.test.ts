import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkSubscriptionAttributes, sameAttributes } from '../../../../../src/core/messaging/sns/subscription-attributes.js';
import { AwsError } from '../../../../../src/lib/errors.js';

const NESTED = '{"object":{"key":["a"]}}';

const accepted: { changes: Record<string, string>; current?: Record<string, string>; protocol?: string; stored: Record<string, string | undefined> }[] = [
  { changes: { RawMessageDelivery: 'TRUE' }, stored: { RawMessageDelivery: 'true' } },
  { changes: { RawMessageDelivery: 'False' }, stored: { RawMessageDelivery: 'false' } },
  { changes: { RawMessageDelivery: 'false' }, protocol: 'lambda', stored: { RawMessageDelivery: 'false' } },
  { changes: { FilterPolicy: '{"a":["1"]}' }, stored: { FilterPolicy: '{"a":["1"]}' } },
  { changes: { FilterPolicy: '' }, current: { FilterPolicy: '{"a":["1"]}' }, stored: { FilterPolicy: undefined } },
  { changes: { FilterPolicy: NESTED, FilterPolicyScope: 'MessageBody' }, stored: { FilterPolicy: NESTED, FilterPolicyScope: 'MessageBody' } },
  { changes: { FilterPolicy: NESTED }, current: { FilterPolicyScope: 'MessageBody' }, stored: { FilterPolicy: NESTED } },
  { changes: { FilterPolicyScope: 'MessageAttributes' }, current: { FilterPolicy: '{"a":["1"]}' }, stored: { FilterPolicyScope: 'MessageAttributes' } },
  {
    changes: { RedrivePolicy: '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq"}' },
    stored: { RedrivePolicy: '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq"}' },
  },
  { changes: { RedrivePolicy: '' }, stored: { RedrivePolicy: undefined } },
];

const refused: { changes: Record<string, string>; current?: Record<string, string>; protocol?: string; set: string; subscribe: string }[] = [
  { changes: { Nope: 'x' }, set: 'Invalid parameter: AttributeName', subscribe: 'Invalid parameter: Attributes Reason: AttributeName' },
  {
    changes: { RawMessageDelivery: 'yes' },
    set: 'Invalid parameter: RawMessageDelivery: Invalid value [yes]. Must be true or false.',
    subscribe: 'Invalid parameter: Attributes Reason: RawMessageDelivery: Invalid value [yes]. Must be true or false.',
  },
  {
    changes: { RawMessageDelivery: 'true' },
    protocol: 'lambda',
    set: 'Invalid parameter: Delivery protocol [lambda] does not support raw message delivery.',
    subscribe: 'Invalid parameter: Attributes Reason: Delivery protocol [lambda] does not support raw message delivery.',
  },
  {
    changes: { FilterPolicyScope: 'Body' },
    set: 'Invalid parameter: FilterPolicyScope: Invalid value [Body]. Please use either MessageBody or MessageAttributes',
    subscribe: 'Invalid parameter: Attributes Reason: FilterPolicyScope: Invalid value [Body]. Please use either MessageBody or MessageAttributes',
  },
  {
    changes: { FilterPolicy: NESTED },
    set: 'Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy',
    subscribe: 'Invalid parameter: Attributes Reason: Filter policy scope MessageAttributes does not support nested filter policy',
  },
  {
    changes: { FilterPolicyScope: 'MessageAttributes' },
    current: { FilterPolicy: NESTED, FilterPolicyScope: 'MessageBody' },
    set: 'Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy',
    subscribe: 'Invalid parameter: Attributes Reason: Filter policy scope MessageAttributes does not support nested filter policy',
  },
  {
    changes: { FilterPolicy: '{"key":[{"exists":"no"}]}' },
    set: 'Invalid parameter: FilterPolicy: exists match pattern must be either true or false.',
    subscribe: 'Invalid parameter: Attributes Reason: FilterPolicy: exists match pattern must be either true or false.',
  },
  {
    changes: { RedrivePolicy: '{"deadLetterTargetArn":"nope"}' },
    set: 'Invalid parameter: RedrivePolicy: deadLetterTargetArn is an invalid arn',
    subscribe: 'Invalid parameter: Attributes Reason: RedrivePolicy: deadLetterTargetArn is an invalid arn',
  },
];

describe('subscription attribute checks', () => {
  for (const [index, row] of accepted.entries()) {
    test(`accepted ${index}: ${JSON.stringify(row.changes)}`, () => {
      assert.deepEqual(checkSubscriptionAttributes(row.changes, row.current ?? {}, 'set', row.protocol ?? 'sqs'), row.stored);
    });
  }
  for (const row of refused) {
    for (const context of ['set', 'subscribe'] as const) {
      test(`refused on ${context}: ${JSON.stringify(row.changes)}`, () => {
        assert.throws(
          () => checkSubscriptionAttributes(row.changes, row.current ?? {}, context, row.protocol ?? 'sqs'),
          (error: unknown) => error instanceof AwsError && error.code === 'InvalidParameter' && error.message === row[context],
        );
      });
    }
  }
  test('a RedrivePolicy that is not JSON names the parse failure', () => {
    assert.throws(() => checkSubscriptionAttributes({ RedrivePolicy: '{invalid' }, {}, 'set', 'sqs'), /^InvalidParameter: Invalid parameter: RedrivePolicy: failed to parse JSON\. /);
  });
});

describe('repeated Subscribe requests', () => {
  const stored = { RawMessageDelivery: 'true', FilterPolicy: '{"a":["1"]}' };
  const rows: { requested: Record<string, string | undefined>; same: boolean }[] = [
    { requested: {}, same: true },
    { requested: { RawMessageDelivery: 'true' }, same: true },
    { requested: { FilterPolicyScope: 'MessageAttributes' }, same: true },
    { requested: { FilterPolicy: '{ "a" : [ "1" ] }' }, same: true },
    { requested: { RawMessageDelivery: 'false' }, same: false },
    { requested: { FilterPolicyScope: 'MessageBody' }, same: false },
    { requested: { FilterPolicy: '{"a":["2"]}' }, same: false },
  ];
  for (const row of rows) {
    test(`${JSON.stringify(row.requested)} → ${row.same ? 'same' : 'different'}`, () => assert.equal(sameAttributes(row.requested, stored), row.same));
  }
});
