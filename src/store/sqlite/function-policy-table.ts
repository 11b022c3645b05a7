import type Database from 'better-sqlite3';
import type { FunctionPolicyRecord, FunctionPolicyStore } from '../function-policies.js';

interface PolicyRow {
  function_name: string;
  qualifier: string;
  statements: string;
  revision_id: string;
}

const toPolicy = (row: PolicyRow): FunctionPolicyRecord => ({
  functionName: row.function_name,
  qualifier: row.qualifier,
  statements: JSON.parse(row.statements) as string[],
  revisionId: row.revision_id,
});

/** Function policies in SQLite: one row per function and qualifier; the functions table's deletes cascade here. */
export class SqliteFunctionPolicies implements FunctionPolicyStore {
  private readonly select: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly update: Database.Statement;
  private readonly remove: Database.Statement;

  constructor(db: Database.Database) {
    this.select = db.prepare('SELECT * FROM function_policies WHERE function_name = ? AND qualifier = ?');
    this.insert = db.prepare(
      `INSERT INTO function_policies (function_name, qualifier, statements, revision_id)
       SELECT @functionName, @qualifier, @statements, @revisionId WHERE EXISTS (SELECT 1 FROM functions WHERE name = @functionName)
       ON CONFLICT (function_name, qualifier) DO NOTHING`,
    );
    this.update = db.prepare(
      `UPDATE function_policies SET statements = @statements, revision_id = @revisionId
       WHERE function_name = @functionName AND qualifier = @qualifier AND revision_id = @expected`,
    );
    this.remove = db.prepare('DELETE FROM function_policies WHERE function_name = ? AND qualifier = ? AND revision_id = ?');
  }

  async getPolicy(functionName: string, qualifier: string): Promise<FunctionPolicyRecord | undefined> {
    const row = this.select.get(functionName, qualifier) as PolicyRow | undefined;
    return row === undefined ? undefined : toPolicy(row);
  }

  async savePolicy(policy: FunctionPolicyRecord, expectedRevisionId: string | undefined): Promise<boolean> {
    const values = {
      functionName: policy.functionName,
      qualifier: policy.qualifier,
      statements: JSON.stringify(policy.statements),
      revisionId: policy.revisionId,
    };
    const result = expectedRevisionId === undefined ? this.insert.run(values) : this.update.run({ ...values, expected: expectedRevisionId });
    return result.changes === 1;
  }

  async deletePolicy(functionName: string, qualifier: string, expectedRevisionId: string): Promise<boolean> {
    return this.remove.run(functionName, qualifier, expectedRevisionId).changes === 1;
  }
}
