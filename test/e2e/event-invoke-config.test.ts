/**
 * The event-invoke-config API end to end (spec §2B): Put, Update, Get, Delete and List with the SDK v3 and the AWS
 * CLI, with AWS's shapes and errors, and the settings' effect on asynchronous invocation (spec §2.2, §2.3).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  DeleteFunctionEventInvokeConfigCommand,
  type DestinationConfig,
  GetFunctionEventInvokeConfigCommand,
  InvokeCommand,
  type LambdaClient,
  ListFunctionEventInvokeConfigsCommand,
  PutFunctionEventInvokeConfigCommand,
  type PutFunctionEventInvokeConfigCommandInput,
  UpdateFunctionEventInvokeConfigCommand,
} from '@aws-sdk/client-lambda';
import { deploy } from './invoke-support.js';
import { awsCli, lambdaClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { ECHO_HANDLER, ROLE, zipOf } from './support/fixtures.js';
import { expectError } from './support/sdk-errors.js';

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';
const arnOf = (name: string): string => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:eventide-failures`;
const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:eventide-done`;
const BUS_ARN = `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/default`;
const BUCKET_ARN = 'arn:aws:s3:::eventide-failures';
const DESTINATION_PATTERN =
  '$|kafka://([^.]([a-zA-Z0-9\\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)';
const NO_SETTINGS = 'You must specify at least one of error handling or destination setting.';
const NO_FUNCTION = "The function doesn't exist.";
const noConfig = (name: string, qualifier = '$LATEST') => `The function ${arnOf(name)}:${qualifier} doesn't have an EventInvokeConfig`;

/** Appends its request id to $OUT, then fails: every attempt of an event leaves one line. */
const FAILING_RECORDER = `
const fs = require('node:fs');
exports.handler = async (event, context) => {
  fs.appendFileSync(process.env.OUT, context.awsRequestId + '\\n');
  throw new Error('failing on purpose');
};
`;

let eventide: EventideProcess;
let lambda: LambdaClient;
let echoZip: Buffer;
let work: string;

before(async () => {
  // Engine minutes are real seconds: retries 60 s apart happen 1 s apart.
  [eventide, echoZip, work] = await Promise.all([
    startEventide({ args: ['--time-scale', '60'] }),
    zipOf({ 'index.js': ECHO_HANDLER }),
    mkdtemp(path.join(tmpdir(), 'eventide-eic-')),
  ]);
  lambda = lambdaClient(eventide.url);
});

after(async () => {
  lambda?.destroy();
  if (eventide !== undefined) await stopAndClean(eventide);
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------------------
// Helpers

const createFunction = (prefix: string, handler = ECHO_HANDLER, environment?: Record<string, string>): Promise<string> =>
  deploy(lambda, { prefix, files: { 'index.js': handler }, environment });

const put = (input: PutFunctionEventInvokeConfigCommandInput) => lambda.send(new PutFunctionEventInvokeConfigCommand(input));

async function getConfig(name: string, qualifier?: string) {
  const { $metadata, ...config } = await lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: name, Qualifier: qualifier }));
  assert.equal($metadata.httpStatusCode, 200);
  return config;
}

