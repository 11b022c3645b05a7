import type { EventBuses, EventBusView } from '../../core/events/event-buses.js';
import { eventsValidation } from '../../core/events/events-errors.js';
import { matchesEventPattern, parseEventPattern } from '../../core/events/event-pattern.js';
import type { EventIngest, PutEventsResult } from '../../core/events/put-events.js';
import type { FailedTargetEntry, RuleTargets } from '../../core/events/rule-targets.js';
import type { Rules, RuleView } from '../../core/events/rules.js';
import type { TargetRecord } from '../../store/events.js';
import type { JsonRpcService } from '../service.js';
import {
  BUS_NAME,
  BUS_NAME_OR_ARN,
  limitOf,
  objectList,
  optionalEnum,
  optionalString,
  requiredString,
  RULE_NAME,
  stringList,
  type Input,
} from './events-input.js';
import { putEventsEntry, targetOf } from './events-shapes.js';
import { isJsonObject } from '../../lib/json.js';

export interface EventsServiceDeps {
  buses: EventBuses;
  rules: Rules;
  targets: RuleTargets;
  ingest: EventIngest;
  accountId: string;
}

const RULE_STATES = ['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'] as const;
/** Fields TestEventPattern needs in the event, as AWS checks them. */
const TEST_EVENT_FIELDS = ['id', 'account', 'source', 'time', 'region', 'resources', 'detail-type'];

const seconds = (epochMs: number): number => epochMs / 1000;
const busName = (input: Input): string | undefined => optionalString(input, 'EventBusName', BUS_NAME_OR_ARN);
const nextToken = (input: Input): string | undefined => optionalString(input, 'NextToken', { min: 1, max: 2048 });
const withToken = (token: string | undefined) => (token === undefined ? {} : { NextToken: token });

