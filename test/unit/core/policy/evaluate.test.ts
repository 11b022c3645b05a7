import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  evaluate,
  type PolicyDecision,
  type PolicyEvaluation,
  type PolicyRequest,
} from '../../../../src/core/policy/evaluate.js';
import type { NamedPolicy, PolicyDocument, PolicyStatement } from '../../../../src/core/policy/policy-document.js';

const QUEUE = 'arn:aws:sqs:us-east-1:000000000000:q';
const FUNCTION = 'arn:aws:lambda:us-east-1:000000000000:function:f';

const request = (overrides: Partial<PolicyRequest>): PolicyRequest => ({
  action: 'sqs:SendMessage',
  resource: QUEUE,
  context: {},
  ...overrides,
});

const policy = (...statements: PolicyStatement[]): NamedPolicy[] => [
  { name: 'p', document: { Version: '2012-10-17', Statement: statements } },
];

const allow = (statement: Omit<PolicyStatement, 'Effect'>): PolicyStatement => ({ Effect: 'Allow', ...statement });
const deny = (statement: Omit<PolicyStatement, 'Effect'>): PolicyStatement => ({ Effect: 'Deny', ...statement });

const rows: [string, Partial<PolicyRequest>, NamedPolicy[], PolicyDecision][] = [
  ['exact action and resource', {}, policy(allow({ Action: 'sqs:SendMessage', Resource: QUEUE })), 'Allow'],
  ['actions are case-insensitive', {}, policy(allow({ Action: 'SQS:sendmessage', Resource: QUEUE })), 'Allow'],
  ['action * ', {}, policy(allow({ Action: '*', Resource: '*' })), 'Allow'],
  ['action service:*', {}, policy(allow({ Action: 'sqs:*', Resource: '*' })), 'Allow'],
  ['action prefix wildcard', {}, policy(allow({ Action: 'sqs:Send*', Resource: '*' })), 'Allow'],
  ['action ? wildcard', {}, policy(allow({ Action: 'sqs:SendMessag?', Resource: '*' })), 'Allow'],
  ['action list, one matches', {}, policy(allow({ Action: ['sns:Publish', 'sqs:SendMessage'], Resource: '*' })), 'Allow'],
  ['other action', {}, policy(allow({ Action: 'sqs:ReceiveMessage', Resource: '*' })), 'ImplicitDeny'],
  ['other service', {}, policy(allow({ Action: 'sns:*', Resource: '*' })), 'ImplicitDeny'],
  ['NotAction excludes the action', {}, policy(allow({ NotAction: 'sqs:SendMessage', Resource: '*' })), 'ImplicitDeny'],
  ['NotAction allows everything else', {}, policy(allow({ NotAction: ['iam:*', 'sns:*'], Resource: '*' })), 'Allow'],
  ['NotAction is case-insensitive', {}, policy(allow({ NotAction: 'SQS:SEND*', Resource: '*' })), 'ImplicitDeny'],
  ['a statement without Action never matches', {}, policy(allow({ Resource: '*' })), 'ImplicitDeny'],
  ['resource * spans : and /', {}, policy(allow({ Action: '*', Resource: 'arn:aws:sqs:*' })), 'Allow'],
  ['resource ? wildcard', {}, policy(allow({ Action: '*', Resource: 'arn:aws:sqs:us-east-1:000000000000:?' })), 'Allow'],
  ['resources are case-sensitive', {}, policy(allow({ Action: '*', Resource: 'arn:aws:sqs:us-east-1:000000000000:Q' })), 'ImplicitDeny'],
  ['other resource', {}, policy(allow({ Action: '*', Resource: 'arn:aws:sqs:us-east-1:000000000000:other' })), 'ImplicitDeny'],
  ['NotResource excludes the resource', {}, policy(allow({ Action: '*', NotResource: QUEUE })), 'ImplicitDeny'],
  ['NotResource allows other resources', {}, policy(allow({ Action: '*', NotResource: 'arn:aws:sns:*' })), 'Allow'],
  ['Deny beats Allow', {}, policy(allow({ Action: '*', Resource: '*' }), deny({ Action: 'sqs:*', Resource: '*' })), 'ExplicitDeny'],
  ['Deny in another policy beats Allow', {}, [...policy(allow({ Action: '*', Resource: '*' })), { name: 'guard', document: { Statement: deny({ Action: '*', Resource: '*' }) } }], 'ExplicitDeny'],
  ['Deny that does not match leaves the Allow', {}, policy(allow({ Action: '*', Resource: '*' }), deny({ Action: 'sqs:DeleteQueue', Resource: '*' })), 'Allow'],
  ['Deny with NotResource protects one resource', { resource: 'arn:aws:sqs:us-east-1:000000000000:other' }, policy(allow({ Action: '*', Resource: '*' }), deny({ Action: '*', NotResource: QUEUE })), 'ExplicitDeny'],
  ['Deny with a false condition does not apply', {}, policy(allow({ Action: '*', Resource: '*' }), deny({ Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })), 'Allow'],
  ['Allow with a false condition does not apply', {}, policy(allow({ Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:SourceAccount': '1' } } })), 'ImplicitDeny'],
  ['Allow with a true condition', { context: { 'aws:sourceaccount': '1' } }, policy(allow({ Action: '*', Resource: '*', Condition: { StringEquals: { 'AWS:SourceAccount': '1' } } })), 'Allow'],
  ['no policies: implicit deny', {}, [], 'ImplicitDeny'],
  ['an empty Statement list: implicit deny', {}, policy(), 'ImplicitDeny'],
  ['a single Statement object, not a list', {}, [{ name: 'p', document: { Statement: allow({ Action: '*', Resource: '*' }) } }], 'Allow'],
  ['a statement without Resource (trust policy) applies to any resource', {}, policy(allow({ Action: 'sqs:SendMessage' })), 'Allow'],
  ['Principal "*"', { principal: { type: 'Service', id: 'sns.amazonaws.com' } }, policy(allow({ Principal: '*', Action: '*', Resource: '*' })), 'Allow'],
  ['Principal "*" with no principal in the request', {}, policy(allow({ Principal: '*', Action: '*', Resource: '*' })), 'Allow'],
  ['Principal {AWS: "*"}', { principal: { type: 'AWS', id: 'arn:aws:iam::111111111111:role/r' } }, policy(allow({ Principal: { AWS: '*' }, Action: '*', Resource: '*' })), 'Allow'],
  ['Principal Service matches', { principal: { type: 'Service', id: 's3.amazonaws.com' } }, policy(allow({ Principal: { Service: 's3.amazonaws.com' }, Action: '*', Resource: '*' })), 'Allow'],
  ['Principal Service list', { principal: { type: 'Service', id: 'sns.amazonaws.com' } }, policy(allow({ Principal: { Service: ['s3.amazonaws.com', 'sns.amazonaws.com'] }, Action: '*', Resource: '*' })), 'Allow'],
  ['Principal Service, other service', { principal: { type: 'Service', id: 'sns.amazonaws.com' } }, policy(allow({ Principal: { Service: 's3.amazonaws.com' }, Action: '*', Resource: '*' })), 'ImplicitDeny'],
  ['Principal Service, AWS principal in the request', { principal: { type: 'AWS', id: 's3.amazonaws.com' } }, policy(allow({ Principal: { Service: 's3.amazonaws.com' }, Action: '*', Resource: '*' })), 'ImplicitDeny'],
  ['Principal Service, no principal in the request', {}, policy(allow({ Principal: { Service: 's3.amazonaws.com' }, Action: '*', Resource: '*' })), 'ImplicitDeny'],
  ['Principal AWS account id = the root ARN', { principal: { type: 'AWS', id: 'arn:aws:iam::123456789012:root' } }, policy(allow({ Principal: { AWS: '123456789012' }, Action: '*', Resource: '*' })), 'Allow'],
  ['Principal AWS root ARN = the account id', { principal: { type: 'AWS', id: '123456789012' } }, policy(allow({ Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: '*', Resource: '*' })), 'Allow'],
  ['Principal AWS account id, other account', { principal: { type: 'AWS', id: '111111111111' } }, policy(allow({ Principal: { AWS: '123456789012' }, Action: '*', Resource: '*' })), 'ImplicitDeny'],
  ['Principal AWS role ARN', { principal: { type: 'AWS', id: 'arn:aws:iam::123456789012:role/r' } }, policy(allow({ Principal: { AWS: ['arn:aws:iam::123456789012:role/r'] }, Action: '*', Resource: '*' })), 'Allow'],
  ['NotPrincipal excludes the principal', { principal: { type: 'AWS', id: '123456789012' } }, policy(deny({ NotPrincipal: { AWS: '123456789012' }, Action: '*', Resource: '*' }), allow({ Principal: '*', Action: '*', Resource: '*' })), 'Allow'],
  ['NotPrincipal applies to others', { principal: { type: 'AWS', id: '111111111111' } }, policy(deny({ NotPrincipal: { AWS: '123456789012' }, Action: '*', Resource: '*' }), allow({ Principal: '*', Action: '*', Resource: '*' })), 'ExplicitDeny'],
  ['no Principal: identity policy applies whoever asks', { principal: { type: 'AWS', id: 'arn:aws:iam::1:role/r' } }, policy(allow({ Action: '*', Resource: '*' })), 'Allow'],
];

for (const [name, overrides, policies, expected] of rows) {
  test(name, () => assert.equal(evaluate(request(overrides), policies).decision, expected));
}

// The document Lambda's AddPermission writes for `--principal s3.amazonaws.com --source-arn … --source-account …`.
const addPermissionPolicy: NamedPolicy[] = [
  {
    name: 'default',
    document: JSON.parse(
      '{"Version":"2012-10-17","Id":"default","Statement":[{"Sid":"s3","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:000000000000:function:f","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::my-bucket"},"StringEquals":{"AWS:SourceAccount":"000000000000"}}}]}',
    ) as PolicyDocument,
  },
];

const invoke = (overrides: Partial<PolicyRequest>): PolicyRequest => ({
  action: 'lambda:InvokeFunction',
  resource: FUNCTION,
  principal: { type: 'Service', id: 's3.amazonaws.com' },
  context: { 'aws:SourceArn': 'arn:aws:s3:::my-bucket', 'aws:SourceAccount': '000000000000' },
  ...overrides,
});

const addPermissionRows: [string, Partial<PolicyRequest>, PolicyEvaluation][] = [
  ['AddPermission policy: S3 from the bucket and account may invoke', {}, { decision: 'Allow', matchedStatement: { policyName: 'default', sid: 's3', index: 0 }, reason: "Allowed by statement 's3' of policy 'default'" }],
  ['AddPermission policy: another bucket may not', { context: { 'aws:SourceArn': 'arn:aws:s3:::other', 'aws:SourceAccount': '000000000000' } }, { decision: 'ImplicitDeny', reason: `No statement of 1 policy allows lambda:InvokeFunction on ${FUNCTION}` }],
  ['AddPermission policy: another account may not', { context: { 'aws:SourceArn': 'arn:aws:s3:::my-bucket', 'aws:SourceAccount': '111111111111' } }, { decision: 'ImplicitDeny', reason: `No statement of 1 policy allows lambda:InvokeFunction on ${FUNCTION}` }],
  ['AddPermission policy: without source context S3 may not', { context: {} }, { decision: 'ImplicitDeny', reason: `No statement of 1 policy allows lambda:InvokeFunction on ${FUNCTION}` }],
  ['AddPermission policy: another service may not', { principal: { type: 'Service', id: 'sns.amazonaws.com' } }, { decision: 'ImplicitDeny', reason: `No statement of 1 policy allows lambda:InvokeFunction on ${FUNCTION}` }],
  ['AddPermission policy: another function is not covered', { resource: `${FUNCTION}2` }, { decision: 'ImplicitDeny', reason: `No statement of 1 policy allows lambda:InvokeFunction on ${FUNCTION}2` }],
];

for (const [name, overrides, expected] of addPermissionRows) {
  test(name, () => assert.deepEqual(evaluate(invoke(overrides), addPermissionPolicy), expected));
}

const basicExecutionRole: NamedPolicy[] = [
  {
    name: 'AWSLambdaBasicExecutionRole',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: '*',
        },
      ],
    },
  },
];

test('AWSLambdaBasicExecutionRole allows logs:PutLogEvents on any resource', () =>
  assert.deepEqual(
    evaluate(
      request({ action: 'logs:PutLogEvents', resource: 'arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/f:*' }),
      basicExecutionRole,
    ),
    {
      decision: 'Allow',
      matchedStatement: { policyName: 'AWSLambdaBasicExecutionRole', index: 0 },
      reason: "Allowed by statement at index 0 of policy 'AWSLambdaBasicExecutionRole'",
    },
  ));

test('AWSLambdaBasicExecutionRole does not allow sqs:SendMessage', () =>
  assert.deepEqual(evaluate(request({}), basicExecutionRole), {
    decision: 'ImplicitDeny',
    reason: `No statement of 1 policy allows sqs:SendMessage on ${QUEUE}`,
  }));

test('reason names the Deny statement by Sid and policy', () =>
  assert.deepEqual(
    evaluate(request({}), [
      { name: 'default', document: { Statement: [{ Sid: 'AllowAll', Effect: 'Allow', Action: '*', Resource: '*' }] } },
      { name: 'guard', document: { Statement: [{ Sid: 'DenyAll', Effect: 'Deny', Action: '*', Resource: '*' }] } },
    ]),
    {
      decision: 'ExplicitDeny',
      matchedStatement: { policyName: 'guard', sid: 'DenyAll', index: 0 },
      reason: "Denied by statement 'DenyAll' of policy 'guard'",
    },
  ));

test('reason names the first allowing statement, by index when it has no Sid', () =>
  assert.deepEqual(
    evaluate(request({}), policy(allow({ Action: 'sns:*', Resource: '*' }), allow({ Action: 'sqs:*', Resource: '*' }), allow({ Sid: 'Later', Action: '*', Resource: '*' }))),
    {
      decision: 'Allow',
      matchedStatement: { policyName: 'p', index: 1 },
      reason: "Allowed by statement at index 1 of policy 'p'",
    },
  ));

test('reason counts the policies when none allows', () =>
  assert.equal(
    evaluate(request({}), [...policy(allow({ Action: 'sns:*', Resource: '*' })), { name: 'q', document: { Statement: [] } }]).reason,
    `No statement of 2 policies allows sqs:SendMessage on ${QUEUE}`,
  ));
