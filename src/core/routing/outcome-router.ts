import { AwsError } from '../../lib/errors.js';
import type { Clock } from '../../lib/clock.js';
import { GroupCommit } from '../../lib/group-commit.js';
import { InFlight } from '../../lib/in-flight.js';
import type { Logger } from '../../lib/logger.js';
import type { DeliveryRecord, PendingRouting, RoutingCompletion } from '../../store/async-events.js';
import type { EventInvokeConfigRecord } from '../../store/event-invoke-configs.js';
import type { FunctionRecord, Store } from '../../store/store.js';
import type { RoleAuthority } from '../functions/execution-role.js';
import { LATEST } from '../functions/function-registry.js';
import type { InvocationMetrics } from '../invoke/invocation-metrics.js';
import { deadLetterDelivery, destinationDelivery, type Delivery, type DeliveryPorts } from './deliveries.js';
import { WakeUp } from '../../lib/wake-up.js';

export interface OutcomeRouterDeps {
  store: Store;
  clock: Clock;
  /** The function as configured now: its dead-letter target and execution role. */
  findFunction(name: string): Promise<FunctionRecord | undefined>;
  /** Its event-invoke config for the event's qualifier now: the destinations. */
  eventInvokeConfig(functionName: string, qualifier: string): Promise<EventInvokeConfigRecord | undefined>;
  qualifiedArn(functionName: string, qualifier: string): string;
  roles: RoleAuthority;
  ports: DeliveryPorts;
  metrics: InvocationMetrics;
  logger: Logger;
}

/** Real time a claimed routing stays leased: how soon another node, or a restart, delivers what a dead node did not. */
const LEASE_MS = 30_000;
const CLAIM_BATCH = 50;

/**
 * Takes finished events out of the outbox and delivers their outcome as Lambda does: a failure to the dead-letter
 * queue or topic (the payload with `RequestID`, `ErrorCode`, `ErrorMessage`) and to the OnFailure destination, a
 * success to the OnSuccess destination (the invocation record), each only if the execution role allows it. A
 * delivery that cannot succeed (no permission, target gone, message too large) is dropped, counted
 * (`DeadLetterErrors`, `DestinationDeliveryFailures`) and logged in one line, as is each delivery made; a failure of Eventide itself leaves
 * the routing in the outbox to be tried again when its lease runs out. Nothing it does throws into the dispatcher.
 */
export class OutcomeRouter {
  private readonly wakeUp = new WakeUp(() => void this.pump());
  private pumping = false;
  private stopped = false;
  private sweep: NodeJS.Timeout | undefined;
  private readonly inFlight = new InFlight();
  private readonly completions: GroupCommit<RoutingCompletion>;

  constructor(private readonly deps: OutcomeRouterDeps) {
    this.completions = new GroupCommit((ids) => deps.store.completeRoutings(ids));
  }

  /** Looks at the outbox now, and again every lease period for routings a dead node left behind. */
  start(): void {
    this.sweep = setInterval(() => this.wake(), LEASE_MS);
    this.wake();
  }

