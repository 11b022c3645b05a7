/**
 * STS end to end: GetCallerIdentity and AssumeRole with the SDK v3, the AWS CLI and boto3, with AWS's shapes and
 * errors.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateRoleCommand, type IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { awsCli, boto3, iamClient, stsClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { uniqueName } from './support/fixtures.js';
import { expectError } from './support/sdk-errors.js';

const ACCOUNT = '000000000000';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }],
});

let eventide: EventideProcess;
let iam: IAMClient;
let sts: STSClient;

before(async () => {
  eventide = await startEventide();
  iam = iamClient(eventide.url);
  sts = stsClient(eventide.url);
});

after(async () => {
  iam?.destroy();
  sts?.destroy();
  if (eventide !== undefined) await stopAndClean(eventide);
});

async function createRole(path = '/', maxSessionDuration?: number): Promise<{ name: string; arn: string; roleId: string }> {
  const name = uniqueName('assumable');
  const { Role } = await iam.send(new CreateRoleCommand({ RoleName: name, Path: path, AssumeRolePolicyDocument: TRUST, MaxSessionDuration: maxSessionDuration }));
  return { name, arn: Role?.Arn ?? '', roleId: Role?.RoleId ?? '' };
}

// ---------------------------------------------------------------------------------------------------------------

describe('GetCallerIdentity', () => {
  test('the caller is the account root, for the SDK, the AWS CLI and boto3', async () => {
    const { $metadata, ...identity } = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal($metadata.httpStatusCode, 200);
    assert.deepEqual(identity, { UserId: ACCOUNT, Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:root` });

    const cli = await awsCli(eventide.url, ['sts', 'get-caller-identity']);
    assert.equal(cli.code, 0, cli.stderr);
    assert.deepEqual(JSON.parse(cli.stdout), identity);

    const python = await boto3(
      eventide.url,
      `import boto3, json, os
identity = boto3.client('sts', endpoint_url=os.environ['ENDPOINT']).get_caller_identity()
print(json.dumps({k: identity[k] for k in ('UserId', 'Account', 'Arn')}))`,
    );
    assert.equal(python.code, 0, python.stderr);
    assert.deepEqual(JSON.parse(python.stdout), identity);
  });
});

describe('AssumeRole', () => {
  test('returns temporary credentials and the assumed-role user, as AWS shapes them', async () => {
    const role = await createRole('/service-role/');
    const before = Date.now();
    const { Credentials, AssumedRoleUser } = await sts.send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'deploy-1', DurationSeconds: 900 }));
    assert.match(Credentials?.AccessKeyId ?? '', /^ASIA[A-Z2-7]{16}$/);
    assert.equal(Credentials?.SecretAccessKey?.length, 40);
    assert.ok((Credentials?.SessionToken?.length ?? 0) > 100);
    const expiresIn = (Credentials?.Expiration?.getTime() ?? 0) - before;
    assert.ok(expiresIn > 840_000 && expiresIn <= 901_000, `Expiration is 900 s ahead (${expiresIn} ms)`);
    assert.deepEqual(AssumedRoleUser, {
      Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role.name}/deploy-1`,
      AssumedRoleId: `${role.roleId}:deploy-1`,
    });
  });

  test('the credentials it returns sign further requests', async () => {
    const role = await createRole();
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'chained' }));
    const assumed = new STSClient({
      endpoint: eventide.url,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { accessKeyId: Credentials?.AccessKeyId ?? '', secretAccessKey: Credentials?.SecretAccessKey ?? '', sessionToken: Credentials?.SessionToken },
    });
    try {
      assert.equal((await assumed.send(new GetCallerIdentityCommand({}))).Account, ACCOUNT);
    } finally {
      assumed.destroy();
    }
  });

  test('the AWS CLI assumes a role', async () => {
    const role = await createRole();
    const cli = await awsCli(eventide.url, ['sts', 'assume-role', '--role-arn', role.arn, '--role-session-name', 'cli-session']);
    assert.equal(cli.code, 0, cli.stderr);
    const output = JSON.parse(cli.stdout) as { AssumedRoleUser: { Arn: string }; Credentials: { AccessKeyId: string } };
    assert.equal(output.AssumedRoleUser.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/${role.name}/cli-session`);
    assert.match(output.Credentials.AccessKeyId, /^ASIA/);
  });

  test('a role that does not exist is denied, as AWS denies it', async () => {
    const arn = `arn:aws:iam::${ACCOUNT}:role/no-such-role`;
    await expectError(
      sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 's1' })),
      'AccessDenied',
      403,
      `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: sts:AssumeRole on resource: ${arn}`,
    );
    const role = await createRole('/team/');
    const withoutPath = `arn:aws:iam::${ACCOUNT}:role/${role.name}`;
    await expectError(
      sts.send(new AssumeRoleCommand({ RoleArn: withoutPath, RoleSessionName: 's1' })),
      'AccessDenied',
      403,
      `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: sts:AssumeRole on resource: ${withoutPath}`,
    );
  });

  test('session names, durations and ARNs are validated with AWS messages', async () => {
    const role = await createRole('/', 3600);
    await expectError(
      sts.send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'Session1:2' })),
      'ValidationError',
      400,
      "1 validation error detected: Value 'Session1:2' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    );
    await expectError(
      sts.send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 's1', DurationSeconds: 7200 })),
      'ValidationError',
      400,
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
    await expectError(
      sts.send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 's1', DurationSeconds: 60 })),
      'ValidationError',
      400,
      "1 validation error detected: Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    );
    await expectError(sts.send(new AssumeRoleCommand({ RoleArn: 'nothing-valid-in-here', RoleSessionName: 's1' })), 'ValidationError', 400, 'nothing-valid-in-here is invalid');
    await expectError(sts.send(new AssumeRoleCommand({ RoleArn: 'arn:a:::something/test-role', RoleSessionName: 's1' })), 'ValidationError', 400, 'arn:a:::something/test-role is invalid');
  });

  test('a role with a longer MaxSessionDuration allows longer sessions', async () => {
    const role = await createRole('/', 43_200);
    const before = Date.now();
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'long', DurationSeconds: 43_200 }));
    const expiresIn = (Credentials?.Expiration?.getTime() ?? 0) - before;
    assert.ok(expiresIn > 43_140_000 && expiresIn <= 43_201_000, `Expiration is 12 h ahead (${expiresIn} ms)`);
  });
});