/** The config as it is on the wire, without the SDK's parsing. */
async function wireConfig(name: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${eventide.url}/2019-09-25/functions/${name}/event-invoke-config`);
  assert.equal(response.status, 200);
  return (await response.json()) as Record<string, unknown>;
}

async function attemptsIn(file: string): Promise<string[]> {
  if (!existsSync(file)) return [];
  return (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------------------------

describe('PutFunctionEventInvokeConfig', () => {
  test('answers with the config as AWS shapes it: qualified ARN, LastModified now, both destinations', async () => {
    const name = await createFunction('eic-shape');
    const startedAt = Date.now();
    const { $metadata, ...config } = await put({
      FunctionName: name,
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: QUEUE_ARN } },
    });
    assert.equal($metadata.httpStatusCode, 200);
    assert.ok(config.LastModified instanceof Date);
    assert.ok(Math.abs(config.LastModified.getTime() - startedAt) < 60_000, `LastModified ${config.LastModified.toISOString()} is about now`);
    assert.deepEqual(
      { ...config, LastModified: '<checked>' },
      {
        LastModified: '<checked>',
        FunctionArn: `${arnOf(name)}:$LATEST`,
        MaximumRetryAttempts: 0,
        MaximumEventAgeInSeconds: 3600,
        DestinationConfig: { OnSuccess: {}, OnFailure: { Destination: QUEUE_ARN } },
      },
    );
    assert.deepEqual(await getConfig(name), config);
  });

  test('on the wire: LastModified is epoch seconds as a number, unset numbers are absent, destinations are {}', async () => {
    const name = await createFunction('eic-wire');
    await put({ FunctionName: name, DestinationConfig: { OnSuccess: {} } });
    const body = await wireConfig(name);
    assert.deepEqual(Object.keys(body), ['LastModified', 'FunctionArn', 'DestinationConfig']);
    assert.equal(typeof body.LastModified, 'number');
    assert.ok(Math.abs((body.LastModified as number) * 1000 - Date.now()) < 60_000);
    assert.deepEqual(body.DestinationConfig, { OnSuccess: {}, OnFailure: {} });
    assert.equal(body.FunctionArn, `${arnOf(name)}:$LATEST`);
  });

  test('replaces the whole config: settings left out are removed', async () => {
    const name = await createFunction('eic-replace');
    await put({ FunctionName: name, MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 60, DestinationConfig: { OnFailure: { Destination: QUEUE_ARN } } });
    const replaced = await put({ FunctionName: name, MaximumRetryAttempts: 0 });
    assert.equal(replaced.MaximumRetryAttempts, 0);
    assert.equal(replaced.MaximumEventAgeInSeconds, undefined);
    const config = await getConfig(name);
    assert.equal(config.MaximumRetryAttempts, 0);
    assert.equal('MaximumEventAgeInSeconds' in config, false);
    assert.deepEqual(config.DestinationConfig, { OnSuccess: {}, OnFailure: {} });
  });

  test('accepts SQS, SNS, EventBridge and another function as destinations, and S3 on failure', async () => {
    const name = await createFunction('eic-destinations');
    const other = await createFunction('eic-target');
    const pairs: DestinationConfig[] = [
      { OnSuccess: { Destination: QUEUE_ARN }, OnFailure: { Destination: TOPIC_ARN } },
      { OnSuccess: { Destination: BUS_ARN }, OnFailure: { Destination: BUCKET_ARN } },
      { OnSuccess: { Destination: arnOf(other) }, OnFailure: { Destination: `${arnOf(other)}:$LATEST` } },
    ];
    for (const destinations of pairs) {
      const config = await put({ FunctionName: name, DestinationConfig: destinations });
      assert.deepEqual(config.DestinationConfig, destinations);
    }
  });

  test('the AWS CLI puts a config and prints it', async () => {
    const name = await createFunction('eic-cli');
    const result = await awsCli(eventide.url, [
      'lambda', 'put-function-event-invoke-config', '--function-name', name, '--maximum-retry-attempts', '1',
      '--destination-config', JSON.stringify({ OnFailure: { Destination: QUEUE_ARN } }),
    ]);
    assert.equal(result.code, 0, result.stderr);
    const printed = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.equal(printed.FunctionArn, `${arnOf(name)}:$LATEST`);
    assert.equal(printed.MaximumRetryAttempts, 1);
    assert.equal('MaximumEventAgeInSeconds' in printed, false);
    assert.deepEqual(printed.DestinationConfig, { OnSuccess: {}, OnFailure: { Destination: QUEUE_ARN } });
    assert.equal((await getConfig(name)).MaximumRetryAttempts, 1);
  });
});

describe('UpdateFunctionEventInvokeConfig', () => {
  test('changes only the settings given; a destination given as {} loses its ARN', async () => {
    const name = await createFunction('eic-update');
    await put({ FunctionName: name, MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 60, DestinationConfig: { OnFailure: { Destination: QUEUE_ARN } } });
    const updated = await lambda.send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: name, MaximumRetryAttempts: 0 }));
    assert.equal(updated.$metadata.httpStatusCode, 200);
    assert.equal(updated.FunctionArn, `${arnOf(name)}:$LATEST`);
    assert.deepEqual([updated.MaximumRetryAttempts, updated.MaximumEventAgeInSeconds], [0, 60]);
    assert.deepEqual(updated.DestinationConfig, { OnSuccess: {}, OnFailure: { Destination: QUEUE_ARN } });

    await lambda.send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: name, DestinationConfig: { OnSuccess: { Destination: TOPIC_ARN } } }));
    let config = await getConfig(name);
    assert.deepEqual([config.MaximumRetryAttempts, config.MaximumEventAgeInSeconds], [0, 60]);
    assert.deepEqual(config.DestinationConfig, { OnSuccess: { Destination: TOPIC_ARN }, OnFailure: { Destination: QUEUE_ARN } });

    await lambda.send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: name, DestinationConfig: { OnFailure: {} } }));
    config = await getConfig(name);
    assert.deepEqual(config.DestinationConfig, { OnSuccess: { Destination: TOPIC_ARN }, OnFailure: {} });
  });

  test('without a config, or without the function, it is refused and creates nothing', async () => {
    const name = await createFunction('eic-update-none');
    await expectError(lambda.send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: name, MaximumRetryAttempts: 1 })), 'ResourceNotFoundException', 404, noConfig(name));
    await expectError(getConfig(name), 'ResourceNotFoundException', 404, noConfig(name));
    const updateMissing = lambda.send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: 'eic-no-such-function', MaximumRetryAttempts: 1 }));
    await expectError(updateMissing, 'ResourceNotFoundException', 404, NO_FUNCTION);
  });
});

describe('qualifiers', () => {
  test('no qualifier, ?Qualifier=$LATEST, name:$LATEST and the ARN all address the $LATEST config', async () => {
    const name = await createFunction('eic-latest');
    const created = await put({ FunctionName: `${name}:$LATEST`, MaximumRetryAttempts: 1 });
    assert.equal(created.FunctionArn, `${arnOf(name)}:$LATEST`);
    const viaName = await getConfig(name);
    assert.deepEqual(await getConfig(name, '$LATEST'), viaName);
    assert.deepEqual(await getConfig(`${arnOf(name)}:$LATEST`), viaName);
    assert.deepEqual(await getConfig(arnOf(name), '$LATEST'), viaName);
    await put({ FunctionName: arnOf(name), Qualifier: '$LATEST', MaximumRetryAttempts: 2 });
    assert.equal((await getConfig(name)).MaximumRetryAttempts, 2);
    const listed = await lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: name }));
    assert.equal(listed.FunctionEventInvokeConfigs?.length, 1);
  });

  test('configs are per qualifier: a version or alias has none of $LATEST’s, one that does not exist takes none, a conflict is refused', async () => {
    const name = await createFunction('eic-version');
    await put({ FunctionName: name, MaximumRetryAttempts: 0 });
    await expectError(getConfig(name, '1'), 'ResourceNotFoundException', 404, noConfig(name, '1'));
    await expectError(getConfig(`${name}:live`), 'ResourceNotFoundException', 404, noConfig(name, 'live'));
    await expectError(put({ FunctionName: name, Qualifier: '1', MaximumRetryAttempts: 1 }), 'ResourceNotFoundException', 404, NO_FUNCTION);
    await expectError(put({ FunctionName: `${name}:live`, MaximumRetryAttempts: 1 }), 'ResourceNotFoundException', 404, NO_FUNCTION);
    const deleteVersion = lambda.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: name, Qualifier: '1' }));
    await expectError(deleteVersion, 'ResourceNotFoundException', 404, noConfig(name, '1'));
    const conflict = 'The derived qualifier from the function name does not match the specified qualifier.';
    await expectError(put({ FunctionName: `${name}:$LATEST`, Qualifier: '1', MaximumRetryAttempts: 1 }), 'InvalidParameterValueException', 400, conflict);
    assert.equal((await getConfig(name)).MaximumRetryAttempts, 0);
  });
});

describe('GetFunctionEventInvokeConfig and DeleteFunctionEventInvokeConfig', () => {
  test('Get without a config names the qualified function, whether or not the function exists', async () => {
    const name = await createFunction('eic-get-none');
    await expectError(getConfig(name), 'ResourceNotFoundException', 404, noConfig(name));
    await expectError(getConfig('eic-no-such-function'), 'ResourceNotFoundException', 404, noConfig('eic-no-such-function'));
  });

  test('Delete answers 204; the config is gone and a second Delete is refused', async () => {
    const name = await createFunction('eic-delete');
    await put({ FunctionName: name, MaximumEventAgeInSeconds: 120 });
    const deleted = await lambda.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: name }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    await expectError(getConfig(name), 'ResourceNotFoundException', 404, noConfig(name));
    await expectError(lambda.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: name })), 'ResourceNotFoundException', 404, noConfig(name));
    const deleteMissing = lambda.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'eic-no-such-function' }));
    await expectError(deleteMissing, 'ResourceNotFoundException', 404, noConfig('eic-no-such-function'));
  });

  test('deleting the function deletes its config: a new function of the same name has none', async () => {
    const name = await createFunction('eic-recreate');
    await put({ FunctionName: name, MaximumRetryAttempts: 0 });
    await lambda.send(new DeleteFunctionCommand({ FunctionName: name }));
    await lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: echoZip } }));
    await expectError(getConfig(name), 'ResourceNotFoundException', 404, noConfig(name));
    const listed = await lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: name }));
    assert.deepEqual(listed.FunctionEventInvokeConfigs, []);
  });
});

describe('ListFunctionEventInvokeConfigs', () => {
  test('lists the function’s configs shaped as Get shapes them, and pages by MaxItems', async () => {
    const name = await createFunction('eic-list');
    const empty = await lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: name }));
    assert.deepEqual(empty.FunctionEventInvokeConfigs, []);
    assert.equal(empty.NextMarker, undefined);

    await put({ FunctionName: name, MaximumRetryAttempts: 1, DestinationConfig: { OnSuccess: { Destination: BUS_ARN } } });
    const expected = await getConfig(name);
    const listed = await lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: arnOf(name) }));
    assert.equal(listed.$metadata.httpStatusCode, 200);
    assert.deepEqual(listed.FunctionEventInvokeConfigs, [expected]);
    assert.equal(listed.NextMarker, undefined);
    // Only $LATEST exists until versions and aliases do, so one page of one is the whole list.
    const single = await lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: name, MaxItems: 1 }));
    assert.deepEqual(single.FunctionEventInvokeConfigs, [expected]);
    assert.equal(single.NextMarker, undefined);
    const fifty = await lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: name, MaxItems: 50 }));
    assert.deepEqual(fifty.FunctionEventInvokeConfigs, [expected]);
  });

  test('MaxItems outside 1–50 and a missing function are refused', async () => {
    const name = await createFunction('eic-list-errors');
    const tooMany = `1 validation error detected: Value '51' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 50`;
    const tooFew = `1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1`;
    await expectError(lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: name, MaxItems: 51 })), 'ValidationException', 400, tooMany);
    await expectError(lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: name, MaxItems: 0 })), 'ValidationException', 400, tooFew);
    await expectError(lambda.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'eic-no-such-function' })), 'ResourceNotFoundException', 404, NO_FUNCTION);
  });
});

describe('refused Put and Update requests change nothing', () => {
  let name: string;
  let other: string;
  let original: Awaited<ReturnType<typeof getConfig>>;

  before(async () => {
    name = await createFunction('eic-refused');
    other = await createFunction('eic-refused-other');
    await put({ FunctionName: name, MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 600, DestinationConfig: { OnFailure: { Destination: QUEUE_ARN } } });
    original = await getConfig(name);
  });

  /** Both Put and Update refuse `input` the same way, and the stored config is as it was. */
  async function refusedBoth(input: Omit<PutFunctionEventInvokeConfigCommandInput, 'FunctionName'>, errorName: string, status: number, message: string) {
    await expectError(put({ FunctionName: name, ...input }), errorName, status, message);
    await expectError(lambda.send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: name, ...input })), errorName, status, message);
    assert.deepEqual(await getConfig(name), original);
  }

  test('none of the three settings', async () => {
    await refusedBoth({}, 'InvalidParameterValueException', 400, NO_SETTINGS);
    await expectError(put({ FunctionName: 'eic-no-such-function' }), 'InvalidParameterValueException', 400, NO_SETTINGS);
  });

  test('MaximumRetryAttempts outside 0–2 and MaximumEventAgeInSeconds outside 60–21600', async () => {
    const problem = (value: number, member: string, constraint: string) =>
      `Value '${value}' at '${member}' failed to satisfy constraint: Member must have value ${constraint}`;
    await refusedBoth({ MaximumRetryAttempts: 3 }, 'ValidationException', 400, `1 validation error detected: ${problem(3, 'maximumRetryAttempts', 'less than or equal to 2')}`);
    await refusedBoth({ MaximumRetryAttempts: -1 }, 'ValidationException', 400, `1 validation error detected: ${problem(-1, 'maximumRetryAttempts', 'greater than or equal to 0')}`);
    await refusedBoth({ MaximumEventAgeInSeconds: 59 }, 'ValidationException', 400, `1 validation error detected: ${problem(59, 'maximumEventAgeInSeconds', 'greater than or equal to 60')}`);
    await refusedBoth(
      { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 21601 },
      'ValidationException', 400,
      `2 validation errors detected: ${problem(5, 'maximumRetryAttempts', 'less than or equal to 2')}; ${problem(21601, 'maximumEventAgeInSeconds', 'less than or equal to 21600')}`,
    );
  });

  test('the function itself as its destination', async () => {
    const message = "You can't specify the function as a destination for itself.";
    await refusedBoth({ DestinationConfig: { OnSuccess: { Destination: arnOf(name) } } }, 'InvalidParameterValueException', 400, message);
    await refusedBoth({ DestinationConfig: { OnFailure: { Destination: `${arnOf(name)}:$LATEST` } } }, 'InvalidParameterValueException', 400, message);
  });

  test('a destination function that does not exist', async () => {
    const missing = arnOf('eic-no-such-function');
    await refusedBoth({ DestinationConfig: { OnSuccess: { Destination: missing } } }, 'InvalidParameterValueException', 400, `The destination ARN ${missing} is invalid.`);
    const elsewhere = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:${other}`;
    await refusedBoth({ DestinationConfig: { OnFailure: { Destination: elsewhere } } }, 'InvalidParameterValueException', 400, `The destination ARN ${elsewhere} is invalid.`);
  });

  test('a destination of a service Lambda does not deliver to, and S3 on success', async () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/not-a-destination`;
    await refusedBoth(
      { DestinationConfig: { OnSuccess: { Destination: role } } },
      'InvalidParameterValueException', 400,
      `The provided destination config DestinationConfig(onSuccess=OnSuccess(destination=${role}), onFailure=null) is invalid.`,
    );
    await refusedBoth(
      { DestinationConfig: { OnSuccess: { Destination: BUCKET_ARN }, OnFailure: { Destination: QUEUE_ARN } } },
      'InvalidParameterValueException', 400,
      `The provided destination config DestinationConfig(onSuccess=OnSuccess(destination=${BUCKET_ARN}), onFailure=OnFailure(destination=${QUEUE_ARN})) is invalid.`,
    );
  });

  test('a destination that is not an ARN', async () => {
    const bad = arnOf(name).replace(':lambda:', ':_-/!lambda:');
    await refusedBoth(
      { DestinationConfig: { OnFailure: { Destination: bad } } },
      'ValidationException', 400,
      `1 validation error detected: Value '${bad}' at 'destinationConfig.onFailure.destination' failed to satisfy constraint: Member must satisfy regular expression pattern: ${DESTINATION_PATTERN}`,
    );
  });

  test('Put on a function that does not exist', async () => {
    await expectError(put({ FunctionName: 'eic-no-such-function', MaximumRetryAttempts: 1 }), 'ResourceNotFoundException', 404, NO_FUNCTION);
    await expectError(put({ FunctionName: arnOf('eic-no-such-function'), MaximumRetryAttempts: 1 }), 'ResourceNotFoundException', 404, NO_FUNCTION);
    await expectError(getConfig('eic-no-such-function'), 'ResourceNotFoundException', 404, noConfig('eic-no-such-function'));
  });
});

describe('the config drives asynchronous invocation', () => {
  /** A failing function with this config, invoked once with InvocationType Event; returns the file of its attempts. */
  async function failOnceWith(prefix: string, settings: Omit<PutFunctionEventInvokeConfigCommandInput, 'FunctionName'>): Promise<string> {
    const out = path.join(work, `${prefix}.log`);
    const name = await createFunction(prefix, FAILING_RECORDER, { OUT: out });
    await put({ FunctionName: name, ...settings });
    const invoked = await lambda.send(new InvokeCommand({ FunctionName: name, InvocationType: 'Event', Payload: Buffer.from('{}') }));
    assert.equal(invoked.StatusCode, 202);
    return out;
  }

  test('MaximumRetryAttempts 0: the event runs exactly once', async () => {
    const out = await failOnceWith('eic-retries-0', { MaximumRetryAttempts: 0 });
    await sleep(4000);
    assert.equal((await attemptsIn(out)).length, 1);
  });

  test('MaximumRetryAttempts 1: the event runs exactly twice, with one request id', async () => {
    const out = await failOnceWith('eic-retries-1', { MaximumRetryAttempts: 1 });
    // The retry comes 60 engine seconds (1 s) after the first attempt; a second one would come 2 s after that.
    await sleep(5000);
    const attempts = await attemptsIn(out);
    assert.equal(attempts.length, 2);
    assert.equal(new Set(attempts).size, 1);
  });

  test('MaximumEventAgeInSeconds 60: the retry would start after the event’s maximum age, so it runs once', async () => {
    const out = await failOnceWith('eic-age-60', { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 60 });
    await sleep(4000);
    assert.equal((await attemptsIn(out)).length, 1);
  });
});
