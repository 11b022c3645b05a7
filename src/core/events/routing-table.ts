/**
 * Each bus's rules with parsed patterns and compiled targets, kept in memory so PutEvents matches without
 * reading the store. The store stays the truth: every write to a bus's rules or targets drops its entry, and the
 * next event reads it again.
 */
import type { AccountScope } from '../../lib/arn.js';
import type { EventBusStore, RuleRecord, TargetRecord } from '../../store/events.js';
import { ruleArn } from './event-bus-arns.js';
import { parseEventPattern, type EventPattern } from './event-pattern.js';
import { compileTargetInput, type TargetInput } from './target-input.js';

export interface RoutedTarget {
  id: string;
  arn: string;
  input: TargetInput;
}

export interface RoutedRule {
  name: string;
  arn: string;
  /** Undefined for a schedule-only rule: no event matches it. */
  pattern: EventPattern | undefined;
  targets: RoutedTarget[];
}

export const ENABLED = 'ENABLED';

/** Rules that can match events: enabled ones with a pattern (a rule with `ENABLED_WITH_ALL_CLOUDTRAIL_…` counts). */
const matchesEvents = (rule: RuleRecord): boolean => rule.state !== 'DISABLED' && rule.eventPattern !== undefined;

export const routedTarget = (target: TargetRecord): RoutedTarget => ({ id: target.id, arn: target.arn, input: compileTargetInput(target) });

export class RoutingTable {
  /** A load that an invalidation overtakes is dropped from here, so its (older) answer is not kept. */
  private readonly entries = new Map<string, Promise<RoutedRule[] | undefined>>();

  constructor(
    private readonly store: EventBusStore,
    private readonly scope: AccountScope,
  ) {}

  /** The bus's rules that can match events, with their targets; undefined when there is no such bus. */
  rulesOf(busName: string): Promise<RoutedRule[] | undefined> {
    const cached = this.entries.get(busName);
    if (cached !== undefined) return cached;
    const loading = this.load(busName);
    this.entries.set(busName, loading);
    loading.catch(() => {
      if (this.entries.get(busName) === loading) this.entries.delete(busName);
    });
    return loading;
  }

  /** The bus, its rules or its targets changed. */
  invalidate(busName: string): void {
    this.entries.delete(busName);
  }

  private async load(busName: string): Promise<RoutedRule[] | undefined> {
    if ((await this.store.getBus(busName)) === undefined) return undefined;
    const rules = await this.store.rulesWithTargets(busName);
    return rules
      .filter(({ rule }) => matchesEvents(rule))
      .map(({ rule, targets }) => ({
        name: rule.name,
        arn: ruleArn(this.scope, busName, rule.name),
        pattern: rule.eventPattern === undefined ? undefined : parseEventPattern(rule.eventPattern),
        targets: targets.map(routedTarget),
      }));
  }
}
