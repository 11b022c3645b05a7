import type { Clock } from '../../lib/clock.js';
import type { CustomerPolicyRecord, IamStore, IamTag, PolicyReference, PolicyVersionRecord } from '../../store/iam.js';
import type { PolicyDocument } from '../policy/policy-document.js';
import { AWS_MANAGED_POLICIES, type AwsManagedPolicy } from './aws-managed-policies.js';
import { accessDenied, deleteConflict, entityAlreadyExists, limitExceeded, noSuchEntity, policyNotFound } from './iam-errors.js';
import { AWS_ACCOUNT, policyArn, uniqueId } from './iam-identifiers.js';
import { cursorOf, markerOf, type Listing } from './listing.js';
import { policySize, validatePolicyDocument } from './policy-validation.js';

/** A managed policy as IAM describes it, AWS's or the account's. Dates are epoch milliseconds. */
export interface ManagedPolicy extends CustomerPolicyRecord {
  attachmentCount: number;
}

export interface NewManagedPolicy {
  name: string;
  path: string;
  document: string;
  description: string | undefined;
  tags: IamTag[];
}

export interface PolicyListQuery {
  scope: 'All' | 'AWS' | 'Local';
  onlyAttached: boolean;
  pathPrefix: string;
  /** `PermissionsBoundary` lists policies used as permissions boundaries: Eventide sets none. */
  usage: 'PermissionsPolicy' | 'PermissionsBoundary' | undefined;
  marker: string | undefined;
  maxItems: number;
}

/** IAM's quota on a managed policy document, counted without whitespace. */
const POLICY_SIZE_QUOTA = 6144;

const awsPolicyArn = (policy: AwsManagedPolicy): string => policyArn(AWS_ACCOUNT, policy.path, policy.name);
const AWS_BY_ARN = new Map(AWS_MANAGED_POLICIES.map((policy) => [awsPolicyArn(policy), policy]));

/** The default version's document of an AWS managed policy; undefined for any other ARN. */
export const awsManagedDocument = (arn: string): PolicyDocument | undefined => AWS_BY_ARN.get(arn)?.document;

const describeAws = (policy: AwsManagedPolicy, attachmentCount: number): ManagedPolicy => ({
  arn: awsPolicyArn(policy),
  name: policy.name,
  path: policy.path,
  policyId: policy.policyId,
  description: policy.description,
  createDate: Date.parse(policy.createDate),
  updateDate: Date.parse(policy.updateDate),
  defaultVersionId: policy.defaultVersionId,
  attachmentCount,
  tags: [],
});

/**
 * Managed policies: AWS's (data, read-only) and the account's customer managed ones (stored, with versions).
 * ListPolicies lists AWS's first, then the account's, each in creation order; its marker says where it stopped.
 */
export class ManagedPolicies {
  constructor(
    private readonly store: IamStore,
    private readonly clock: Clock,
    private readonly accountId: string,
  ) {}

  async create(input: NewManagedPolicy): Promise<ManagedPolicy> {
    validatePolicyDocument(input.document, 'managed');
    if (policySize(input.document) > POLICY_SIZE_QUOTA) throw limitExceeded(`Cannot exceed quota for PolicySize: ${POLICY_SIZE_QUOTA}`);
    const now = this.clock.wallTime();
    const policy = {
      arn: policyArn(this.accountId, input.path, input.name),
      name: input.name,
      path: input.path,
      policyId: uniqueId('ANPA'),
      description: input.description,
      createDate: now,
      updateDate: now,
      defaultVersionId: 'v1',
      tags: input.tags,
    };
    const created = await this.store.createCustomerPolicy(policy, { versionId: 'v1', document: input.document, createDate: now, isDefaultVersion: true });
    if (!created) throw entityAlreadyExists(`A policy called ${input.name} already exists. Duplicate names are not allowed.`);
    return { ...policy, attachmentCount: 0 };
  }

