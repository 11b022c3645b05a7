/**
 * Resource-based policies end to end (spec §5): AddPermission, GetPolicy and RemovePermission with the SDK v3 and
 * the AWS CLI, AWS's statement and policy documents key for key, the errors of §5.4 that apply while only $LATEST
 * exists, RevisionId, persistence, the policy check endpoint, and EventBridge refused by a function's policy.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PutEventsCommand, PutRuleCommand, PutTargetsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import {
  AddPermissionCommand,
  type AddPermissionCommandInput,
  DeleteFunctionCommand,
  GetPolicyCommand,
  type LambdaClient,
  RemovePermissionCommand,
} from '@aws-sdk/client-lambda';
import { ACCOUNT, arnOf, deploy, REGION, UUID } from './invoke-support.js';
import { awsCli, eventBridgeClient, lambdaClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { ECHO_HANDLER, uniqueName } from './support/fixtures.js';
import { expectError } from './support/sdk-errors.js';

const BUCKET_ARN = 'arn:aws:s3:::my-bucket-1xpuxmplzrlbh';
const REVISION_MISMATCH =
  'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id';

let eventide: EventideProcess;
let lambda: LambdaClient;
let events: EventBridgeClient;

const connect = (running: EventideProcess) => {
  eventide = running;
  lambda = lambdaClient(running.url);
  events = eventBridgeClient(running.url);
};

before(async () => connect(await startEventide()));
after(async () => {
  lambda?.destroy();
  events?.destroy();
  if (eventide !== undefined) await stopAndClean(eventide);
});

const newFunction = (prefix = 'perm') => deploy(lambda, { prefix, files: { 'index.js': ECHO_HANDLER } });

const addPermission = (input: Partial<AddPermissionCommandInput> & { FunctionName: string }) =>
  lambda.send(new AddPermissionCommand({ StatementId: 's3', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com', ...input }));

async function getPolicy(name: string): Promise<{ policy: unknown; text: string; revisionId: string }> {
  const out = await lambda.send(new GetPolicyCommand({ FunctionName: name }));
  assert.equal(out.$metadata.httpStatusCode, 200);
  return { policy: JSON.parse(out.Policy ?? ''), text: out.Policy ?? '', revisionId: out.RevisionId ?? '' };
}

const s3Statement = (name: string) =>
  `{"Sid":"s3","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"${arnOf(name)}","Condition":{"StringEquals":{"AWS:SourceAccount":"123456789012"},"ArnLike":{"AWS:SourceArn":"${BUCKET_ARN}"}}}`;

describe('AddPermission and GetPolicy', () => {
  test('answer 201 with the statement and 200 with the policy document, keys in AWS order', async () => {
    const name = await newFunction();
    const added = await addPermission({ FunctionName: name, SourceAccount: '123456789012', SourceArn: BUCKET_ARN });
    assert.equal(added.$metadata.httpStatusCode, 201);
    assert.equal(added.Statement, s3Statement(name));

    await addPermission({ FunctionName: arnOf(name), StatementId: 'events', Principal: 'events.amazonaws.com' });
    const { text, revisionId } = await getPolicy(name);
    assert.match(revisionId, UUID);
    assert.equal(
      text,
      `{"Version":"2012-10-17","Id":"default","Statement":[${s3Statement(name)},{"Sid":"events","Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"${arnOf(name)}"}]}`,
    );
  });

  test('the AWS CLI adds, reads and removes permissions', async () => {
    const name = await newFunction('perm-cli');
    const add = await awsCli(eventide.url, [
      'lambda', 'add-permission', '--function-name', name, '--statement-id', 's3', '--action', 'lambda:InvokeFunction',
      '--principal', 's3.amazonaws.com', '--source-account', '123456789012', '--source-arn', BUCKET_ARN,
    ]);
    assert.equal(add.code, 0, add.stderr);
    assert.deepEqual(JSON.parse(add.stdout), { Statement: s3Statement(name) });

    const get = await awsCli(eventide.url, ['lambda', 'get-policy', '--function-name', name]);
    assert.equal(get.code, 0, get.stderr);
    const got = JSON.parse(get.stdout) as { Policy: string; RevisionId: string };
    assert.equal(got.Policy, `{"Version":"2012-10-17","Id":"default","Statement":[${s3Statement(name)}]}`);

    const remove = await awsCli(eventide.url, ['lambda', 'remove-permission', '--function-name', name, '--statement-id', 's3', '--revision-id', got.RevisionId]);
    assert.equal(remove.code, 0, remove.stderr);
    const gone = await awsCli(eventide.url, ['lambda', 'get-policy', '--function-name', name]);
    assert.notEqual(gone.code, 0);
    assert.match(gone.stderr, /ResourceNotFoundException.*The resource you requested does not exist\./);
  });

  test('errors with AWS codes, statuses and messages; nothing changes', async () => {
    const name = await newFunction();
    await addPermission({ FunctionName: name });
    const before = await getPolicy(name);
    await expectError(
      addPermission({ FunctionName: name }),
      'ResourceConflictException', 409,
      'The statement id (s3) provided already exists. Please provide a new statement id, or remove the existing statement.',
    );
    await expectError(addPermission({ FunctionName: name, StatementId: 'x', Qualifier: '$LATEST' }), 'InvalidParameterValueException', 400, 'We currently do not support adding policies for $LATEST.');
    await expectError(
      addPermission({ FunctionName: name, StatementId: 'x', Principal: 'example.com' }),
      'InvalidParameterValueException', 400,
      'The provided principal was invalid. Please check the principal and try again.',
    );
    await expectError(
      addPermission({ FunctionName: name, StatementId: 'example.com' }),
      'ValidationException', 400,
      "1 validation error detected: Value 'example.com' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)",
    );
    await expectError(addPermission({ FunctionName: 'doesnotexist' }), 'ResourceNotFoundException', 404, `Function not found: ${arnOf('doesnotexist')}`);
    await expectError(addPermission({ FunctionName: name, Qualifier: '42' }), 'ResourceNotFoundException', 404, `Function not found: ${arnOf(name)}:42`);
    await expectError(
      addPermission({ FunctionName: name, Qualifier: 'alias-doesnotexist' }),
      'ResourceNotFoundException', 404,
      `Cannot find alias arn: ${arnOf(name)}:alias-doesnotexist`,
    );
    await expectError(addPermission({ FunctionName: name, StatementId: 'x', RevisionId: 'stale' }), 'PreconditionFailedException', 412, REVISION_MISMATCH);
    assert.deepEqual(await getPolicy(name), before);

    const bare = await newFunction();
    await expectError(lambda.send(new GetPolicyCommand({ FunctionName: bare })), 'ResourceNotFoundException', 404, 'The resource you requested does not exist.');
    await expectError(lambda.send(new GetPolicyCommand({ FunctionName: 'doesnotexist' })), 'ResourceNotFoundException', 404, 'The resource you requested does not exist.');
  });
});

describe('RemovePermission', () => {
  test('removes one statement; the last one takes the policy along; errors as AWS words them', async () => {
    const name = await newFunction();
    await addPermission({ FunctionName: name });
    await addPermission({ FunctionName: name, StatementId: 'sqs', Principal: 'sqs.amazonaws.com', SourceArn: 'arn:aws:s3:::test-bucket' });
    await expectError(
      lambda.send(new RemovePermissionCommand({ FunctionName: name, StatementId: 'non-existent' })),
      'ResourceNotFoundException', 404,
      'Statement non-existent is not found in resource policy.',
    );
    await expectError(
      lambda.send(new RemovePermissionCommand({ FunctionName: 'doesnotexist', StatementId: 's3' })),
      'ResourceNotFoundException', 404,
      `No policy found for: ${arnOf('doesnotexist')}`,
    );
    const removed = await lambda.send(new RemovePermissionCommand({ FunctionName: name, StatementId: 'sqs' }));
    assert.equal(removed.$metadata.httpStatusCode, 204);
    assert.deepEqual((await getPolicy(name)).policy, {
      Version: '2012-10-17',
      Id: 'default',
      Statement: [{ Sid: 's3', Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'lambda:InvokeFunction', Resource: arnOf(name) }],
    });
    await lambda.send(new RemovePermissionCommand({ FunctionName: name, StatementId: 's3' }));
    await expectError(lambda.send(new GetPolicyCommand({ FunctionName: name })), 'ResourceNotFoundException', 404, 'The resource you requested does not exist.');
    await expectError(
      lambda.send(new RemovePermissionCommand({ FunctionName: name, StatementId: 's3' })),
      'ResourceNotFoundException', 404,
      'No policy is associated with the given resource.',
    );
  });

  test('RevisionId: each change makes a new one; a stale one is refused', async () => {
    const name = await newFunction();
    await addPermission({ FunctionName: name });
    const first = (await getPolicy(name)).revisionId;
    await addPermission({ FunctionName: name, StatementId: 'events', Principal: 'events.amazonaws.com', RevisionId: first });
    const second = (await getPolicy(name)).revisionId;
    assert.notEqual(second, first);
    await expectError(
      lambda.send(new RemovePermissionCommand({ FunctionName: name, StatementId: 'events', RevisionId: first })),
      'PreconditionFailedException', 412,
      REVISION_MISMATCH,
    );
    await lambda.send(new RemovePermissionCommand({ FunctionName: name, StatementId: 'events', RevisionId: second }));
    assert.notEqual((await getPolicy(name)).revisionId, second);
  });

  test('deleting a function deletes its policy', async () => {
    const name = await newFunction();
    await addPermission({ FunctionName: name });
    await lambda.send(new DeleteFunctionCommand({ FunctionName: name }));
    await expectError(lambda.send(new GetPolicyCommand({ FunctionName: name })), 'ResourceNotFoundException', 404, 'The resource you requested does not exist.');
  });
});

interface PolicyCheck {
  decision: string;
  reason: string;
  statement: string | null;
}

async function check(name: string, params: Record<string, string>): Promise<{ status: number; body: PolicyCheck }> {
  const response = await fetch(`${eventide.url}/_eventide/functions/${name}/policy/check?${new URLSearchParams(params).toString()}`);
  return { status: response.status, body: (await response.json()) as PolicyCheck };
}

describe('GET /_eventide/functions/{name}/policy/check', () => {
  test('says whether a service may invoke the function, and why', async () => {
    const name = await newFunction();
    const bucket = { principal: 's3.amazonaws.com', sourceArn: 'arn:aws:s3:::b', sourceAccount: ACCOUNT };
    const refusal = `The resource-based policy of function ${name} does not allow s3.amazonaws.com to invoke it from arn:aws:s3:::b`;

    assert.deepEqual(await check(name, bucket), {
      status: 200,
      body: { decision: 'Deny', statement: null, reason: `Function ${name} has no resource-based policy, so nothing allows s3.amazonaws.com to invoke it from arn:aws:s3:::b` },
    });
    await addPermission({ FunctionName: name, StatementId: 'bucket', SourceArn: 'arn:aws:s3:::b', SourceAccount: ACCOUNT });
    assert.deepEqual(await check(name, bucket), {
      status: 200,
      body: { decision: 'Allow', statement: 'bucket', reason: `Statement 'bucket' of the resource-based policy of function ${name} allows s3.amazonaws.com to invoke it from arn:aws:s3:::b` },
    });
    assert.deepEqual((await check(name, { ...bucket, principal: 'sns.amazonaws.com' })).body, {
      decision: 'Deny',
      statement: null,
      reason: `The resource-based policy of function ${name} does not allow sns.amazonaws.com to invoke it from arn:aws:s3:::b: no statement names sns.amazonaws.com`,
    });
    assert.deepEqual((await check(name, { ...bucket, sourceArn: 'arn:aws:s3:::other' })).body, {
      decision: 'Deny',
      statement: 'bucket',
      reason: `The resource-based policy of function ${name} does not allow s3.amazonaws.com to invoke it from arn:aws:s3:::other: statement 'bucket' requires AWS:SourceArn like arn:aws:s3:::b`,
    });
    assert.deepEqual((await check(name, { ...bucket, sourceAccount: '111111111111' })).body, {
      decision: 'Deny',
      statement: 'bucket',
      reason: `${refusal}: statement 'bucket' requires AWS:SourceAccount equal to ${ACCOUNT}`,
    });
    const missing = await check('doesnotexist', bucket);
    assert.equal(missing.status, 404);
    assert.match(JSON.stringify(missing.body), /Function not found/);
  });
});

describe('EventBridge targets', () => {
  test('a rule the policy does not name invokes nothing, and the log says why', async () => {
    const name = await newFunction('perm-events');
    const rule = uniqueName('denied');
    const ruleArn = (await events.send(new PutRuleCommand({ Name: rule, EventPattern: JSON.stringify({ source: ['perm.denied'] }) }))).RuleArn ?? '';
    await events.send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: 'fn', Arn: arnOf(name) }] }));
    const otherRule = `arn:aws:events:${REGION}:${ACCOUNT}:rule/other`;
    await addPermission({ FunctionName: name, StatementId: 'events-rule', Principal: 'events.amazonaws.com', SourceArn: otherRule });

    // PutEvents answers once its deliveries were made or refused.
    const put = await events.send(new PutEventsCommand({ Entries: [{ Source: 'perm.denied', DetailType: 'x', Detail: '{}' }] }));
    assert.equal(put.FailedEntryCount, 0);
    const reason = `The resource-based policy of function ${name} does not allow events.amazonaws.com to invoke it from ${ruleArn}: statement 'events-rule' requires AWS:SourceArn like ${otherRule}`;
    assert.ok(eventide.output().includes(reason), `the log names the reason:\n${eventide.output()}`);
    const queued = (await (await fetch(`${eventide.url}/_eventide/functions/${name}/events`)).json()) as { events: unknown[] };
    assert.deepEqual(queued.events, []);
  });
});

describe('persistence', () => {
  test('policies survive a restart', async () => {
    const name = await newFunction();
    await addPermission({ FunctionName: name, SourceAccount: '123456789012', SourceArn: BUCKET_ARN });
    const before = await getPolicy(name);
    lambda.destroy();
    events.destroy();
    await eventide.stop();
    connect(await startEventide({ dataDir: eventide.dataDir }));
    assert.deepEqual(await getPolicy(name), before);
  });
});
