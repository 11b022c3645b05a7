/**
 * One AddPermission request rendered as the policy statement Lambda stores and answers with: the principal in IAM's
 * form, the optional restrictions as conditions, keys in the order AWS prints them.
 */
import { invalidParameterValue } from '../../lib/errors.js';
import type { Condition, PolicyStatement, Principal } from '../policy/policy-document.js';

export interface PermissionRequest {
  statementId: string;
  action: string;
  principal: string;
  sourceArn: string | undefined;
  sourceAccount: string | undefined;
  eventSourceToken: string | undefined;
  principalOrgId: string | undefined;
  functionUrlAuthType: string | undefined;
  invokedViaFunctionUrl: boolean | undefined;
}

const ACCOUNT_ID = /^\d{12}$/;
const IAM_ARN = /^arn:aws[a-zA-Z-]*:iam::(\d{12}|aws):\S+$/;
// Service principals are domain-style names: s3.amazonaws.com, logs.us-east-1.amazonaws.com, alexa-appkit.amazon.com.
const SERVICE = /^[a-z0-9][a-z0-9.-]*\.(amazonaws\.com(\.cn)?|amazon\.com)$/;

/** The principal as a policy names it; anything else is refused with AWS's message. */
export function policyPrincipal(principal: string): Principal {
  if (principal === '*') return '*';
  if (ACCOUNT_ID.test(principal)) return { AWS: `arn:aws:iam::${principal}:root` };
  if (IAM_ARN.test(principal)) return { AWS: principal };
  if (SERVICE.test(principal)) return { Service: principal };
  throw invalidParameterValue('The provided principal was invalid. Please check the principal and try again.');
}

/** The statement for `request` on the function (or version, or alias) with ARN `resource`. */
export function renderStatement(request: PermissionRequest, resource: string): PolicyStatement {
  const statement: PolicyStatement = {
    Sid: request.statementId,
    Effect: 'Allow',
    Principal: policyPrincipal(request.principal),
    Action: request.action,
    Resource: resource,
  };
  const condition = conditionOf(request);
  if (condition !== undefined) statement.Condition = condition;
  return statement;
}

function conditionOf(request: PermissionRequest): Condition | undefined {
  const condition: Condition = {};
  const stringEquals = definedEntries({
    'AWS:SourceAccount': request.sourceAccount,
    'lambda:FunctionUrlAuthType': request.functionUrlAuthType,
    'aws:PrincipalOrgID': request.principalOrgId,
    'lambda:EventSourceToken': request.eventSourceToken,
  });
  if (stringEquals !== undefined) condition.StringEquals = stringEquals;
  // AWS documents the SourceArn comparison as StringLike and writes it as ArnLike.
  if (request.sourceArn !== undefined) condition.ArnLike = { 'AWS:SourceArn': request.sourceArn };
  if (request.invokedViaFunctionUrl === true) condition.Bool = { 'lambda:InvokedViaFunctionUrl': 'true' };
  return Object.keys(condition).length === 0 ? undefined : condition;
}

function definedEntries(entries: Record<string, string | undefined>): Record<string, string> | undefined {
  const defined = Object.entries(entries).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return defined.length === 0 ? undefined : Object.fromEntries(defined);
}