  /** Outcomes are waiting in the outbox. */
  wake(): void {
    this.wakeUp.request();
  }

  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    this.wakeUp.stop();
    clearInterval(this.sweep);
    await this.inFlight.drained(graceMs);
  }

  private async pump(): Promise<void> {
    if (this.pumping || this.stopped) return;
    this.pumping = true;
    try {
      const { store, clock } = this.deps;
      for (;;) {
        const now = clock.wallTime();
        const routings = await store.claimRoutings(now, now + LEASE_MS, CLAIM_BATCH);
        for (const routing of routings) {
          this.inFlight.enter();
          void this.route(routing).finally(() => this.inFlight.leave());
        }
        if (routings.length < CLAIM_BATCH) return;
      }
    } catch (error) {
      this.deps.logger.error('could not read the outbox of finished events', { err: error });
    } finally {
      this.pumping = false;
    }
  }

  private async route(routing: PendingRouting): Promise<void> {
    const { event } = routing;
    try {
      const fn = await this.deps.findFunction(event.functionName);
      const deliveries = fn === undefined ? [] : await this.deliverAll(fn, routing);
      await this.completions.add({ eventId: event.id, deliveries });
    } catch (error) {
      // Eventide's own failure: the routing stays in the outbox and comes back when its lease runs out.
      this.deps.logger.error('routing an event outcome failed inside Eventide; it will be tried again', { function: event.functionName, requestId: event.requestId, err: error });
    }
  }

  /** Makes each delivery the function's configuration asks for; what became of each is kept for the event's timeline. */
  private async deliverAll(fn: FunctionRecord, routing: PendingRouting): Promise<DeliveryRecord[]> {
    const { event } = routing;
    const records: DeliveryRecord[] = [];
    for (const delivery of await this.deliveriesOf(fn, routing)) {
      const problem = await this.deliver(fn, delivery);
      const destination = destinationName(delivery, event.state);
      const result = problem === undefined ? 'delivered' : 'dropped';
      records.push({ kind: 'delivery', at: this.deps.clock.wallTime(), destination, target: delivery.target, result, reason: problem });
      const fields = { function: fn.name, requestId: event.requestId, destination, target: delivery.target, result };
      if (problem === undefined) {
        this.deps.logger.info('event delivered', fields);
        continue;
      }
      if (delivery.kind === 'destination') this.deps.metrics.destinationDeliveryFailed(fn.name);
      else this.deps.metrics.deadLetterFailed(fn.name);
      const counted = delivery.kind === 'destination' ? 'DestinationDeliveryFailures' : 'DeadLetterErrors';
      this.deps.logger.warn('event delivery dropped', { ...fields, reason: problem, counted });
    }
    return records;
  }

  /** A failure goes to the dead-letter target and the OnFailure destination (both when both are set); a success to OnSuccess. */
  private async deliveriesOf(fn: FunctionRecord, routing: PendingRouting): Promise<Delivery[]> {
    const { event } = routing;
    const deliveries: Delivery[] = [];
    const failed = event.state === 'failed';
    if (failed && fn.deadLetterTargetArn !== undefined) deliveries.push(deadLetterDelivery(routing, fn.deadLetterTargetArn, this.deps.ports));
    const config = await this.deps.eventInvokeConfig(fn.name, event.qualifier);
    const destination = (failed ? config?.onFailure : config?.onSuccess)?.destination;
    if (destination !== undefined) {
      const context = { fn, qualifiedArn: this.deps.qualifiedArn(fn.name, LATEST), executedVersion: LATEST, timestamp: this.deps.clock.wallTime() };
      deliveries.push(destinationDelivery(routing, destination, context, this.deps.ports));
    }
    return deliveries;
  }

  /** Sends one delivery; returns why it could not be delivered, or undefined once it is. */
  private async deliver(fn: FunctionRecord, delivery: Delivery): Promise<string | undefined> {
    if (delivery.action === undefined) return 'Eventide cannot deliver to this kind of target yet';
    for (const { action, resource } of [{ action: delivery.action, resource: delivery.target }, ...(delivery.alsoNeeds ?? [])]) {
      const permission = await this.deps.roles.authorize(fn.role, action, resource);
      if (permission.decision !== 'Allow') return `the execution role ${fn.role} is not allowed to call ${action} on it (${permission.reason})`;
    }
    try {
      await delivery.send();
      return undefined;
    } catch (error) {
      if (error instanceof AwsError) return `${delivery.action} failed with ${error.code}: ${error.message}`;
      throw error;
    }
  }
}

/** Where an outcome goes, in the words of the event's timeline. */
function destinationName(delivery: Delivery, state: PendingRouting['event']['state']): 'dead-letter' | 'on-success' | 'on-failure' {
  if (delivery.kind === 'dead-letter target') return 'dead-letter';
  return state === 'failed' ? 'on-failure' : 'on-success';
}
