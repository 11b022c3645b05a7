/** Rules of event buses: PutRule's upsert, DescribeRule, ListRules, DeleteRule, EnableRule, DisableRule. */
import type { AccountScope } from '../../lib/arn.js';
import type { Clock } from '../../lib/clock.js';
import { decodePageToken, encodePageToken } from '../../lib/page-token.js';
import type { EventBusStore, RuleRecord } from '../../store/events.js';
import { DEFAULT_BUS, ruleArn } from './event-bus-arns.js';
import type { EventBuses } from './event-buses.js';
import { busNotFound, eventsValidation, ruleNotFound } from './events-errors.js';
import { parseEventPattern } from './event-pattern.js';
import type { RoutingTable } from './routing-table.js';
import { parseScheduleExpression } from './schedule-expression.js';

export interface PutRuleInput {
  name: string;
  busNameOrArn: string | undefined;
  eventPattern: string | undefined;
  scheduleExpression: string | undefined;
  state: string | undefined;
  description: string | undefined;
  roleArn: string | undefined;
}

export interface RuleView extends RuleRecord {
  arn: string;
}

export interface RulePage {
  rules: RuleView[];
  nextToken: string | undefined;
}

export class Rules {
  constructor(
    private readonly store: EventBusStore,
    private readonly buses: EventBuses,
    private readonly routing: RoutingTable,
    private readonly scope: AccountScope,
    private readonly clock: Clock,
    /** Scheduled rules changed: the scheduler should look again. */
    private readonly schedulesChanged: () => void,
  ) {}

  /** Creates or replaces the rule: what the request omits is reset, not kept. Nothing is stored when it is refused. */
  async put(input: PutRuleInput): Promise<string> {
    const bus = await this.buses.require(input.busNameOrArn);
    if (input.eventPattern === undefined && input.scheduleExpression === undefined) {
      throw eventsValidation('Parameter(s) EventPattern or ScheduleExpression must be specified.');
    }
    if (input.scheduleExpression !== undefined) {
      if (bus.name !== DEFAULT_BUS) throw eventsValidation('ScheduleExpression is supported only on the default event bus.');
      parseScheduleExpression(input.scheduleExpression);
    }
    if (input.eventPattern !== undefined) parseEventPattern(input.eventPattern);
    const existing = await this.store.getRule(bus.name, input.name);
    const rule: RuleRecord = {
      busName: bus.name,
      name: input.name,
      eventPattern: input.eventPattern,
      scheduleExpression: input.scheduleExpression,
      state: input.state ?? 'ENABLED',
      description: input.description,
      roleArn: input.roleArn,
      // Rate schedules count from the rule's creation; an update keeps that anchor.
      createdAt: existing?.createdAt ?? this.clock.now(),
    };
    // The bus was deleted meanwhile.
    if (!(await this.store.putRule(rule))) throw busNotFound(bus.name);
    this.changed(bus.name, existing?.scheduleExpression !== undefined || rule.scheduleExpression !== undefined);
    return ruleArn(this.scope, bus.name, rule.name);
  }

  async describe(name: string, busNameOrArn: string | undefined): Promise<RuleView> {
    const bus = await this.buses.require(busNameOrArn);
    const rule = await this.store.getRule(bus.name, name);
    if (rule === undefined) throw ruleNotFound(bus.name, name);
    return this.view(rule);
  }

  async list(busNameOrArn: string | undefined, prefix: string | undefined, nextToken: string | undefined, limit: number): Promise<RulePage> {
    const bus = await this.buses.require(busNameOrArn);
    const after = nextToken === undefined ? undefined : decodePageToken(nextToken);
    const rows = await this.store.listRules(bus.name, prefix ?? '', after, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { rules: page.map((rule) => this.view(rule)), nextToken: rows.length > limit && last !== undefined ? encodePageToken(last.name) : undefined };
  }

  /** A rule that does not exist is no error (as on AWS); one with targets is refused. */
  async delete(name: string, busNameOrArn: string | undefined): Promise<void> {
    const bus = await this.buses.require(busNameOrArn);
    const rule = await this.store.getRule(bus.name, name);
    const outcome = await this.store.deleteRule(bus.name, name);
    if (outcome === 'has-targets') throw eventsValidation("Rule can't be deleted since it has targets.");
    if (outcome === 'deleted') this.changed(bus.name, rule?.scheduleExpression !== undefined);
  }

  async setState(name: string, busNameOrArn: string | undefined, state: 'ENABLED' | 'DISABLED'): Promise<void> {
    const bus = await this.buses.require(busNameOrArn);
    const rule = await this.store.getRule(bus.name, name);
    if (rule === undefined || !(await this.store.setRuleState(bus.name, name, state))) throw ruleNotFound(bus.name, name);
    this.changed(bus.name, rule.scheduleExpression !== undefined);
  }

  arn(busName: string, name: string): string {
    return ruleArn(this.scope, busName, name);
  }

  private changed(busName: string, scheduled: boolean): void {
    this.routing.invalidate(busName);
    if (scheduled) this.schedulesChanged();
  }

  private view(rule: RuleRecord): RuleView {
    return { ...rule, arn: ruleArn(this.scope, rule.busName, rule.name) };
  }
}
