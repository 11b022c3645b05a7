import type Database from 'better-sqlite3';
import type { EventBusRecord, EventBusStore, InputTransformerRecord, RuleDeletion, RuleRecord, TargetRecord } from '../events.js';

interface BusRow {
  name: string;
  description: string | null;
  creation_time: number;
}

interface RuleRow {
  bus_name: string;
  name: string;
  event_pattern: string | null;
  schedule_expression: string | null;
  state: string;
  description: string | null;
  role_arn: string | null;
  created_at: number;
}

interface TargetRow {
  bus_name: string;
  rule_name: string;
  id: string;
  arn: string;
  role_arn: string | null;
  input: string | null;
  input_path: string | null;
  input_transformer: string | null;
}

/** Fire records older than this before the newest are dropped: a tick that old can no longer come round again. */
const FIRE_RECORD_RETENTION_MS = 24 * 60 * 60 * 1000;

const orUndefined = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

const toBus = (row: BusRow): EventBusRecord => ({ name: row.name, description: orUndefined(row.description), creationTime: row.creation_time });

const toRule = (row: RuleRow): RuleRecord => ({
  busName: row.bus_name,
  name: row.name,
  eventPattern: orUndefined(row.event_pattern),
  scheduleExpression: orUndefined(row.schedule_expression),
  state: row.state,
  description: orUndefined(row.description),
  roleArn: orUndefined(row.role_arn),
  createdAt: row.created_at,
});

const toTarget = (row: TargetRow): TargetRecord => ({
  id: row.id,
  arn: row.arn,
  roleArn: orUndefined(row.role_arn),
  input: orUndefined(row.input),
  inputPath: orUndefined(row.input_path),
  inputTransformer: row.input_transformer === null ? undefined : (JSON.parse(row.input_transformer) as InputTransformerRecord),
});

/** Buses, rules and targets in SQLite; deleting a bus takes its rules and targets with it (foreign keys cascade). */
export class SqliteEventBuses implements EventBusStore {
  private readonly statements: ReturnType<typeof prepare>;
  private readonly deleteRuleWithoutTargets: (busName: string, name: string) => RuleDeletion;
  private readonly putTargetRows: (busName: string, ruleName: string, targets: TargetRecord[]) => boolean;
  private readonly removeTargetRows: (busName: string, ruleName: string, ids: string[]) => string[] | undefined;
  private readonly insertFire: (scheduleId: string, fireTime: number) => boolean;

  constructor(db: Database.Database) {
    const statements = prepare(db);
    this.statements = statements;
    this.deleteRuleWithoutTargets = db.transaction((busName: string, name: string): RuleDeletion => {
      if (statements.selectRule.get(busName, name) === undefined) return 'absent';
      if (statements.firstTarget.get(busName, name) !== undefined) return 'has-targets';
      statements.deleteRule.run(busName, name);
      return 'deleted';
    });
    this.putTargetRows = db.transaction((busName: string, ruleName: string, targets: TargetRecord[]) => {
      if (statements.selectRule.get(busName, ruleName) === undefined) return false;
      for (const target of targets) {
        const transformer = target.inputTransformer === undefined ? null : JSON.stringify(target.inputTransformer);
        statements.upsertTarget.run(busName, ruleName, target.id, target.arn, target.roleArn ?? null, target.input ?? null, target.inputPath ?? null, transformer);
      }
      return true;
    });
    this.removeTargetRows = db.transaction((busName: string, ruleName: string, ids: string[]) => {
      if (statements.selectRule.get(busName, ruleName) === undefined) return undefined;
      return ids.filter((id) => statements.deleteTarget.run(busName, ruleName, id).changes === 1);
    });
    this.insertFire = db.transaction((scheduleId: string, fireTime: number) => {
      if (statements.insertFire.run(scheduleId, fireTime).changes === 0) return false;
      statements.pruneFires.run(scheduleId, fireTime - FIRE_RECORD_RETENTION_MS);
      return true;
    });
  }

  async createBus(bus: EventBusRecord): Promise<boolean> {
    return this.statements.insertBus.run(bus.name, bus.description ?? null, bus.creationTime).changes === 1;
  }

  async getBus(name: string): Promise<EventBusRecord | undefined> {
    const row = this.statements.selectBus.get(name) as BusRow | undefined;
    return row === undefined ? undefined : toBus(row);
  }

  async listBuses(prefix: string, after: string | undefined, limit: number): Promise<EventBusRecord[]> {
    return (this.statements.listBuses.all(after ?? '', prefix, prefix, limit) as BusRow[]).map(toBus);
  }

  async deleteBus(name: string): Promise<boolean> {
    return this.statements.deleteBus.run(name).changes === 1;
  }

  async putRule(rule: RuleRecord): Promise<boolean> {
    const { busName, name, eventPattern, scheduleExpression, state, description, roleArn, createdAt } = rule;
    const result = this.statements.upsertRule.run(
      busName,
      name,
      eventPattern ?? null,
      scheduleExpression ?? null,
      state,
      description ?? null,
      roleArn ?? null,
      createdAt,
      busName,
    );
    return result.changes === 1;
  }

  async getRule(busName: string, name: string): Promise<RuleRecord | undefined> {
    const row = this.statements.selectRule.get(busName, name) as RuleRow | undefined;
    return row === undefined ? undefined : toRule(row);
  }

  async listRules(busName: string, prefix: string, after: string | undefined, limit: number): Promise<RuleRecord[]> {
    return (this.statements.listRules.all(busName, after ?? '', prefix, prefix, limit) as RuleRow[]).map(toRule);
  }

