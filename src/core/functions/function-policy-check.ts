/**
 * Whether a function's resource-based policy lets an AWS service invoke it (spec §5.5), and why, in words a user can
 * act on. The decision is the IAM evaluator's; this module only explains it, naming the statement that came closest.
 */
import type { RequestContext } from '../policy/condition.js';
import { conditionMatches } from '../policy/condition.js';
import { evaluate, type PolicyRequest } from '../policy/evaluate.js';
import { toArray, type PolicyStatement } from '../policy/policy-document.js';
import { wildcardMatches } from '../policy/wildcard.js';

export const INVOKE_ACTION = 'lambda:InvokeFunction';

/** Who asks to invoke: a service principal, and the resource and account the event comes from (when known). */
export interface InvokeCaller {
  principal: string;
  sourceArn: string | undefined;
  sourceAccount: string | undefined;
}

export interface PolicyCheck {
  decision: 'Allow' | 'Deny';
  reason: string;
  /** The Sid of the statement that allowed, denied or came closest; null when none did. */
  statement: string | null;
}

export interface InvokedFunction {
  name: string;
  /** The ARN the statements' Resource must name: unqualified for $LATEST. */
  arn: string;
}

const ACCOUNT_OR_ARN = /^(\d{12}|arn:.*)$/;

/** Decides `caller`'s invocation of `fn` under its policy's statements (undefined: it has no policy). */
export function checkInvoke(fn: InvokedFunction, statements: PolicyStatement[] | undefined, caller: InvokeCaller): PolicyCheck {
  const from = caller.sourceArn === undefined ? '' : ` from ${caller.sourceArn}`;
  if (statements === undefined || statements.length === 0) {
    return deny(`Function ${fn.name} has no resource-based policy, so nothing allows ${caller.principal} to invoke it${from}`, null);
  }
  const request = invokeRequest(fn, caller);
  const evaluation = evaluate(request, [{ name: 'default', document: { Statement: statements } }]);
  const sid = evaluation.matchedStatement?.sid ?? null;
  if (evaluation.decision === 'Allow') {
    return { decision: 'Allow', reason: `Statement ${quoted(sid)} of the resource-based policy of function ${fn.name} allows ${caller.principal} to invoke it${from}`, statement: sid };
  }
  const refusal = `The resource-based policy of function ${fn.name} does not allow ${caller.principal} to invoke it${from}`;
  if (evaluation.decision === 'ExplicitDeny') return deny(`${refusal}: statement ${quoted(sid)} denies it`, sid);
  const close = statements.find((statement) => statement.Effect === 'Allow' && namesPrincipal(statement, caller.principal));
  if (close === undefined) return deny(`${refusal}: no statement names ${caller.principal}`, null);
  const closeSid = close.Sid ?? null;
  return deny(`${refusal}: statement ${quoted(closeSid)} ${unmetPart(close, request)}`, closeSid);
}

function invokeRequest(fn: InvokedFunction, caller: InvokeCaller): PolicyRequest {
  const context: RequestContext = { 'aws:SourceArn': caller.sourceArn, 'aws:SourceAccount': caller.sourceAccount };
  return {
    action: INVOKE_ACTION,
    resource: fn.arn,
    principal: { type: ACCOUNT_OR_ARN.test(caller.principal) ? 'AWS' : 'Service', id: caller.principal },
    context,
  };
}

const deny = (reason: string, statement: string | null): PolicyCheck => ({ decision: 'Deny', reason, statement });

const quoted = (sid: string | null): string => (sid === null ? 'without Sid' : `'${sid}'`);

function namesPrincipal(statement: PolicyStatement, principal: string): boolean {
  const named = statement.Principal;
  if (named === undefined) return false;
  if (named === '*') return true;
  return [...toArray(named.Service), ...toArray(named.AWS)].some((entry) => entry === '*' || entry === principal);
}

/** The first part of a statement that names the caller but does not fit the request. */
function unmetPart(statement: PolicyStatement, request: PolicyRequest): string {
  const actions = toArray(statement.Action);
  if (!actions.some((action) => wildcardMatches(action, request.action, true))) {
    return `allows ${actions.join(', ')}, not ${request.action}`;
  }
  const resources = toArray(statement.Resource);
  if (resources.length > 0 && !resources.some((resource) => wildcardMatches(resource, request.resource))) {
    return `applies to ${resources.join(', ')}, not ${request.resource}`;
  }
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    for (const [key, values] of Object.entries(keys)) {
      if (!conditionMatches({ [operator]: { [key]: values } }, request.context)) {
        return `requires ${key} ${OPERATOR_WORDS[operator] ?? operator} ${toArray(values).map(String).join(' or ')}`;
      }
    }
  }
  return 'does not apply';
}

const OPERATOR_WORDS: Record<string, string> = {
  ArnLike: 'like',
  ArnEquals: 'like',
  StringLike: 'like',
  StringEquals: 'equal to',
  Bool: 'equal to',
};
