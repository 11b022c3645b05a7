/**
 * Every request member of CreateFunction, UpdateFunctionConfiguration and UpdateFunctionCode, one row each (a few
 * members have a second row for a value Eventide refuses), sent with boto3: either the value is served (it comes back from
 * GetFunction) or it is refused with InvalidParameterValueException and nothing is created or changed. Never
 * accepted and absent.
 *
 * The rows' members are checked against the Lambda model of the botocore that boto3 runs on (1.43.11 when this
 * was written, with CapacityProviderConfig, DurableConfig, TenancyConfig and PublishTo): a member a newer model
 * adds fails the test until it has a row here and a decision in `src/services/lambda/`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { boto3, iamClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { ECHO_HANDLER, LAMBDA_TRUST_POLICY, ROLE, uniqueName } from './support/fixtures.js';

const ACCOUNT = '000000000000';
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const OTHER_ROLE = `arn:aws:iam::${ACCOUNT}:role/sweep-other-role`;
const DLQ = `arn:aws:sqs:us-east-1:${ACCOUNT}:sweep-dlq`;

type Operation = 'CreateFunction' | 'UpdateFunctionConfiguration' | 'UpdateFunctionCode';

interface GetFunction {
  Configuration: Record<string, unknown>;
  Code: Record<string, unknown>;
  Tags?: Record<string, string>;
}

interface Row {
  member: string;
  /** What a second row of the same member is about. */
  variant?: string;
  /** As boto3 takes it; `{name}` stands for the function's name, `{revision}` for its RevisionId, `ZIP` for the package. */
  sample: unknown;
  /** Served: what GetFunction shows for the member (`before`: the function before an update), and the value it must be. Refused: the start of the message. */
  expect: { served: (fn: GetFunction, before: GetFunction | null) => unknown; is: unknown } | { refused: string };
}

const config = (key: string) => (fn: GetFunction) => fn.Configuration[key];
const served = (key: string, is: unknown): Row['expect'] => ({ served: config(key), is });
const refused = (message: string): Row['expect'] => ({ refused: message });
const vpcShown = (fn: GetFunction) => {
  const { VpcId, ...rest } = fn.Configuration.VpcConfig as Record<string, unknown>;
  return { ...rest, VpcId: /^vpc-[0-9a-f]{17}$/.test(String(VpcId)) ? 'vpc-…' : VpcId };
};
const VPC = { SubnetIds: ['subnet-0a1b2c3d'], SecurityGroupIds: ['sg-0123abcd'], Ipv6AllowedForDualStack: true };
const VPC_SHOWN = { ...VPC, VpcId: 'vpc-…' };

const NOT_YET = 'not supported by Eventide yet';
const ZIP_ONLY = 'Eventide takes function code as ZipFile only; S3Bucket/S3Key and ImageUri are not supported yet.';

