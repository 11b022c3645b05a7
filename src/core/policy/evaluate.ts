// Decides one request against a set of policies: an explicit Deny beats an Allow, which beats the implicit deny.

import { conditionMatches, type RequestContext } from './condition.js';
import { toArray, type NamedPolicy, type OneOrMany, type Principal, type PolicyStatement } from './policy-document.js';
import { wildcardMatches } from './wildcard.js';

export interface RequestPrincipal {
  type: 'Service' | 'AWS';
  /** A service name (`s3.amazonaws.com`), an IAM ARN or a 12-digit account id. */
  id: string;
}

export interface PolicyRequest {
  action: string;
  resource: string;
  principal?: RequestPrincipal;
  context: RequestContext;
}

export type PolicyDecision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

export interface MatchedStatement {
  policyName: string;
  sid?: string;
  /** The statement's position in its policy's Statement list, from 0. */
  index: number;
}

export interface PolicyEvaluation {
  decision: PolicyDecision;
  matchedStatement?: MatchedStatement;
  /** Plain words for users: which statement decided, or that none allowed the request. */
  reason: string;
}

const ACCOUNT_ID = /^\d{12}$/;

/** A bare account id in a policy means that account's root user. */
function canonicalAwsPrincipal(id: string): string {
  return ACCOUNT_ID.test(id) ? `arn:aws:iam::${id}:root` : id;
}

function principalMatches(principal: Principal, requestPrincipal: RequestPrincipal | undefined): boolean {
  if (principal === '*') return true;
  if (toArray(principal.AWS).includes('*')) return true;
  if (requestPrincipal === undefined) return false;
  if (requestPrincipal.type === 'Service') return toArray(principal.Service).includes(requestPrincipal.id);
  const wanted = canonicalAwsPrincipal(requestPrincipal.id);
  return toArray(principal.AWS).some((entry) => canonicalAwsPrincipal(entry) === wanted);
}

/** A statement without Principal or NotPrincipal belongs to an identity-based policy: it applies to that identity. */
function principalApplies(statement: PolicyStatement, requestPrincipal: RequestPrincipal | undefined): boolean {
  if (statement.Principal !== undefined) return principalMatches(statement.Principal, requestPrincipal);
  if (statement.NotPrincipal !== undefined) return !principalMatches(statement.NotPrincipal, requestPrincipal);
  return true;
}

function listApplies(
  list: OneOrMany<string> | undefined,
  notList: OneOrMany<string> | undefined,
  matches: (pattern: string) => boolean,
  whenNeither: boolean,
): boolean {
  if (list !== undefined) return toArray(list).some(matches);
  if (notList !== undefined) return !toArray(notList).some(matches);
  return whenNeither;
}

function statementApplies(statement: PolicyStatement, request: PolicyRequest): boolean {
  // Actions are case-insensitive, resources are not; trust policies carry no Resource and apply to any.
  return (
    principalApplies(statement, request.principal) &&
    listApplies(
      statement.Action,
      statement.NotAction,
      (pattern) => wildcardMatches(pattern, request.action, true),
      false,
    ) &&
    listApplies(
      statement.Resource,
      statement.NotResource,
      (pattern) => wildcardMatches(pattern, request.resource),
      true,
    ) &&
    conditionMatches(statement.Condition, request.context)
  );
}

function describe(statement: MatchedStatement): string {
  const which = statement.sid === undefined ? `at index ${statement.index}` : `'${statement.sid}'`;
  return `statement ${which} of policy '${statement.policyName}'`;
}

export function evaluate(request: PolicyRequest, policies: readonly NamedPolicy[]): PolicyEvaluation {
  let allowedBy: MatchedStatement | undefined;
  for (const policy of policies) {
    for (const [index, statement] of toArray(policy.document.Statement).entries()) {
      if (!statementApplies(statement, request)) continue;
      const matched: MatchedStatement =
        statement.Sid === undefined || statement.Sid === ''
          ? { policyName: policy.name, index }
          : { policyName: policy.name, sid: statement.Sid, index };
      if (statement.Effect === 'Deny') {
        return { decision: 'ExplicitDeny', matchedStatement: matched, reason: `Denied by ${describe(matched)}` };
      }
      if (statement.Effect === 'Allow') allowedBy ??= matched;
    }
  }
  if (allowedBy !== undefined) {
    return { decision: 'Allow', matchedStatement: allowedBy, reason: `Allowed by ${describe(allowedBy)}` };
  }
  const count = `${policies.length} ${policies.length === 1 ? 'policy' : 'policies'}`;
  return {
    decision: 'ImplicitDeny',
    reason: `No statement of ${count} allows ${request.action} on ${request.resource}`,
  };
}
