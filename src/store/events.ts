/** EventBridge as stored: event buses, their rules, the rules' targets, and the ticks scheduled rules fired. */

export interface EventBusRecord {
  name: string;
  description: string | undefined;
  /** Epoch milliseconds. */
  creationTime: number;
}

export interface RuleRecord {
  busName: string;
  name: string;
  /** The pattern as the user wrote it (JSON text). */
  eventPattern: string | undefined;
  scheduleExpression: string | undefined;
  state: string;
  description: string | undefined;
  roleArn: string | undefined;
  /** Engine epoch milliseconds of the rule's creation: rate schedules count from here. */
  createdAt: number;
}

export interface InputTransformerRecord {
  inputPathsMap: Record<string, string>;
  inputTemplate: string;
}

export interface TargetRecord {
  id: string;
  arn: string;
  roleArn: string | undefined;
  input: string | undefined;
  inputPath: string | undefined;
  inputTransformer: InputTransformerRecord | undefined;
}

export type RuleDeletion = 'deleted' | 'absent' | 'has-targets';

export interface EventBusStore {
  /** Stores a new bus; false (nothing changes) when one with its name exists. */
  createBus(bus: EventBusRecord): Promise<boolean>;
  getBus(name: string): Promise<EventBusRecord | undefined>;
  /** Buses in name order whose name starts with `prefix`, after the name `after`. */
  listBuses(prefix: string, after: string | undefined, limit: number): Promise<EventBusRecord[]>;
  /** Deletes the bus with its rules and their targets; false when there was none. */
  deleteBus(name: string): Promise<boolean>;

  /** Creates or replaces the rule (every field as given); false (nothing changes) when its bus does not exist. */
  putRule(rule: RuleRecord): Promise<boolean>;
  getRule(busName: string, name: string): Promise<RuleRecord | undefined>;
  /** Rules of the bus in name order whose name starts with `prefix`, after the name `after`. */
  listRules(busName: string, prefix: string, after: string | undefined, limit: number): Promise<RuleRecord[]>;
  /** Every rule of the bus with its targets (what PutEvents matches against). */
  rulesWithTargets(busName: string): Promise<{ rule: RuleRecord; targets: TargetRecord[] }[]>;
  /** Deletes a rule that has no targets left. */
  deleteRule(busName: string, name: string): Promise<RuleDeletion>;
  /** False when the rule does not exist. */
  setRuleState(busName: string, name: string, state: string): Promise<boolean>;

  /** Adds the targets, replacing those with the same ids, in one write; false when the rule does not exist. */
  putTargets(busName: string, ruleName: string, targets: TargetRecord[]): Promise<boolean>;
  /** Removes the targets with these ids; the ids that were there. Undefined when the rule does not exist. */
  removeTargets(busName: string, ruleName: string, ids: string[]): Promise<string[] | undefined>;
  /** Targets of the rule in id order, after the id `after`; undefined when the rule does not exist. */
  listTargets(busName: string, ruleName: string, after: string | undefined, limit: number): Promise<TargetRecord[] | undefined>;
  /** Names of the bus's rules with a target of this ARN, in name order, after the name `after`. */
  ruleNamesByTarget(busName: string, targetArn: string, after: string | undefined, limit: number): Promise<string[]>;

  /** Every rule with a schedule expression, of every bus. */
  scheduledRules(): Promise<RuleRecord[]>;
  /** Records that the schedule fired its tick at `fireTime`; false when that tick was recorded before (fire nothing). */
  recordFire(scheduleId: string, fireTime: number): Promise<boolean>;
  /** The latest tick recorded for the schedule. */
  lastFire(scheduleId: string): Promise<number | undefined>;
}
