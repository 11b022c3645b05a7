import type Database from 'better-sqlite3';
import type {
  Attachment,
  AttachmentQuery,
  CustomerPolicyQuery,
  CustomerPolicyRecord,
  CustomerPolicyView,
  Detachment,
  IamStore,
  IamTag,
  PolicyDeletion,
  PolicyReference,
  PolicyVersionRecord,
  RoleDeletion,
  RolePolicies,
  RoleQuery,
  RoleRecord,
} from '../iam.js';
import type { Page } from '../store.js';

interface RoleRow {
  name: string;
  path: string;
  role_id: string;
  create_date: number;
  trust_policy: string;
  description: string | null;
  max_session_duration: number;
  tags: string;
}

interface PolicyRow {
  seq: number;
  arn: string;
  name: string;
  path: string;
  policy_id: string;
  description: string | null;
  create_date: number;
  update_date: number;
  default_version: string;
  tags: string;
  attachment_count: number;
}

interface VersionRow {
  version_id: string;
  document: string;
  create_date: number;
  is_default: number;
}

interface AttachmentRow {
  seq: number;
  policy_arn: string;
  policy_name: string;
  policy_path: string;
  default_document: string | null;
}

const toRole = (row: RoleRow): RoleRecord => ({
  name: row.name,
  path: row.path,
  roleId: row.role_id,
  createDate: row.create_date,
  assumeRolePolicyDocument: row.trust_policy,
  description: row.description ?? undefined,
  maxSessionDuration: row.max_session_duration,
  tags: JSON.parse(row.tags) as IamTag[],
});

const toPolicy = (row: PolicyRow): CustomerPolicyView => ({
  arn: row.arn,
  name: row.name,
  path: row.path,
  policyId: row.policy_id,
  description: row.description ?? undefined,
  createDate: row.create_date,
  updateDate: row.update_date,
  defaultVersionId: row.default_version,
  tags: JSON.parse(row.tags) as IamTag[],
  attachmentCount: row.attachment_count,
});

const toVersion = (row: VersionRow): PolicyVersionRecord => ({
  versionId: row.version_id,
  document: row.document,
  createDate: row.create_date,
  isDefaultVersion: row.is_default === 1,
});

/** Rows were fetched with `limit + 1`: the extra one tells that another page follows. */
function pageOf<R, T>(rows: R[], limit: number, item: (row: R) => T, cursor: (row: R) => string): Page<T> {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page.map(item), next: rows.length > limit && last !== undefined ? cursor(last) : undefined };
}

const SELECT_POLICIES = `SELECT p.*,
  (SELECT count(*) FROM iam_role_attachments a WHERE a.policy_arn = p.arn) AS attachment_count
  FROM iam_policies p`;

const prefixMatch = (column: string) => `substr(${column}, 1, length(@prefix)) = @prefix`;

/** IAM in SQLite. Multi-step changes run in one transaction, so a check and its write cannot be split by another. */
export class SqliteIam implements IamStore {
  constructor(private readonly db: Database.Database) {}

