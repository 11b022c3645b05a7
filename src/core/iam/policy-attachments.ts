import type { IamStore, PolicyReference } from '../../store/iam.js';
import { noSuchEntity, noSuchRole, policyNotFound } from './iam-errors.js';
import { cursorOf, listingOf, type Listing } from './listing.js';
import type { ManagedPolicies } from './managed-policies.js';

/** Which managed policies are attached to which roles. */
export class PolicyAttachments {
  constructor(
    private readonly store: IamStore,
    private readonly policies: ManagedPolicies,
  ) {}

  async attach(roleName: string, policyArn: string): Promise<void> {
    const attachable = await this.policies.attachable(policyArn);
    if (attachable === undefined) throw notAttachable(policyArn);
    const outcome = await this.store.attachRolePolicy(roleName, attachable.policy, attachable.customer);
    if (outcome === 'no-such-role') throw noSuchRole(roleName);
    if (outcome === 'no-such-policy') throw notAttachable(policyArn);
  }

  async detach(roleName: string, policyArn: string): Promise<void> {
    const outcome = await this.store.detachRolePolicy(roleName, policyArn);
    if (outcome === 'no-such-role') throw noSuchRole(roleName);
    if (outcome === 'not-attached') throw policyNotFound(policyArn);
  }

  async list(roleName: string, pathPrefix: string, marker: string | undefined, maxItems: number): Promise<Listing<PolicyReference>> {
    const page = await this.store.listAttachedRolePolicies({ roleName, pathPrefix, after: cursorOf(marker), limit: maxItems });
    if (page === undefined) throw noSuchRole(roleName);
    return listingOf(page);
  }
}

const notAttachable = (arn: string) => noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
