// IAM policy documents as AWS writes them (identity-based, resource-based and trust policies).

export type OneOrMany<T> = T | T[];

export type ConditionValue = string | number | boolean;

/** `{ Operator: { Key: value | values } }`, e.g. `{ "ArnLike": { "aws:SourceArn": "arn:aws:s3:::b" } }`. */
export type Condition = Record<string, Record<string, OneOrMany<ConditionValue>>>;

export type Principal =
  | '*'
  | {
      AWS?: OneOrMany<string>;
      Service?: OneOrMany<string>;
      Federated?: OneOrMany<string>;
    };

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: Principal;
  NotPrincipal?: Principal;
  Action?: OneOrMany<string>;
  NotAction?: OneOrMany<string>;
  Resource?: OneOrMany<string>;
  NotResource?: OneOrMany<string>;
  Condition?: Condition;
}

export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: OneOrMany<PolicyStatement>;
}

export interface NamedPolicy {
  name: string;
  document: PolicyDocument;
}

export function toArray<T>(value: OneOrMany<T> | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
