/** The targets of rules: PutTargets, RemoveTargets, ListTargetsByRule, ListRuleNamesByTarget. */
import { serviceError } from '../../lib/errors.js';
import { decodePageToken, encodePageToken } from '../../lib/page-token.js';
import type { EventBusStore, TargetRecord } from '../../store/events.js';
import type { EventBuses } from './event-buses.js';
import { eventsValidation, invalidArnTarget, ruleNotFound } from './events-errors.js';
import type { RoutingTable } from './routing-table.js';
import { validateTargetInput } from './target-input.js';

/** AWS's documented limit of targets per rule. */
const MAX_TARGETS_PER_RULE = 5;

/** The services Eventide delivers to: Lambda functions, SQS queues, SNS topics and event buses. */
const DELIVERABLE_SERVICES = new Set(['lambda', 'sqs', 'sns', 'events']);

const ARN = /^arn:aws[\w-]*:([a-z0-9-]+):[^:]*:[^:]*:.+$/;

export interface FailedTargetEntry {
  targetId: string;
  errorCode: string;
  errorMessage: string;
}

export interface TargetPage {
  targets: TargetRecord[];
  nextToken: string | undefined;
}

export interface RuleNamePage {
  ruleNames: string[];
  nextToken: string | undefined;
}

export class RuleTargets {
  constructor(
    private readonly store: EventBusStore,
    private readonly buses: EventBuses,
    private readonly routing: RoutingTable,
  ) {}

  /**
   * Adds or replaces targets. A malformed request is refused whole; a target Eventide cannot deliver to is a
   * failed entry, and the others are stored.
   */
  async put(ruleName: string, busNameOrArn: string | undefined, targets: TargetRecord[]): Promise<FailedTargetEntry[]> {
    const bus = await this.buses.require(busNameOrArn);
    const rule = await this.store.getRule(bus.name, ruleName);
    if (rule === undefined) throw ruleNotFound(bus.name, ruleName);
    const failed: FailedTargetEntry[] = [];
    const accepted: TargetRecord[] = [];
    for (const target of targets) {
      const service = ARN.exec(target.arn)?.[1];
      if (service === undefined) throw invalidArnTarget(target.arn);
      if (service === 'sqs' && target.arn.endsWith('.fifo')) throw eventsValidation(`Parameter(s) SqsParameters must be specified for target: ${target.id}.`);
      validateTargetInput(target);
      if (DELIVERABLE_SERVICES.has(service)) accepted.push(target);
      else failed.push({ targetId: target.id, errorCode: 'ValidationException', errorMessage: `Eventide does not deliver to ${service} targets.` });
    }
    const existing = (await this.store.listTargets(bus.name, ruleName, undefined, MAX_TARGETS_PER_RULE + accepted.length)) ?? [];
    const ids = new Set([...existing.map((target) => target.id), ...accepted.map((target) => target.id)]);
    if (ids.size > MAX_TARGETS_PER_RULE) throw serviceError('LimitExceededException', 400, 'The requested resource exceeds the maximum number allowed.');
    if (accepted.length > 0) {
      if (!(await this.store.putTargets(bus.name, ruleName, accepted))) throw ruleNotFound(bus.name, ruleName);
      this.routing.invalidate(bus.name);
    }
    return failed;
  }

  /** Removes targets by id; an id the rule does not have is a failed entry. */
  async remove(ruleName: string, busNameOrArn: string | undefined, ids: string[]): Promise<FailedTargetEntry[]> {
    const bus = await this.buses.require(busNameOrArn);
    const removed = await this.store.removeTargets(bus.name, ruleName, ids);
    if (removed === undefined) throw ruleNotFound(bus.name, ruleName);
    if (removed.length > 0) this.routing.invalidate(bus.name);
    return ids
      .filter((id) => !removed.includes(id))
      .map((id) => ({ targetId: id, errorCode: 'ResourceNotFoundException', errorMessage: `Target ${id} does not exist on rule ${ruleName}.` }));
  }

  async list(ruleName: string, busNameOrArn: string | undefined, nextToken: string | undefined, limit: number): Promise<TargetPage> {
    const bus = await this.buses.require(busNameOrArn);
    const after = nextToken === undefined ? undefined : decodePageToken(nextToken);
    const rows = await this.store.listTargets(bus.name, ruleName, after, limit + 1);
    if (rows === undefined) throw ruleNotFound(bus.name, ruleName);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { targets: page, nextToken: rows.length > limit && last !== undefined ? encodePageToken(last.id) : undefined };
  }

  async ruleNamesByTarget(targetArn: string, busNameOrArn: string | undefined, nextToken: string | undefined, limit: number): Promise<RuleNamePage> {
    const bus = await this.buses.require(busNameOrArn);
    const after = nextToken === undefined ? undefined : decodePageToken(nextToken);
    const names = await this.store.ruleNamesByTarget(bus.name, targetArn, after, limit + 1);
    const page = names.slice(0, limit);
    const last = page[page.length - 1];
    return { ruleNames: page, nextToken: names.length > limit && last !== undefined ? encodePageToken(last) : undefined };
  }
}
