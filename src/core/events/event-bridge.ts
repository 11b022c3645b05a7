/** EventBridge's parts assembled: buses, rules, targets, PutEvents and the scheduler, over one routing table. */
import type { AccountScope } from '../../lib/arn.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import type { EventBusStore } from '../../store/events.js';
import type { FunctionInvoker, QueueSender, TopicPublisher } from '../messaging/delivery-ports.js';
import type { EventDeliveryMetrics } from './event-delivery-metrics.js';
import { EventBuses } from './event-buses.js';
import { EventIngest } from './put-events.js';
import { RoutingTable } from './routing-table.js';
import { RuleTargets } from './rule-targets.js';
import { Rules } from './rules.js';
import { Scheduler } from './scheduler.js';

export interface EventBridgeDeps {
  store: EventBusStore;
  scope: AccountScope;
  clock: Clock;
  queues: QueueSender;
  topics: TopicPublisher;
  functions: FunctionInvoker;
  metrics: EventDeliveryMetrics;
  logger: Logger;
}

export interface EventBridge {
  buses: EventBuses;
  rules: Rules;
  targets: RuleTargets;
  /** PutEvents, and the EventBusPublisher other engine parts put events through. */
  ingest: EventIngest;
  scheduler: Scheduler;
}

/** Builds EventBridge and makes sure the `default` bus exists; the scheduler still has to be started. */
export async function createEventBridge(deps: EventBridgeDeps): Promise<EventBridge> {
  const { store, scope, clock } = deps;
  const routing = new RoutingTable(store, scope);
  const buses = new EventBuses(store, routing, scope, clock);
  await buses.ensureDefaultBus();
  const { logger } = deps;
  const ingest = new EventIngest(routing, scope, clock, { queues: deps.queues, topics: deps.topics, functions: deps.functions, metrics: deps.metrics, logger });
  const scheduler = new Scheduler({ store, clock, scope, ingest, logger });
  const rules = new Rules(store, buses, routing, scope, clock, () => scheduler.reload());
  const targets = new RuleTargets(store, buses, routing);
  return { buses, rules, targets, ingest, scheduler };
}
