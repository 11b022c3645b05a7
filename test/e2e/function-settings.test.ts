/**
 * The function settings that have no local effect in Eventide (VpcConfig, KMSKeyArn, SnapStart, EphemeralStorage,
 * Architectures, Code.SourceKMSKeyArn) are stored and returned as Lambda returns them; the ones whose feature is
 * not built yet (Layers, Publish) are refused and change nothing. Driven with Debian's AWS CLI v2 and boto3.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { awsCli, awsCliJson, boto3, type CliResult } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { ECHO_HANDLER, ROLE, uniqueName, zipOf } from './support/fixtures.js';

const KEY = 'arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const LAYER = 'arn:aws:lambda:us-east-1:000000000000:layer:shared-libs:1';
const LAYERS_REFUSED = 'Layers are not supported by Eventide yet. Package the libraries with the function code, or pass an empty Layers list.';
const PUBLISH_REFUSED = "Publishing versions is not supported by Eventide yet: a function has only $LATEST. Leave out Publish (the AWS CLI's --publish).";
const VPC_ID = /^vpc-[0-9a-f]{17}$/;

let eventide: EventideProcess;
let workDir: string;
let zipPath: string;
let otherZipPath: string;

before(async () => {
  [eventide, workDir] = await Promise.all([startEventide(), mkdtemp(path.join(tmpdir(), 'eventide-settings-'))]);
  zipPath = path.join(workDir, 'echo.zip');
  otherZipPath = path.join(workDir, 'other.zip');
  await writeFile(zipPath, await zipOf({ 'index.js': ECHO_HANDLER }));
  await writeFile(otherZipPath, await zipOf({ 'index.js': 'exports.handler = async () => "other";\n' }));
});

after(async () => {
  if (eventide !== undefined) await stopAndClean(eventide);
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

const cli = (args: string[]): Promise<CliResult> => awsCli(eventide.url, ['lambda', ...args]);

const cliJson = (args: string[]): Promise<Record<string, unknown>> => awsCliJson(eventide.url, ['lambda', ...args]);

const createArgs = (name: string): string[] => [
  'create-function', '--function-name', name, '--runtime', 'nodejs20.x', '--handler', 'index.handler', '--role', ROLE,
  '--zip-file', `fileb://${zipPath}`,
];

const configurationOf = (name: string) => cliJson(['get-function-configuration', '--function-name', name]);

/** The CLI failed with Lambda's InvalidParameterValueException and the message, printed on stderr. */
function assertRefused(result: CliResult, message: string): void {
  assert.notEqual(result.code, 0, result.stdout);
  assert.match(result.stderr, /An error occurred \(InvalidParameterValueException\) when calling the \w+ operation( \(reached max retries: 0\))?: /);
  assert.ok(result.stderr.includes(message), result.stderr);
}

