import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { AwsError } from '../../../../src/lib/errors.js';
import { checkSnapStart, readCodeSettings, readCreateSettings, readSettings } from '../../../../src/services/lambda/settings.js';
import { refuseUnsupported, UNSUPPORTED_IN } from '../../../../src/services/lambda/unsupported-settings.js';
import { Problems } from '../../../../src/services/lambda/validation.js';
import { checkVpcConfigRules, readVpcConfig, vpcConfigResponse } from '../../../../src/services/lambda/vpc-config.js';

const BASE = { Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::000000000000:role/lambda-role' };
const KEY = 'arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const scope = { region: 'us-east-1', accountId: '000000000000' };

/** The error a call throws: its code and message. */
function thrown(call: () => unknown): { code: string; message: string } {
  try {
    call();
  } catch (error) {
    assert.ok(error instanceof AwsError);
    return { code: error.code, message: error.message };
  }
  assert.fail('expected an error');
}

const update = (body: Record<string, unknown>) => readSettings(body, new Problems(), UNSUPPORTED_IN.UpdateFunctionConfiguration);

describe('VpcConfig', () => {
  test('is read with Ipv6AllowedForDualStack false by default, and shown with a stable VpcId', () => {
    const vpc = readVpcConfig({ VpcConfig: { SubnetIds: ['subnet-1a'], SecurityGroupIds: ['sg-1A'] } }, new Problems());
    assert.deepEqual(vpc, { subnetIds: ['subnet-1a'], securityGroupIds: ['sg-1A'], ipv6AllowedForDualStack: false });
    assert.ok(vpc !== undefined);
    const shown = vpcConfigResponse(vpc, scope);
    assert.match(String(shown.VpcId), /^vpc-[0-9a-f]{17}$/);
    assert.deepEqual(vpcConfigResponse(vpc, scope), shown);
    assert.notEqual(vpcConfigResponse(vpc, { ...scope, region: 'eu-west-1' }).VpcId, shown.VpcId);
  });

  test('without subnets, the function is in no VPC: VpcId is empty', () => {
    assert.deepEqual(vpcConfigResponse({ subnetIds: [], securityGroupIds: [], ipv6AllowedForDualStack: false }, scope), {
      SubnetIds: [], SecurityGroupIds: [], VpcId: '', Ipv6AllowedForDualStack: false,
    });
  });

  test('malformed IDs are a ValidationException quoting the list and the item constraints, as AWS does', () => {
    const error = thrown(() => update({ VpcConfig: { SubnetIds: ['net-1'], SecurityGroupIds: ['group'] } }));
    assert.equal(error.code, 'ValidationException');
    assert.equal(
      error.message,
      "2 validation errors detected: Value '[net-1]' at 'vpcConfig.subnetIds' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 0, Member must satisfy regular expression pattern: subnet-[0-9a-z]*]; " +
        "Value '[group]' at 'vpcConfig.securityGroupIds' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 0, Member must satisfy regular expression pattern: sg-[0-9a-zA-Z]*]",
    );
  });

  test('more than 16 subnets or 5 security groups are refused', () => {
    const subnets = Array.from({ length: 17 }, (_, i) => `subnet-${i}`);
    const groups = Array.from({ length: 6 }, (_, i) => `sg-${i}`);
    const { message } = thrown(() => update({ VpcConfig: { SubnetIds: subnets, SecurityGroupIds: groups } }));
    assert.match(message, /at 'vpcConfig.subnetIds' failed to satisfy constraint: Member must have length less than or equal to 16/);
    assert.match(message, /at 'vpcConfig.securityGroupIds' failed to satisfy constraint: Member must have length less than or equal to 5/);
  });

  test('subnets and security groups must come together or not at all', () => {
    const message = 'SubnetIds and SecurityIds must coexist or be both empty list.';
    assert.deepEqual(thrown(() => checkVpcConfigRules({ subnetIds: ['subnet-1'], securityGroupIds: [], ipv6AllowedForDualStack: false })), { code: 'InvalidParameterValueException', message });
    assert.deepEqual(thrown(() => checkVpcConfigRules({ subnetIds: [], securityGroupIds: ['sg-1'], ipv6AllowedForDualStack: false })), { code: 'InvalidParameterValueException', message });
    checkVpcConfigRules({ subnetIds: [], securityGroupIds: [], ipv6AllowedForDualStack: false });
  });
});

describe('KMSKeyArn and SourceKMSKeyArn', () => {
  test('an ARN is kept; an empty string clears it (back to AWS\'s own key)', () => {
    assert.equal(update({ KMSKeyArn: KEY }).kmsKeyArn, KEY);
    const cleared = update({ KMSKeyArn: '' });
    assert.ok('kmsKeyArn' in cleared);
    assert.equal(cleared.kmsKeyArn, undefined);
  });

  test("a value that is not an ARN is a ValidationException at 'kMSKeyArn'", () => {
    const error = thrown(() => update({ KMSKeyArn: 'my-key' }));
    assert.equal(error.code, 'ValidationException');
    assert.equal(error.message, "1 validation error detected: Value 'my-key' at 'kMSKeyArn' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()");
  });

  test('Code.SourceKMSKeyArn on create and SourceKMSKeyArn on update of the code are kept per upload', () => {
    assert.equal(readCreateSettings({ ...BASE, Code: { SourceKMSKeyArn: KEY } }, 'f').sourceKmsKeyArn, KEY);
    assert.equal(readCreateSettings(BASE, 'f').sourceKmsKeyArn, undefined);
    assert.deepEqual(readCodeSettings({ SourceKMSKeyArn: KEY }), { sourceKmsKeyArn: KEY });
    assert.deepEqual(readCodeSettings({}), { sourceKmsKeyArn: undefined });
    assert.match(thrown(() => readCodeSettings({ SourceKMSKeyArn: 'nope' })).message, /at 'sourceKMSKeyArn'/);
  });
});

describe('Architectures', () => {
  test('defaults to x86_64; arm64 is kept, on create and with new code', () => {
    assert.deepEqual(readCreateSettings(BASE, 'f').architectures, ['x86_64']);
    assert.deepEqual(readCreateSettings({ ...BASE, Architectures: ['arm64'] }, 'f').architectures, ['arm64']);
    assert.deepEqual(readCodeSettings({ Architectures: ['arm64'] }).architectures, ['arm64']);
  });

  test('two architectures, an unknown one or none are ValidationExceptions in AWS wording', () => {
    assert.equal(
      thrown(() => readCreateSettings({ ...BASE, Architectures: ['x86_64', 'arm64'] }, 'f')).message,
      "1 validation error detected: Value '[x86_64, arm64]' at 'architectures' failed to satisfy constraint: Member must have length less than or equal to 1",
    );
    assert.equal(
      thrown(() => readCodeSettings({ Architectures: ['X86_64'] })).message,
      "1 validation error detected: Value '[X86_64]' at 'architectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]",
    );
    assert.match(thrown(() => readCreateSettings({ ...BASE, Architectures: [] }, 'f')).message, /Value '\[\]' at 'architectures' failed to satisfy constraint: Member must have length greater than or equal to 1/);
  });
});

describe('EphemeralStorage, SnapStart, LoggingConfig, Tags', () => {
  test('EphemeralStorage.Size is 512 by default, 512–10240, and required inside EphemeralStorage', () => {
    assert.equal(readCreateSettings(BASE, 'f').ephemeralStorageSize, 512);
    assert.equal(update({ EphemeralStorage: { Size: 10240 } }).ephemeralStorageSize, 10240);
    assert.match(thrown(() => update({ EphemeralStorage: { Size: 511 } })).message, /Value '511' at 'ephemeralStorage.size' failed to satisfy constraint: Member must have value greater than or equal to 512/);
    assert.match(thrown(() => update({ EphemeralStorage: {} })).message, /Value null at 'ephemeralStorage.size' failed to satisfy constraint: Member must not be null/);
  });

  test('SnapStart.ApplyOn is None or PublishedVersions; PublishedVersions is refused for the runtimes Eventide runs', () => {
    assert.equal(
      thrown(() => update({ SnapStart: { ApplyOn: 'invalidOption' } })).message,
      "1 validation error detected: Value 'invalidOption' at 'snapStart.applyOn' failed to satisfy constraint: Member must satisfy enum value set: [PublishedVersions, None]",
    );
    checkSnapStart({ SnapStart: { ApplyOn: 'None' } }, 'nodejs20.x');
    assert.deepEqual(thrown(() => checkSnapStart({ SnapStart: { ApplyOn: 'PublishedVersions' } }, 'nodejs22.x')), {
      code: 'InvalidParameterValueException',
      message: 'nodejs22.x is not supported for SnapStart enabled functions.',
    });
  });

  test('LoggingConfig: Text and a log group are kept; JSON and log levels are refused; a bad level is a ValidationException', () => {
    assert.deepEqual(update({ LoggingConfig: { LogFormat: 'Text', LogGroup: '/my/group' } }), { logFormat: 'Text', logGroup: '/my/group' });
    assert.equal(thrown(() => update({ LoggingConfig: { LogFormat: 'JSON' } })).code, 'InvalidParameterValueException');
    assert.match(thrown(() => update({ LoggingConfig: { SystemLogLevel: 'WARN' } })).message, /ApplicationLogLevel and SystemLogLevel, which need LogFormat JSON, are not supported yet/);
    assert.match(thrown(() => update({ LoggingConfig: { ApplicationLogLevel: 'LOUD' } })).message, /at 'loggingConfig.applicationLogLevel' failed to satisfy constraint: Member must satisfy enum value set: \[TRACE, DEBUG, INFO, WARN, ERROR, FATAL\]/);
  });

  test('more than 50 tags is "Number of tags exceeds resource tag limit."', () => {
    const tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    assert.deepEqual(thrown(() => readCreateSettings({ ...BASE, Tags: tags }, 'f')), { code: 'InvalidParameterValueException', message: 'Number of tags exceeds resource tag limit.' });
    const { k50: _dropped, ...fifty } = tags;
    assert.equal(Object.keys(readCreateSettings({ ...BASE, Tags: fifty }, 'f').tags).length, 50);
  });
});

describe('members whose feature Eventide has not built yet', () => {
  test('asking for them is refused; their "nothing" (empty list, Publish false, absent) is accepted', () => {
    for (const body of [{ Layers: ['arn:aws:lambda:us-east-1:000000000000:layer:libs:1'] }, { Publish: true }, { PublishTo: 'LATEST_PUBLISHED' }, { CodeSigningConfigArn: 'x' }, { TenancyConfig: { TenantIsolationMode: 'PER_TENANT' } }]) {
      assert.equal(thrown(() => refuseUnsupported(body, UNSUPPORTED_IN.CreateFunction)).code, 'InvalidParameterValueException', JSON.stringify(body));
    }
    for (const body of [{ Layers: [] }, { FileSystemConfigs: [] }, { Publish: false }, { Layers: null }, {}]) refuseUnsupported(body, UNSUPPORTED_IN.CreateFunction);
  });

  test('an operation refuses only the members its model has: UpdateFunctionConfiguration knows no Publish', () => {
    refuseUnsupported({ Publish: true }, UNSUPPORTED_IN.UpdateFunctionConfiguration);
    assert.equal(thrown(() => refuseUnsupported({ Publish: true }, UNSUPPORTED_IN.UpdateFunctionCode)).code, 'InvalidParameterValueException');
  });

  test('a malformed layer ARN is a ValidationException first, in AWS wording', () => {
    const { code, message } = thrown(() => update({ Layers: ['arn:aws:lambda:us-east-1:000000000000:layer:libs'] }));
    assert.equal(code, 'ValidationException');
    assert.match(message, /^1 validation error detected: Value '\[arn:aws:lambda:us-east-1:000000000000:layer:libs\]' at 'layers' failed to satisfy constraint: Member must satisfy constraint: \[Member must have length less than or equal to 2048, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: .*, Member must not be null\]$/);
  });

  test('model errors come before refusals: a bad Timeout with Layers is a ValidationException', () => {
    assert.equal(thrown(() => update({ Timeout: 0, Layers: ['arn:aws:lambda:us-east-1:000000000000:layer:libs:1'] })).code, 'ValidationException');
  });
});
