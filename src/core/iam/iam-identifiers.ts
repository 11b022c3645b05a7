/** IAM's names for things: role and policy ARNs, and the unique ids IAM and STS hand out. */
import { randomBytes } from 'node:crypto';

/** The account that owns AWS managed policies, as their ARNs name it. */
export const AWS_ACCOUNT = 'aws';

export const roleArn = (accountId: string, path: string, name: string): string => `arn:aws:iam::${accountId}:role${path}${name}`;

export const policyArn = (accountId: string, path: string, name: string): string => `arn:aws:iam::${accountId}:policy${path}${name}`;

export interface IamResourceName {
  /** A 12-digit account id, or `aws` for AWS managed policies. */
  account: string;
  path: string;
  name: string;
}

/** `arn:aws:iam::<account>:<kind><path><name>`; undefined for anything else. */
function parseIamArn(arn: string, kind: 'role' | 'policy'): IamResourceName | undefined {
  const match = /^arn:aws:iam::(\d{12}|aws):([a-z-]+)(\/(?:.*\/)?)([^/]+)$/.exec(arn);
  if (match === null || match[2] !== kind) return undefined;
  const [, account = '', , path = '/', name = ''] = match;
  return { account, path, name };
}

export const parseRoleArn = (arn: string): IamResourceName | undefined => parseIamArn(arn, 'role');

export const parsePolicyArn = (arn: string): IamResourceName | undefined => parseIamArn(arn, 'policy');

// IAM's unique ids: a four-letter prefix saying what the id is for, then upper-case base32.
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(length: number): string {
  return [...randomBytes(length)].map((byte) => BASE32[byte % 32]).join('');
}

/** `AROA…` for a role, `ANPA…` for a managed policy: 21 characters, as IAM makes them. */
export const uniqueId = (prefix: 'AROA' | 'ANPA'): string => `${prefix}${base32(17)}`;

/** `ASIA…`: the 20-character access key id of temporary credentials. */
export const temporaryAccessKeyId = (): string => `ASIA${base32(16)}`;
