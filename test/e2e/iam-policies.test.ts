/**
 * IAM managed policies end to end: customer managed policies, AWS managed ones with their real documents, and
 * attaching them to roles, with the SDK v3 and the AWS CLI, AWS's shapes and errors.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  DeletePolicyCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  type IAMClient,
  ListAttachedRolePoliciesCommand,
  ListPoliciesCommand,
} from '@aws-sdk/client-iam';
import { awsCli, awsCliJson, iamClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { uniqueName } from './support/fixtures.js';
import { expectError } from './support/sdk-errors.js';

const ACCOUNT = '000000000000';
const BASIC = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const SQS_QUEUE_EXECUTION = 'arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole';
/** Whitespace and characters that need percent-encoding, kept as sent. */
const TRUST = `{
  "Version": "2012-10-17",
  "Statement": [ { "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" } ]
}`;
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

const createPolicy = (name: string, document = READ_BUCKETS, path?: string) =>
  iam.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: document, Path: path }));

const cliJson = (args: string[]): Promise<Record<string, unknown>> => awsCliJson(eventide.url, args);

// ---------------------------------------------------------------------------------------------------------------

describe('managed policies', () => {
  test('CreatePolicy makes version v1 the default; GetPolicy and GetPolicyVersion read it back', async () => {
    const name = uniqueName('readers');
    const { Policy: created } = await iam.send(
      new CreatePolicyCommand({ PolicyName: name, Path: '/team/', PolicyDocument: READ_BUCKETS, Description: 'read buckets', Tags: [{ Key: 'k', Value: 'v' }] }),
    );
    const arn = `arn:aws:iam::${ACCOUNT}:policy/team/${name}`;
    assert.match(created?.PolicyId ?? '', /^ANPA[A-Z2-7]{17}$/);
    assert.deepEqual(
      { ...created, PolicyId: undefined, CreateDate: undefined, UpdateDate: undefined },
      {
        PolicyName: name,
        Arn: arn,
        Path: '/team/',
        DefaultVersionId: 'v1',
        AttachmentCount: 0,
        PermissionsBoundaryUsageCount: 0,
        IsAttachable: true,
        Tags: [{ Key: 'k', Value: 'v' }],
        PolicyId: undefined,
        CreateDate: undefined,
        UpdateDate: undefined,
      },
    );
    const { Policy: read } = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    assert.equal(read?.Description, 'read buckets');
    assert.equal(read?.PolicyId, created?.PolicyId);
    const { PolicyVersion } = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    assert.equal(PolicyVersion?.IsDefaultVersion, true);
    assert.equal(decodeURIComponent(PolicyVersion?.Document ?? ''), READ_BUCKETS);

    await expectError(createPolicy(name), 'EntityAlreadyExistsException', 409, `A policy called ${name} already exists. Duplicate names are not allowed.`);
    await expectError(
      iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' })),
      'NoSuchEntityException',
      404,
      `Policy ${arn} version v2 does not exist or is not attachable.`,
    );
    await expectError(
      iam.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/none` })),
      'NoSuchEntityException',
      404,
      `Policy arn:aws:iam::${ACCOUNT}:policy/none was not found.`,
    );
  });

  test('a malformed managed policy is refused and not stored', async () => {
    const name = uniqueName('bad-policy');
    const cases: [string, string][] = [
      ['This is not a json document', 'Syntax errors in policy.'],
      [JSON.stringify({ Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } }), 'Policy document must be version 2012-10-17 or greater.'],
      [JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'invalid', Resource: '*' } }), 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
    ];
    for (const [document, message] of cases) await expectError(createPolicy(name, document), 'MalformedPolicyDocumentException', 400, message);
    const local = await iam.send(new ListPoliciesCommand({ Scope: 'Local', MaxItems: 1000 }));
    assert.ok(!(local.Policies ?? []).some((policy) => policy.PolicyName === name));
  });

  test('AWS managed policies are listed with Scope=AWS and read with their real documents', async () => {
    const listed = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 1000 }));
    const names = (listed.Policies ?? []).map((policy) => policy.PolicyName);
    for (const expected of ['AWSLambdaBasicExecutionRole', 'AWSLambdaSQSQueueExecutionRole', 'AWSLambdaRole', 'AWSLambdaExecute', 'AmazonSQSFullAccess', 'AmazonSNSFullAccess', 'AmazonS3FullAccess', 'AmazonS3ReadOnlyAccess', 'AmazonEventBridgeFullAccess', 'CloudWatchLogsFullAccess', 'AdministratorAccess']) {
      assert.ok(names.includes(expected), `${expected} is listed`);
    }
    const serviceRoles = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', PathPrefix: '/service-role/' }));
    assert.ok((serviceRoles.Policies ?? []).every((policy) => policy.Path === '/service-role/' && policy.Arn?.startsWith('arn:aws:iam::aws:policy/service-role/')));

    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: BASIC }));
    assert.deepEqual(
      { name: Policy?.PolicyName, id: Policy?.PolicyId, path: Policy?.Path, version: Policy?.DefaultVersionId, created: Policy?.CreateDate?.toISOString() },
      { name: 'AWSLambdaBasicExecutionRole', id: 'ANPAJNCQGXC42545SKXIK', path: '/service-role/', version: 'v1', created: '2015-04-09T15:03:43.000Z' },
    );
    const version = (await cliJson(['iam', 'get-policy-version', '--policy-arn', BASIC, '--version-id', 'v1'])) as { PolicyVersion: { Document: unknown } };
    assert.deepEqual(version.PolicyVersion.Document, {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }],
    });
  });

  test('ListPolicies pages through AWS and customer policies alike', async () => {
    const all: string[] = [];
    let marker: string | undefined;
    do {
      const page = await iam.send(new ListPoliciesCommand({ MaxItems: 7, Marker: marker }));
      assert.ok((page.Policies ?? []).length <= 7);
      all.push(...(page.Policies ?? []).map((policy) => policy.Arn ?? ''));
      marker = page.IsTruncated === true ? page.Marker : undefined;
    } while (marker !== undefined);
    const everything = await iam.send(new ListPoliciesCommand({ MaxItems: 1000 }));
    assert.deepEqual(all, (everything.Policies ?? []).map((policy) => policy.Arn));
    assert.ok(all.includes(BASIC));
    assert.equal(new Set(all).size, all.length, 'no policy is listed twice');
  });

  test('attach, list, detach: AWS and customer policies; deleting an attached policy or role conflicts', async () => {
    const role = uniqueName('attached');
    await createRole(role);
    const name = uniqueName('customer');
    const arn = (await createPolicy(name)).Policy?.Arn ?? '';
    await iam.send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: BASIC }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: arn }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: SQS_QUEUE_EXECUTION }));

    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role }));
    assert.deepEqual(attached.AttachedPolicies, [
      { PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: BASIC },
      { PolicyName: name, PolicyArn: arn },
      { PolicyName: 'AWSLambdaSQSQueueExecutionRole', PolicyArn: SQS_QUEUE_EXECUTION },
    ]);
    const underServiceRole = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role, PathPrefix: '/service-role/' }));
    assert.deepEqual((underServiceRole.AttachedPolicies ?? []).map((policy) => policy.PolicyArn), [BASIC, SQS_QUEUE_EXECUTION]);
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.AttachmentCount, 1);
    const onlyAttached = await iam.send(new ListPoliciesCommand({ Scope: 'Local', OnlyAttached: true, MaxItems: 1000 }));
    assert.ok((onlyAttached.Policies ?? []).some((policy) => policy.Arn === arn));

    await expectError(iam.send(new DeletePolicyCommand({ PolicyArn: arn })), 'DeleteConflictException', 409, 'Cannot delete a policy attached to entities.');
    await expectError(iam.send(new DeleteRoleCommand({ RoleName: role })), 'DeleteConflictException', 409, 'Cannot delete entity, must detach all policies first.');

    for (const policyArn of [BASIC, arn, SQS_QUEUE_EXECUTION]) await iam.send(new DetachRolePolicyCommand({ RoleName: role, PolicyArn: policyArn }));
    await expectError(iam.send(new DetachRolePolicyCommand({ RoleName: role, PolicyArn: BASIC })), 'NoSuchEntityException', 404, `Policy ${BASIC} was not found.`);
    assert.deepEqual((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role }))).AttachedPolicies, []);
    await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
    await iam.send(new DeleteRoleCommand({ RoleName: role }));
  });

  test('attaching a policy that does not exist, or naming no ARN, is refused', async () => {
    const role = uniqueName('attach-bad');
    await createRole(role);
    const missing = `arn:aws:iam::${ACCOUNT}:policy/nonexistent-policy`;
    await expectError(
      iam.send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: missing })),
      'NoSuchEntityException',
      404,
      `Policy ${missing} does not exist or is not attachable.`,
    );
    await expectError(iam.send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: 'longpolicynamebutnoarn' })), 'ValidationError', 400, 'ARN longpolicynamebutnoarn is not valid.');
    await expectError(iam.send(new AttachRolePolicyCommand({ RoleName: 'no-such-role', PolicyArn: BASIC })), 'NoSuchEntityException', 404, 'The role with name no-such-role cannot be found.');
    assert.deepEqual((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role }))).AttachedPolicies, []);
  });

  test('the AWS CLI attaches, lists and detaches a managed policy', async () => {
    const role = uniqueName('cli-attach');
    await createRole(role);
    const attach = await awsCli(eventide.url, ['iam', 'attach-role-policy', '--role-name', role, '--policy-arn', BASIC]);
    assert.equal(attach.code, 0, attach.stderr);
    const listed = (await cliJson(['iam', 'list-attached-role-policies', '--role-name', role])) as { AttachedPolicies: unknown };
    assert.deepEqual(listed.AttachedPolicies, [{ PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: BASIC }]);
    const detach = await awsCli(eventide.url, ['iam', 'detach-role-policy', '--role-name', role, '--policy-arn', BASIC]);
    assert.equal(detach.code, 0, detach.stderr);
    const again = await awsCli(eventide.url, ['iam', 'detach-role-policy', '--role-name', role, '--policy-arn', BASIC]);
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /\(NoSuchEntity\) when calling the DetachRolePolicy operation.*: Policy arn:aws:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole was not found\./);
  });
});