/** Amazon EventBridge (json-1.1, `AWSEvents.*`). */
export function eventsService(deps: EventsServiceDeps): JsonRpcService {
  const { buses, rules, targets, ingest } = deps;
  const busShape = (bus: EventBusView) => ({
    Name: bus.name,
    Arn: bus.arn,
    ...(bus.description === undefined ? {} : { Description: bus.description }),
    CreationTime: seconds(bus.creationTime),
    LastModifiedTime: seconds(bus.creationTime),
  });
  const ruleShape = (rule: RuleView) => ({
    Name: rule.name,
    Arn: rule.arn,
    ...(rule.eventPattern === undefined ? {} : { EventPattern: rule.eventPattern }),
    ...(rule.scheduleExpression === undefined ? {} : { ScheduleExpression: rule.scheduleExpression }),
    State: rule.state,
    ...(rule.description === undefined ? {} : { Description: rule.description }),
    ...(rule.roleArn === undefined ? {} : { RoleArn: rule.roleArn }),
    EventBusName: rule.busName,
  });
  const failedEntries = (failed: FailedTargetEntry[]) => ({
    FailedEntryCount: failed.length,
    FailedEntries: failed.map((entry) => ({ TargetId: entry.targetId, ErrorCode: entry.errorCode, ErrorMessage: entry.errorMessage })),
  });
  const setState = async (input: Input, state: 'ENABLED' | 'DISABLED') => {
    await rules.setState(requiredString(input, 'Name', RULE_NAME), busName(input), state);
    return {};
  };

  return {
    protocol: 'json',
    signingName: 'events',
    targetPrefix: 'AWSEvents',
    jsonVersion: '1.1',
    operations: {
      async CreateEventBus(input) {
        const description = optionalString(input, 'Description', { max: 512 });
        const bus = await buses.create(requiredString(input, 'Name', BUS_NAME), description);
        return { EventBusArn: bus.arn, ...(description === undefined ? {} : { Description: description }) };
      },
      async DeleteEventBus(input) {
        await buses.delete(requiredString(input, 'Name', BUS_NAME));
        return {};
      },
      async DescribeEventBus(input) {
        return busShape(await buses.require(optionalString(input, 'Name', BUS_NAME_OR_ARN)));
      },
      async ListEventBuses(input) {
        const page = await buses.list(optionalString(input, 'NamePrefix', BUS_NAME), nextToken(input), limitOf(input));
        return { EventBuses: page.buses.map(busShape), ...withToken(page.nextToken) };
      },
      async PutRule(input) {
        const arn = await rules.put({
          name: requiredString(input, 'Name', RULE_NAME),
          busNameOrArn: busName(input),
          eventPattern: optionalString(input, 'EventPattern', { max: 4096 }),
          scheduleExpression: optionalString(input, 'ScheduleExpression', { max: 256 }),
          state: optionalEnum(input, 'State', RULE_STATES),
          description: optionalString(input, 'Description', { max: 512 }),
          roleArn: optionalString(input, 'RoleArn', { min: 1, max: 1600 }),
        });
        return { RuleArn: arn };
      },
      async DescribeRule(input) {
        const rule = await rules.describe(requiredString(input, 'Name', RULE_NAME), busName(input));
        return { ...ruleShape(rule), CreatedBy: deps.accountId };
      },
      async ListRules(input) {
        const page = await rules.list(busName(input), optionalString(input, 'NamePrefix', RULE_NAME), nextToken(input), limitOf(input));
        return { Rules: page.rules.map(ruleShape), ...withToken(page.nextToken) };
      },
      async DeleteRule(input) {
        await rules.delete(requiredString(input, 'Name', RULE_NAME), busName(input));
        return {};
      },
      EnableRule: (input) => setState(input, 'ENABLED'),
      DisableRule: (input) => setState(input, 'DISABLED'),
      async PutTargets(input) {
        const rule = requiredString(input, 'Rule', RULE_NAME);
        const bus = busName(input);
        const entries: TargetRecord[] = objectList(input, 'Targets', 1, 100, 'Target').map(targetOf);
        return failedEntries(await targets.put(rule, bus, entries));
      },
      async RemoveTargets(input) {
        const rule = requiredString(input, 'Rule', RULE_NAME);
        const ids = stringList(input, 'Ids') ?? [];
        if (ids.length === 0) throw eventsValidation("1 validation error detected: Value null at 'ids' failed to satisfy constraint: Member must not be null");
        return failedEntries(await targets.remove(rule, busName(input), ids));
      },
      async ListTargetsByRule(input) {
        const page = await targets.list(requiredString(input, 'Rule', RULE_NAME), busName(input), nextToken(input), limitOf(input));
        return { Targets: page.targets.map(targetShape), ...withToken(page.nextToken) };
      },
      async ListRuleNamesByTarget(input) {
        const arn = requiredString(input, 'TargetArn', { min: 1, max: 1600 });
        const page = await targets.ruleNamesByTarget(arn, busName(input), nextToken(input), limitOf(input));
        return { RuleNames: page.ruleNames, ...withToken(page.nextToken) };
      },
      async PutEvents(input) {
        const entries = objectList(input, 'Entries', 1, 10, 'PutEventsRequestEntry').map(putEventsEntry);
        const results = await ingest.putEvents(entries);
        return { FailedEntryCount: results.filter((result) => 'errorCode' in result).length, Entries: results.map(resultShape) };
      },
      async TestEventPattern(input) {
        const pattern = parseEventPattern(requiredString(input, 'EventPattern', { max: 4096 }));
        const event = parseTestEvent(requiredString(input, 'Event'));
        return { Result: matchesEventPattern(pattern, event) };
      },
    },
  };
}

function targetShape(target: TargetRecord) {
  return {
    Id: target.id,
    Arn: target.arn,
    ...(target.roleArn === undefined ? {} : { RoleArn: target.roleArn }),
    ...(target.input === undefined ? {} : { Input: target.input }),
    ...(target.inputPath === undefined ? {} : { InputPath: target.inputPath }),
    ...(target.inputTransformer === undefined
      ? {}
      : { InputTransformer: { InputPathsMap: target.inputTransformer.inputPathsMap, InputTemplate: target.inputTransformer.inputTemplate } }),
  };
}

const resultShape = (result: PutEventsResult) =>
  'eventId' in result ? { EventId: result.eventId } : { ErrorCode: result.errorCode, ErrorMessage: result.errorMessage };

/** TestEventPattern's event: a JSON object with the envelope fields an event always has. */
function parseTestEvent(text: string): Record<string, unknown> {
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    throw eventsValidation('Parameter Event is not valid.');
  }
  if (!isJsonObject(event)) throw eventsValidation('Parameter Event is not valid.');
  const missing = TEST_EVENT_FIELDS.filter((field) => !(field in event));
  if (missing.length > 0) throw eventsValidation(`Parameter Event is not valid. Reason: Missing fields: ${missing.join(', ')}`);
  return event as Record<string, unknown>;
}
