/** IAM's response shapes: roles, managed policies, tags and paged lists as `XmlObject`s. */
import type { Listing } from '../../core/iam/listing.js';
import type { ManagedPolicy } from '../../core/iam/managed-policies.js';
import type { IamTag, RoleRecord } from '../../store/iam.js';
import type { XmlObject, XmlValue } from '../service.js';

/** `2015-04-09T15:03:43Z`: IAM's dates, to the second. */
export const iamTimestamp = (epochMs: number): string => new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * IAM returns policy documents percent-encoded (RFC 3986: everything but letters, digits and `-_.~`); the CLI and
 * boto3 decode them back to JSON.
 */
export const encodeDocument = (document: string): string =>
  encodeURIComponent(document).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);

export const tagsShape = (tags: IamTag[]): XmlObject => ({ member: tags.map((tag) => ({ Key: tag.key, Value: tag.value })) });

/**
 * A role as each operation shows it: CreateRole without MaxSessionDuration and RoleLastUsed, ListRoles without
 * tags and RoleLastUsed, GetRole with everything.
 */
export function roleShape(role: RoleRecord, arn: string, view: 'created' | 'listed' | 'full'): XmlObject {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.roleId,
    Arn: arn,
    CreateDate: iamTimestamp(role.createDate),
    AssumeRolePolicyDocument: encodeDocument(role.assumeRolePolicyDocument),
    Description: role.description,
    MaxSessionDuration: view === 'created' ? undefined : role.maxSessionDuration,
    Tags: view === 'listed' || role.tags.length === 0 ? undefined : tagsShape(role.tags),
    RoleLastUsed: view === 'full' ? {} : undefined,
  };
}

/** A managed policy: CreatePolicy shows tags given but no description; GetPolicy both; ListPolicies neither. */
export function policyShape(policy: ManagedPolicy, view: 'created' | 'listed' | 'full'): XmlObject {
  return {
    PolicyName: policy.name,
    PolicyId: policy.policyId,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: policy.attachmentCount,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    Description: view === 'full' ? policy.description : undefined,
    CreateDate: iamTimestamp(policy.createDate),
    UpdateDate: iamTimestamp(policy.updateDate),
    Tags: view === 'full' || (view === 'created' && policy.tags.length > 0) ? tagsShape(policy.tags) : undefined,
  };
}

/** `<{element}><member>…</member>…</{element}><IsTruncated>…</IsTruncated><Marker>…</Marker>`. */
export const listShape = <T>(element: string, listing: Listing<T>, shape: (item: T) => XmlValue): XmlObject => ({
  [element]: { member: listing.items.map(shape) },
  IsTruncated: listing.marker !== undefined,
  Marker: listing.marker,
});
