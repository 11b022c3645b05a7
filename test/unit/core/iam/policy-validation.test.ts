import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AWS_MANAGED_POLICIES } from '../../../../src/core/iam/aws-managed-policies.js';
import { validatePolicyDocument, type PolicyKind } from '../../../../src/core/iam/policy-validation.js';
import { AwsError } from '../../../../src/lib/errors.js';

const BUCKET = 'arn:aws:s3:::example_bucket';
const statement = (fields: Record<string, unknown>) => JSON.stringify({ Version: '2012-10-17', Statement: fields });
const allowList = (fields: Record<string, unknown> = {}) => statement({ Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET, ...fields });
const trust = (fields: Record<string, unknown>) =>
  statement({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', ...fields });

const SYNTAX = 'Syntax errors in policy.';

// [what, kind, document, expected MalformedPolicyDocument message (undefined: accepted)]
const rows: [string, PolicyKind, string, string | undefined][] = [
  ['a plain identity policy', 'managed', allowList(), undefined],
  ['not JSON', 'managed', 'This is not a json document', SYNTAX],
  ['not JSON, trust policy', 'trust', '{invalid', 'This policy contains invalid Json'],
  ['JSON but not an object', 'inline', '[1]', SYNTAX],
  ['managed policy without Version', 'managed', JSON.stringify({ Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } }), 'Policy document must be version 2012-10-17 or greater.'],
  ['managed policy of version 2008-10-17', 'managed', JSON.stringify({ Version: '2008-10-17', Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } }), 'Policy document must be version 2012-10-17 or greater.'],
  ['inline policy without Version', 'inline', JSON.stringify({ Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } }), undefined],
  ['an unknown Version', 'inline', JSON.stringify({ Version: '2013-10-17', Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } }), SYNTAX],
  ['missing Statement', 'managed', JSON.stringify({ Version: '2012-10-17' }), SYNTAX],
  ['empty Statement list', 'managed', JSON.stringify({ Version: '2012-10-17', Statement: [] }), SYNTAX],
  ['a statement that is not an object', 'managed', JSON.stringify({ Version: '2012-10-17', Statement: ['afd'] }), SYNTAX],
  ['unknown top-level key', 'managed', JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' }, Extra: 1 }), SYNTAX],
  ['unknown statement key', 'managed', allowList({ Extra: 'value' }), SYNTAX],
  ['Id that is not a string', 'managed', JSON.stringify({ Version: '2012-10-17', Id: [], Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } }), SYNTAX],
  ['missing Effect', 'managed', statement({ Action: 's3:ListBucket', Resource: BUCKET }), SYNTAX],
  ['bad Effect', 'managed', allowList({ Effect: 'invalid' }), SYNTAX],
  ['Effect in the wrong case', 'managed', allowList({ Effect: 'denY' }), 'The policy failed legacy parsing'],
  ['both Action and NotAction', 'managed', allowList({ NotAction: 's3:GetObject' }), SYNTAX],
  ['both Resource and NotResource', 'managed', allowList({ NotResource: '*' }), SYNTAX],
  ['Action that is an object', 'managed', allowList({ Action: {} }), SYNTAX],
  ['Condition that is a list', 'managed', allowList({ Condition: [] }), SYNTAX],
  ['Condition operator with a string', 'managed', allowList({ Condition: { StringEquals: 'b' } }), SYNTAX],
  ['an operator IAM does not know', 'managed', allowList({ Condition: { x: { 'aws:SourceAccount': '1' } } }), SYNTAX],
  ['a malformed qualifier', 'managed', allowList({ Condition: { 'ForAnyValue::StringEquals': { a: 'b' } } }), SYNTAX],
  ['an unknown operator without keys', 'managed', allowList({ Condition: { x: {} } }), undefined],
  ['supported operators', 'managed', allowList({ Condition: { 'ForAllValues:StringLikeIfExists': { 'aws:TagKeys': ['a*'] }, Bool: { 'aws:SecureTransport': true }, NumericLessThan: { 's3:max-keys': 10 } } }), undefined],
  ['a Date operator Eventide does not evaluate', 'managed', allowList({ Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } } }), 'Eventide does not evaluate the condition operator DateGreaterThan: use a String, Numeric, Arn, Bool or Null operator.'],
  ['IpAddress, which Eventide does not evaluate', 'inline', allowList({ Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }), 'Eventide does not evaluate the condition operator IpAddress: use a String, Numeric, Arn, Bool or Null operator.'],
  ['duplicate Sids', 'managed', JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'a', Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Sid: 'a', Effect: 'Allow' }] }), 'Statement IDs (SID) in a single policy must be unique.'],
  ['missing Action', 'managed', statement({ Effect: 'Allow', Resource: BUCKET }), 'Policy statement must contain actions.'],
  ['empty Action list', 'managed', allowList({ Action: [] }), 'Policy statement must contain actions.'],
  ['missing Resource', 'managed', statement({ Effect: 'Allow', Action: 's3:ListBucket' }), 'Policy statement must contain resources.'],
  ['a resource that is no ARN', 'managed', allowList({ Resource: 'invalid resource' }), 'Resource invalid resource must be in ARN format or "*".'],
  ['an action without vendor', 'managed', allowList({ Action: 'invalid' }), 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
  ['an action with two colons', 'managed', allowList({ Action: 's3:List:Bucket' }), 'Actions/Condition can contain only one colon.'],
  ['a vendor with a space', 'managed', allowList({ Action: 'a a:ListBucket' }), 'Vendor a a is not valid'],
  ['resources are checked before actions', 'managed', allowList({ Action: 's:3:ListBucket', Resource: 'sdfsadf' }), 'Resource sdfsadf must be in ARN format or "*".'],
  ['a Principal in an identity policy', 'inline', allowList({ Principal: '*' }), 'Policy document should not specify a principal.'],
  ['a trust policy', 'trust', trust({}), undefined],
  ['a trust policy with Condition and an account principal', 'trust', trust({ Principal: { AWS: '000000000000' }, Condition: { StringEquals: { 'sts:ExternalId': 'x' } } }), undefined],
  ['a trust policy without Principal', 'trust', statement({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'Missing required field Principal'],
  ['a trust policy with Resource', 'trust', trust({ Resource: '*' }), 'Has prohibited field Resource'],
  ['a trust policy with another action', 'trust', trust({ Action: 's3:GetObject' }), 'AssumeRole policy may only specify STS AssumeRole actions.'],
  ['a trust policy with action *', 'trust', trust({ Action: '*' }), 'AssumeRole policy may only specify STS AssumeRole actions.'],
  ['a trust policy with an unknown principal type', 'trust', trust({ Principal: { Robot: 'x' } }), SYNTAX],
];

for (const [what, kind, document, expected] of rows) {
  test(`${kind}: ${what}`, () => {
    if (expected === undefined) {
      assert.doesNotThrow(() => validatePolicyDocument(document, kind));
      return;
    }
    assert.throws(
      () => validatePolicyDocument(document, kind),
      (error: unknown) => error instanceof AwsError && error.code === 'MalformedPolicyDocument' && error.status === 400 && error.message === expected,
    );
  });
}

test('every AWS managed policy Eventide ships passes the checks a customer managed policy must pass', () => {
  for (const policy of AWS_MANAGED_POLICIES) {
    assert.doesNotThrow(() => validatePolicyDocument(JSON.stringify(policy.document), 'managed'), policy.name);
  }
});
