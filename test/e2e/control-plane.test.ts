/**
 * Lambda's control plane end to end: a real Eventide process, the AWS SDK v3 and the AWS CLI.
 * Create, read, list, update and delete functions, with the shapes and errors AWS uses (spec §0, §7).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreateFunctionCommand,
  type CreateFunctionCommandInput,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  type LambdaClient,
  ListFunctionsCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { awsCli, iamClient, lambdaClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { ECHO_HANDLER, LAMBDA_TRUST_POLICY, ROLE, uniqueName, zipOf } from './support/fixtures.js';
import { crc32, storedZip } from './control-plane-zip.js';
import { expectError } from './support/sdk-errors.js';

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';
const arnOf = (name: string): string => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LAST_MODIFIED = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/;
const UNZIP_FAILED = 'Could not unzip uploaded file. Please check your file, then try to upload again.';
const DEPRECATED_NODE14 =
  'The runtime parameter of nodejs14.x is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.';

let eventide: EventideProcess;
let lambda: LambdaClient;
let workDir: string;
let echoZip: Buffer;

before(async () => {
  [eventide, workDir, echoZip] = await Promise.all([
    startEventide(),
    mkdtemp(path.join(tmpdir(), 'eventide-control-plane-')),
    zipOf({ 'index.js': ECHO_HANDLER }),
  ]);
  lambda = lambdaClient(eventide.url);
  // What a user sets up first: a second role Lambda may assume, and leave for the tests' role to write to the DLQ.
  const iam = iamClient(eventide.url);
  await iam.send(new CreateRoleCommand({ RoleName: 'another-role', AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY }));
  const mayWriteDlq = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:eventide-dlq` }] };
  await iam.send(new PutRolePolicyCommand({ RoleName: 'lambda-role', PolicyName: 'dlq', PolicyDocument: JSON.stringify(mayWriteDlq) }));
  iam.destroy();
});

after(async () => {
  lambda?.destroy();
  if (eventide !== undefined) await stopAndClean(eventide);
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------------------
// Helpers

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('base64');

function createInput(name: string, overrides: Partial<CreateFunctionCommandInput> = {}, zip: Buffer = echoZip): CreateFunctionCommandInput {
  return {
    FunctionName: name,
    Runtime: 'nodejs20.x',
    Handler: 'index.handler',
    Role: ROLE,
    Code: { ZipFile: zip },
    ...overrides,
  };
}

function createFunction(name: string, overrides: Partial<CreateFunctionCommandInput> = {}, zip: Buffer = echoZip) {
  return lambda.send(new CreateFunctionCommand(createInput(name, overrides, zip)));
}

async function expectNoFunction(name: string): Promise<void> {
  await expectError(lambda.send(new GetFunctionCommand({ FunctionName: name })), 'ResourceNotFoundException', 404, `Function not found: ${arnOf(name)}`);
}

async function configurationOf(name: string) {
  const { $metadata, ...configuration } = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
  assert.equal($metadata.httpStatusCode, 200);
  return configuration;
}

function withoutMetadata<T extends { $metadata: unknown }>(output: T): Omit<T, '$metadata'> {
  const copy: Partial<T> = { ...output };
  delete copy.$metadata;
  return copy as Omit<T, '$metadata'>;
}

/** Every regular file below `dir` (relative paths); none when `dir` does not exist. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => !entry.isDirectory()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

/** LastModified has millisecond resolution: before an update that must change it, let the clock pass it. */
async function clockPast(lastModified: string | undefined): Promise<void> {
  const ms = Date.parse((lastModified ?? '').replace('+0000', 'Z'));
  while (Date.now() <= ms) await new Promise((resolve) => setImmediate(resolve));
}

