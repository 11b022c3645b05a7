import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Iam } from '../../../../src/core/iam/iam.js';
import type { PolicyDecision } from '../../../../src/core/policy/evaluate.js';
import { Clock } from '../../../../src/lib/clock.js';
import { SqliteStore } from '../../../../src/store/sqlite/sqlite-store.js';

const ACCOUNT = '000000000000';
const QUEUE = `arn:aws:sqs:us-east-1:${ACCOUNT}:orders`;
const OTHER_QUEUE = `arn:aws:sqs:us-east-1:${ACCOUNT}:other`;
const BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const roleArn = (name: string, rolePath = '/') => `arn:aws:iam::${ACCOUNT}:role${rolePath}${name}`;

const trustPolicy = (principal: Record<string, string>) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });

const dir = mkdtempSync(path.join(tmpdir(), 'eventide-iam-'));
let store: SqliteStore;
let iam: Iam;

const createRole = (name: string, principal: Record<string, string> = { Service: 'lambda.amazonaws.com' }, rolePath = '/') =>
  iam.roles.create({ name, path: rolePath, assumeRolePolicyDocument: trustPolicy(principal), description: undefined, maxSessionDuration: 3600, tags: [] });

before(async () => {
  store = new SqliteStore(path.join(dir, 'iam.db'));
  iam = new Iam(store.iam, new Clock(), ACCOUNT);

  await createRole('basic', { Service: 'lambda.amazonaws.com' }, '/service-role/');
  await iam.attachments.attach('basic', BASIC);

  await createRole('queue-writer');
  await iam.attachments.attach('queue-writer', BASIC);
  await iam.inlinePolicies.put(
    'queue-writer',
    'send-to-orders',
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Orders', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: QUEUE }] }),
  );

  await createRole('guarded-admin');
  await iam.attachments.attach('guarded-admin', ADMIN);
  await iam.inlinePolicies.put(
    'guarded-admin',
    'no-queue-deletes',
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'sqs:DeleteQueue', Resource: '*' }] }),
  );

  const customer = await iam.managedPolicies.create({
    name: 'publish-only-with-tls',
    path: '/',
    document: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }],
    }),
    description: undefined,
    tags: [],
  });
  await createRole('publisher');
  await iam.attachments.attach('publisher', customer.arn);

  await createRole('ec2-only', { Service: 'ec2.amazonaws.com' });
});

after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

// [what, role ARN, action, resource, context, decision]
const rows: [string, string, string, string, Record<string, string>, PolicyDecision][] = [
  ['AWSLambdaBasicExecutionRole allows logs:CreateLogGroup on *', roleArn('basic', '/service-role/'), 'logs:CreateLogGroup', '*', {}, 'Allow'],
  ['AWSLambdaBasicExecutionRole allows logs:PutLogEvents', roleArn('basic', '/service-role/'), 'logs:PutLogEvents', `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/f:*`, {}, 'Allow'],
  ['AWSLambdaBasicExecutionRole does not allow sqs:SendMessage', roleArn('basic', '/service-role/'), 'sqs:SendMessage', QUEUE, {}, 'ImplicitDeny'],
  ['an inline policy allows sqs:SendMessage on its queue', roleArn('queue-writer'), 'sqs:SendMessage', QUEUE, {}, 'Allow'],
  ['… and not on another queue', roleArn('queue-writer'), 'sqs:SendMessage', OTHER_QUEUE, {}, 'ImplicitDeny'],
  ['… nor another action on its queue', roleArn('queue-writer'), 'sqs:DeleteQueue', QUEUE, {}, 'ImplicitDeny'],
  ['attached and inline policies add up', roleArn('queue-writer'), 'logs:CreateLogStream', '*', {}, 'Allow'],
  ['AdministratorAccess allows anything', roleArn('guarded-admin'), 'sns:Publish', 'arn:aws:sns:us-east-1:000000000000:t', {}, 'Allow'],
  ['an explicit Deny beats AdministratorAccess', roleArn('guarded-admin'), 'sqs:DeleteQueue', QUEUE, {}, 'ExplicitDeny'],
  ['a customer policy condition that holds', roleArn('publisher'), 'sns:Publish', 'arn:aws:sns:us-east-1:000000000000:t', { 'aws:SecureTransport': 'true' }, 'Allow'],
  ['a customer policy condition with its key missing', roleArn('publisher'), 'sns:Publish', 'arn:aws:sns:us-east-1:000000000000:t', {}, 'ImplicitDeny'],
  ['a role that does not exist', roleArn('nobody'), 'logs:CreateLogGroup', '*', {}, 'ImplicitDeny'],
  ['a role ARN with another path', roleArn('basic', '/'), 'logs:CreateLogGroup', '*', {}, 'ImplicitDeny'],
  ['a role of another account', 'arn:aws:iam::111111111111:role/service-role/basic', 'logs:CreateLogGroup', '*', {}, 'ImplicitDeny'],
];

