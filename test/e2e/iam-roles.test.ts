/**
 * IAM roles end to end: roles with their trust policies and inline policies, with the SDK v3, the AWS CLI and
 * boto3, AWS's shapes and errors, and persistence across a restart (with managed policies attached).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  type IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { awsCli, awsCliJson, boto3, iamClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { uniqueName } from './support/fixtures.js';
import { expectError } from './support/sdk-errors.js';

const ACCOUNT = '000000000000';
const BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
/** Whitespace and characters that need percent-encoding, kept as sent. */
const TRUST = `{
  "Version": "2012-10-17",
  "Statement": [ { "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" } ]
}`;
const SEND_TO_QUEUE = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Send', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:orders` }],
});
const READ_BUCKETS = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' }] });

let eventide: EventideProcess;
let iam: IAMClient;

before(async () => {
  eventide = await startEventide();
  iam = iamClient(eventide.url);
});

after(async () => {
  iam?.destroy();
  if (eventide !== undefined) await stopAndClean(eventide);
});

const createRole = (name: string, extra: { Path?: string; Description?: string } = {}) =>
  iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST, ...extra }));

const cliJson = (args: string[]): Promise<Record<string, unknown>> => awsCliJson(eventide.url, args);

// ---------------------------------------------------------------------------------------------------------------