async function downloadCode(location: string | undefined): Promise<Buffer> {
  assert.ok(location !== undefined, 'Code.Location is present');
  assert.match(location, /^http:\/\//);
  const response = await fetch(location);
  assert.equal(response.status, 200);
  return Buffer.from(await response.arrayBuffer());
}

// ---------------------------------------------------------------------------------------------------------------

describe('CreateFunction', () => {
  test('returns 201 and a FunctionConfiguration shaped as AWS shapes it, with Lambda defaults', async () => {
    const name = uniqueName('cp-create');
    const startedAt = Date.now();
    const { $metadata, ...configuration } = await createFunction(name);
    assert.equal($metadata.httpStatusCode, 201);
    assert.match($metadata.requestId ?? '', UUID);

    assert.match(configuration.LastModified ?? '', LAST_MODIFIED);
    const modified = Date.parse((configuration.LastModified ?? '').replace('+0000', 'Z'));
    assert.ok(Math.abs(modified - startedAt) < 60_000, `LastModified ${configuration.LastModified} is about now`);
    assert.match(configuration.RevisionId ?? '', UUID);
    assert.match(configuration.RuntimeVersionConfig?.RuntimeVersionArn ?? '', /^arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}$/);
    assert.deepEqual(
      { ...configuration, LastModified: '<checked>', RevisionId: '<checked>', RuntimeVersionConfig: '<checked>' },
      {
        FunctionName: name,
        FunctionArn: arnOf(name),
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        CodeSize: echoZip.length,
        Description: '',
        Timeout: 3,
        MemorySize: 128,
        LastModified: '<checked>',
        CodeSha256: sha256(echoZip),
        Version: '$LATEST',
        TracingConfig: { Mode: 'PassThrough' },
        RevisionId: '<checked>',
        State: 'Active',
        LastUpdateStatus: 'Successful',
        PackageType: 'Zip',
        Architectures: ['x86_64'],
        EphemeralStorage: { Size: 512 },
        SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
        RuntimeVersionConfig: '<checked>',
        LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${name}` },
      },
    );
    assert.equal('Environment' in configuration, false, 'no Environment when none was given');
    assert.equal('DeadLetterConfig' in configuration, false, 'no DeadLetterConfig when none was given');
  });

  test('on the wire, the configuration has exactly AWS members: no Environment or DeadLetterConfig key when unset', async () => {
    const name = uniqueName('cp-wire');
    await createFunction(name);
    // Lambda is matched by path, so a plain request reaches GetFunctionConfiguration.
    const response = await fetch(`${eventide.url}/2015-03-31/functions/${name}/configuration`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const body = (await response.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), [
      'Architectures', 'CodeSha256', 'CodeSize', 'Description', 'EphemeralStorage', 'FunctionArn', 'FunctionName', 'Handler',
      'LastModified', 'LastUpdateStatus', 'LoggingConfig', 'MemorySize', 'PackageType', 'RevisionId', 'Role', 'Runtime',
      'RuntimeVersionConfig', 'SnapStart', 'State', 'Timeout', 'TracingConfig', 'Version',
    ]);
  });

  test('stores Environment.Variables, DeadLetterConfig, Description, Timeout and MemorySize and returns them', async () => {
    const name = uniqueName('cp-settings');
    const dlq = `arn:aws:sqs:us-east-1:${ACCOUNT}:eventide-dlq`;
    const created = await createFunction(name, {
      Environment: { Variables: { GREETING: 'hello', MODE: 'test' } },
      DeadLetterConfig: { TargetArn: dlq },
      Description: 'an echo function',
      Timeout: 30,
      MemorySize: 256,
    });
    for (const configuration of [created, await configurationOf(name)]) {
      assert.deepEqual(configuration.Environment, { Variables: { GREETING: 'hello', MODE: 'test' } });
      assert.deepEqual(configuration.DeadLetterConfig, { TargetArn: dlq });
      assert.equal(configuration.Description, 'an echo function');
      assert.equal(configuration.Timeout, 30);
      assert.equal(configuration.MemorySize, 256);
    }
    // An empty TargetArn removes the dead-letter queue; the other settings stay.
    const cleared = await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, DeadLetterConfig: { TargetArn: '' } }));
    assert.equal(cleared.DeadLetterConfig, undefined);
    assert.equal((await configurationOf(name)).DeadLetterConfig, undefined);
    assert.deepEqual(cleared.Environment, { Variables: { GREETING: 'hello', MODE: 'test' } });
  });

  test('a function created by its full ARN is named by the ARN\'s name part', async () => {
    const name = uniqueName('cp-create-arn');
    const created = await createFunction(arnOf(name));
    assert.equal(created.$metadata.httpStatusCode, 201);
    assert.equal(created.FunctionName, name);
    assert.equal(created.FunctionArn, arnOf(name));
    assert.equal((await configurationOf(name)).FunctionName, name);
  });

  test('a deleted function name can be created again', async () => {
    const name = uniqueName('cp-recreate');
    await createFunction(name, { Description: 'first' });
    await lambda.send(new DeleteFunctionCommand({ FunctionName: name }));
    const again = await createFunction(name, { Description: 'second' });
    assert.equal(again.$metadata.httpStatusCode, 201);
    assert.equal((await configurationOf(name)).Description, 'second');
  });
});

describe('GetFunction and GetFunctionConfiguration', () => {
  test('GetFunction returns the configuration and an S3-type Code.Location that downloads exactly the uploaded zip', async () => {
    const name = uniqueName('cp-get');
    const created = await createFunction(name);
    const { $metadata, Configuration, Code } = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
    assert.equal($metadata.httpStatusCode, 200);
    assert.deepEqual(Configuration, withoutMetadata(created));
    assert.equal(Code?.RepositoryType, 'S3');
    const downloaded = await downloadCode(Code?.Location);
    assert.ok(downloaded.equals(echoZip), 'the downloaded package is byte for byte the uploaded zip');
  });

  test('a function is found by name, full ARN, partial ARN and name:$LATEST', async () => {
    const name = uniqueName('cp-names');
    const created = await createFunction(name);
    const forms = [name, arnOf(name), `${ACCOUNT}:function:${name}`, `${name}:$LATEST`, `${arnOf(name)}:$LATEST`];
    for (const form of forms) {
      const viaGet = await lambda.send(new GetFunctionCommand({ FunctionName: form }));
      assert.equal(viaGet.Configuration?.FunctionName, name, `GetFunction ${form}`);
      assert.equal(viaGet.Configuration?.FunctionArn, arnOf(name), `GetFunction ${form}`);
      assert.equal(viaGet.Configuration?.RevisionId, created.RevisionId, `GetFunction ${form}`);
      const viaConfiguration = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: form }));
      assert.equal(viaConfiguration.FunctionName, name, `GetFunctionConfiguration ${form}`);
      assert.equal(viaConfiguration.CodeSha256, created.CodeSha256, `GetFunctionConfiguration ${form}`);
    }
    const qualified = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name, Qualifier: '$LATEST' }));
    assert.equal(qualified.FunctionName, name);
    assert.equal(qualified.Version, '$LATEST');
  });
});

describe('ListFunctions', () => {
  test('pages with MaxItems and NextMarker; every function appears exactly once', async () => {
    const prefix = uniqueName('cp-list');
    const names = ['a', 'b', 'c', 'd', 'e'].map((suffix) => `${prefix}-${suffix}`);
    await Promise.all(names.map((name) => createFunction(name)));

    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await lambda.send(new ListFunctionsCommand({ MaxItems: 2, ...(marker === undefined ? {} : { Marker: marker }) }));
      assert.equal(page.$metadata.httpStatusCode, 200);
      const functions = page.Functions ?? [];
      assert.ok(functions.length <= 2, `a page holds at most MaxItems functions, got ${functions.length}`);
      if (page.NextMarker !== undefined) assert.equal(functions.length, 2, 'only the last page may be short');
      for (const fn of functions) {
        seen.push(fn.FunctionName ?? '');
        assert.equal(fn.FunctionArn, arnOf(fn.FunctionName ?? ''));
      }
      marker = page.NextMarker;
      pages++;
      assert.ok(pages < 100, 'pagination ends');
    } while (marker !== undefined);

    const ours = seen.filter((name) => name.startsWith(`${prefix}-`));
    assert.deepEqual([...ours].sort(), names);
    assert.equal(new Set(seen).size, seen.length, 'no function is listed twice');
    assert.ok(pages >= 3, `5 functions at 2 per page take at least 3 pages, took ${pages}`);
  });

  test('without MaxItems, one call lists the created functions with their configuration', async () => {
    const name = uniqueName('cp-list-one');
    await createFunction(name, { Description: 'listed' });
    const { Functions } = await lambda.send(new ListFunctionsCommand({}));
    const fn = Functions?.find((candidate) => candidate.FunctionName === name);
    assert.ok(fn !== undefined, 'the function is listed');
    assert.equal(fn.Description, 'listed');
    assert.equal(fn.Runtime, 'nodejs20.x');
    assert.equal(fn.CodeSha256, sha256(echoZip));
  });
});

describe('UpdateFunctionConfiguration', () => {
  test('changes the settings, returns them with a new RevisionId and LastModified, and GetFunctionConfiguration shows them', async () => {
    const name = uniqueName('cp-update');
    const created = await createFunction(name, { Environment: { Variables: { OLD: 'x', KEEP: 'y' } } });
    await clockPast(created.LastModified);
    const newRole = `arn:aws:iam::${ACCOUNT}:role/another-role`;
    const updated = await lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: name,
        Timeout: 60,
        MemorySize: 512,
        Environment: { Variables: { NEW: 'z' } },
        Description: 'updated',
        Handler: 'index.other',
        Role: newRole,
        Runtime: 'nodejs22.x',
      }),
    );
    assert.equal(updated.$metadata.httpStatusCode, 200);
    assert.match(updated.RevisionId ?? '', UUID);
    assert.notEqual(updated.RevisionId, created.RevisionId);
    assert.match(updated.LastModified ?? '', LAST_MODIFIED);
    assert.ok(
      Date.parse((updated.LastModified ?? '').replace('+0000', 'Z')) > Date.parse((created.LastModified ?? '').replace('+0000', 'Z')),
      `LastModified moves forward: ${created.LastModified} → ${updated.LastModified}`,
    );
    const stored = await configurationOf(name);
    for (const configuration of [updated, stored]) {
      assert.equal(configuration.Timeout, 60);
      assert.equal(configuration.MemorySize, 512);
      assert.deepEqual(configuration.Environment, { Variables: { NEW: 'z' } }, 'Environment replaces the whole map');
      assert.equal(configuration.Description, 'updated');
      assert.equal(configuration.Handler, 'index.other');
      assert.equal(configuration.Role, newRole);
      assert.equal(configuration.Runtime, 'nodejs22.x');
      // Untouched settings and the code stay.
      assert.equal(configuration.CodeSha256, created.CodeSha256);
      assert.equal(configuration.CodeSize, created.CodeSize);
    }
    assert.equal(stored.RevisionId, updated.RevisionId);
    assert.equal(stored.LastModified, updated.LastModified);
  });

  test('a stale RevisionId is refused with PreconditionFailedException (412) and changes nothing; the current one is accepted', async () => {
    const name = uniqueName('cp-revision');
    const created = await createFunction(name);
    const first = await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Description: 'one', RevisionId: created.RevisionId }));
    assert.equal(first.Description, 'one');

    await expectError(
      lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Description: 'two', RevisionId: created.RevisionId })),
      'PreconditionFailedException',
      412,
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    );
    await expectError(
      lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: await zipOf({ 'index.js': '// other\n' }), RevisionId: created.RevisionId })),
      'PreconditionFailedException',
      412,
    );
    const afterwards = await configurationOf(name);
    assert.equal(afterwards.Description, 'one');
    assert.equal(afterwards.RevisionId, first.RevisionId);
    assert.equal(afterwards.CodeSha256, created.CodeSha256);
  });
});

describe('UpdateFunctionCode', () => {
  test('a new zip changes CodeSha256, CodeSize and RevisionId, and Code.Location serves the new zip', async () => {
    const name = uniqueName('cp-code');
    const created = await createFunction(name, { Description: 'kept' });
    const newZip = await zipOf({ 'index.js': 'exports.handler = async () => ({ version: 2 });\n', 'lib/util.js': 'module.exports = 2;\n' });
    assert.notEqual(newZip.length, echoZip.length);
    await clockPast(created.LastModified);
    const updated = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: newZip }));
    assert.equal(updated.$metadata.httpStatusCode, 200);
    assert.equal(updated.CodeSha256, sha256(newZip));
    assert.equal(updated.CodeSize, newZip.length);
    assert.notEqual(updated.RevisionId, created.RevisionId);
    assert.notEqual(updated.LastModified, created.LastModified);
    assert.equal(updated.Description, 'kept');

    const { Configuration, Code } = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
    assert.equal(Configuration?.CodeSha256, sha256(newZip));
    assert.equal(Configuration?.RevisionId, updated.RevisionId);
    assert.ok((await downloadCode(Code?.Location)).equals(newZip), 'Code.Location serves the new zip');
  });
});

describe('DeleteFunction', () => {
  test('answers 204, then the function is gone: GetFunction is ResourceNotFoundException (404) and it is no longer listed', async () => {
    const name = uniqueName('cp-delete');
    await createFunction(name);
    const deleted = await lambda.send(new DeleteFunctionCommand({ FunctionName: name }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    assert.equal(deleted.StatusCode, 204);

    await expectError(lambda.send(new GetFunctionCommand({ FunctionName: name })), 'ResourceNotFoundException', 404, `Function not found: ${arnOf(name)}`);
    await expectError(lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name })), 'ResourceNotFoundException', 404);
    const { Functions } = await lambda.send(new ListFunctionsCommand({}));
    assert.equal(Functions?.some((fn) => fn.FunctionName === name), false);
  });

  test('a function can be deleted by its full ARN', async () => {
    const name = uniqueName('cp-delete-arn');
    await createFunction(name);
    const deleted = await lambda.send(new DeleteFunctionCommand({ FunctionName: arnOf(name) }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    await expectNoFunction(name);
  });
});

describe('errors', () => {
  test('creating an existing name is ResourceConflictException (409) and leaves the existing function as it was', async () => {
    const name = uniqueName('cp-conflict');
    const created = await createFunction(name, { Description: 'original' });
    await expectError(
      createFunction(name, { Description: 'impostor', Handler: 'other.handler' }, await zipOf({ 'other.js': ECHO_HANDLER })),
      'ResourceConflictException',
      409,
      new RegExp(`^Function already exist: ${name}$`),
    );
    const afterwards = await configurationOf(name);
    assert.equal(afterwards.Description, 'original');
    assert.equal(afterwards.Handler, 'index.handler');
    assert.equal(afterwards.CodeSha256, created.CodeSha256);
    assert.equal(afterwards.RevisionId, created.RevisionId);
  });

  test('get, update and delete of an unknown function are ResourceNotFoundException (404), and nothing gets created', async () => {
    const name = uniqueName('cp-missing');
    const notFound = new RegExp(`^Function not found: ${arnOf(name).replace(/[$]/g, '\\$')}(:\\$LATEST)?$`);
    await expectError(lambda.send(new GetFunctionCommand({ FunctionName: name })), 'ResourceNotFoundException', 404, notFound);
    await expectError(lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name })), 'ResourceNotFoundException', 404, notFound);
    await expectError(lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Timeout: 10 })), 'ResourceNotFoundException', 404, notFound);
    await expectError(lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: echoZip })), 'ResourceNotFoundException', 404, notFound);
    await expectError(lambda.send(new DeleteFunctionCommand({ FunctionName: name })), 'ResourceNotFoundException', 404, notFound);
    await expectNoFunction(name);
  });

  test('a deprecated runtime (nodejs14.x) is InvalidParameterValueException with AWS message, on create and on update', async () => {
    const name = uniqueName('cp-node14');
    await expectError(createFunction(name, { Runtime: 'nodejs14.x' }), 'InvalidParameterValueException', 400, DEPRECATED_NODE14);
    await expectNoFunction(name);

    await createFunction(name);
    await expectError(
      lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Runtime: 'nodejs14.x' })),
      'InvalidParameterValueException',
      400,
      DEPRECATED_NODE14,
    );
    assert.equal((await configurationOf(name)).Runtime, 'nodejs20.x');
  });

  test('a runtime Eventide does not run (python3.12) is InvalidParameterValueException and creates nothing', async () => {
    const name = uniqueName('cp-python');
    await expectError(
      createFunction(name, { Runtime: 'python3.12', Handler: 'app.handler' }),
      'InvalidParameterValueException',
      400,
      /python3\.12/,
    );
    await expectNoFunction(name);
  });

  test('Timeout 901 is a ValidationException in AWS wording, on create and on update (config unchanged)', async () => {
    const name = uniqueName('cp-timeout');
    const message = "1 validation error detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900";
    await expectError(createFunction(name, { Timeout: 901 }), 'ValidationException', 400, message);
    await expectNoFunction(name);

    const created = await createFunction(name, { Timeout: 10 });
    await expectError(lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Timeout: 901 })), 'ValidationException', 400, message);
    const afterwards = await configurationOf(name);
    assert.equal(afterwards.Timeout, 10);
    assert.equal(afterwards.RevisionId, created.RevisionId);
  });

  test('MemorySize 64 is a ValidationException and creates nothing', async () => {
    const name = uniqueName('cp-memory');
    await expectError(
      createFunction(name, { MemorySize: 64 }),
      'ValidationException',
      400,
      "1 validation error detected: Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128",
    );
    await expectNoFunction(name);
  });

  test('several model violations are reported together: "2 validation errors detected"', async () => {
    const name = uniqueName('cp-two-errors');
    const error = await expectError(createFunction(name, { Timeout: 0, MemorySize: 20000 }), 'ValidationException', 400, /^2 validation errors detected: /);
    assert.match(error.message, /Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1/);
    assert.match(error.message, /Value '20000' at 'memorySize' failed to satisfy constraint: Member must have value less than or equal to 10240/);
    await expectNoFunction(name);
  });

  test("a role that is not an IAM role ARN ('r1') is a ValidationException at 'role', on create and on update", async () => {
    const name = uniqueName('cp-role');
    await expectError(createFunction(name, { Role: 'r1' }), 'ValidationException', 400, /^1 validation error detected: Value 'r1' at 'role' failed to satisfy constraint: /);
    await expectNoFunction(name);

    await createFunction(name);
    await expectError(lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Role: 'r1' })), 'ValidationException', 400, /at 'role'/);
    assert.equal((await configurationOf(name)).Role, ROLE);
  });

  test("a malformed function name ('bad name!') is a ValidationException at 'functionName' and creates nothing", async () => {
    await expectError(
      createFunction('bad name!'),
      'ValidationException',
      400,
      /^1 validation error detected: Value 'bad name!' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: /,
    );
    const { Functions } = await lambda.send(new ListFunctionsCommand({}));
    assert.equal(Functions?.some((fn) => fn.FunctionName === 'bad name!'), false);
  });

  test("CreateFunction refuses a name with a dot, which AWS's CreateFunction name pattern ([a-zA-Z0-9-_]+) does not allow", async () => {
    const name = `${uniqueName('cp-dot')}.v2`;
    await expectError(createFunction(name), 'ValidationException', 400, /at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: /);
    const { Functions } = await lambda.send(new ListFunctionsCommand({}));
    assert.equal(Functions?.some((fn) => fn.FunctionName === name), false, 'no function with a dot in its name was created');
  });

  test('a reserved environment variable (AWS_REGION) is InvalidParameterValueException, on create and on update', async () => {
    const name = uniqueName('cp-reserved');
    const reserved = /reserved keys.*AWS_REGION/;
    await expectError(createFunction(name, { Environment: { Variables: { AWS_REGION: 'eu-west-1' } } }), 'InvalidParameterValueException', 400, reserved);
    await expectNoFunction(name);

    await createFunction(name, { Environment: { Variables: { MINE: '1' } } });
    await expectError(
      lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Environment: { Variables: { MINE: '2', AWS_REGION: 'x' } } })),
      'InvalidParameterValueException',
      400,
      reserved,
    );
    assert.deepEqual((await configurationOf(name)).Environment, { Variables: { MINE: '1' } });
  });

  test('a qualifier in the name that differs from the Qualifier parameter is InvalidParameterValueException', async () => {
    const name = uniqueName('cp-qualifier');
    await createFunction(name);
    const message = 'The derived qualifier from the function name does not match the specified qualifier.';
    await expectError(lambda.send(new GetFunctionCommand({ FunctionName: `${name}:$LATEST`, Qualifier: 'other' })), 'InvalidParameterValueException', 400, message);
    await expectError(
      lambda.send(new GetFunctionConfigurationCommand({ FunctionName: `${name}:$LATEST`, Qualifier: 'other' })),
      'InvalidParameterValueException',
      400,
      message,
    );
  });

  test("another region's ARN is ResourceNotFoundException: not reachable in this region", async () => {
    await expectError(
      lambda.send(new GetFunctionCommand({ FunctionName: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:x` })),
      'ResourceNotFoundException',
      404,
      "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')",
    );
  });
});

