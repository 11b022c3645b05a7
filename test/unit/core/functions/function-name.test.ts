import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseFunctionName } from '../../../../src/core/functions/function-name.js';
import { AwsError } from '../../../../src/lib/errors.js';

const scope = { region: 'us-east-1', accountId: '123456789012' };

/** AWS's NamespacedFunctionName pattern, as the Lambda service model states it and its messages quote it. */
const AWS_PATTERN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?';

const patternMessage = (value: string, member = 'functionName') =>
  `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${AWS_PATTERN}`;

interface Accepted {
  input: string;
  qualifier?: string;
  name: string;
  resolvedQualifier: string | undefined;
}

const accepted: Accepted[] = [
  { input: 'my-function', name: 'my-function', resolvedQualifier: undefined },
  { input: 'My_Function.v2', name: 'My_Function.v2', resolvedQualifier: undefined },
  { input: 'my-function:prod', name: 'my-function', resolvedQualifier: 'prod' },
  { input: 'my-function:$LATEST', name: 'my-function', resolvedQualifier: '$LATEST' },
  { input: 'my-function:7', name: 'my-function', resolvedQualifier: '7' },
  { input: 'my-function', qualifier: 'live', name: 'my-function', resolvedQualifier: 'live' },
  { input: 'my-function:live', qualifier: 'live', name: 'my-function', resolvedQualifier: 'live' },
  // Partial ARNs.
  { input: '123456789012:function:my-function', name: 'my-function', resolvedQualifier: undefined },
  { input: '123456789012:function:my-function:3', name: 'my-function', resolvedQualifier: '3' },
  { input: 'function:my-function', name: 'my-function', resolvedQualifier: undefined },
  // Full ARNs, with and without a qualifier.
  { input: 'arn:aws:lambda:us-east-1:123456789012:function:my-function', name: 'my-function', resolvedQualifier: undefined },
  { input: 'arn:aws:lambda:us-east-1:123456789012:function:my-function:$LATEST', name: 'my-function', resolvedQualifier: '$LATEST' },
  { input: 'arn:aws:lambda:us-east-1:123456789012:function:my-function:blue', name: 'my-function', resolvedQualifier: 'blue' },
  { input: 'arn:aws:lambda:us-east-1:123456789012:function:my-function', qualifier: '5', name: 'my-function', resolvedQualifier: '5' },
  // A 64-character name is the longest allowed.
  { input: 'a'.repeat(64), name: 'a'.repeat(64), resolvedQualifier: undefined },
];

interface Refused {
  label: string;
  input: string;
  qualifier?: string;
  code: string;
  status: number;
  message: string;
}

const refused: Refused[] = [
  {
    label: 'a full ARN from another region',
    input: 'arn:aws:lambda:eu-west-1:123456789012:function:my-function',
    code: 'ResourceNotFoundException',
    status: 404,
    message: "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')",
  },
  {
    label: 'a partial ARN from another region',
    input: 'us-west-2:123456789012:function:my-function',
    code: 'ResourceNotFoundException',
    status: 404,
    message: "Functions from 'us-west-2' are not reachable in this region ('us-east-1')",
  },
  {
    label: 'an ARN of another account',
    input: 'arn:aws:lambda:us-east-1:999999999999:function:my-function',
    code: 'ResourceNotFoundException',
    status: 404,
    message: 'Function not found: arn:aws:lambda:us-east-1:999999999999:function:my-function',
  },
  {
    label: 'a qualifier in the name that differs from the Qualifier parameter',
    input: 'my-function:prod',
    qualifier: 'dev',
    code: 'InvalidParameterValueException',
    status: 400,
    message: 'The derived qualifier from the function name does not match the specified qualifier.',
  },
  {
    label: 'a qualified ARN whose qualifier differs from the Qualifier parameter',
    input: 'arn:aws:lambda:us-east-1:123456789012:function:my-function:1',
    qualifier: '2',
    code: 'InvalidParameterValueException',
    status: 400,
    message: 'The derived qualifier from the function name does not match the specified qualifier.',
  },
  { label: 'a space in the name', input: 'my function', code: 'ValidationException', status: 400, message: patternMessage('my function') },
  { label: 'a slash in the name', input: 'my/function', code: 'ValidationException', status: 400, message: patternMessage('my/function') },
  { label: 'an empty qualifier after the colon', input: 'my-function:', code: 'ValidationException', status: 400, message: patternMessage('my-function:') },
  { label: 'an ARN of another service', input: 'arn:aws:sqs:us-east-1:123456789012:queue', code: 'ValidationException', status: 400, message: patternMessage('arn:aws:sqs:us-east-1:123456789012:queue') },
  { label: 'an empty name', input: '', code: 'ValidationException', status: 400, message: patternMessage('') },
  {
    label: 'a Qualifier parameter with characters outside the pattern',
    input: 'my-function',
    qualifier: 'bad.qualifier',
    code: 'ValidationException',
    status: 400,
    message:
      "1 validation error detected: Value 'bad.qualifier' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)",
  },
  {
    label: 'a name of 65 characters',
    input: 'a'.repeat(65),
    code: 'InvalidParameterValueException',
    status: 400,
    message: `1 validation error detected: Value '${'a'.repeat(65)}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
  },
  {
    label: 'a 65-character name inside a full ARN',
    input: `arn:aws:lambda:us-east-1:123456789012:function:${'b'.repeat(65)}`,
    code: 'InvalidParameterValueException',
    status: 400,
    message: `1 validation error detected: Value '${'b'.repeat(65)}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
  },
  {
    label: 'a FunctionName over 256 characters',
    input: `arn:aws:lambda:us-east-1:123456789012:function:${'c'.repeat(250)}`,
    code: 'ValidationException',
    status: 400,
    message: `1 validation error detected: Value 'arn:aws:lambda:us-east-1:123456789012:function:${'c'.repeat(250)}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 256`,
  },
];

describe('parseFunctionName', () => {
  for (const row of accepted) {
    const label = row.qualifier === undefined ? row.input : `${row.input} with Qualifier=${row.qualifier}`;
    test(`accepts ${label.length > 80 ? `${label.slice(0, 77)}...` : label}`, () => {
      assert.deepEqual(parseFunctionName(row.input, row.qualifier, scope), { name: row.name, qualifier: row.resolvedQualifier });
    });
  }

  for (const row of refused) {
    test(`refuses ${row.label} with ${row.code}`, () => {
      assert.throws(
        () => parseFunctionName(row.input, row.qualifier, scope),
        (error: unknown) => {
          assert.ok(error instanceof AwsError, String(error));
          assert.equal(error.code, row.code);
          assert.equal(error.status, row.status);
          assert.equal(error.message, row.message);
          return true;
        },
      );
    });
  }

  test('names the member it was given in a pattern error', () => {
    assert.throws(() => parseFunctionName('bad name', undefined, scope, 'FunctionName'), { message: patternMessage('bad name', 'FunctionName') });
  });

  test('ResourceNotFoundException for another region carries Lambda’s Message key and User type', () => {
    assert.throws(
      () => parseFunctionName('arn:aws:lambda:ap-southeast-2:123456789012:function:f', undefined, scope),
      (error: unknown) => error instanceof AwsError && error.messageKey === 'Message' && error.type === 'User',
    );
  });
});
