/**
 * EventBridge's control plane against a real Eventide: buses, rules and targets round trips with the SDK v3 and
 * the AWS CLI, AWS's errors for bad input (and nothing stored when a request is refused), persistence across a
 * restart.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  DescribeEventBusCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  ListEventBusesCommand,
  ListRuleNamesByTargetCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  TestEventPatternCommand,
  type EventBridgeClient,
} from '@aws-sdk/client-eventbridge';
import { awsCli, eventBridgeClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { expectError } from './support/sdk-errors.js';

const ACCOUNT = '000000000000';
const BUS_ARN = (name: string) => `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/${name}`;
const QUEUE_ARN = `arn:aws:sqs:us-east-1:${ACCOUNT}:some-queue`;
const PATTERN = JSON.stringify({ source: ['my.app'] });

describe('EventBridge control plane', () => {
  let eventide: EventideProcess;
  let events: EventBridgeClient;
  before(async () => {
    eventide = await startEventide({ lambdaRole: false });
    events = eventBridgeClient(eventide.url);
  });
  after(async () => {
    events.destroy();
    await stopAndClean(eventide);
  });

  test('the default bus exists; custom buses are created, described, listed by prefix and page, and deleted', async () => {
    const initial = await events.send(new DescribeEventBusCommand({}));
    assert.equal(initial.Name, 'default');
    assert.equal(initial.Arn, BUS_ARN('default'));
    const created = await events.send(new CreateEventBusCommand({ Name: 'orders', Description: 'order events' }));
    assert.equal(created.EventBusArn, BUS_ARN('orders'));
    await events.send(new CreateEventBusCommand({ Name: 'orders-eu' }));
    const described = await events.send(new DescribeEventBusCommand({ Name: BUS_ARN('orders') }));
    assert.equal(described.Name, 'orders');
    assert.equal(described.Description, 'order events');
    assert.ok(described.CreationTime instanceof Date);

    const byPrefix = await events.send(new ListEventBusesCommand({ NamePrefix: 'orders' }));
    assert.deepEqual(byPrefix.EventBuses?.map((bus) => bus.Name), ['orders', 'orders-eu']);
    const first = await events.send(new ListEventBusesCommand({ Limit: 2 }));
    assert.deepEqual(first.EventBuses?.map((bus) => bus.Name), ['default', 'orders']);
    assert.ok(first.NextToken);
    const second = await events.send(new ListEventBusesCommand({ Limit: 2, NextToken: first.NextToken }));
    assert.deepEqual(second.EventBuses?.map((bus) => bus.Name), ['orders-eu']);
    assert.equal(second.NextToken, undefined);

    await expectError(events.send(new CreateEventBusCommand({ Name: 'orders' })), 'ResourceAlreadyExistsException', 400, 'Event bus orders already exists.');
    await expectError(events.send(new DeleteEventBusCommand({ Name: 'default' })), 'ValidationException', 400, 'Cannot delete event bus default.');
    await events.send(new DeleteEventBusCommand({ Name: 'orders-eu' }));
    await events.send(new DeleteEventBusCommand({ Name: 'never-was' }));
    await expectError(events.send(new DescribeEventBusCommand({ Name: 'orders-eu' })), 'ResourceNotFoundException', 400, 'Event bus orders-eu does not exist.');
  });

  test('PutRule is an upsert that resets what it omits; Describe, List, Enable, Disable and Delete', async () => {
    const arn = (await events.send(new PutRuleCommand({ Name: 'r-upsert', EventPattern: PATTERN, Description: 'first', State: 'DISABLED' }))).RuleArn;
    assert.equal(arn, `arn:aws:events:us-east-1:${ACCOUNT}:rule/r-upsert`);
    await events.send(new PutRuleCommand({ Name: 'r-upsert', ScheduleExpression: 'rate(5 minutes)' }));
    const rule = await events.send(new DescribeRuleCommand({ Name: 'r-upsert' }));
    assert.equal(rule.ScheduleExpression, 'rate(5 minutes)');
    assert.equal(rule.EventPattern, undefined);
    assert.equal(rule.Description, undefined);
    assert.equal(rule.State, 'ENABLED');
    assert.equal(rule.EventBusName, 'default');

    await events.send(new DisableRuleCommand({ Name: 'r-upsert' }));
    assert.equal((await events.send(new DescribeRuleCommand({ Name: 'r-upsert' }))).State, 'DISABLED');
    await events.send(new EnableRuleCommand({ Name: 'r-upsert' }));
    assert.equal((await events.send(new DescribeRuleCommand({ Name: 'r-upsert' }))).State, 'ENABLED');

    await events.send(new CreateEventBusCommand({ Name: 'rules-bus' }));
    const onBus = await events.send(new PutRuleCommand({ Name: 'r-bus', EventPattern: PATTERN, EventBusName: BUS_ARN('rules-bus') }));
    assert.equal(onBus.RuleArn, `arn:aws:events:us-east-1:${ACCOUNT}:rule/rules-bus/r-bus`);
    for (const name of ['r-page-a', 'r-page-b', 'r-page-c']) await events.send(new PutRuleCommand({ Name: name, EventPattern: PATTERN }));
    const page = await events.send(new ListRulesCommand({ NamePrefix: 'r-page-', Limit: 2 }));
    assert.deepEqual(page.Rules?.map((r) => r.Name), ['r-page-a', 'r-page-b']);
    const rest = await events.send(new ListRulesCommand({ NamePrefix: 'r-page-', Limit: 2, NextToken: page.NextToken }));
    assert.deepEqual(rest.Rules?.map((r) => r.Name), ['r-page-c']);
    const busRules = await events.send(new ListRulesCommand({ EventBusName: 'rules-bus' }));
    assert.deepEqual(busRules.Rules?.map((r) => [r.Name, r.EventBusName, r.EventPattern]), [['r-bus', 'rules-bus', PATTERN]]);

    await events.send(new DeleteRuleCommand({ Name: 'r-page-c' }));
    await events.send(new DeleteRuleCommand({ Name: 'r-page-c' }));
    await expectError(events.send(new DescribeRuleCommand({ Name: 'r-page-c' })), 'ResourceNotFoundException', 400, 'Rule r-page-c does not exist on EventBus default.');
    await expectError(events.send(new EnableRuleCommand({ Name: 'nope', EventBusName: 'rules-bus' })), 'ResourceNotFoundException', 400, 'Rule nope does not exist on EventBus rules-bus.');
  });

  test('targets are put, replaced by id, listed, found by ARN and removed; a rule with targets is not deleted', async () => {
    await events.send(new PutRuleCommand({ Name: 'r-targets', EventPattern: PATTERN }));
    const put = await events.send(
      new PutTargetsCommand({
        Rule: 'r-targets',
        Targets: [
          { Id: 'a', Arn: QUEUE_ARN, InputPath: '$.detail' },
          { Id: 'b', Arn: QUEUE_ARN, InputTransformer: { InputPathsMap: { s: '$.source' }, InputTemplate: '{"from": <s>}' } },
        ],
      }),
    );
    assert.equal(put.FailedEntryCount, 0);
    assert.deepEqual(put.FailedEntries, []);
    await events.send(new PutTargetsCommand({ Rule: 'r-targets', Targets: [{ Id: 'a', Arn: QUEUE_ARN, Input: '{"constant":true}' }] }));
    const listed = await events.send(new ListTargetsByRuleCommand({ Rule: 'r-targets' }));
    assert.deepEqual(listed.Targets, [
      { Id: 'a', Arn: QUEUE_ARN, Input: '{"constant":true}' },
      { Id: 'b', Arn: QUEUE_ARN, InputTransformer: { InputPathsMap: { s: '$.source' }, InputTemplate: '{"from": <s>}' } },
    ]);
    const names = await events.send(new ListRuleNamesByTargetCommand({ TargetArn: QUEUE_ARN }));
    assert.deepEqual(names.RuleNames, ['r-targets']);

    await expectError(events.send(new DeleteRuleCommand({ Name: 'r-targets' })), 'ValidationException', 400, "Rule can't be deleted since it has targets.");
    assert.equal((await events.send(new DescribeRuleCommand({ Name: 'r-targets' }))).Name, 'r-targets');

    const removed = await events.send(new RemoveTargetsCommand({ Rule: 'r-targets', Ids: ['a', 'b', 'zz'] }));
    assert.equal(removed.FailedEntryCount, 1);
    assert.equal(removed.FailedEntries?.[0]?.TargetId, 'zz');
    await events.send(new DeleteRuleCommand({ Name: 'r-targets' }));
    await expectError(events.send(new ListTargetsByRuleCommand({ Rule: 'r-targets' })), 'ResourceNotFoundException', 400);
  });

  test('bad input gets AWS-shaped errors and stores nothing', async () => {
    await expectError(
      events.send(new PutRuleCommand({ Name: 'bad-pattern', EventPattern: '{"source": []}' })),
      'InvalidEventPatternException',
      400,
      /^Event pattern is not valid\. Reason: Empty arrays are not allowed/,
    );
    await expectError(events.send(new PutRuleCommand({ Name: 'bad-schedule', ScheduleExpression: 'rate(1 minutes)' })), 'ValidationException', 400, 'Parameter ScheduleExpression is not valid.');
    await expectError(events.send(new PutRuleCommand({ Name: 'neither' })), 'ValidationException', 400, 'Parameter(s) EventPattern or ScheduleExpression must be specified.');
    await events.send(new CreateEventBusCommand({ Name: 'no-schedules' }));
    await expectError(
      events.send(new PutRuleCommand({ Name: 'bus-schedule', ScheduleExpression: 'rate(1 minute)', EventBusName: 'no-schedules' })),
      'ValidationException',
      400,
      'ScheduleExpression is supported only on the default event bus.',
    );
    await expectError(events.send(new PutRuleCommand({ Name: 'bad name!', EventPattern: PATTERN })), 'ValidationException', 400, /at 'name' failed to satisfy constraint/);
    const all = await events.send(new ListRulesCommand({}));
    for (const name of ['bad-pattern', 'bad-schedule', 'neither', 'bad name!']) assert.ok(!all.Rules?.some((rule) => rule.Name === name), name);
    assert.deepEqual((await events.send(new ListRulesCommand({ EventBusName: 'no-schedules' }))).Rules, []);

    await events.send(new PutRuleCommand({ Name: 'r-bad-targets', EventPattern: PATTERN }));
    await expectError(
      events.send(new PutTargetsCommand({ Rule: 'r-bad-targets', Targets: [{ Id: 'x', Arn: 'not-an-arn' }] })),
      'ValidationException',
      400,
      'Parameter not-an-arn is not valid. Reason: Provided Arn is not in correct format.',
    );
    await expectError(
      events.send(new PutTargetsCommand({ Rule: 'r-bad-targets', Targets: [{ Id: 'x', Arn: QUEUE_ARN, Input: '{}', InputPath: '$.detail' }] })),
      'ValidationException',
      400,
      'Only one of Input, InputPath, or InputTransformer must be provided for target x.',
    );
    await expectError(
      events.send(
        new PutTargetsCommand({ Rule: 'r-bad-targets', Targets: [{ Id: 'x', Arn: QUEUE_ARN, InputTransformer: { InputPathsMap: {}, InputTemplate: '{"a": <missing>}' } }] }),
      ),
      'ValidationException',
      400,
      'InputTemplate for target x contains invalid placeholder missing.',
    );
    await expectError(events.send(new PutTargetsCommand({ Rule: 'no-such-rule', Targets: [{ Id: 'x', Arn: QUEUE_ARN }] })), 'ResourceNotFoundException', 400, 'Rule no-such-rule does not exist on EventBus default.');
    assert.deepEqual((await events.send(new ListTargetsByRuleCommand({ Rule: 'r-bad-targets' }))).Targets, []);

    const tooMany = Array.from({ length: 11 }, () => ({ Source: 'my.app', DetailType: 't', Detail: '{}' }));
    await expectError(events.send(new PutEventsCommand({ Entries: tooMany })), 'ValidationException', 400, /at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10$/);
  });

  test('PutEvents answers per entry: EventId, or ErrorCode and ErrorMessage', async () => {
    const result = await events.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'my.app', DetailType: 'ok', Detail: '{"a":1}' },
          { Source: 'my.app', DetailType: 'not an object', Detail: '[1,2]' },
          { Source: 'my.app', DetailType: 'not JSON', Detail: '{oops' },
          { DetailType: 'no source', Detail: '{}' },
          { Source: 'my.app', Detail: '{}' },
          { Source: 'my.app', DetailType: 'no detail' },
          { Source: 'my.app', DetailType: 'no bus', Detail: '{}', EventBusName: 'missing-bus' },
        ],
      }),
    );
    assert.equal(result.FailedEntryCount, 6);
    assert.match(result.Entries?.[0]?.EventId ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.deepEqual(result.Entries?.slice(1), [
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.' },
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.' },
      { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.' },
      { ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'Event bus missing-bus does not exist.' },
    ]);
  });

  test('TestEventPattern matches an event against a pattern', async () => {
    const event = JSON.stringify({
      id: '1',
      account: ACCOUNT,
      source: 'my.app',
      time: '2026-01-01T00:00:00Z',
      region: 'us-east-1',
      resources: [],
      'detail-type': 'x',
      detail: { n: 5 },
    });
    assert.equal((await events.send(new TestEventPatternCommand({ EventPattern: PATTERN, Event: event }))).Result, true);
    const numeric = JSON.stringify({ detail: { n: [{ numeric: ['>', 10] }] } });
    assert.equal((await events.send(new TestEventPatternCommand({ EventPattern: numeric, Event: event }))).Result, false);
    await expectError(events.send(new TestEventPatternCommand({ EventPattern: '{"source": "x"}', Event: event })), 'InvalidEventPatternException', 400);
  });

  test('the AWS CLI drives buses, rules and targets', async () => {
    const bus = await awsCli(eventide.url, ['events', 'create-event-bus', '--name', 'cli-bus']);
    assert.equal(bus.code, 0, bus.stderr);
    assert.equal((JSON.parse(bus.stdout) as { EventBusArn: string }).EventBusArn, BUS_ARN('cli-bus'));
    const rule = await awsCli(eventide.url, ['events', 'put-rule', '--name', 'cli-rule', '--event-bus-name', 'cli-bus', '--event-pattern', PATTERN]);
    assert.equal(rule.code, 0, rule.stderr);
    const targets = await awsCli(eventide.url, ['events', 'put-targets', '--rule', 'cli-rule', '--event-bus-name', 'cli-bus', '--targets', `Id=q,Arn=${QUEUE_ARN}`]);
    assert.equal(targets.code, 0, targets.stderr);
    const listed = await awsCli(eventide.url, ['events', 'list-targets-by-rule', '--rule', 'cli-rule', '--event-bus-name', 'cli-bus']);
    assert.deepEqual((JSON.parse(listed.stdout) as { Targets: unknown[] }).Targets, [{ Id: 'q', Arn: QUEUE_ARN }]);
    const refused = await awsCli(eventide.url, ['events', 'delete-rule', '--name', 'cli-rule', '--event-bus-name', 'cli-bus']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /ValidationException.*Rule can't be deleted since it has targets\./);
  });
});

test('buses, rules and targets survive a restart', async () => {
  let eventide = await startEventide({ lambdaRole: false });
  let events = eventBridgeClient(eventide.url);
  try {
    await events.send(new CreateEventBusCommand({ Name: 'kept' }));
    await events.send(new PutRuleCommand({ Name: 'kept-rule', EventPattern: PATTERN, EventBusName: 'kept', Description: 'stays' }));
    await events.send(new PutTargetsCommand({ Rule: 'kept-rule', EventBusName: 'kept', Targets: [{ Id: 't', Arn: QUEUE_ARN, InputPath: '$.detail' }] }));
    events.destroy();
    await eventide.stop();
    eventide = await startEventide({ dataDir: eventide.dataDir, lambdaRole: false });
    events = eventBridgeClient(eventide.url);
    const rule = await events.send(new DescribeRuleCommand({ Name: 'kept-rule', EventBusName: 'kept' }));
    assert.equal(rule.Description, 'stays');
    assert.equal(rule.EventPattern, PATTERN);
    assert.deepEqual((await events.send(new ListTargetsByRuleCommand({ Rule: 'kept-rule', EventBusName: 'kept' }))).Targets, [{ Id: 't', Arn: QUEUE_ARN, InputPath: '$.detail' }]);
  } finally {
    events.destroy();
    await stopAndClean(eventide);
  }
});