describe('settings with no local effect are stored and returned (AWS CLI v2)', () => {
  test('create-function with --vpc-config, --kms-key-arn, --snap-start, --ephemeral-storage and --architectures returns them, and so does get-function-configuration', async () => {
    const name = uniqueName('set-create');
    const created = await cliJson([
      ...createArgs(name),
      '--vpc-config', 'SubnetIds=subnet-0a1b2c3d,subnet-4e5f6a7b,SecurityGroupIds=sg-0123abcd',
      '--kms-key-arn', KEY,
      '--snap-start', 'ApplyOn=None',
      '--ephemeral-storage', 'Size=2048',
      '--architectures', 'arm64',
      '--environment', 'Variables={STAGE=test}',
    ]);
    const configuration = await configurationOf(name);
    for (const shown of [created, configuration]) {
      const vpc = shown.VpcConfig as Record<string, unknown>;
      assert.deepEqual(vpc.SubnetIds, ['subnet-0a1b2c3d', 'subnet-4e5f6a7b']);
      assert.deepEqual(vpc.SecurityGroupIds, ['sg-0123abcd']);
      assert.match(String(vpc.VpcId), VPC_ID);
      assert.equal(shown.KMSKeyArn, KEY);
      assert.deepEqual(shown.SnapStart, { ApplyOn: 'None', OptimizationStatus: 'Off' });
      assert.deepEqual(shown.EphemeralStorage, { Size: 2048 });
      assert.deepEqual(shown.Architectures, ['arm64']);
      assert.equal(shown.Version, '$LATEST');
    }
  });

  test('update-function-configuration sets VpcConfig, KMSKeyArn and EphemeralStorage and keeps every other setting', async () => {
    const name = uniqueName('set-update');
    await cliJson([...createArgs(name), '--architectures', 'arm64', '--timeout', '7', '--environment', 'Variables={STAGE=test}']);
    await cliJson(['update-function-configuration', '--function-name', name, '--vpc-config', 'SubnetIds=subnet-11112222,SecurityGroupIds=sg-33334444']);
    await cliJson(['update-function-configuration', '--function-name', name, '--kms-key-arn', KEY, '--ephemeral-storage', 'Size=10240']);
    const configuration = await configurationOf(name);
    const vpc = configuration.VpcConfig as Record<string, unknown>;
    assert.deepEqual(vpc.SubnetIds, ['subnet-11112222']);
    assert.deepEqual(vpc.SecurityGroupIds, ['sg-33334444']);
    assert.equal(configuration.KMSKeyArn, KEY);
    assert.deepEqual(configuration.EphemeralStorage, { Size: 10240 });
    assert.deepEqual(configuration.Architectures, ['arm64']);
    assert.equal(configuration.Timeout, 7);
    assert.deepEqual(configuration.Environment, { Variables: { STAGE: 'test' } });

    // Empty lists take the function out of its VPC; an empty KMSKeyArn goes back to AWS's own key.
    const detached = await cliJson(['update-function-configuration', '--function-name', name, '--vpc-config', 'SubnetIds=[],SecurityGroupIds=[]', '--kms-key-arn', '']);
    // (The Debian CLI's model predates Ipv6AllowedForDualStack, so it does not print it; boto3 below sees it.)
    assert.deepEqual(detached.VpcConfig, { SubnetIds: [], SecurityGroupIds: [], VpcId: '' });
    assert.equal(detached.KMSKeyArn, undefined);
  });

  test('update-function-code --architectures changes the architecture with the code', async () => {
    const name = uniqueName('set-arch');
    await cliJson(createArgs(name));
    const updated = await cliJson(['update-function-code', '--function-name', name, '--zip-file', `fileb://${otherZipPath}`, '--architectures', 'arm64']);
    assert.deepEqual(updated.Architectures, ['arm64']);
    assert.deepEqual((await configurationOf(name)).Architectures, ['arm64']);
  });

  test('Lambda\'s own validation: two architectures, 20 GB of /tmp, subnets without security groups, SnapStart on a Node.js function', async () => {
    const name = uniqueName('set-invalid');
    const twoArchitectures = await cli([...createArgs(name), '--architectures', 'x86_64', 'arm64']);
    assert.match(twoArchitectures.stderr, /ValidationException.*Value '\[x86_64, arm64\]' at 'architectures' failed to satisfy constraint: Member must have length less than or equal to 1/);
    const tooMuchTmp = await cli([...createArgs(name), '--ephemeral-storage', 'Size=20480']);
    assert.match(tooMuchTmp.stderr, /ValidationException.*Value '20480' at 'ephemeralStorage.size' failed to satisfy constraint: Member must have value less than or equal to 10240/);
    const noGroups = await cli([...createArgs(name), '--vpc-config', 'SubnetIds=subnet-0a1b2c3d']);
    assertRefused(noGroups, 'SubnetIds and SecurityIds must coexist or be both empty list.');
    const snapStart = await cli([...createArgs(name), '--snap-start', 'ApplyOn=PublishedVersions']);
    assertRefused(snapStart, 'nodejs20.x is not supported for SnapStart enabled functions.');
    const missing = await cli(['get-function', '--function-name', name]);
    assert.match(missing.stderr, /ResourceNotFoundException/);
  });
});