for (const [what, arn, action, resource, context, decision] of rows) {
  test(`authorize: ${what}`, async () => {
    const evaluation = await iam.permissions.authorize(arn, action, resource, context);
    assert.equal(evaluation.decision, decision, evaluation.reason);
  });
}

test('authorize names the deciding statement, and a missing role in plain words', async () => {
  const allowed = await iam.permissions.authorize(roleArn('queue-writer'), 'sqs:SendMessage', QUEUE);
  assert.deepEqual(allowed.matchedStatement, { policyName: 'send-to-orders', sid: 'Orders', index: 0 });
  const missing = await iam.permissions.authorize(roleArn('nobody'), 'sqs:SendMessage', QUEUE);
  assert.equal(missing.reason, `The role ${roleArn('nobody')} does not exist`);
});

const trustRows: [string, string, string, 'no-such-role' | 'not-trusted' | 'trusted'][] = [
  ['a role trusting Lambda', roleArn('queue-writer'), 'lambda.amazonaws.com', 'trusted'],
  ['a role with a path trusting Lambda', roleArn('basic', '/service-role/'), 'lambda.amazonaws.com', 'trusted'],
  ['a role trusting only EC2', roleArn('ec2-only'), 'lambda.amazonaws.com', 'not-trusted'],
  ['the same role for EC2', roleArn('ec2-only'), 'ec2.amazonaws.com', 'trusted'],
  ['a missing role', roleArn('nobody'), 'lambda.amazonaws.com', 'no-such-role'],
  ['a malformed ARN', 'queue-writer', 'lambda.amazonaws.com', 'no-such-role'],
];

for (const [what, arn, principal, expected] of trustRows) {
  test(`roleTrust: ${what}`, async () => assert.equal(await iam.permissions.roleTrust(arn, principal), expected));
}

test('a trust policy update counts from the next check on', async () => {
  await createRole('switching', { Service: 'ec2.amazonaws.com' });
  assert.equal(await iam.permissions.roleTrust(roleArn('switching'), 'lambda.amazonaws.com'), 'not-trusted');
  await iam.roles.updateTrustPolicy('switching', trustPolicy({ Service: 'lambda.amazonaws.com' }));
  assert.equal(await iam.permissions.roleTrust(roleArn('switching'), 'lambda.amazonaws.com'), 'trusted');
});

test('a detached policy no longer allows', async () => {
  await createRole('detaching');
  await iam.attachments.attach('detaching', BASIC);
  assert.equal((await iam.permissions.authorize(roleArn('detaching'), 'logs:CreateLogGroup', '*')).decision, 'Allow');
  await iam.attachments.detach('detaching', BASIC);
  assert.equal((await iam.permissions.authorize(roleArn('detaching'), 'logs:CreateLogGroup', '*')).decision, 'ImplicitDeny');
});