/** Rows both operations share: the members of UpdateFunctionConfiguration are a subset of CreateFunction's. */
const SHARED: Row[] = [
  { member: 'CapacityProviderConfig', sample: { LambdaManagedInstancesCapacityProviderConfig: { CapacityProviderArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:capacity-provider:cp` } }, expect: refused('Lambda Managed Instances (CapacityProviderConfig) are not supported by Eventide yet.') },
  { member: 'DeadLetterConfig', sample: { TargetArn: DLQ }, expect: served('DeadLetterConfig', { TargetArn: DLQ }) },
  { member: 'Description', sample: 'swept', expect: served('Description', 'swept') },
  { member: 'DurableConfig', sample: { RetentionPeriodInDays: 7 }, expect: refused('Durable functions (DurableConfig) are not supported by Eventide yet.') },
  { member: 'Environment', sample: { Variables: { STAGE: 'sweep' } }, expect: served('Environment', { Variables: { STAGE: 'sweep' } }) },
  { member: 'EphemeralStorage', sample: { Size: 1024 }, expect: served('EphemeralStorage', { Size: 1024 }) },
  { member: 'FileSystemConfigs', sample: [{ Arn: `arn:aws:elasticfilesystem:us-east-1:${ACCOUNT}:access-point/fsap-0123456789abcdef0`, LocalMountPath: '/mnt/data' }], expect: refused('FileSystemConfigs') },
  { member: 'FunctionName', sample: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:{name}`, expect: { served: (fn) => fn.Configuration.FunctionArn === `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${String(fn.Configuration.FunctionName)}`, is: true } },
  { member: 'Handler', sample: 'app.handler', expect: served('Handler', 'app.handler') },
  { member: 'ImageConfig', sample: { Command: ['app.handler'] }, expect: refused('ImageConfig is not supported by Eventide yet') },
  { member: 'KMSKeyArn', sample: KEY, expect: served('KMSKeyArn', KEY) },
  { member: 'Layers', sample: [`arn:aws:lambda:us-east-1:${ACCOUNT}:layer:libs:1`], expect: refused(`Layers are ${NOT_YET}`) },
  { member: 'Layers', variant: 'an empty list: no layers', sample: [], expect: served('Layers', undefined) },
  { member: 'LoggingConfig', sample: { LogFormat: 'Text', LogGroup: '/eventide/sweep' }, expect: served('LoggingConfig', { LogFormat: 'Text', LogGroup: '/eventide/sweep' }) },
  { member: 'LoggingConfig', variant: 'LogFormat JSON', sample: { LogFormat: 'JSON' }, expect: refused('Eventide writes logs in the Text format only; LogFormat JSON is not supported yet.') },
  { member: 'LoggingConfig', variant: 'log levels', sample: { ApplicationLogLevel: 'DEBUG' }, expect: refused('Eventide writes logs in the Text format only; ApplicationLogLevel and SystemLogLevel') },
  { member: 'MemorySize', sample: 512, expect: served('MemorySize', 512) },
  { member: 'Role', sample: OTHER_ROLE, expect: served('Role', OTHER_ROLE) },
  { member: 'Runtime', sample: 'nodejs22.x', expect: served('Runtime', 'nodejs22.x') },
  { member: 'SnapStart', sample: { ApplyOn: 'None' }, expect: served('SnapStart', { ApplyOn: 'None', OptimizationStatus: 'Off' }) },
  { member: 'SnapStart', variant: 'PublishedVersions', sample: { ApplyOn: 'PublishedVersions' }, expect: refused('nodejs20.x is not supported for SnapStart enabled functions.') },
  { member: 'Timeout', sample: 30, expect: served('Timeout', 30) },
  { member: 'TracingConfig', sample: { Mode: 'Active' }, expect: served('TracingConfig', { Mode: 'Active' }) },
  { member: 'VpcConfig', sample: VPC, expect: { served: vpcShown, is: VPC_SHOWN } },
];

const ROWS: Record<Operation, Row[]> = {
  CreateFunction: [
    ...SHARED,
    { member: 'Architectures', sample: ['arm64'], expect: served('Architectures', ['arm64']) },
    { member: 'Code', sample: { ZipFile: 'ZIP', SourceKMSKeyArn: KEY }, expect: { served: (fn) => fn.Code.SourceKMSKeyArn, is: KEY } },
    { member: 'CodeSigningConfigArn', sample: `arn:aws:lambda:us-east-1:${ACCOUNT}:code-signing-config:csc-0123456789abcdef0`, expect: refused(`Code signing is ${NOT_YET}`) },
    { member: 'PackageType', sample: 'Zip', expect: served('PackageType', 'Zip') },
    { member: 'PackageType', variant: 'Image', sample: 'Image', expect: refused('Eventide runs Zip packages only; PackageType Image is not supported yet.') },
    { member: 'Publish', sample: true, expect: refused(`Publishing versions is ${NOT_YET}`) },
    { member: 'Publish', variant: 'false: nothing to publish', sample: false, expect: served('Version', '$LATEST') },
    { member: 'PublishTo', sample: 'LATEST_PUBLISHED', expect: refused(`Publishing versions is ${NOT_YET}`) },
    { member: 'Tags', sample: { team: 'sweep' }, expect: { served: (fn) => fn.Tags, is: { team: 'sweep' } } },
    { member: 'TenancyConfig', sample: { TenantIsolationMode: 'PER_TENANT' }, expect: refused('Tenant isolation (TenancyConfig) is not supported by Eventide yet.') },
  ],
  UpdateFunctionConfiguration: [
    ...SHARED,
    { member: 'RevisionId', sample: '{revision}', expect: { served: (fn) => typeof fn.Configuration.RevisionId, is: 'string' } },
  ],
  // Each row sends the member with ZipFile (a different package), or in ZipFile's place for the other code sources.
  UpdateFunctionCode: [
    { member: 'Architectures', sample: ['arm64'], expect: served('Architectures', ['arm64']) },
    { member: 'DryRun', sample: true, expect: { served: (fn, before) => fn.Configuration.CodeSha256 === before?.Configuration.CodeSha256, is: true } },
    { member: 'FunctionName', sample: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:{name}`, expect: { served: (fn, before) => fn.Configuration.CodeSha256 !== before?.Configuration.CodeSha256, is: true } },
    { member: 'ImageUri', sample: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/app:latest`, expect: refused(ZIP_ONLY) },
    { member: 'Publish', sample: true, expect: refused(`Publishing versions is ${NOT_YET}`) },
    { member: 'PublishTo', sample: 'LATEST_PUBLISHED', expect: refused(`Publishing versions is ${NOT_YET}`) },
    { member: 'RevisionId', sample: '{revision}', expect: { served: (fn, before) => fn.Configuration.RevisionId !== before?.Configuration.RevisionId, is: true } },
    { member: 'S3Bucket', sample: 'code-bucket', expect: refused(ZIP_ONLY) },
    { member: 'S3Key', sample: 'app.zip', expect: refused(ZIP_ONLY) },
    { member: 'S3ObjectVersion', sample: '3HL4kqtJlcpXroDTDmJ', expect: refused(ZIP_ONLY) },
    { member: 'SourceKMSKeyArn', sample: KEY, expect: { served: (fn) => fn.Code.SourceKMSKeyArn, is: KEY } },
    { member: 'ZipFile', sample: 'ZIP', expect: { served: (fn, before) => fn.Configuration.CodeSha256 !== before?.Configuration.CodeSha256, is: true } },
  ],
};

/** Code sources in the place of ZipFile: the request carries no ZipFile. */
const CODE_SOURCES = ['ImageUri', 'S3Bucket', 'S3Key', 'S3ObjectVersion'];

/** Runs every row of both operations in one boto3 process (each Python start costs a second) and prints what happened. */
const SWEEP_SCRIPT = (rows: { operation: Operation; member: string; sample: unknown; name: string }[]) => `
import boto3, botocore, io, json, os, zipfile
from botocore.exceptions import ClientError
client = boto3.client('lambda', endpoint_url=os.environ['ENDPOINT'])
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, 'w') as archive:
    archive.writestr('index.js', ${JSON.stringify(ECHO_HANDLER)})
ZIP = buffer.getvalue()
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, 'w') as archive:
    archive.writestr('index.js', 'exports.handler = async () => "new code";')
NEW_ZIP = buffer.getvalue()
model = client.meta.service_model
out = {'botocore': botocore.__version__, 'model': {op: sorted(model.operation_model(op).input_shape.members) for op in ['CreateFunction', 'UpdateFunctionConfiguration', 'UpdateFunctionCode']}, 'rows': []}

def base(name):
    return dict(FunctionName=name, Runtime='nodejs20.x', Handler='index.handler', Role='${ROLE}', Code={'ZipFile': ZIP})

def shown(name):
    try:
        fn = client.get_function(FunctionName=name)
    except ClientError as error:
        return error.response['Error']['Code']
    return {'Configuration': fn['Configuration'], 'Code': {k: v for k, v in fn['Code'].items() if k != 'Location'}, 'Tags': fn.get('Tags')}

for row in json.loads(${JSON.stringify(JSON.stringify(rows))}):
    name = row['name']
    before = None
    if row['operation'] != 'CreateFunction':
        client.create_function(**base(name))
        before = shown(name)
    sample = json.loads(json.dumps(row['sample']).replace('{name}', name).replace('{revision}', before['Configuration']['RevisionId'] if before else ''))
    if row['member'] == 'Code':
        sample['ZipFile'] = ZIP
    if row['member'] == 'ZipFile':
        sample = NEW_ZIP
    error = None
    try:
        if row['operation'] == 'CreateFunction':
            client.create_function(**{**base(name), row['member']: sample})
        elif row['operation'] == 'UpdateFunctionConfiguration':
            client.update_function_configuration(**{'FunctionName': name, row['member']: sample})
        else:
            code = {} if row['member'] in ${JSON.stringify(CODE_SOURCES)} else {'ZipFile': NEW_ZIP}
            client.update_function_code(**{'FunctionName': name, **code, row['member']: sample})
    except ClientError as e:
        error = [e.response['Error']['Code'], e.response['Error']['Message'], e.response['ResponseMetadata']['HTTPStatusCode']]
    out['rows'].append({'error': error, 'before': before, 'after': shown(name)})
print(json.dumps(out))
`;

interface RowResult {
  error: [string, string, number] | null;
  before: GetFunction | null;
  after: GetFunction | string;
}

let eventide: EventideProcess;
let results: { botocore: string; model: Record<Operation, string[]>; rows: RowResult[] };
const runs: { operation: Operation; row: Row; name: string }[] = [];

before(async () => {
  eventide = await startEventide();
  const iam = iamClient(eventide.url);
  await iam.send(new CreateRoleCommand({ RoleName: 'sweep-other-role', AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY }));
  const mayWriteDlq = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: DLQ }] };
  await iam.send(new PutRolePolicyCommand({ RoleName: 'lambda-role', PolicyName: 'dlq', PolicyDocument: JSON.stringify(mayWriteDlq) }));
  iam.destroy();
  for (const operation of Object.keys(ROWS) as Operation[]) {
    for (const row of ROWS[operation]) runs.push({ operation, row, name: uniqueName(`sweep-${operation.charAt(0).toLowerCase()}`) });
  }
  const result = await boto3(eventide.url, SWEEP_SCRIPT(runs.map(({ operation, row, name }) => ({ operation, member: row.member, sample: row.sample, name }))));
  assert.equal(result.code, 0, result.stderr);
  results = JSON.parse(result.stdout) as typeof results;
});