describe('settings whose feature is not built yet are refused (AWS CLI v2)', () => {
  test('create-function --layers is refused with InvalidParameterValueException and creates nothing', async () => {
    const name = uniqueName('set-layers');
    assertRefused(await cli([...createArgs(name), '--layers', LAYER]), LAYERS_REFUSED);
    assert.match((await cli(['get-function', '--function-name', name])).stderr, /ResourceNotFoundException/);
  });

  test('update-function-configuration --layers is refused and the function is unchanged', async () => {
    const name = uniqueName('set-layers-update');
    const before = await cliJson(createArgs(name));
    assertRefused(await cli(['update-function-configuration', '--function-name', name, '--layers', LAYER, '--timeout', '9']), LAYERS_REFUSED);
    const configuration = await configurationOf(name);
    assert.equal(configuration.RevisionId, before.RevisionId);
    assert.equal(configuration.Timeout, 3);
    assert.equal(configuration.Layers, undefined);
  });

  test('create-function --publish is refused and creates nothing; update-function-code --publish is refused and keeps the code', async () => {
    const name = uniqueName('set-publish');
    assertRefused(await cli([...createArgs(name), '--publish']), PUBLISH_REFUSED);
    assert.match((await cli(['get-function', '--function-name', name])).stderr, /ResourceNotFoundException/);

    const created = await cliJson(createArgs(name));
    assertRefused(await cli(['update-function-code', '--function-name', name, '--zip-file', `fileb://${otherZipPath}`, '--publish']), PUBLISH_REFUSED);
    const configuration = await configurationOf(name);
    assert.equal(configuration.CodeSha256, created.CodeSha256);
    assert.equal(configuration.RevisionId, created.RevisionId);
  });
});

describe('tags (AWS CLI v2)', () => {
  const arnOf = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

  test('create-function --tags, then tag-resource and untag-resource; list-tags and get-function show them, and the configuration is kept', async () => {
    const name = uniqueName('set-tags');
    const created = await cliJson([...createArgs(name), '--tags', 'team=payments,stage=dev', '--timeout', '12']);
    assert.deepEqual((await cliJson(['list-tags', '--resource', arnOf(name)])).Tags, { team: 'payments', stage: 'dev' });

    const tag = await cli(['tag-resource', '--resource', arnOf(name), '--tags', 'stage=prod,owner=ana']);
    assert.equal(tag.code, 0, tag.stderr);
    const untag = await cli(['untag-resource', '--resource', arnOf(name), '--tag-keys', 'team', 'not-there']);
    assert.equal(untag.code, 0, untag.stderr);

    const fn = await cliJson(['get-function', '--function-name', name]);
    assert.deepEqual(fn.Tags, { stage: 'prod', owner: 'ana' });
    const configuration = fn.Configuration as Record<string, unknown>;
    assert.equal(configuration.Timeout, 12);
    assert.equal(configuration.CodeSha256, created.CodeSha256);
    assert.notEqual(configuration.RevisionId, created.RevisionId, 'tagging gives a new RevisionId, as on AWS');
    assert.equal(configuration.LastModified, created.LastModified);

    await cli(['untag-resource', '--resource', arnOf(name), '--tag-keys', 'stage', 'owner']);
    assert.deepEqual((await cliJson(['list-tags', '--resource', arnOf(name)])).Tags, {});
  });

  test("tagging a version's ARN or a missing function is refused, as AWS refuses it", async () => {
    const name = uniqueName('set-tags-bad');
    await cliJson(createArgs(name));
    assertRefused(await cli(['tag-resource', '--resource', `${arnOf(name)}:1`, '--tags', 'a=b']), 'Tags on function aliases and versions are not supported. Please specify a function ARN.');
    const missing = await cli(['list-tags', '--resource', arnOf(`${name}-missing`)]);
    assert.match(missing.stderr, new RegExp(`ResourceNotFoundException.*Function not found: ${arnOf(`${name}-missing`)}`));
    const notArn = await cli(['list-tags', '--resource', 'arn:aws:something']);
    assert.match(notArn.stderr, /ValidationException.*Value 'arn:aws:something' at 'resource' failed to satisfy constraint/);
  });
});

