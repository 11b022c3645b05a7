/**
 * Fires scheduled rules on the engine clock. Each tick is first recorded in the store under a unique
 * (rule, tick) key and only delivered when that record is new, so a tick fires once even across a restart (or,
 * later, on many nodes). Ticks missed while Eventide was down are not replayed: after a start, a schedule
 * continues with its first tick after now (or after the last one it fired, if the clock is behind that).
 */
import { randomUUID } from 'node:crypto';
import type { AccountScope } from '../../lib/arn.js';
import type { Clock } from '../../lib/clock.js';
import { InFlight } from '../../lib/in-flight.js';
import type { Logger } from '../../lib/logger.js';
import type { EventBusStore, RuleRecord } from '../../store/events.js';
import { ruleArn } from './event-bus-arns.js';
import { envelope } from './event-envelope.js';
import type { EventIngest } from './put-events.js';
import { routedTarget } from './routing-table.js';
import { nextFireTime, parseScheduleExpression, type ScheduleExpression } from './schedule-expression.js';

export interface SchedulerDeps {
  store: EventBusStore;
  clock: Clock;
  scope: AccountScope;
  ingest: EventIngest;
  logger: Logger;
}

/** A schedule armed for its next tick. */
interface Armed {
  rule: RuleRecord;
  arn: string;
  expression: ScheduleExpression;
  next: number;
  timer: NodeJS.Timeout;
}

/** Rules read at most this many targets (AWS allows 5). */
const TARGETS_READ = 100;
/** When the clock jumps ahead (an advance), ticks up to this much engine time back are still fired, in order. */
const CATCH_UP_MS = 60 * 60 * 1000;

export class Scheduler {
  private readonly armed = new Map<string, Armed>();
  private readonly inFlight = new InFlight();
  private stopped = false;
  private reloading: Promise<void> = Promise.resolve();
  /** Counts readings of the rules: a tick that sees one happened while it fired leaves re-arming to it. */
  private readings = 0;

  constructor(private readonly deps: SchedulerDeps) {}

  start(): void {
    this.deps.clock.onAdvance(() => this.rearmAll());
    this.reload();
  }

  /** Scheduled rules were created, changed or deleted: read them again. */
  reload(): void {
    this.reloading = this.reloading.then(() => this.readSchedules()).catch((error: unknown) => {
      this.deps.logger.error('could not read the scheduled rules', { err: error });
    });
  }

  /** Stops firing; waits up to `graceMs` for ticks being delivered. */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    for (const entry of this.armed.values()) clearTimeout(entry.timer);
    this.armed.clear();
    await this.inFlight.drained(graceMs);
  }

  private async readSchedules(): Promise<void> {
    if (this.stopped) return;
    this.readings++;
    const rules = (await this.deps.store.scheduledRules()).filter((rule) => rule.state !== 'DISABLED' && rule.scheduleExpression !== undefined);
    const wanted = new Map(rules.map((rule) => [ruleArn(this.deps.scope, rule.busName, rule.name), rule]));
    for (const [arn, entry] of this.armed) {
      const rule = wanted.get(arn);
      if (rule === undefined || rule.scheduleExpression !== entry.rule.scheduleExpression || rule.createdAt !== entry.rule.createdAt) {
        clearTimeout(entry.timer);
        this.armed.delete(arn);
      } else {
        entry.rule = rule;
      }
    }
    for (const [arn, rule] of wanted) {
      if (this.armed.has(arn)) continue;
      const lastFire = (await this.deps.store.lastFire(arn)) ?? -Infinity;
      this.arm(arn, rule, parseScheduleExpression(rule.scheduleExpression ?? ''), Math.max(this.deps.clock.now(), lastFire));
    }
  }

  private arm(arn: string, rule: RuleRecord, expression: ScheduleExpression, after: number): void {
    if (this.stopped) return;
    const next = nextFireTime(expression, rule.createdAt, after);
    if (next === undefined) return;
    clearTimeout(this.armed.get(arn)?.timer);
    const timer = this.deps.clock.setTimeout(() => void this.fire(arn), next - this.deps.clock.now());
    this.armed.set(arn, { rule, arn, expression, next, timer });
  }

  /** The clock jumped: timers set for the old time are set again for the new. */
  private rearmAll(): void {
    for (const entry of this.armed.values()) {
      clearTimeout(entry.timer);
      entry.timer = this.deps.clock.setTimeout(() => void this.fire(entry.arn), entry.next - this.deps.clock.now());
    }
  }

  private async fire(arn: string): Promise<void> {
    const entry = this.armed.get(arn);
    if (entry === undefined || this.stopped) return;
    this.armed.delete(arn);
    const { rule, expression, next: tick } = entry;
    const readings = this.readings;
    this.inFlight.enter();
    try {
      if (await this.deps.store.recordFire(arn, tick)) await this.deliver(arn, rule, tick);
    } catch (error) {
      this.deps.logger.error('a scheduled tick could not be fired', { rule: arn, tick: new Date(tick).toISOString(), err: error });
    } finally {
      this.inFlight.leave();
    }
    // Rules read meanwhile: that reading armed this one again, or dropped it (changed, disabled, deleted).
    if (readings === this.readings) this.arm(arn, rule, expression, Math.max(tick, this.deps.clock.now() - CATCH_UP_MS));
  }

  private async deliver(arn: string, rule: RuleRecord, tick: number): Promise<void> {
    const targets = (await this.deps.store.listTargets(rule.busName, rule.name, undefined, TARGETS_READ)) ?? [];
    if (targets.length === 0) return;
    const event = envelope({
      id: randomUUID(),
      detailType: 'Scheduled Event',
      source: 'aws.events',
      account: this.deps.scope.accountId,
      time: tick,
      region: this.deps.scope.region,
      resources: [arn],
      detail: {},
    });
    await this.deps.ingest.deliver([{ name: rule.name, arn, pattern: undefined, targets: targets.map(routedTarget) }], event);
  }
}