after(async () => {
  if (eventide !== undefined) await stopAndClean(eventide);
});

for (const operation of Object.keys(ROWS) as Operation[]) {
  describe(`${operation}: every request member is served or refused`, () => {
    test(`the rows cover exactly the request members of the installed botocore model`, () => {
      const members = [...new Set(ROWS[operation].map((row) => row.member))].sort();
      assert.deepEqual(members, results.model[operation], `botocore ${results.botocore}`);
    });

    for (const row of ROWS[operation]) {
      const expect = row.expect;
      const label = `${row.member}${row.variant === undefined ? '' : ` (${row.variant})`}: ${'refused' in expect ? 'refused' : 'served'}`;
      test(label, () => {
        const index = runs.findIndex((run) => run.operation === operation && run.row === row);
        const result = results.rows[index];
        assert.ok(result !== undefined);
        if ('refused' in expect) {
          assert.ok(result.error !== null, 'the request must be refused');
          assert.equal(result.error[0], 'InvalidParameterValueException', result.error[1]);
          assert.equal(result.error[2], 400);
          assert.ok(result.error[1].startsWith(expect.refused), result.error[1]);
          if (operation === 'CreateFunction') assert.equal(result.after, 'ResourceNotFoundException', 'nothing is created');
          else assert.deepEqual(result.after, result.before, 'nothing changes');
        } else {
          assert.equal(result.error, null, JSON.stringify(result.error));
          assert.ok(typeof result.after === 'object', String(result.after));
          assert.deepEqual(expect.served(result.after, result.before), expect.is);
        }
      });
    }
  });
}
