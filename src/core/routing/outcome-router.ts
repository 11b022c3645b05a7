import { AwsError } from '../../lib/errors.js';
import type { Clock } from '../../lib/clock.js';
import { GroupCommit } from '../../lib/group-commit.js';
import { InFlight } from '../../lib/in-flight.js';
import type { PendingRouting } from '../../store/async-events.js';
import type { FunctionRecord, Store } from '../../store/store.js';
import { deadLetterCall, type RoleAuthority } from '../functions/execution-role.js';
import type { InvocationMetrics } from '../invoke/invocation-metrics.js';
import type { QueueSender, TopicPublisher } from '../messaging/delivery-ports.js';
import { deadLetterMessage } from './dead-letter.js';
import { WakeUp } from '../../lib/wake-up.js';

export interface OutcomeRouterDeps {
  store: Store;
  clock: Clock;
  /** The function as configured now: its dead-letter target and execution role. */
  findFunction(name: string): Promise<FunctionRecord | undefined>;
  roles: RoleAuthority;
  queues: QueueSender;
  topics: TopicPublisher;
  metrics: InvocationMetrics;
}

/** Real time a claimed routing stays leased: how soon another node, or a restart, delivers what a dead node did not. */
const LEASE_MS = 30_000;
const CLAIM_BATCH = 50;

/**
 * Takes failed events out of the outbox and sends each to its function's dead-letter queue or topic, as Lambda
 * does: the original payload with `RequestID`, `ErrorCode` and `ErrorMessage` attributes, if the execution role
 * allows it. A delivery that cannot succeed (no permission, target gone, message too large) drops the event,
 * counts a `DeadLetterErrors` and logs one line; a failure of Eventide itself leaves the routing in the outbox
 * to be tried again when its lease runs out. Nothing it does throws into the dispatcher.
 */
export class OutcomeRouter {
  private readonly wakeUp = new WakeUp(() => void this.pump());
  private pumping = false;
  private stopped = false;
  private sweep: NodeJS.Timeout | undefined;
  private readonly inFlight = new InFlight();
  private readonly completions: GroupCommit<number>;

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
        const routings = await store.claimRoutings(clock.now(), clock.afterReal(LEASE_MS), CLAIM_BATCH);
        for (const routing of routings) {
          this.inFlight.enter();
          void this.route(routing).finally(() => this.inFlight.leave());
        }
        if (routings.length < CLAIM_BATCH) return;
      }
    } catch (error) {
      console.error('eventide: could not read the outbox of failed events:', error);
    } finally {
      this.pumping = false;
    }
  }

  private async route(routing: PendingRouting): Promise<void> {
    const { event } = routing;
    try {
      const fn = await this.deps.findFunction(event.functionName);
      const target = fn?.deadLetterTargetArn;
      if (fn !== undefined && target !== undefined) {
        const problem = await this.deliver(fn, target, routing);
        if (problem !== undefined) {
          this.deps.metrics.deadLetterFailed(fn.name);
          console.error(
            `eventide: event ${event.requestId} of ${fn.name} could not be written to its dead-letter target ${target} and is dropped (DeadLetterErrors): ${problem}`,
          );
        }
      }
      await this.completions.add(event.id);
    } catch (error) {
      // Eventide's own failure: the routing stays in the outbox and comes back when its lease runs out.
      console.error(`eventide: routing the outcome of event ${event.requestId} failed; it will be tried again:`, error);
    }
  }

  /** Sends the dead letter; returns why it could not be delivered, or undefined once it is. */
  private async deliver(fn: FunctionRecord, target: string, routing: PendingRouting): Promise<string | undefined> {
    const call = deadLetterCall(target);
    if (call === undefined) return 'the target is neither an SQS queue nor an SNS topic';
    const permission = await this.deps.roles.authorize(fn.role, call.action, target);
    if (permission.decision !== 'Allow') {
      return `the execution role ${fn.role} is not allowed to call ${call.action} on it (${permission.reason})`;
    }
    const message = deadLetterMessage(routing.event, routing.lastOutcome);
    try {
      if (call.service === 'SQS') await this.deps.queues.sendToQueue(target, message.body, message.attributes);
      else await this.deps.topics.publishToTopic(target, message.body, message.attributes);
      return undefined;
    } catch (error) {
      if (error instanceof AwsError) return `${call.operation} failed with ${error.code}: ${error.message}`;
      throw error;
    }
  }
}