  async rulesWithTargets(busName: string): Promise<{ rule: RuleRecord; targets: TargetRecord[] }[]> {
    const targets = new Map<string, TargetRecord[]>();
    for (const row of this.statements.targetsOfBus.all(busName) as TargetRow[]) {
      const list = targets.get(row.rule_name) ?? [];
      list.push(toTarget(row));
      targets.set(row.rule_name, list);
    }
    return (this.statements.rulesOfBus.all(busName) as RuleRow[]).map((row) => ({ rule: toRule(row), targets: targets.get(row.name) ?? [] }));
  }

  async deleteRule(busName: string, name: string): Promise<RuleDeletion> {
    return this.deleteRuleWithoutTargets(busName, name);
  }

  async setRuleState(busName: string, name: string, state: string): Promise<boolean> {
    return this.statements.updateRuleState.run(state, busName, name).changes === 1;
  }

  async putTargets(busName: string, ruleName: string, targets: TargetRecord[]): Promise<boolean> {
    return this.putTargetRows(busName, ruleName, targets);
  }

  async removeTargets(busName: string, ruleName: string, ids: string[]): Promise<string[] | undefined> {
    return this.removeTargetRows(busName, ruleName, ids);
  }

  async listTargets(busName: string, ruleName: string, after: string | undefined, limit: number): Promise<TargetRecord[] | undefined> {
    if (this.statements.selectRule.get(busName, ruleName) === undefined) return undefined;
    return (this.statements.listTargets.all(busName, ruleName, after ?? '', limit) as TargetRow[]).map(toTarget);
  }

  async ruleNamesByTarget(busName: string, targetArn: string, after: string | undefined, limit: number): Promise<string[]> {
    return (this.statements.ruleNamesByTarget.all(busName, targetArn, after ?? '', limit) as { rule_name: string }[]).map((row) => row.rule_name);
  }

  async scheduledRules(): Promise<RuleRecord[]> {
    return (this.statements.scheduledRules.all() as RuleRow[]).map(toRule);
  }

  async recordFire(scheduleId: string, fireTime: number): Promise<boolean> {
    return this.insertFire(scheduleId, fireTime);
  }

  async lastFire(scheduleId: string): Promise<number | undefined> {
    const row = this.statements.lastFire.get(scheduleId) as { fire_time: number | null };
    return orUndefined(row.fire_time);
  }
}

function prepare(db: Database.Database) {
  // `name >= prefix AND name < prefix || char(0x10FFFF)`: a prefix match that uses the primary key.
  return {
    insertBus: db.prepare('INSERT INTO event_buses (name, description, creation_time) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING'),
    selectBus: db.prepare('SELECT * FROM event_buses WHERE name = ?'),
    listBuses: db.prepare(
      "SELECT * FROM event_buses WHERE name > ? AND name >= ? AND name < ? || char(1114111) ORDER BY name LIMIT ?",
    ),
    deleteBus: db.prepare('DELETE FROM event_buses WHERE name = ?'),
    upsertRule: db.prepare(
      `INSERT INTO event_rules (bus_name, name, event_pattern, schedule_expression, state, description, role_arn, created_at)
       SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM event_buses WHERE name = ?)
       ON CONFLICT (bus_name, name) DO UPDATE SET event_pattern = excluded.event_pattern,
         schedule_expression = excluded.schedule_expression, state = excluded.state, description = excluded.description,
         role_arn = excluded.role_arn, created_at = excluded.created_at`,
    ),
    selectRule: db.prepare('SELECT * FROM event_rules WHERE bus_name = ? AND name = ?'),
    listRules: db.prepare(
      "SELECT * FROM event_rules WHERE bus_name = ? AND name > ? AND name >= ? AND name < ? || char(1114111) ORDER BY name LIMIT ?",
    ),
    rulesOfBus: db.prepare('SELECT * FROM event_rules WHERE bus_name = ? ORDER BY name'),
    deleteRule: db.prepare('DELETE FROM event_rules WHERE bus_name = ? AND name = ?'),
    updateRuleState: db.prepare('UPDATE event_rules SET state = ? WHERE bus_name = ? AND name = ?'),
    scheduledRules: db.prepare('SELECT * FROM event_rules WHERE schedule_expression IS NOT NULL ORDER BY bus_name, name'),
    firstTarget: db.prepare('SELECT 1 FROM event_targets WHERE bus_name = ? AND rule_name = ? LIMIT 1'),
    upsertTarget: db.prepare(
      `INSERT INTO event_targets (bus_name, rule_name, id, arn, role_arn, input, input_path, input_transformer)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (bus_name, rule_name, id) DO UPDATE SET arn = excluded.arn, role_arn = excluded.role_arn,
         input = excluded.input, input_path = excluded.input_path, input_transformer = excluded.input_transformer`,
    ),
    deleteTarget: db.prepare('DELETE FROM event_targets WHERE bus_name = ? AND rule_name = ? AND id = ?'),
    listTargets: db.prepare('SELECT * FROM event_targets WHERE bus_name = ? AND rule_name = ? AND id > ? ORDER BY id LIMIT ?'),
    targetsOfBus: db.prepare('SELECT * FROM event_targets WHERE bus_name = ? ORDER BY rule_name, id'),
    ruleNamesByTarget: db.prepare(
      'SELECT DISTINCT rule_name FROM event_targets WHERE bus_name = ? AND arn = ? AND rule_name > ? ORDER BY rule_name LIMIT ?',
    ),
    insertFire: db.prepare('INSERT INTO event_schedule_fires (schedule_id, fire_time) VALUES (?, ?) ON CONFLICT DO NOTHING'),
    pruneFires: db.prepare('DELETE FROM event_schedule_fires WHERE schedule_id = ? AND fire_time < ?'),
    lastFire: db.prepare('SELECT max(fire_time) AS fire_time FROM event_schedule_fires WHERE schedule_id = ?'),
  };
}
