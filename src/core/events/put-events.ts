/**
 * PutEvents: each entry is checked on its own, becomes an event on its bus, and goes to the targets of every
 * rule whose pattern it matches. The call resolves once every delivery is durable (or has failed and been
 * counted), so a 200 means the targets have the event.
 */
import { randomUUID } from 'node:crypto';
import type { AccountScope } from '../../lib/arn.js';
import type { Clock } from '../../lib/clock.js';
import type { BusEvent, EventBusPublisher } from '../messaging/delivery-ports.js';
import { busNameOf, localBusOfArn } from './event-bus-arns.js';
import { envelope, type EventEnvelope } from './event-envelope.js';
import { matchesEventPattern } from './event-pattern.js';
import type { RoutedRule, RoutingTable } from './routing-table.js';
import { TargetDelivery, type TargetDeliveryDeps } from './target-delivery.js';
import { AwsError } from '../../lib/errors.js';
import { isJsonObject } from '../../lib/json.js';

export interface PutEventsEntry {
  source: string | undefined;
  detailType: string | undefined;
  detail: string | undefined;
  resources: string[] | undefined;
  /** Epoch milliseconds; undefined: now. */
  time: number | undefined;
  eventBusName: string | undefined;
}

export type PutEventsResult = { eventId: string } | { errorCode: string; errorMessage: string };

const invalidArgument = (parameter: string) => ({
  errorCode: 'InvalidArgument',
  errorMessage: `Parameter ${parameter} is not valid. Reason: ${parameter} is a required argument.`,
});

/** Sources AWS services put their events under; users may not. */
export const AWS_SOURCE_PREFIX = 'aws.';

const notAuthorizedForSource: PutEventsResult = { errorCode: 'NotAuthorizedForSourceException', errorMessage: 'Not authorized for the source.' };

export class EventIngest implements EventBusPublisher {
  private readonly delivery: TargetDelivery;

  constructor(
    private readonly routing: RoutingTable,
    private readonly scope: AccountScope,
    private readonly clock: Clock,
    deps: Omit<TargetDeliveryDeps, 'scope'>,
  ) {
    this.delivery = new TargetDelivery({ ...deps, scope }, (busName, event, hops) => this.route(busName, event, hops));
  }

  /** PutEvents from users: `aws.*` sources are AWS services' own, and refused entry by entry, as on AWS. */
  async putEvents(entries: PutEventsEntry[]): Promise<PutEventsResult[]> {
    return Promise.all(entries.map((entry) => (entry.source?.startsWith(AWS_SOURCE_PREFIX) ? notAuthorizedForSource : this.putEntry(entry))));
  }

  /** EventBusPublisher: engine parts (Lambda destinations) put events on a bus by its ARN. */
  async putEventOnBus(busArn: string, event: BusEvent): Promise<void> {
    const result = await this.putEntry({ ...event, time: undefined, eventBusName: localBusOfArn(this.scope, busArn) ?? busArn });
    if ('errorCode' in result) throw new AwsError(result.errorCode, 400, result.errorMessage);
  }

  /** Puts one event on its bus, from any source: AWS services' events (`aws.*`) come in this way. */
  async putEntry(entry: PutEventsEntry): Promise<PutEventsResult> {
    if (entry.source === undefined || entry.source === '') return invalidArgument('Source');
    if (entry.detailType === undefined || entry.detailType === '') return invalidArgument('DetailType');
    if (entry.detail === undefined || entry.detail === '') return invalidArgument('Detail');
    const detail = parseDetail(entry.detail);
    if (detail === undefined) return { errorCode: 'MalformedDetail', errorMessage: 'Detail is malformed.' };
    const busName = busNameOf(entry.eventBusName);
    const rules = await this.routing.rulesOf(busName);
    if (rules === undefined) return { errorCode: 'ResourceNotFoundException', errorMessage: `Event bus ${busName} does not exist.` };
    const event = envelope({
      id: randomUUID(),
      detailType: entry.detailType,
      source: entry.source,
      account: this.scope.accountId,
      time: entry.time ?? this.clock.wallTime(),
      region: this.scope.region,
      resources: entry.resources ?? [],
      detail,
    });
    await this.deliverMatching(rules, event, 0);
    return { eventId: event.id };
  }

  /** A rule forwarded the event to another bus. */
  private async route(busName: string, event: EventEnvelope, hops: number): Promise<void> {
    const rules = await this.routing.rulesOf(busName);
    if (rules === undefined) throw new Error(`Event bus ${busName} does not exist.`);
    await this.deliverMatching(rules, event, hops);
  }

  /** Delivers the event to the targets of every rule it matches. */
  private async deliverMatching(rules: RoutedRule[], event: EventEnvelope, hops: number): Promise<void> {
    const matched = rules.filter((rule) => rule.pattern !== undefined && matchesEventPattern(rule.pattern, event));
    if (matched.length > 0) await this.deliver(matched, event, hops);
  }

  /** Delivers the event to the targets of these rules, each rendering its own input. */
  async deliver(rules: RoutedRule[], event: EventEnvelope, hops = 0): Promise<void> {
    const ingestionTime = this.clock.wallTime();
    const deliveries: Promise<void>[] = [];
    for (const rule of rules) {
      const context = { ruleArn: rule.arn, ruleName: rule.name, ingestionTime };
      for (const target of rule.targets) {
        deliveries.push(this.delivery.deliver({ ruleArn: rule.arn, targetArn: target.arn, body: target.input(event, context), event, hops }));
      }
    }
    await Promise.all(deliveries);
  }
}

/** The entry's Detail when it is a JSON object. */
function parseDetail(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
