import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkNotificationRules, eventTypeCovers } from '../../../../src/core/s3/notification-rules.js';
import type { KeyFilterRule, NotificationConfiguration, NotificationTarget } from '../../../../src/core/s3/object-notifications.js';

const QUEUE = 'arn:aws:sqs:us-east-1:000000000000:q';
const FUNCTION = 'arn:aws:lambda:us-east-1:000000000000:function:f';

const target = (id: string, arn: string, events: string[], filterRules: KeyFilterRule[] = []): NotificationTarget => ({ id, arn, events, filterRules });
const prefix = (value: string): KeyFilterRule => ({ name: 'prefix', value });
const suffix = (value: string): KeyFilterRule => ({ name: 'suffix', value });

const of = (queues: NotificationTarget[], lambdaFunctions: NotificationTarget[] = []): NotificationConfiguration => ({ queues, lambdaFunctions, topics: [], eventBridge: false });

const OVERLAP = 'Configurations overlap. Configurations on the same bucket cannot share a common event type.';
const AMBIGUOUS = 'Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules if the prefixes are overlapping for the same event type.';

describe('S3 notification rules', () => {
  it('a wildcard covers its own family only', () => {
    assert.equal(eventTypeCovers('s3:ObjectCreated:*', 's3:ObjectCreated:Put'), true);
    assert.equal(eventTypeCovers('s3:ObjectCreated:*', 's3:ObjectCreated:*'), true);
    assert.equal(eventTypeCovers('s3:ObjectCreated:Put', 's3:ObjectCreated:*'), false);
    assert.equal(eventTypeCovers('s3:ObjectCreated:*', 's3:ObjectRemoved:Delete'), false);
  });

  it('accepts every documented event type, including those Eventide never emits', () => {
    const events = ['s3:ObjectRestore:Completed', 's3:Replication:*', 's3:LifecycleExpiration:*', 's3:IntelligentTiering', 's3:ObjectTagging:Put', 's3:ObjectAcl:Put', 's3:ReducedRedundancyLostObject', 's3:LifecycleTransition'];
    assert.doesNotThrow(() => checkNotificationRules(of([target('a', QUEUE, events)])));
  });

  for (const event of ['s3:Bogus:*', 's3:ObjectCreated:Get', 'ObjectCreated:Put', 's3:objectcreated:*', 's3:ObjectAccessed:*']) {
    it(`refuses the event ${event}`, () =>
      assert.throws(() => checkNotificationRules(of([target('a', QUEUE, ['s3:ObjectCreated:Put', event])])), {
        code: 'InvalidArgument',
        message: 'The event is not supported for notifications',
        fields: { ArgumentName: 'Event', ArgumentValue: event },
      }));
  }

  it('refuses two prefix rules in one filter', () =>
    assert.throws(() => checkNotificationRules(of([target('a', QUEUE, ['s3:ObjectCreated:*'], [prefix('a'), prefix('b')])])), {
      message: 'Cannot specify more than one prefix rule in a filter.',
    }));

  it('refuses a filter value over 1024 bytes', () =>
    assert.throws(() => checkNotificationRules(of([target('a', QUEUE, ['s3:ObjectCreated:*'], [suffix('é'.repeat(513))])])), {
      code: 'InvalidArgument',
      message: 'Size of filter rule value cannot exceed 1024 bytes in UTF-8 representation',
    }));

  it('refuses one Id on two configurations', () =>
    assert.throws(() => checkNotificationRules(of([target('same', QUEUE, ['s3:ObjectCreated:*'])], [target('same', FUNCTION, ['s3:ObjectRemoved:*'])])), {
      code: 'InvalidArgument',
      fields: { ArgumentName: 'Id', ArgumentValue: 'same' },
    }));

  it('refuses two unfiltered configurations sharing an event type, across destination kinds', () =>
    assert.throws(() => checkNotificationRules(of([target('a', QUEUE, ['s3:ObjectRemoved:*'])], [target('b', FUNCTION, ['s3:ObjectCreated:Put', 's3:ObjectRemoved:Delete'])])), {
      code: 'InvalidArgument',
      message: OVERLAP,
      fields: { ArgumentName: 'Event', ArgumentValue: 's3:ObjectRemoved:*, s3:ObjectRemoved:Delete' },
    }));

  const overlapping: [string, KeyFilterRule[], KeyFilterRule[]][] = [
    ['no filter and a prefix', [], [prefix('images/')]],
    ['nested prefixes', [prefix('images')], [prefix('images/jpg/')]],
    ['nested suffixes', [suffix('jpg')], [suffix('.jpg')]],
    ['a prefix and a suffix', [prefix('images/')], [suffix('.jpg')]],
  ];
  for (const [what, rulesA, rulesB] of overlapping) {
    it(`refuses ${what} on a shared event type as ambiguous`, () =>
      assert.throws(() => checkNotificationRules(of([target('a', QUEUE, ['s3:ObjectCreated:*'], rulesA), target('b', QUEUE, ['s3:ObjectCreated:Put'], rulesB)])), { message: AMBIGUOUS }));
  }

  const separate: [string, NotificationTarget, NotificationTarget][] = [
    ['different event types', target('a', QUEUE, ['s3:ObjectCreated:Put']), target('b', QUEUE, ['s3:ObjectCreated:Copy', 's3:ObjectRemoved:*'])],
    ['different prefixes', target('a', QUEUE, ['s3:ObjectCreated:*'], [prefix('images/')]), target('b', QUEUE, ['s3:ObjectCreated:*'], [prefix('logs/')])],
    ['one prefix, different suffixes', target('a', QUEUE, ['s3:ObjectCreated:*'], [prefix('images/'), suffix('.jpg')]), target('b', QUEUE, ['s3:ObjectCreated:*'], [prefix('images/'), suffix('.png')])],
  ];
  for (const [what, a, b] of separate) {
    it(`accepts configurations with ${what}`, () => assert.doesNotThrow(() => checkNotificationRules(of([a, b]))));
  }
});
