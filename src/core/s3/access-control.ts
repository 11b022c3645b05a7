import { createHash } from 'node:crypto';
import { serviceError } from '../../lib/errors.js';
import { invalidArgument } from './s3-errors.js';

/**
 * S3's access control lists as stored and answered: grants of a permission to a canonical user or a predefined group,
 * the canned ACLs (`x-amz-acl`) spelled out as S3 spells them. Eventide keeps ACLs but does not enforce them. Every
 * bucket and object belongs to the one account, so its owner is the object's, the bucket's and the writer's.
 */

export type Permission = 'FULL_CONTROL' | 'WRITE' | 'WRITE_ACP' | 'READ' | 'READ_ACP';
export const PERMISSIONS: readonly Permission[] = ['FULL_CONTROL', 'WRITE', 'WRITE_ACP', 'READ', 'READ_ACP'];

export type Grantee = { type: 'CanonicalUser'; id: string; displayName?: string } | { type: 'Group'; uri: string };

export interface Grant {
  grantee: Grantee;
  permission: Permission;
}

/** The account's canonical user: a 64-hex-digit ID and a display name. */
export interface CanonicalUser {
  id: string;
  displayName: string;
}

export const accountOwner = (accountId: string): CanonicalUser => ({ id: createHash('sha256').update(accountId).digest('hex'), displayName: 'eventide' });

const GROUP_URIS = {
  allUsers: 'http://acs.amazonaws.com/groups/global/AllUsers',
  authenticatedUsers: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
  logDelivery: 'http://acs.amazonaws.com/groups/s3/LogDelivery',
} as const;

/** Amazon EC2's account, which `aws-exec-read` lets read a machine image's bundle. */
const EC2_BUNDLE_READER: Grantee = { type: 'CanonicalUser', id: '6aa5a366c34c1cbe25dc49211496e913e0351eb0e8c37aa3477e40942ec6b97c', displayName: 'za-team' };

const group = (uri: string): Grantee => ({ type: 'Group', uri });

/** The grants beside the owner's FULL_CONTROL of each canned ACL, and whether objects and buckets take it. */
const CANNED: Record<string, { grants: Grant[]; object: boolean; bucket: boolean }> = {
  private: { grants: [], object: true, bucket: true },
  'public-read': { grants: [{ grantee: group(GROUP_URIS.allUsers), permission: 'READ' }], object: true, bucket: true },
  'public-read-write': {
    grants: [
      { grantee: group(GROUP_URIS.allUsers), permission: 'READ' },
      { grantee: group(GROUP_URIS.allUsers), permission: 'WRITE' },
    ],
    object: true,
    bucket: true,
  },
  'authenticated-read': { grants: [{ grantee: group(GROUP_URIS.authenticatedUsers), permission: 'READ' }], object: true, bucket: true },
  'aws-exec-read': { grants: [{ grantee: EC2_BUNDLE_READER, permission: 'READ' }], object: true, bucket: true },
  // The bucket owner is the object owner here; on a bucket S3 ignores these two (the bucket stays private).
  'bucket-owner-read': { grants: [], object: true, bucket: true },
  'bucket-owner-full-control': { grants: [], object: true, bucket: true },
  'log-delivery-write': {
    grants: [
      { grantee: group(GROUP_URIS.logDelivery), permission: 'WRITE' },
      { grantee: group(GROUP_URIS.logDelivery), permission: 'READ_ACP' },
    ],
    object: false,
    bucket: true,
  },
};

const ownerFullControl = (owner: CanonicalUser): Grant => ({ grantee: { type: 'CanonicalUser', id: owner.id, displayName: owner.displayName }, permission: 'FULL_CONTROL' });

/** The grants of a canned ACL for an object or a bucket; a name S3 does not know for it is InvalidArgument of `argumentName`. */
export function cannedAcl(name: string, resource: 'object' | 'bucket', owner: CanonicalUser, argumentName: string): Grant[] {
  const canned = Object.hasOwn(CANNED, name) ? CANNED[name] : undefined;
  if (canned === undefined || !canned[resource]) throw invalidArgument('', argumentName, name);
  return [ownerFullControl(owner), ...canned.grants];
}

/** A group grantee must be one of S3's predefined groups. */
export function checkGroupUri(uri: string, argumentName: string): void {
  if (!(Object.values(GROUP_URIS) as string[]).includes(uri)) throw invalidArgument('Invalid group uri', argumentName, uri);
}

/** A canonical user ID is 64 hexadecimal digits. */
export function checkCanonicalId(id: string, argumentName: string): void {
  if (!/^[0-9a-f]{64}$/.test(id)) throw invalidArgument('Invalid id', argumentName, id);
}

/** S3 stopped taking email grantees on 1 October 2025. */
export const emailGranteeRefused = () => serviceError('MethodNotAllowed', 405, 'The specified method is not allowed against this resource.');

/** Undefined (what a bucket or object has until an ACL is set) reads as the owner's FULL_CONTROL. */
export const grantsOf = (acl: Grant[] | undefined, owner: CanonicalUser): Grant[] => acl ?? [ownerFullControl(owner)];