describe('unsafe deployment packages', () => {
  const codeDirOf = (name: string) => path.join(eventide.dataDir, 'code', name);

  /** The refusal left nothing: no function and no file of it under `<dataDir>/code/`. */
  async function expectNothingStored(name: string): Promise<void> {
    await expectNoFunction(name);
    assert.deepEqual(await filesUnder(codeDirOf(name)), [], `no files remain under code/${name}`);
    assert.deepEqual(await filesUnder(path.join(eventide.dataDir, 'code')).then((files) => files.filter((file) => file.includes('evil'))), []);
  }

  test('the hand-made zip helper makes packages Eventide accepts (so the refusals below are about the entries)', async () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926, 'CRC-32 check value');
    const name = uniqueName('cp-handmade');
    const zip = storedZip([{ name: 'index.js', content: ECHO_HANDLER }]);
    const created = await createFunction(name, {}, zip);
    assert.equal(created.CodeSha256, sha256(zip));
    assert.equal(created.CodeSize, zip.length);
    const { Code } = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
    assert.ok((await downloadCode(Code?.Location)).equals(zip));
    assert.deepEqual((await filesUnder(codeDirOf(name))).filter((file) => !file.endsWith('.zip')).map((file) => path.basename(file)), ['index.js']);
  });

  test('a zip-slip entry (../evil.js, /evil.js, lib/../../evil.js) is refused with InvalidParameterValueException and nothing is stored', async () => {
    for (const entry of ['../evil.js', '/evil.js', 'lib/../../evil.js']) {
      const name = uniqueName('cp-zipslip');
      const zip = storedZip([
        { name: 'index.js', content: ECHO_HANDLER },
        { name: entry, content: 'require("child_process").execSync("touch /tmp/pwned");\n' },
      ]);
      const error = await expectError(createFunction(name, {}, zip), 'InvalidParameterValueException', 400);
      assert.ok(error.message.startsWith(UNZIP_FAILED), `message starts with AWS's unzip text: ${error.message}`);
      await expectNothingStored(name);
    }
  });

  test('a symbolic link entry is refused with InvalidParameterValueException and nothing is stored', async () => {
    const name = uniqueName('cp-symlink');
    const zip = await zipOf({ 'index.js': ECHO_HANDLER, 'passwd.js': { content: '/etc/passwd', mode: 0o120777 } });
    const error = await expectError(createFunction(name, {}, zip), 'InvalidParameterValueException', 400);
    assert.ok(error.message.startsWith(UNZIP_FAILED), error.message);
    await expectNothingStored(name);
  });

  test('bytes that are not a zip are refused with AWS unzip message and nothing is stored', async () => {
    const name = uniqueName('cp-garbage');
    await expectError(createFunction(name, {}, Buffer.from('this is not a zip file at all, just text')), 'InvalidParameterValueException', 400, UNZIP_FAILED);
    await expectNothingStored(name);
  });

  test('UpdateFunctionCode with an unsafe or broken zip is refused and the function keeps its code', async () => {
    const name = uniqueName('cp-badupdate');
    const created = await createFunction(name);
    const slip = storedZip([{ name: '../evil.js', content: 'x' }]);
    for (const zip of [slip, Buffer.from('garbage, not a zip')]) {
      const error = await expectError(lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: zip })), 'InvalidParameterValueException', 400);
      assert.ok(error.message.startsWith(UNZIP_FAILED), error.message);
    }
    const { Configuration, Code } = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
    assert.equal(Configuration?.CodeSha256, created.CodeSha256);
    assert.equal(Configuration?.RevisionId, created.RevisionId);
    assert.ok((await downloadCode(Code?.Location)).equals(echoZip));
    const files = await filesUnder(codeDirOf(name));
    assert.equal(files.filter((file) => file.endsWith('.zip')).length, 1, `only the current package is kept: ${files.join(', ')}`);
    assert.equal(files.some((file) => file.includes('evil')), false);
  });
});