  async get(arn: string): Promise<ManagedPolicy> {
    const aws = AWS_BY_ARN.get(arn);
    if (aws !== undefined) return describeAws(aws, (await this.store.attachmentCounts([arn])).get(arn) ?? 0);
    const policy = await this.store.getCustomerPolicy(arn);
    if (policy === undefined) throw policyNotFound(arn);
    return policy;
  }

  async getVersion(arn: string, versionId: string): Promise<PolicyVersionRecord> {
    const aws = AWS_BY_ARN.get(arn);
    const version =
      aws === undefined
        ? await this.store.getPolicyVersion(arn, versionId)
        : aws.defaultVersionId === versionId
          ? { versionId, document: JSON.stringify(aws.document), createDate: Date.parse(aws.updateDate), isDefaultVersion: true }
          : undefined;
    if (version === undefined) throw noSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);
    return version;
  }

  /** The policy an attachment may name: an AWS managed one, or (checked again when attaching) a customer one. */
  async attachable(arn: string): Promise<{ policy: PolicyReference; customer: boolean } | undefined> {
    const aws = AWS_BY_ARN.get(arn);
    if (aws !== undefined) return { policy: { arn, name: aws.name, path: aws.path }, customer: false };
    const policy = await this.store.getCustomerPolicy(arn);
    return policy === undefined ? undefined : { policy: { arn, name: policy.name, path: policy.path }, customer: true };
  }

  async list(query: PolicyListQuery): Promise<Listing<ManagedPolicy>> {
    if (query.usage === 'PermissionsBoundary') return { items: [], marker: undefined };
    // Cursors: `aws:<index>` within AWS's policies, `local:<store cursor>` within the account's.
    const cursor = cursorOf(query.marker) ?? 'aws:0';
    const items: ManagedPolicy[] = [];
    if (query.scope !== 'Local' && cursor.startsWith('aws:')) {
      const aws = await this.listAws(query);
      const start = Number(cursor.slice('aws:'.length)) || 0;
      const end = start + query.maxItems;
      items.push(...aws.slice(start, end));
      if (end < aws.length) return { items, marker: markerOf(`aws:${end}`) };
      if (query.scope === 'AWS') return { items, marker: undefined };
    }
    const local = {
      pathPrefix: query.pathPrefix,
      onlyAttached: query.onlyAttached,
      after: cursor.startsWith('local:') ? cursor.slice('local:'.length) || undefined : undefined,
    };
    const room = query.maxItems - items.length;
    if (room === 0) {
      const more = await this.store.listCustomerPolicies({ ...local, limit: 1 });
      return { items, marker: more.items.length === 0 ? undefined : markerOf('local:') };
    }
    const page = await this.store.listCustomerPolicies({ ...local, limit: room });
    items.push(...page.items);
    return { items, marker: page.next === undefined ? undefined : markerOf(`local:${page.next}`) };
  }

  private async listAws(query: PolicyListQuery): Promise<ManagedPolicy[]> {
    const counts = await this.store.attachmentCounts(AWS_MANAGED_POLICIES.map(awsPolicyArn));
    return AWS_MANAGED_POLICIES.map((policy) => describeAws(policy, counts.get(awsPolicyArn(policy)) ?? 0)).filter(
      (policy) => policy.path.startsWith(query.pathPrefix) && (!query.onlyAttached || policy.attachmentCount > 0),
    );
  }

  async delete(arn: string): Promise<void> {
    if (AWS_BY_ARN.has(arn)) {
      throw accessDenied(`User: arn:aws:iam::${this.accountId}:root is not authorized to perform: iam:DeletePolicy on resource: policy ${arn}`);
    }
    const outcome = await this.store.deleteCustomerPolicy(arn);
    if (outcome === 'no-such-policy') throw policyNotFound(arn);
    if (outcome === 'attached') throw deleteConflict('Cannot delete a policy attached to entities.');
  }
}
