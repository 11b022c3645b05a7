import type { IncomingHttpHeaders } from 'node:http';
import {
  type CanonicalUser,
  cannedAcl,
  checkCanonicalId,
  checkGroupUri,
  emailGranteeRefused,
  type Grant,
  type Grantee,
  type Permission,
  PERMISSIONS,
} from '../../core/s3/access-control.js';
import { invalidArgument } from '../../core/s3/s3-errors.js';
import { serviceError } from '../../lib/errors.js';
import type { XmlObject, XmlValue } from '../service.js';
import { header, objectsOf, ownerXml, textOf } from './s3-shapes.js';

/** ACLs on the wire: `x-amz-acl`, the `x-amz-grant-*` headers and the `AccessControlPolicy` document. */

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const MAX_GRANTS = 100;

const GRANT_HEADERS: [string, Permission][] = [
  ['x-amz-grant-full-control', 'FULL_CONTROL'],
  ['x-amz-grant-read', 'READ'],
  ['x-amz-grant-read-acp', 'READ_ACP'],
  ['x-amz-grant-write', 'WRITE'],
  ['x-amz-grant-write-acp', 'WRITE_ACP'],
];

const malformedAcl = () => serviceError('MalformedACLError', 400, 'The XML you provided was not well-formed or did not validate against our published schema');

/** A grantee by canonical ID; the owner's shows its display name, as S3 answers it. */
function canonicalUser(id: string, owner: CanonicalUser, argumentName: string): Grantee {
  checkCanonicalId(id, argumentName);
  return id === owner.id ? { type: 'CanonicalUser', id, displayName: owner.displayName } : { type: 'CanonicalUser', id };
}

/** `id="…", uri="…"`: each grantee a type=value pair, the value quoted or not. */
function headerGrants(name: string, value: string, permission: Permission, owner: CanonicalUser): Grant[] {
  return value.split(',').map((item) => {
    const match = /^\s*([A-Za-z]+)=("?)([^"]*)\2\s*$/.exec(item);
    const type = match?.[1];
    const text = match?.[3] ?? '';
    if (type === 'id') return { grantee: canonicalUser(text, owner, 'id'), permission };
    if (type === 'uri') {
      checkGroupUri(text, 'uri');
      return { grantee: { type: 'Group', uri: text }, permission };
    }
    if (type === 'emailAddress') throw emailGranteeRefused();
    throw invalidArgument('Argument format not recognized', name, item.trim());
  });
}

/**
 * The ACL a request's headers ask for (PutObject, CopyObject, CreateMultipartUpload, CreateBucket, Put*Acl): a canned
 * ACL or grants, never both; undefined when it names none.
 */
export function aclOfHeaders(headers: IncomingHttpHeaders, resource: 'object' | 'bucket', owner: CanonicalUser): Grant[] | undefined {
  const canned = header(headers, 'x-amz-acl');
  const grantHeaders = GRANT_HEADERS.filter(([name]) => header(headers, name) !== undefined);
  if (canned !== undefined && grantHeaders.length > 0) throw serviceError('InvalidRequest', 400, 'Specifying both Canned ACLs and Header Grants is not allowed');
  if (canned !== undefined) return cannedAcl(canned, resource, owner, 'x-amz-acl');
  if (grantHeaders.length === 0) return undefined;
  return grantHeaders.flatMap(([name, permission]) => headerGrants(name, header(headers, name) ?? '', permission, owner));
}

/** The `xsi:type` attribute of a Grantee, whatever prefix the document bound the schema-instance namespace to. */
function granteeType(grantee: XmlObject): string | undefined {
  const member = Object.keys(grantee).find((name) => name === '@type' || (name.startsWith('@') && name.endsWith(':type')));
  return member === undefined ? undefined : textOf(grantee[member]);
}

function granteeOf(value: XmlValue | undefined, owner: CanonicalUser): Grantee {
  const grantee = objectsOf(value)[0];
  if (grantee === undefined) throw malformedAcl();
  const type = granteeType(grantee);
  if (type === 'CanonicalUser') {
    const id = textOf(grantee.ID);
    if (id === undefined) throw malformedAcl();
    return canonicalUser(id, owner, 'CanonicalUser/ID');
  }
  if (type === 'Group') {
    const uri = textOf(grantee.URI);
    if (uri === undefined) throw malformedAcl();
    checkGroupUri(uri, 'Group/URI');
    return { type: 'Group', uri };
  }
  if (type === 'AmazonCustomerByEmail') throw emailGranteeRefused();
  throw malformedAcl();
}

/** PutObjectAcl's and PutBucketAcl's body: an Owner and up to 100 grants, each of a known permission. */
function parseAccessControlPolicy(xml: XmlObject, owner: CanonicalUser): Grant[] {
  const ownerId = textOf(objectsOf(xml.Owner)[0]?.ID);
  if (ownerId === undefined) throw malformedAcl();
  const grants = objectsOf(objectsOf(xml.AccessControlList)[0]?.Grant).map((grant): Grant => {
    const permission = textOf(grant.Permission) as Permission | undefined;
    if (permission === undefined || !PERMISSIONS.includes(permission)) throw malformedAcl();
    return { grantee: granteeOf(grant.Grantee, owner), permission };
  });
  checkCanonicalId(ownerId, 'CanonicalUser/ID');
  if (grants.length > MAX_GRANTS) throw malformedAcl();
  return grants;
}

/** Put*Acl: the body or the headers, not both; one of them. */
export function requestedAcl(xml: XmlObject | undefined, headers: IncomingHttpHeaders, resource: 'object' | 'bucket', owner: CanonicalUser): Grant[] {
  const fromHeaders = aclOfHeaders(headers, resource, owner);
  if (xml !== undefined && fromHeaders !== undefined) throw serviceError('UnexpectedContent', 400, 'This request does not support content');
  if (xml !== undefined) return parseAccessControlPolicy(xml, owner);
  if (fromHeaders === undefined) throw serviceError('MissingSecurityHeader', 400, 'Your request was missing a required header', { fields: { MissingHeaderName: 'x-amz-acl' } });
  return fromHeaders;
}

const granteeXml = (grantee: Grantee): XmlObject =>
  grantee.type === 'Group'
    ? { '@xmlns:xsi': XSI, '@xsi:type': 'Group', URI: grantee.uri }
    : { '@xmlns:xsi': XSI, '@xsi:type': 'CanonicalUser', ID: grantee.id, DisplayName: grantee.displayName };

/** Get*Acl's answer. */
export function accessControlPolicyXml(grants: Grant[], owner: CanonicalUser): XmlObject {
  return {
    Owner: ownerXml(owner),
    AccessControlList: { Grant: grants.map((grant) => ({ Grantee: granteeXml(grant.grantee), Permission: grant.permission })) },
  };
}
