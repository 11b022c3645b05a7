import type { Clock } from '../../lib/clock.js';
import type { IamStore, IamTag, RoleRecord } from '../../store/iam.js';
import { deleteConflict, entityAlreadyExists, limitExceeded, noSuchRole } from './iam-errors.js';
import { roleArn, uniqueId } from './iam-identifiers.js';
import { cursorOf, listingOf, type Listing } from './listing.js';
import { policySize, validatePolicyDocument } from './policy-validation.js';

export interface NewRole {
  name: string;
  path: string;
  assumeRolePolicyDocument: string;
  description: string | undefined;
  maxSessionDuration: number;
  tags: IamTag[];
}

/** IAM's quota on a trust policy, counted without whitespace. */
const TRUST_POLICY_QUOTA = 2048;

/** Roles and their trust policies. */
export class Roles {
  constructor(
    private readonly store: IamStore,
    private readonly clock: Clock,
    private readonly accountId: string,
  ) {}

  arnOf(role: RoleRecord): string {
    return roleArn(this.accountId, role.path, role.name);
  }

  async create(input: NewRole): Promise<RoleRecord> {
    checkTrustPolicy(input.assumeRolePolicyDocument);
    const role: RoleRecord = { ...input, roleId: uniqueId('AROA'), createDate: this.clock.wallTime() };
    if (!(await this.store.createRole(role))) throw entityAlreadyExists(`Role with name ${input.name} already exists.`);
    return role;
  }

  async get(name: string): Promise<RoleRecord> {
    const role = await this.store.getRole(name);
    if (role === undefined) throw noSuchRole(name);
    return role;
  }

  async list(pathPrefix: string, marker: string | undefined, maxItems: number): Promise<Listing<RoleRecord>> {
    return listingOf(await this.store.listRoles({ pathPrefix, after: cursorOf(marker), limit: maxItems }));
  }

  async updateTrustPolicy(name: string, document: string): Promise<void> {
    checkTrustPolicy(document);
    if (!(await this.store.updateAssumeRolePolicy(name, document))) throw noSuchRole(name);
  }

  async delete(name: string): Promise<void> {
    const outcome = await this.store.deleteRole(name);
    if (outcome === 'no-such-role') throw noSuchRole(name);
    if (outcome === 'has-inline-policies') throw deleteConflict('Cannot delete entity, must delete policies first.');
    if (outcome === 'has-attached-policies') throw deleteConflict('Cannot delete entity, must detach all policies first.');
  }
}

function checkTrustPolicy(document: string): void {
  validatePolicyDocument(document, 'trust');
  if (policySize(document) > TRUST_POLICY_QUOTA) throw limitExceeded(`Cannot exceed quota for ACLSizePerRole: ${TRUST_POLICY_QUOTA}`);
}