describe('roles', () => {
  test('CreateRole and GetRole answer as AWS does; the trust policy comes back percent-encoded, exactly as sent', async () => {
    const name = uniqueName('role');
    const startedAt = Date.now();
    const { Role: created } = await iam.send(
      new CreateRoleCommand({
        RoleName: name,
        Path: '/service-role/',
        AssumeRolePolicyDocument: TRUST,
        Description: 'runs the order processor',
        MaxSessionDuration: 7200,
        Tags: [{ Key: 'team', Value: 'orders' }],
      }),
    );
    assert.ok(created?.CreateDate instanceof Date);
    assert.ok(Math.abs(created.CreateDate.getTime() - startedAt) < 60_000, 'CreateDate is about now');
    assert.match(created.RoleId ?? '', /^AROA[A-Z2-7]{17}$/);
    assert.equal(created.AssumeRolePolicyDocument, encodeURIComponent(TRUST));
    assert.deepEqual(
      { ...created, CreateDate: undefined, RoleId: undefined, AssumeRolePolicyDocument: undefined },
      {
        Path: '/service-role/',
        RoleName: name,
        Arn: `arn:aws:iam::${ACCOUNT}:role/service-role/${name}`,
        Description: 'runs the order processor',
        Tags: [{ Key: 'team', Value: 'orders' }],
        CreateDate: undefined,
        RoleId: undefined,
        AssumeRolePolicyDocument: undefined,
      },
    );

    const { Role: read } = await iam.send(new GetRoleCommand({ RoleName: name.toUpperCase() }));
    assert.equal(read?.RoleName, name, 'role names are found in any case');
    assert.equal(read?.RoleId, created.RoleId);
    assert.equal(read?.MaxSessionDuration, 7200);
    assert.deepEqual(read?.RoleLastUsed, {});
    assert.equal(decodeURIComponent(read?.AssumeRolePolicyDocument ?? ''), TRUST);
  });

  test('the AWS CLI shows the trust policy as a JSON object', async () => {
    const name = uniqueName('cli-role');
    await createRole(name);
    const output = (await cliJson(['iam', 'get-role', '--role-name', name])) as { Role: { AssumeRolePolicyDocument: unknown; MaxSessionDuration: number } };
    assert.deepEqual(output.Role.AssumeRolePolicyDocument, JSON.parse(TRUST));
    assert.equal(output.Role.MaxSessionDuration, 3600);
  });

  test('ListRoles filters by path prefix and pages with Marker and IsTruncated', async () => {
    const prefix = `/${uniqueName('team')}/`;
    const names = ['a', 'b', 'c'].map((letter) => `${letter}-${uniqueName('listed')}`);
    for (const name of names) await createRole(name, { Path: prefix });
    await createRole(uniqueName('elsewhere'));

    const first = await iam.send(new ListRolesCommand({ PathPrefix: prefix, MaxItems: 2 }));
    assert.equal(first.IsTruncated, true);
    assert.ok(first.Marker !== undefined);
    const second = await iam.send(new ListRolesCommand({ PathPrefix: prefix, MaxItems: 2, Marker: first.Marker }));
    assert.equal(second.IsTruncated, false);
    assert.equal(second.Marker, undefined);
    const listed = [...(first.Roles ?? []), ...(second.Roles ?? [])];
    assert.deepEqual(listed.map((role) => role.RoleName), names);
    assert.ok(listed.every((role) => role.MaxSessionDuration === 3600 && role.Tags === undefined && role.RoleLastUsed === undefined));
  });

  test('UpdateAssumeRolePolicy replaces the trust policy; invalid JSON is refused and changes nothing', async () => {
    const name = uniqueName('retrust');
    await createRole(name);
    const ec2Trust = TRUST.replace('lambda.amazonaws.com', 'ec2.amazonaws.com');
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: ec2Trust }));
    await expectError(
      iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: '{not json' })),
      'MalformedPolicyDocumentException',
      400,
      'This policy contains invalid Json',
    );
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: name }));
    assert.equal(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? ''), ec2Trust);
  });

  test('names, paths, durations and duplicates are refused with AWS codes and messages', async () => {
    const name = uniqueName('dup');
    await createRole(name);
    await expectError(createRole(name.toUpperCase()), 'EntityAlreadyExistsException', 409, `Role with name ${name.toUpperCase()} already exists.`);
    await expectError(
      createRole('bad/name'),
      'ValidationError',
      400,
      'The specified value for roleName is invalid. It must contain only alphanumeric characters and/or the following: +=,.@_-',
    );
    const long = 'r'.repeat(65);
    await expectError(
      createRole(long),
      'ValidationError',
      400,
      `1 validation error detected: Value '${long}' at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    );
    await expectError(
      createRole(uniqueName('path'), { Path: 'no-slashes' }),
      'ValidationError',
      400,
      'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.',
    );
    await expectError(
      iam.send(new CreateRoleCommand({ RoleName: uniqueName('short'), AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 60 })),
      'ValidationError',
      400,
      "1 validation error detected: Value '60' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600",
    );
    await expectError(iam.send(new GetRoleCommand({ RoleName: 'no-such-role' })), 'NoSuchEntityException', 404, 'The role with name no-such-role cannot be found.');
    await expectError(iam.send(new DeleteRoleCommand({ RoleName: 'no-such-role' })), 'NoSuchEntityException', 404, 'The role with name no-such-role cannot be found.');
  });

  test('a malformed trust policy is refused and no role is created', async () => {
    const cases: [string, string][] = [
      [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] }), 'Missing required field Principal'],
      [TRUST.replace('"Action"', '"Resource": "*", "Action"'), 'Has prohibited field Resource'],
      [TRUST.replace('sts:AssumeRole', 's3:GetObject'), 'AssumeRole policy may only specify STS AssumeRole actions.'],
      [TRUST.replace('"Allow"', '"Perhaps"'), 'Syntax errors in policy.'],
      ['{"Statement": ', 'This policy contains invalid Json'],
    ];
    for (const [document, message] of cases) {
      const name = uniqueName('malformed');
      await expectError(
        iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: document })),
        'MalformedPolicyDocumentException',
        400,
        message,
      );
      await expectError(iam.send(new GetRoleCommand({ RoleName: name })), 'NoSuchEntityException', 404, `The role with name ${name} cannot be found.`);
    }
  });
});

describe('inline role policies', () => {
  test('PutRolePolicy, GetRolePolicy, ListRolePolicies and DeleteRolePolicy round-trip the document', async () => {
    const role = uniqueName('inline');
    await createRole(role);
    await iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: 'send', PolicyDocument: SEND_TO_QUEUE }));
    await iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: 'read', PolicyDocument: READ_BUCKETS }));

    const read = await iam.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: 'send' }));
    assert.equal(read.RoleName, role);
    assert.equal(read.PolicyName, 'send');
    assert.equal(decodeURIComponent(read.PolicyDocument ?? ''), SEND_TO_QUEUE);
    const listed = await iam.send(new ListRolePoliciesCommand({ RoleName: role }));
    assert.deepEqual(listed.PolicyNames, ['read', 'send']);
    assert.equal(listed.IsTruncated, false);

    await expectError(iam.send(new DeleteRoleCommand({ RoleName: role })), 'DeleteConflictException', 409, 'Cannot delete entity, must delete policies first.');
    await iam.send(new DeleteRolePolicyCommand({ RoleName: role, PolicyName: 'send' }));
    await iam.send(new DeleteRolePolicyCommand({ RoleName: role, PolicyName: 'read' }));
    await expectError(
      iam.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: 'send' })),
      'NoSuchEntityException',
      404,
      'The role policy with name send cannot be found.',
    );
    await iam.send(new DeleteRoleCommand({ RoleName: role }));
    await expectError(iam.send(new GetRoleCommand({ RoleName: role })), 'NoSuchEntityException', 404, `The role with name ${role} cannot be found.`);
  });

  test('the CLI and boto3 read an inline policy as a JSON object', async () => {
    const role = uniqueName('inline-cli');
    await createRole(role);
    const put = await awsCli(eventide.url, ['iam', 'put-role-policy', '--role-name', role, '--policy-name', 'send', '--policy-document', SEND_TO_QUEUE]);
    assert.equal(put.code, 0, put.stderr);
    const output = (await cliJson(['iam', 'get-role-policy', '--role-name', role, '--policy-name', 'send'])) as { PolicyDocument: unknown };
    assert.deepEqual(output.PolicyDocument, JSON.parse(SEND_TO_QUEUE));
    const python = await boto3(
      eventide.url,
      `import boto3, json
iam = boto3.client('iam', endpoint_url=__import__('os').environ['ENDPOINT'])
print(json.dumps(iam.get_role_policy(RoleName='${role}', PolicyName='send')['PolicyDocument']))`,
    );
    assert.equal(python.code, 0, python.stderr);
    assert.deepEqual(JSON.parse(python.stdout), JSON.parse(SEND_TO_QUEUE));
  });

  test('malformed inline policies are refused with AWS messages and nothing is stored', async () => {
    const role = uniqueName('inline-bad');
    await createRole(role);
    const cases: [string, string][] = [
      ['not json', 'Syntax errors in policy.'],
      [JSON.stringify({ Version: '2012-10-17' }), 'Syntax errors in policy.'],
      [JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Maybe', Action: 's3:*', Resource: '*' } }), 'Syntax errors in policy.'],
      [JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' }, Extra: 1 }), 'Syntax errors in policy.'],
      [JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:*' } }), 'Policy statement must contain resources.'],
      [JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { NoSuchOperator: { a: 'b' } } } }), 'Syntax errors in policy.'],
      [JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' } }), 'Policy document should not specify a principal.'],
    ];
    for (const [document, message] of cases) {
      await expectError(
        iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: 'p', PolicyDocument: document })),
        'MalformedPolicyDocumentException',
        400,
        message,
      );
    }
    assert.deepEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: role }))).PolicyNames, []);
    await expectError(
      iam.send(new PutRolePolicyCommand({ RoleName: 'no-such-role', PolicyName: 'p', PolicyDocument: READ_BUCKETS })),
      'NoSuchEntityException',
      404,
      'The role with name no-such-role cannot be found.',
    );
  });
});

describe('persistence', () => {
  test('roles, inline policies, customer policies and attachments survive a restart', async () => {
    const own = await startEventide();
    try {
      const client = iamClient(own.url);
      await client.send(new CreateRoleCommand({ RoleName: 'kept', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'k', Value: 'v' }] }));
      await client.send(new PutRolePolicyCommand({ RoleName: 'kept', PolicyName: 'send', PolicyDocument: SEND_TO_QUEUE }));
      const arn = (await client.send(new CreatePolicyCommand({ PolicyName: 'kept-policy', PolicyDocument: READ_BUCKETS }))).Policy?.Arn;
      await client.send(new AttachRolePolicyCommand({ RoleName: 'kept', PolicyArn: arn }));
      await client.send(new AttachRolePolicyCommand({ RoleName: 'kept', PolicyArn: BASIC }));
      const before = (await client.send(new GetRoleCommand({ RoleName: 'kept' }))).Role;
      client.destroy();
      await own.stop();

      const restarted = await startEventide({ dataDir: own.dataDir });
      const again = iamClient(restarted.url);
      try {
        assert.deepEqual((await again.send(new GetRoleCommand({ RoleName: 'kept' }))).Role, before);
        const policy = await again.send(new GetRolePolicyCommand({ RoleName: 'kept', PolicyName: 'send' }));
        assert.equal(decodeURIComponent(policy.PolicyDocument ?? ''), SEND_TO_QUEUE);
        const attached = await again.send(new ListAttachedRolePoliciesCommand({ RoleName: 'kept' }));
        assert.deepEqual((attached.AttachedPolicies ?? []).map((p) => p.PolicyArn), [arn, BASIC]);
        const version = await again.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
        assert.equal(decodeURIComponent(version.PolicyVersion?.Document ?? ''), READ_BUCKETS);
      } finally {
        again.destroy();
        await stopAndClean(restarted);
      }
    } finally {
      await own.stop();
    }
  });
});
