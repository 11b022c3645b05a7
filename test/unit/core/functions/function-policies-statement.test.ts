import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { renderStatement, type PermissionRequest } from '../../../../src/core/functions/function-policy-statement.js';
import { AwsError } from '../../../../src/lib/errors.js';

const FN = 'arn:aws:lambda:us-east-1:111111111111:function:fn';

const request = (overrides: Partial<PermissionRequest>): PermissionRequest => ({
  statementId: 's3',
  action: 'lambda:InvokeFunction',
  principal: 's3.amazonaws.com',
  sourceArn: undefined,
  sourceAccount: undefined,
  eventSourceToken: undefined,
  principalOrgId: undefined,
  functionUrlAuthType: undefined,
  invokedViaFunctionUrl: undefined,
  ...overrides,
});

describe('renderStatement', () => {
  // The JSON text is compared, so the key order is checked too (spec §5.1).
  const cases: { name: string; request: PermissionRequest; json: string }[] = [
    {
      name: 'a service principal with SourceAccount and SourceArn (the S3 example)',
      request: request({ sourceAccount: '123456789012', sourceArn: 'arn:aws:s3:::my-bucket-1xpuxmplzrlbh' }),
      json: '{"Sid":"s3","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:111111111111:function:fn","Condition":{"StringEquals":{"AWS:SourceAccount":"123456789012"},"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::my-bucket-1xpuxmplzrlbh"}}}',
    },
    {
      name: 'every option, in the order AWS prints them',
      request: request({
        statementId: 'urlPermission',
        principal: '*',
        action: 'lambda:InvokeFunctionUrl',
        sourceArn: 'arn:aws:s3:::test-bucket',
        sourceAccount: '111111111111',
        functionUrlAuthType: 'NONE',
        principalOrgId: 'o-1234567890',
      }),
      json: '{"Sid":"urlPermission","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctionUrl","Resource":"arn:aws:lambda:us-east-1:111111111111:function:fn","Condition":{"StringEquals":{"AWS:SourceAccount":"111111111111","lambda:FunctionUrlAuthType":"NONE","aws:PrincipalOrgID":"o-1234567890"},"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::test-bucket"}}}',
    },
    {
      name: 'an account id becomes its root user; no condition without restrictions',
      request: request({ statementId: 'acct', principal: '223456789012', action: 'lambda:GetFunction' }),
      json: '{"Sid":"acct","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::223456789012:root"},"Action":"lambda:GetFunction","Resource":"arn:aws:lambda:us-east-1:111111111111:function:fn"}',
    },
    {
      name: 'an IAM ARN stays as given; an Alexa token is a StringEquals condition',
      request: request({ statementId: 'role', principal: 'arn:aws:iam::223456789012:role/caller', eventSourceToken: 'amzn1.ask.skill.x' }),
      json: '{"Sid":"role","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::223456789012:role/caller"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:111111111111:function:fn","Condition":{"StringEquals":{"lambda:EventSourceToken":"amzn1.ask.skill.x"}}}',
    },
  ];
  for (const { name, request: given, json } of cases) {
    test(name, () => assert.equal(JSON.stringify(renderStatement(given, FN)), json));
  }

  const invalid = ['example.com', 'not a principal', 'arn:aws:s3:::bucket', '12345', 'S3.AMAZONAWS.COM'];
  for (const principal of invalid) {
    test(`refuses the principal ${JSON.stringify(principal)}`, () => {
      assert.throws(
        () => renderStatement(request({ principal }), FN),
        (error: unknown) =>
          error instanceof AwsError &&
          error.code === 'InvalidParameterValueException' &&
          error.message === 'The provided principal was invalid. Please check the principal and try again.',
      );
    });
  }
});
