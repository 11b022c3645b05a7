import type { IamStore, RoleRecord } from '../../store/iam.js';
import type { RequestContext } from '../policy/condition.js';
import { evaluate, type PolicyEvaluation } from '../policy/evaluate.js';
import type { NamedPolicy, PolicyDocument } from '../policy/policy-document.js';
import { parseRoleArn } from './iam-identifiers.js';
import { awsManagedDocument } from './managed-policies.js';

export type RoleTrust = 'no-such-role' | 'not-trusted' | 'trusted';

/**
 * What a role may do, as the engine asks it: whether a service may assume the role (its trust policy), and
 * whether the role's policies allow a call. Every answer is read from the store: a change made through the IAM
 * API counts from the next call on.
 */
export class RolePermissions {
  constructor(
    private readonly store: IamStore,
    private readonly accountId: string,
  ) {}

  /** Whether the role exists and its trust policy lets `servicePrincipal` (e.g. `lambda.amazonaws.com`) assume it. */
  async roleTrust(roleArn: string, servicePrincipal: string): Promise<RoleTrust> {
    const role = await this.find(roleArn);
    if (role === undefined) return 'no-such-role';
    const trustPolicy: NamedPolicy = { name: `trust policy of ${role.name}`, document: JSON.parse(role.assumeRolePolicyDocument) as PolicyDocument };
    const evaluation = evaluate({ action: 'sts:AssumeRole', resource: roleArn, principal: { type: 'Service', id: servicePrincipal }, context: {} }, [trustPolicy]);
    return evaluation.decision === 'Allow' ? 'trusted' : 'not-trusted';
  }

  /** The role's inline policies and attached managed policies (default versions) decide `action` on `resource`. */
  async authorize(roleArn: string, action: string, resource: string, context: RequestContext = {}): Promise<PolicyEvaluation> {
    const name = this.roleNameOf(roleArn);
    const policies = name === undefined ? undefined : await this.store.rolePolicies(name);
    if (policies === undefined || !this.isArnOf(policies.role, roleArn)) {
      return { decision: 'ImplicitDeny', reason: `The role ${roleArn} does not exist` };
    }
    const named: NamedPolicy[] = policies.inline.map((policy) => ({ name: policy.name, document: JSON.parse(policy.document) as PolicyDocument }));
    for (const attached of policies.attached) {
      const document = attached.defaultDocument === undefined ? awsManagedDocument(attached.arn) : (JSON.parse(attached.defaultDocument) as PolicyDocument);
      if (document !== undefined) named.push({ name: attached.name, document });
    }
    return evaluate({ action, resource, context }, named);
  }

  /** The role an ARN names: in this account, with the role's own path. */
  async find(roleArn: string): Promise<RoleRecord | undefined> {
    const name = this.roleNameOf(roleArn);
    const role = name === undefined ? undefined : await this.store.getRole(name);
    return role !== undefined && this.isArnOf(role, roleArn) ? role : undefined;
  }

  private roleNameOf(roleArn: string): string | undefined {
    const parsed = parseRoleArn(roleArn);
    return parsed !== undefined && parsed.account === this.accountId ? parsed.name : undefined;
  }

  // Role names are case-insensitive, paths are not.
  private isArnOf(role: RoleRecord, roleArn: string): boolean {
    const parsed = parseRoleArn(roleArn);
    return parsed !== undefined && parsed.path === role.path && parsed.name.toLowerCase() === role.name.toLowerCase();
  }
}
