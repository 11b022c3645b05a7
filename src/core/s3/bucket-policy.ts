/**
 * The checks S3 makes on a bucket policy before it stores it (PutBucketPolicy), with S3's MalformedPolicy
 * messages. Unlike an identity policy (core/iam's validation), a bucket policy names its principals, and its
 * actions and resources must be S3's own and this bucket's.
 */
import { serviceError, type AwsError } from '../../lib/errors.js';
import { isJsonObject } from '../../lib/json.js';
import { wildcardMatches } from '../policy/wildcard.js';

const malformedPolicy = (message: string): AwsError => serviceError('MalformedPolicy', 400, message);

/** S3 limits a bucket policy to 20 KB. */
const MAX_BUCKET_POLICY_BYTES = 20 * 1024;

const TOP_LEVEL_ELEMENTS = ['Version', 'Id', 'Statement'];
const STATEMENT_ELEMENTS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
const VERSIONS = ['2008-10-17', '2012-10-17'];
const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'];

const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);
const isStringOrStrings = (value: unknown): value is string | string[] => listOf(value).every((item) => typeof item === 'string') && listOf(value).length > 0;

function checkPrincipal(principal: unknown): void {
  if (principal === '*') return;
  const invalid = () => malformedPolicy('Invalid principal in policy');
  if (!isJsonObject(principal) || Object.keys(principal).length === 0) throw invalid();
  for (const [type, ids] of Object.entries(principal)) {
    if (!PRINCIPAL_TYPES.includes(type) || !isStringOrStrings(ids)) throw invalid();
    if (type === 'AWS' && !listOf(ids).every((id) => id === '*' || /^\d{12}$/.test(id as string) || /^arn:aws[a-z-]*:(iam|sts)::(\d{12}|aws):./.test(id as string))) throw invalid();
  }
}

/** `*`, or an S3 ARN whose bucket part matches this bucket (wildcards allowed). */
function resourceBelongsTo(resource: string, bucket: string): boolean {
  if (resource === '*') return true;
  if (!resource.startsWith('arn:aws:s3:::')) return false;
  const path = resource.slice('arn:aws:s3:::'.length);
  const slash = path.indexOf('/');
  const bucketPart = slash === -1 ? path : path.slice(0, slash);
  return wildcardMatches(bucketPart, bucket) || (slash === -1 && wildcardMatches(path, `${bucket}/`));
}

function checkStatement(statement: unknown, bucket: string): void {
  if (!isJsonObject(statement)) throw malformedPolicy('Missing required field Statement');
  const unknown = Object.keys(statement).find((element) => !STATEMENT_ELEMENTS.includes(element));
  if (unknown !== undefined) throw malformedPolicy(`Unknown field ${unknown}`);
  if (statement.Effect === undefined) throw malformedPolicy('Missing required field Effect');
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') throw malformedPolicy(`Invalid effect: ${String(statement.Effect)}`);
  const principal = statement.Principal ?? statement.NotPrincipal;
  if (principal === undefined) throw malformedPolicy('Missing required field Principal');
  checkPrincipal(principal);
  const actions = statement.Action ?? statement.NotAction;
  if (actions === undefined) throw malformedPolicy('Missing required field Action');
  if (!isStringOrStrings(actions) || !listOf(actions).every((action) => action === '*' || /^s3:[A-Za-z*?]+$/i.test(action as string))) {
    throw malformedPolicy('Policy has invalid action');
  }
  const resources = statement.Resource ?? statement.NotResource;
  if (resources === undefined) throw malformedPolicy('Missing required field Resource');
  if (!isStringOrStrings(resources) || !listOf(resources).every((resource) => resourceBelongsTo(resource as string, bucket))) {
    throw malformedPolicy('Policy has invalid resource');
  }
  if (statement.Condition !== undefined && !(isJsonObject(statement.Condition) && Object.values(statement.Condition).every(isJsonObject))) {
    throw malformedPolicy('Invalid Condition');
  }
}

/** The policy text, unchanged, when S3 would store it for this bucket; otherwise S3's MalformedPolicy. */
export function validateBucketPolicy(text: string, bucket: string): string {
  if (Buffer.byteLength(text) > MAX_BUCKET_POLICY_BYTES) throw malformedPolicy('Policy exceeds the maximum allowed document size.');
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    document = undefined;
  }
  if (!text.trimStart().startsWith('{') || !isJsonObject(document)) throw malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  const unknown = Object.keys(document).find((element) => !TOP_LEVEL_ELEMENTS.includes(element));
  if (unknown !== undefined) throw malformedPolicy(`Unknown field ${unknown}`);
  if (document.Version !== undefined && !VERSIONS.includes(document.Version as string)) throw malformedPolicy('Invalid policy version');
  if (document.Statement === undefined) throw malformedPolicy('Missing required field Statement');
  const statements = listOf(document.Statement);
  if (statements.length === 0) throw malformedPolicy('Could not parse the policy: Statement is empty!');
  for (const statement of statements) checkStatement(statement, bucket);
  return text;
}
