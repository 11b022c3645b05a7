import type { Clock } from '../../lib/clock.js';
import type { IamStore } from '../../store/iam.js';
import { InlinePolicies } from './inline-policies.js';
import { ManagedPolicies } from './managed-policies.js';
import { PolicyAttachments } from './policy-attachments.js';
import { RolePermissions } from './role-permissions.js';
import { RoleSessions } from './role-sessions.js';
import { Roles } from './roles.js';

/** IAM and STS for one account: what the API serves and what the engine asks (`permissions`). */
export class Iam {
  readonly roles: Roles;
  readonly inlinePolicies: InlinePolicies;
  readonly managedPolicies: ManagedPolicies;
  readonly attachments: PolicyAttachments;
  readonly permissions: RolePermissions;
  readonly sessions: RoleSessions;

  constructor(
    store: IamStore,
    clock: Clock,
    readonly accountId: string,
  ) {
    this.roles = new Roles(store, clock, accountId);
    this.inlinePolicies = new InlinePolicies(store);
    this.managedPolicies = new ManagedPolicies(store, clock, accountId);
    this.attachments = new PolicyAttachments(store, this.managedPolicies);
    this.permissions = new RolePermissions(store, accountId);
    this.sessions = new RoleSessions(this.permissions, clock, accountId);
  }
}
