/**
 * IAM's records as the Store keeps them: roles with their trust policy, inline role policies, customer managed
 * policies with their versions, and which managed policies are attached to which roles. AWS managed policies are
 * data in `core/iam`, not rows: an attachment names them by ARN only. Times are wall-clock epoch milliseconds.
 * Names of roles, inline policies and managed policies are unique regardless of case, as in IAM.
 */
import type { Page } from './store.js';

export interface IamTag {
  key: string;
  value: string;
}

export interface RoleRecord {
  name: string;
  /** `/` or `/a/b/`. */
  path: string;
  /** `AROA…`. */
  roleId: string;
  createDate: number;
  /** The trust policy exactly as the client sent it. */
  assumeRolePolicyDocument: string;
  description: string | undefined;
  maxSessionDuration: number;
  tags: IamTag[];
}

export interface RoleQuery {
  pathPrefix: string;
  /** An opaque cursor from a previous page's `next`. */
  after: string | undefined;
  limit: number;
}

export interface CustomerPolicyRecord {
  arn: string;
  name: string;
  path: string;
  /** `ANPA…`. */
  policyId: string;
  description: string | undefined;
  createDate: number;
  updateDate: number;
  defaultVersionId: string;
  tags: IamTag[];
}

/** A customer managed policy as listed and read: with how many roles it is attached to. */
export interface CustomerPolicyView extends CustomerPolicyRecord {
  attachmentCount: number;
}

export interface PolicyVersionRecord {
  versionId: string;
  document: string;
  createDate: number;
  isDefaultVersion: boolean;
}

export interface CustomerPolicyQuery {
  pathPrefix: string;
  onlyAttached: boolean;
  after: string | undefined;
  limit: number;
}

/** A managed policy (AWS's or the account's) as an attachment refers to it. */
export interface PolicyReference {
  arn: string;
  name: string;
  path: string;
}

export interface AttachmentQuery {
  roleName: string;
  pathPrefix: string;
  after: string | undefined;
  limit: number;
}

/** Everything that decides what a role may do, read at once. */
export interface RolePolicies {
  role: RoleRecord;
  inline: { name: string; document: string }[];
  /** Attached managed policies; `defaultDocument` is set for customer ones (AWS ones are looked up by ARN). */
  attached: (PolicyReference & { defaultDocument: string | undefined })[];
}

export type RoleDeletion = 'deleted' | 'no-such-role' | 'has-inline-policies' | 'has-attached-policies';
export type Attachment = 'attached' | 'no-such-role' | 'no-such-policy';
export type Detachment = 'detached' | 'no-such-role' | 'not-attached';
export type PolicyDeletion = 'deleted' | 'no-such-policy' | 'attached';

export interface IamStore {
  /** False when a role of that name (in any case) exists. */
  createRole(role: RoleRecord): Promise<boolean>;
  getRole(name: string): Promise<RoleRecord | undefined>;
  /** Roles whose path starts with `pathPrefix`, in name order. */
  listRoles(query: RoleQuery): Promise<Page<RoleRecord>>;
  /** False when there is no such role. */
  updateAssumeRolePolicy(roleName: string, document: string): Promise<boolean>;
  /** Deletes the role only if it has no inline policies and no attached policies. */
  deleteRole(name: string): Promise<RoleDeletion>;

  /** Creates or replaces the inline policy; false when there is no such role. */
  putRolePolicy(roleName: string, policyName: string, document: string): Promise<boolean>;
  getRolePolicy(roleName: string, policyName: string): Promise<{ name: string; document: string } | undefined>;
  deleteRolePolicy(roleName: string, policyName: string): Promise<boolean>;
  /** The role's inline policy names in name order; undefined when there is no such role. */
  listRolePolicies(roleName: string, after: string | undefined, limit: number): Promise<Page<string> | undefined>;

  /** Stores the policy with its first version, which becomes the default; false when the name is taken. */
  createCustomerPolicy(policy: CustomerPolicyRecord, firstVersion: PolicyVersionRecord): Promise<boolean>;
  getCustomerPolicy(arn: string): Promise<CustomerPolicyView | undefined>;
  getPolicyVersion(arn: string, versionId: string): Promise<PolicyVersionRecord | undefined>;
  /** In creation order. */
  listCustomerPolicies(query: CustomerPolicyQuery): Promise<Page<CustomerPolicyView>>;
  /** Deletes the policy and its versions unless it is attached. */
  deleteCustomerPolicy(arn: string): Promise<PolicyDeletion>;

  /**
   * Attaches a managed policy to a role (again: no change). A customer policy (`customer` true) must exist in the
   * same transaction; an AWS managed one is known to exist by the caller.
   */
  attachRolePolicy(roleName: string, policy: PolicyReference, customer: boolean): Promise<Attachment>;
  detachRolePolicy(roleName: string, policyArn: string): Promise<Detachment>;
  /** In attachment order; undefined when there is no such role. */
  listAttachedRolePolicies(query: AttachmentQuery): Promise<Page<PolicyReference> | undefined>;
  /** How many roles each of these policies is attached to (0 for those attached to none). */
  attachmentCounts(policyArns: string[]): Promise<Map<string, number>>;

  /** The role with its inline policies and attached managed policies; undefined when there is no such role. */
  rolePolicies(roleName: string): Promise<RolePolicies | undefined>;
}