  async createRole(role: RoleRecord): Promise<boolean> {
    const result = this.db
      .prepare(
        `INSERT INTO iam_roles (name, path, role_id, create_date, trust_policy, description, max_session_duration, tags)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
      )
      .run(role.name, role.path, role.roleId, role.createDate, role.assumeRolePolicyDocument, role.description ?? null, role.maxSessionDuration, JSON.stringify(role.tags));
    return result.changes === 1;
  }

  async getRole(name: string): Promise<RoleRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM iam_roles WHERE name = ?').get(name) as RoleRow | undefined;
    return row === undefined ? undefined : toRole(row);
  }

  async listRoles(query: RoleQuery): Promise<Page<RoleRecord>> {
    const rows = this.db
      .prepare(`SELECT * FROM iam_roles WHERE name > @after AND ${prefixMatch('path')} ORDER BY name LIMIT @limit`)
      .all({ after: query.after ?? '', prefix: query.pathPrefix, limit: query.limit + 1 }) as RoleRow[];
    return pageOf(rows, query.limit, toRole, (row) => row.name);
  }

  async updateAssumeRolePolicy(roleName: string, document: string): Promise<boolean> {
    return this.db.prepare('UPDATE iam_roles SET trust_policy = ? WHERE name = ?').run(document, roleName).changes === 1;
  }

  async deleteRole(name: string): Promise<RoleDeletion> {
    return this.db.transaction((): RoleDeletion => {
      if (this.db.prepare('SELECT 1 FROM iam_roles WHERE name = ?').get(name) === undefined) return 'no-such-role';
      if (this.db.prepare('SELECT 1 FROM iam_role_policies WHERE role_name = ?').get(name) !== undefined) return 'has-inline-policies';
      if (this.db.prepare('SELECT 1 FROM iam_role_attachments WHERE role_name = ?').get(name) !== undefined) return 'has-attached-policies';
      this.db.prepare('DELETE FROM iam_roles WHERE name = ?').run(name);
      return 'deleted';
    })();
  }

  async putRolePolicy(roleName: string, policyName: string, document: string): Promise<boolean> {
    // The role's own spelling of its name is stored, so the foreign key and later reads agree.
    const result = this.db
      .prepare(
        `INSERT INTO iam_role_policies (role_name, policy_name, document)
         SELECT name, @policyName, @document FROM iam_roles WHERE name = @roleName
         ON CONFLICT (role_name, policy_name) DO UPDATE SET document = excluded.document`,
      )
      .run({ roleName, policyName, document });
    return result.changes === 1;
  }

  async getRolePolicy(roleName: string, policyName: string): Promise<{ name: string; document: string } | undefined> {
    const row = this.db
      .prepare('SELECT policy_name AS name, document FROM iam_role_policies WHERE role_name = ? AND policy_name = ?')
      .get(roleName, policyName) as { name: string; document: string } | undefined;
    return row;
  }

  async deleteRolePolicy(roleName: string, policyName: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM iam_role_policies WHERE role_name = ? AND policy_name = ?').run(roleName, policyName).changes === 1;
  }

  async listRolePolicies(roleName: string, after: string | undefined, limit: number): Promise<Page<string> | undefined> {
    return this.db.transaction(() => {
      if (this.db.prepare('SELECT 1 FROM iam_roles WHERE name = ?').get(roleName) === undefined) return undefined;
      const rows = this.db
        .prepare('SELECT policy_name AS name FROM iam_role_policies WHERE role_name = ? AND policy_name > ? ORDER BY policy_name LIMIT ?')
        .all(roleName, after ?? '', limit + 1) as { name: string }[];
      return pageOf(rows, limit, (row) => row.name, (row) => row.name);
    })();
  }

  async createCustomerPolicy(policy: CustomerPolicyRecord, firstVersion: PolicyVersionRecord): Promise<boolean> {
    return this.db.transaction(() => {
      const inserted = this.db
        .prepare(
          `INSERT INTO iam_policies (arn, name, path, policy_id, description, create_date, update_date, default_version, tags)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        )
        .run(policy.arn, policy.name, policy.path, policy.policyId, policy.description ?? null, policy.createDate, policy.updateDate, firstVersion.versionId, JSON.stringify(policy.tags));
      if (inserted.changes === 0) return false;
      this.db
        .prepare('INSERT INTO iam_policy_versions (policy_arn, version_id, document, create_date) VALUES (?, ?, ?, ?)')
        .run(policy.arn, firstVersion.versionId, firstVersion.document, firstVersion.createDate);
      return true;
    })();
  }

  async getCustomerPolicy(arn: string): Promise<CustomerPolicyView | undefined> {
    const row = this.db.prepare(`${SELECT_POLICIES} WHERE p.arn = ?`).get(arn) as PolicyRow | undefined;
    return row === undefined ? undefined : toPolicy(row);
  }

  async getPolicyVersion(arn: string, versionId: string): Promise<PolicyVersionRecord | undefined> {
    const row = this.db
      .prepare(
        `SELECT v.version_id, v.document, v.create_date, (v.version_id = p.default_version) AS is_default
         FROM iam_policy_versions v JOIN iam_policies p ON p.arn = v.policy_arn
         WHERE v.policy_arn = ? AND v.version_id = ?`,
      )
      .get(arn, versionId) as VersionRow | undefined;
    return row === undefined ? undefined : toVersion(row);
  }

  async listCustomerPolicies(query: CustomerPolicyQuery): Promise<Page<CustomerPolicyView>> {
    const attached = query.onlyAttached ? 'AND EXISTS (SELECT 1 FROM iam_role_attachments a WHERE a.policy_arn = p.arn)' : '';
    const rows = this.db
      .prepare(`${SELECT_POLICIES} WHERE p.seq > @after AND ${prefixMatch('p.path')} ${attached} ORDER BY p.seq LIMIT @limit`)
      .all({ after: Number(query.after ?? 0) || 0, prefix: query.pathPrefix, limit: query.limit + 1 }) as PolicyRow[];
    return pageOf(rows, query.limit, toPolicy, (row) => String(row.seq));
  }

  async deleteCustomerPolicy(arn: string): Promise<PolicyDeletion> {
    return this.db.transaction((): PolicyDeletion => {
      if (this.db.prepare('SELECT 1 FROM iam_policies WHERE arn = ?').get(arn) === undefined) return 'no-such-policy';
      if (this.db.prepare('SELECT 1 FROM iam_role_attachments WHERE policy_arn = ?').get(arn) !== undefined) return 'attached';
      this.db.prepare('DELETE FROM iam_policies WHERE arn = ?').run(arn);
      return 'deleted';
    })();
  }

  async attachRolePolicy(roleName: string, policy: PolicyReference, customer: boolean): Promise<Attachment> {
    return this.db.transaction((): Attachment => {
      const role = this.db.prepare('SELECT name FROM iam_roles WHERE name = ?').get(roleName) as { name: string } | undefined;
      if (role === undefined) return 'no-such-role';
      if (customer && this.db.prepare('SELECT 1 FROM iam_policies WHERE arn = ?').get(policy.arn) === undefined) return 'no-such-policy';
      this.db
        .prepare(
          `INSERT INTO iam_role_attachments (role_name, policy_arn, policy_name, policy_path) VALUES (?, ?, ?, ?)
           ON CONFLICT (role_name, policy_arn) DO NOTHING`,
        )
        .run(role.name, policy.arn, policy.name, policy.path);
      return 'attached';
    })();
  }

  async detachRolePolicy(roleName: string, policyArn: string): Promise<Detachment> {
    return this.db.transaction((): Detachment => {
      if (this.db.prepare('SELECT 1 FROM iam_roles WHERE name = ?').get(roleName) === undefined) return 'no-such-role';
      const removed = this.db.prepare('DELETE FROM iam_role_attachments WHERE role_name = ? AND policy_arn = ?').run(roleName, policyArn);
      return removed.changes === 1 ? 'detached' : 'not-attached';
    })();
  }

  async listAttachedRolePolicies(query: AttachmentQuery): Promise<Page<PolicyReference> | undefined> {
    return this.db.transaction(() => {
      if (this.db.prepare('SELECT 1 FROM iam_roles WHERE name = ?').get(query.roleName) === undefined) return undefined;
      const rows = this.db
        .prepare(
          `SELECT seq, policy_arn, policy_name, policy_path, NULL AS default_document FROM iam_role_attachments
           WHERE role_name = @role AND seq > @after AND ${prefixMatch('policy_path')} ORDER BY seq LIMIT @limit`,
        )
        .all({ role: query.roleName, after: Number(query.after ?? 0) || 0, prefix: query.pathPrefix, limit: query.limit + 1 }) as AttachmentRow[];
      return pageOf(rows, query.limit, (row) => ({ arn: row.policy_arn, name: row.policy_name, path: row.policy_path }), (row) => String(row.seq));
    })();
  }

  async attachmentCounts(policyArns: string[]): Promise<Map<string, number>> {
    const counts = new Map(policyArns.map((arn) => [arn, 0]));
    if (policyArns.length === 0) return counts;
    const rows = this.db
      .prepare(
        `SELECT policy_arn, count(*) AS n FROM iam_role_attachments
         WHERE policy_arn IN (${policyArns.map(() => '?').join(', ')}) GROUP BY policy_arn`,
      )
      .all(...policyArns) as { policy_arn: string; n: number }[];
    for (const row of rows) counts.set(row.policy_arn, row.n);
    return counts;
  }

  async rolePolicies(roleName: string): Promise<RolePolicies | undefined> {
    return this.db.transaction(() => {
      const role = this.db.prepare('SELECT * FROM iam_roles WHERE name = ?').get(roleName) as RoleRow | undefined;
      if (role === undefined) return undefined;
      const inline = this.db
        .prepare('SELECT policy_name AS name, document FROM iam_role_policies WHERE role_name = ? ORDER BY policy_name')
        .all(roleName) as { name: string; document: string }[];
      const attached = this.db
        .prepare(
          `SELECT a.seq, a.policy_arn, a.policy_name, a.policy_path, v.document AS default_document
           FROM iam_role_attachments a
           LEFT JOIN iam_policies p ON p.arn = a.policy_arn
           LEFT JOIN iam_policy_versions v ON v.policy_arn = p.arn AND v.version_id = p.default_version
           WHERE a.role_name = ? ORDER BY a.seq`,
        )
        .all(roleName) as AttachmentRow[];
      return {
        role: toRole(role),
        inline,
        attached: attached.map((row) => ({
          arn: row.policy_arn,
          name: row.policy_name,
          path: row.policy_path,
          defaultDocument: row.default_document ?? undefined,
        })),
      };
    })();
  }
}
