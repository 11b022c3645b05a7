/**
 * The EventBridge part of the Store conformance suite: buses, rules (upsert, prefix listing, deletion refused while
 * targets remain), targets (replace by id, removal, lookup by ARN), cascades, fire records keyed by (schedule,
 * tick), and persistence across a reopen.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RuleRecord, TargetRecord } from '../../src/store/events.js';
import type { Store } from '../../src/store/store.js';
import { withFreshStore, type OpenStore } from './store-conformance.js';

const QUEUE = 'arn:aws:sqs:us-east-1:000000000000:q';

const rule = (busName: string, name: string, overrides: Partial<RuleRecord> = {}): RuleRecord => ({
  busName,
  name,
  eventPattern: '{"source":["a"]}',
  scheduleExpression: undefined,
  state: 'ENABLED',
  description: undefined,
  roleArn: undefined,
  createdAt: 1_000,
  ...overrides,
});

const target = (id: string, overrides: Partial<TargetRecord> = {}): TargetRecord => ({
  id,
  arn: QUEUE,
  roleArn: undefined,
  input: undefined,
  inputPath: undefined,
  inputTransformer: undefined,
  ...overrides,
});

const bus = (name: string) => ({ name, description: undefined, creationTime: 5 });

export function describeEventBusStoreConformance(name: string, open: OpenStore): void {
  const withStore = (body: (store: Store) => Promise<void>) => withFreshStore(open, body);

  describe(`Store conformance, EventBridge: ${name}`, () => {
    test(
      'buses are created once and listed by prefix in name order after a cursor',
      withStore(async ({ eventBuses }) => {
        assert.equal(await eventBuses.createBus({ name: 'orders', description: 'o', creationTime: 7 }), true);
        assert.equal(await eventBuses.createBus(bus('orders')), false);
        assert.deepEqual(await eventBuses.getBus('orders'), { name: 'orders', description: 'o', creationTime: 7 });
        await eventBuses.createBus(bus('orders-eu'));
        await eventBuses.createBus(bus('audit'));
        const names = async (prefix: string, after: string | undefined, limit: number) => (await eventBuses.listBuses(prefix, after, limit)).map((b) => b.name);
        assert.deepEqual(await names('', undefined, 10), ['audit', 'orders', 'orders-eu']);
        assert.deepEqual(await names('orders', undefined, 10), ['orders', 'orders-eu']);
        assert.deepEqual(await names('', 'audit', 1), ['orders']);
        assert.equal(await eventBuses.deleteBus('audit'), true);
        assert.equal(await eventBuses.deleteBus('audit'), false);
        assert.equal(await eventBuses.getBus('audit'), undefined);
      }),
    );

    test(
      'a rule is replaced whole by putRule, needs its bus, and is listed by prefix',
      withStore(async ({ eventBuses }) => {
        assert.equal(await eventBuses.putRule(rule('missing-bus', 'r')), false);
        await eventBuses.createBus(bus('default'));
        assert.equal(await eventBuses.putRule(rule('default', 'r', { description: 'first', roleArn: 'arn:aws:iam::0:role/x' })), true);
        const replaced = rule('default', 'r', { eventPattern: undefined, scheduleExpression: 'rate(1 minute)', state: 'DISABLED' });
        assert.equal(await eventBuses.putRule(replaced), true);
        assert.deepEqual(await eventBuses.getRule('default', 'r'), replaced);
        for (const n of ['a-1', 'a-2', 'b-1']) await eventBuses.putRule(rule('default', n));
        const names = async (prefix: string, after: string | undefined) => (await eventBuses.listRules('default', prefix, after, 10)).map((r) => r.name);
        assert.deepEqual(await names('a-', undefined), ['a-1', 'a-2']);
        assert.deepEqual(await names('', 'a-2'), ['b-1', 'r']);
        assert.equal(await eventBuses.setRuleState('default', 'a-1', 'DISABLED'), true);
        assert.equal(await eventBuses.setRuleState('default', 'nope', 'DISABLED'), false);
        assert.equal((await eventBuses.getRule('default', 'a-1'))?.state, 'DISABLED');
        assert.deepEqual((await eventBuses.scheduledRules()).map((r) => r.name), ['r']);
      }),
    );

    test(
      'targets are replaced by id and removed; a rule with targets is not deleted; a bus takes its rules along',
      withStore(async ({ eventBuses }) => {
        await eventBuses.createBus(bus('b'));
        await eventBuses.putRule(rule('b', 'r'));
        await eventBuses.putRule(rule('b', 'other'));
        assert.equal(await eventBuses.putTargets('b', 'missing', [target('t')]), false);
        const transformer = { inputPathsMap: { s: '$.source' }, inputTemplate: '<s>' };
        assert.equal(await eventBuses.putTargets('b', 'r', [target('t1', { input: '{}' }), target('t2', { inputTransformer: transformer })]), true);
        assert.equal(await eventBuses.putTargets('b', 'r', [target('t1', { inputPath: '$.detail' })]), true);
        await eventBuses.putTargets('b', 'other', [target('x')]);
        assert.deepEqual(await eventBuses.listTargets('b', 'r', undefined, 10), [target('t1', { inputPath: '$.detail' }), target('t2', { inputTransformer: transformer })]);
        assert.deepEqual(await eventBuses.listTargets('b', 'r', 't1', 10), [target('t2', { inputTransformer: transformer })]);
        assert.equal(await eventBuses.listTargets('b', 'missing', undefined, 10), undefined);
        assert.deepEqual(await eventBuses.ruleNamesByTarget('b', QUEUE, undefined, 10), ['other', 'r']);
        assert.deepEqual(await eventBuses.ruleNamesByTarget('b', QUEUE, 'other', 10), ['r']);
        const routed = await eventBuses.rulesWithTargets('b');
        assert.deepEqual(routed.map((entry) => [entry.rule.name, entry.targets.map((t) => t.id)]), [['other', ['x']], ['r', ['t1', 't2']]]);

        assert.equal(await eventBuses.deleteRule('b', 'r'), 'has-targets');
        assert.deepEqual(await eventBuses.removeTargets('b', 'r', ['t1', 't2', 'never']), ['t1', 't2']);
        assert.equal(await eventBuses.removeTargets('b', 'missing', ['t1']), undefined);
        assert.equal(await eventBuses.deleteRule('b', 'r'), 'deleted');
        assert.equal(await eventBuses.deleteRule('b', 'r'), 'absent');

        assert.equal(await eventBuses.deleteBus('b'), true);
        assert.equal(await eventBuses.getRule('b', 'other'), undefined);
        await eventBuses.createBus(bus('b'));
        assert.deepEqual(await eventBuses.rulesWithTargets('b'), []);
      }),
    );

    test(
      'a tick is recorded once per schedule; the latest is known',
      withStore(async ({ eventBuses }) => {
        assert.equal(await eventBuses.lastFire('s1'), undefined);
        assert.equal(await eventBuses.recordFire('s1', 60_000), true);
        assert.equal(await eventBuses.recordFire('s1', 60_000), false);
        assert.equal(await eventBuses.recordFire('s2', 60_000), true);
        assert.equal(await eventBuses.recordFire('s1', 120_000), true);
        assert.equal(await eventBuses.lastFire('s1'), 120_000);
      }),
    );

    test('buses, rules, targets and fire records persist across a reopen', async () => {
      const opened = await open();
      if (opened.reopen === undefined) {
        await opened.store.close();
        await opened.cleanup();
        return;
      }
      let store = opened.store;
      try {
        await store.eventBuses.createBus(bus('kept'));
        await store.eventBuses.putRule(rule('kept', 'r', { scheduleExpression: 'rate(1 minute)' }));
        await store.eventBuses.putTargets('kept', 'r', [target('t', { input: '{"a":1}' })]);
        await store.eventBuses.recordFire('kept/r', 60_000);
        await store.close();
        store = await opened.reopen();
        assert.deepEqual(await store.eventBuses.getBus('kept'), bus('kept'));
        assert.deepEqual(await store.eventBuses.getRule('kept', 'r'), rule('kept', 'r', { scheduleExpression: 'rate(1 minute)' }));
        assert.deepEqual(await store.eventBuses.listTargets('kept', 'r', undefined, 10), [target('t', { input: '{"a":1}' })]);
        assert.equal(await store.eventBuses.recordFire('kept/r', 60_000), false);
      } finally {
        await store.close();
        await opened.cleanup();
      }
    });
  });
}
