import type { FunctionPolicies } from '../../core/functions/function-policies.js';
import { parseFunctionName } from '../../core/functions/function-name.js';
import type { AccountScope } from '../../lib/arn.js';
import { invalidParameterValue } from '../../lib/errors.js';
import type { RestRoute } from '../service.js';

export interface FunctionPolicyCheckDeps {
  policies: FunctionPolicies;
  scope: AccountScope;
}

/**
 * `GET /_eventide/functions/{FunctionName}/policy/check?principal=&sourceArn=&sourceAccount=`: would the function's
 * resource-based policy let this service invoke it? `{"decision":"Allow"|"Deny","reason":"…","statement":"<Sid>"|null}`,
 * so a user can see why an S3, SNS or EventBridge event did not arrive.
 */
export function functionPolicyCheckRoute({ policies, scope }: FunctionPolicyCheckDeps): RestRoute {
  return {
    operation: 'CheckFunctionPolicy',
    method: 'GET',
    path: '/_eventide/functions/{FunctionName}/policy/check',
    async handle(request) {
      const ref = parseFunctionName(request.pathParams.FunctionName ?? '', undefined, scope);
      const principal = request.query.get('principal');
      if (principal === null || principal === '') {
        throw invalidParameterValue('Give the invoking service as ?principal=, e.g. principal=s3.amazonaws.com.');
      }
      const check = await policies.check(ref, {
        principal,
        sourceArn: request.query.get('sourceArn') ?? undefined,
        sourceAccount: request.query.get('sourceAccount') ?? undefined,
      });
      return { status: 200, body: check };
    },
  };
}