describe('boto3', () => {
  test('the stored settings and tags come back from get_function, list_functions and after a restart; Layers and Publish are refused', async () => {
    const name = uniqueName('set-boto3');
    const script = (phase: 'create' | 'read') => `
import boto3, json, os, io, zipfile
from botocore.exceptions import ClientError
client = boto3.client('lambda', endpoint_url=os.environ['ENDPOINT'])
out = {}
if '${phase}' == 'create':
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w') as archive:
        archive.writestr('index.js', ${JSON.stringify(ECHO_HANDLER)})
    base = dict(FunctionName='${name}', Runtime='nodejs22.x', Handler='index.handler', Role='${ROLE}', Code={'ZipFile': buffer.getvalue(), 'SourceKMSKeyArn': '${KEY}'})
    for member, value in [('Layers', ['${LAYER}']), ('Publish', True)]:
        try:
            client.create_function(**base, **{member: value})
            out[member] = 'accepted'
        except ClientError as error:
            out[member] = [error.response['Error']['Code'], error.response['Error']['Message'], error.response['ResponseMetadata']['HTTPStatusCode']]
    client.create_function(**base, VpcConfig={'SubnetIds': ['subnet-0a1b2c3d'], 'SecurityGroupIds': ['sg-0123abcd']}, KMSKeyArn='${KEY}',
        SnapStart={'ApplyOn': 'None'}, EphemeralStorage={'Size': 4096}, Architectures=['arm64'], TracingConfig={'Mode': 'Active'})
    client.update_function_configuration(FunctionName='${name}', MemorySize=256)
    client.tag_resource(Resource=client.get_function(FunctionName='${name}')['Configuration']['FunctionArn'], Tags={'team': 'payments'})
function = client.get_function(FunctionName='${name}')
out['configuration'] = function['Configuration']
out['code'] = {k: v for k, v in function['Code'].items() if k != 'Location'}
out['tags'] = function.get('Tags')
out['listed'] = [f for f in client.list_functions()['Functions'] if f['FunctionName'] == '${name}']
print(json.dumps(out))
`;
    const expectStored = (output: { configuration: Record<string, unknown>; code: Record<string, unknown>; tags: unknown; listed: Record<string, unknown>[] }) => {
      assert.deepEqual(output.tags, { team: 'payments' });
      for (const shown of [output.configuration, output.listed[0] ?? {}]) {
        assert.deepEqual(shown.VpcConfig, { SubnetIds: ['subnet-0a1b2c3d'], SecurityGroupIds: ['sg-0123abcd'], VpcId: (shown.VpcConfig as { VpcId: string }).VpcId, Ipv6AllowedForDualStack: false });
        assert.match((shown.VpcConfig as { VpcId: string }).VpcId, VPC_ID);
        assert.equal(shown.KMSKeyArn, KEY);
        assert.deepEqual(shown.SnapStart, { ApplyOn: 'None', OptimizationStatus: 'Off' });
        assert.deepEqual(shown.EphemeralStorage, { Size: 4096 });
        assert.deepEqual(shown.Architectures, ['arm64']);
        assert.deepEqual(shown.TracingConfig, { Mode: 'Active' });
        assert.equal(shown.MemorySize, 256);
      }
      assert.deepEqual(output.code, { RepositoryType: 'S3', SourceKMSKeyArn: KEY });
    };

    const created = await boto3(eventide.url, script('create'));
    assert.equal(created.code, 0, created.stderr);
    const first = JSON.parse(created.stdout) as Parameters<typeof expectStored>[0] & Record<string, unknown>;
    assert.deepEqual(first.Layers, ['InvalidParameterValueException', LAYERS_REFUSED, 400]);
    assert.deepEqual(first.Publish, ['InvalidParameterValueException', PUBLISH_REFUSED, 400]);
    expectStored(first);

    await eventide.stop();
    eventide = await startEventide({ dataDir: eventide.dataDir });
    const reread = await boto3(eventide.url, script('read'));
    assert.equal(reread.code, 0, reread.stderr);
    const second = JSON.parse(reread.stdout) as Parameters<typeof expectStored>[0];
    expectStored(second);
    assert.deepEqual(second.configuration.VpcConfig, first.configuration.VpcConfig, 'the same VpcId after a restart');
  });
});
