import type { IamStore } from '../../store/iam.js';
import { limitExceeded, noSuchEntity, noSuchRole } from './iam-errors.js';
import { cursorOf, listingOf, type Listing } from './listing.js';
import { policySize, validatePolicyDocument } from './policy-validation.js';

/** IAM's quota on all of a role's inline policies together, counted without whitespace. */
const ROLE_POLICY_QUOTA = 10_240;

export interface InlinePolicy {
  roleName: string;
  policyName: string;
  document: string;
}

/** A role's inline policies (PutRolePolicy and friends). */
export class InlinePolicies {
  constructor(private readonly store: IamStore) {}

  async put(roleName: string, policyName: string, document: string): Promise<void> {
    validatePolicyDocument(document, 'inline');
    const current = await this.store.rolePolicies(roleName);
    if (current === undefined) throw noSuchRole(roleName);
    const others = current.inline.filter((policy) => policy.name.toLowerCase() !== policyName.toLowerCase());
    const size = others.reduce((total, policy) => total + policySize(policy.document), policySize(document));
    if (size > ROLE_POLICY_QUOTA) throw limitExceeded(`Maximum policy size of ${ROLE_POLICY_QUOTA} bytes exceeded for role ${current.role.name}`);
    if (!(await this.store.putRolePolicy(roleName, policyName, document))) throw noSuchRole(roleName);
  }

  async get(roleName: string, policyName: string): Promise<InlinePolicy> {
    const role = await this.store.getRole(roleName);
    if (role === undefined) throw noSuchRole(roleName);
    const policy = await this.store.getRolePolicy(role.name, policyName);
    if (policy === undefined) throw noSuchPolicy(policyName);
    return { roleName: role.name, policyName: policy.name, document: policy.document };
  }

  async delete(roleName: string, policyName: string): Promise<void> {
    if ((await this.store.getRole(roleName)) === undefined) throw noSuchRole(roleName);
    if (!(await this.store.deleteRolePolicy(roleName, policyName))) throw noSuchPolicy(policyName);
  }

  async list(roleName: string, marker: string | undefined, maxItems: number): Promise<Listing<string>> {
    const page = await this.store.listRolePolicies(roleName, cursorOf(marker), maxItems);
    if (page === undefined) throw noSuchRole(roleName);
    return listingOf(page);
  }
}

const noSuchPolicy = (policyName: string) => noSuchEntity(`The role policy with name ${policyName} cannot be found.`);
