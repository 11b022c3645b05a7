import type { FunctionPolicies } from '../../core/functions/function-policies.js';
import type { PermissionRequest } from '../../core/functions/function-policy-statement.js';
import { parseFunctionName } from '../../core/functions/function-name.js';
import type { AccountScope } from '../../lib/arn.js';
import { invalidParameterValue } from '../../lib/errors.js';
import { parseJsonObject } from '../json-body.js';
import type { RestRequest, RestRoute } from '../service.js';
import { optionalString, Problems } from './validation.js';

const PATH = '/2015-03-31/functions/{FunctionName}/policy';
const ACTION_PATTERN = '(lambda:[*]|lambda:[a-zA-Z]+|[*])';
const SOURCE_ARN_PATTERN = 'arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}(-gov)?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)';
const FUNCTION_URL_AUTH_TYPES = ['NONE', 'AWS_IAM'];

export interface PermissionRoutesDeps {
  policies: FunctionPolicies;
  scope: AccountScope;
}

/** A function's resource-based policy: AddPermission, GetPolicy and RemovePermission. */
export function permissionRoutes({ policies, scope }: PermissionRoutesDeps): RestRoute[] {
  const refOf = (request: RestRequest) =>
    parseFunctionName(request.pathParams.FunctionName ?? '', request.query.get('Qualifier') ?? undefined, scope);

  return [
    {
      operation: 'AddPermission',
      method: 'POST',
      path: PATH,
      async handle(request) {
        const ref = refOf(request);
        const body = parseJsonObject(request.body);
        const permission = readPermission(body);
        const statement = await policies.addPermission(ref, permission, optionalString(body, 'RevisionId'));
        return { status: 201, body: { Statement: statement } };
      },
    },
    {
      operation: 'GetPolicy',
      method: 'GET',
      path: PATH,
      async handle(request) {
        const { policy, revisionId } = await policies.getPolicy(refOf(request));
        return { status: 200, body: { Policy: policy, RevisionId: revisionId } };
      },
    },
    {
      operation: 'RemovePermission',
      method: 'DELETE',
      path: `${PATH}/{StatementId}`,
      async handle(request) {
        const ref = refOf(request);
        const statementId = request.pathParams.StatementId ?? '';
        const problems = new Problems();
        problems.maxLength(statementId, 'statementId', 100);
        problems.pattern(statementId, 'statementId', '([a-zA-Z0-9-_.]+)');
        problems.throwIfAny();
        await policies.removePermission(ref, statementId, request.query.get('RevisionId') ?? undefined);
        return { status: 204 };
      },
    },
  ];
}

/** AddPermission's body; model constraints first, as one ValidationException. */
function readPermission(body: Record<string, unknown>): PermissionRequest {
  const statementId = optionalString(body, 'StatementId');
  const action = optionalString(body, 'Action');
  const principal = optionalString(body, 'Principal');
  const permission = {
    sourceArn: optionalString(body, 'SourceArn'),
    sourceAccount: optionalString(body, 'SourceAccount'),
    eventSourceToken: optionalString(body, 'EventSourceToken'),
    principalOrgId: optionalString(body, 'PrincipalOrgID'),
    functionUrlAuthType: optionalString(body, 'FunctionUrlAuthType'),
    invokedViaFunctionUrl: optionalBoolean(body, 'InvokedViaFunctionUrl'),
  };
  const problems = new Problems();
  problems.required(statementId, 'statementId');
  problems.maxLength(statementId, 'statementId', 100);
  problems.pattern(statementId, 'statementId', '([a-zA-Z0-9-_]+)');
  problems.required(action, 'action');
  problems.pattern(action, 'action', ACTION_PATTERN);
  problems.required(principal, 'principal');
  problems.pattern(principal, 'principal', '[^\\s]+');
  problems.pattern(permission.sourceArn, 'sourceArn', SOURCE_ARN_PATTERN);
  problems.maxLength(permission.sourceAccount, 'sourceAccount', 12);
  problems.pattern(permission.sourceAccount, 'sourceAccount', '\\d{12}');
  problems.maxLength(permission.eventSourceToken, 'eventSourceToken', 256);
  problems.pattern(permission.eventSourceToken, 'eventSourceToken', '[a-zA-Z0-9._\\-]+');
  problems.maxLength(permission.principalOrgId, 'principalOrgID', 34);
  problems.pattern(permission.principalOrgId, 'principalOrgID', 'o-[a-z0-9]{10,32}');
  problems.oneOf(permission.functionUrlAuthType, 'functionUrlAuthType', FUNCTION_URL_AUTH_TYPES);
  problems.throwIfAny();
  return { statementId: statementId ?? '', action: action ?? '', principal: principal ?? '', ...permission };
}

function optionalBoolean(body: Record<string, unknown>, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidParameterValue(`Could not parse request body: ${key} must be a boolean.`);
  return value;
}