// The CLI's start-up dominates these tests; they run concurrently.
describe('AWS CLI', { concurrency: true }, () => {
  test('create-function with fileb://, get-function-configuration, list-functions, delete-function', async () => {
    const name = uniqueName('cp-cli');
    const zipPath = path.join(workDir, `${name}.zip`);
    await writeFile(zipPath, echoZip);

    const create = await awsCli(eventide.url, [
      'lambda', 'create-function', '--function-name', name, '--runtime', 'nodejs20.x', '--handler', 'index.handler',
      '--role', ROLE, '--zip-file', `fileb://${zipPath}`, '--environment', 'Variables={STAGE=cli}',
    ]);
    assert.equal(create.code, 0, create.stderr);
    const created = JSON.parse(create.stdout) as Record<string, unknown>;
    assert.equal(created.FunctionName, name);
    assert.equal(created.FunctionArn, arnOf(name));
    assert.equal(created.CodeSha256, sha256(echoZip));
    assert.equal(created.CodeSize, echoZip.length);
    assert.deepEqual(created.Environment, { Variables: { STAGE: 'cli' } });

    // Each CLI run costs about a second of start-up: the two reads run side by side.
    const [get, list] = await Promise.all([
      awsCli(eventide.url, ['lambda', 'get-function-configuration', '--function-name', name]),
      awsCli(eventide.url, ['lambda', 'list-functions']),
    ]);
    assert.equal(get.code, 0, get.stderr);
    const configuration = JSON.parse(get.stdout) as Record<string, unknown>;
    assert.equal(configuration.RevisionId, created.RevisionId);
    assert.equal(configuration.Handler, 'index.handler');
    assert.equal(configuration.State, 'Active');

    assert.equal(list.code, 0, list.stderr);
    const listed = (JSON.parse(list.stdout) as { Functions: { FunctionName: string }[] }).Functions;
    assert.equal(listed.filter((fn) => fn.FunctionName === name).length, 1);

    const remove = await awsCli(eventide.url, ['lambda', 'delete-function', '--function-name', name]);
    assert.equal(remove.code, 0, remove.stderr);
    await expectNoFunction(name);
  });

  test('get-function of a missing name exits non-zero with ResourceNotFoundException on stderr', async () => {
    const name = uniqueName('cp-cli-missing');
    const result = await awsCli(eventide.url, ['lambda', 'get-function', '--function-name', name]);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /ResourceNotFoundException/);
    assert.match(result.stderr, new RegExp(`Function not found: ${arnOf(name)}`));
    assert.equal(result.stdout, '');
  });
});
