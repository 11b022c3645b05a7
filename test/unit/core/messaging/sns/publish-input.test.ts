import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { MessageAttributes } from '../../../../../src/core/messaging/message-attributes.js';
import { prepareBatch, preparePublish, publishSize, type PublishInput } from '../../../../../src/core/messaging/sns/publish-input.js';
import { AwsError } from '../../../../../src/lib/errors.js';

const input = (overrides: Partial<PublishInput>): PublishInput => ({ message: 'hello', subject: undefined, messageStructure: undefined, attributes: {}, ...overrides });

const refusals: { name: string; input: PublishInput; code: string; message: string }[] = [
  { name: 'no message', input: input({ message: undefined }), code: 'InvalidParameter', message: 'Invalid parameter: Empty message' },
  { name: 'empty message', input: input({ message: '' }), code: 'InvalidParameter', message: 'Invalid parameter: Empty message' },
  { name: 'empty subject', input: input({ subject: '' }), code: 'InvalidParameter', message: 'Invalid parameter: Subject' },
  { name: 'subject of 100 characters', input: input({ subject: 's'.repeat(100) }), code: 'InvalidParameter', message: 'Invalid parameter: Subject' },
  { name: 'subject with a line break', input: input({ subject: 'a\nb' }), code: 'InvalidParameter', message: 'Invalid parameter: Subject' },
  { name: 'message over 256 KiB', input: input({ message: 'x'.repeat(262_145) }), code: 'InvalidParameter', message: 'Invalid parameter: Message too long' },
  {
    name: 'message and attributes over 256 KiB together',
    input: input({ message: 'x'.repeat(262_100), attributes: { big: { DataType: 'String', StringValue: 'y'.repeat(100) } } }),
    code: 'InvalidParameter',
    message: 'Invalid parameter: Message too long',
  },
  {
    name: 'JSON structure that is not JSON',
    input: input({ message: '{', messageStructure: 'json' }),
    code: 'InvalidParameter',
    message: 'Invalid parameter: Message Structure - JSON message body failed to parse',
  },
  {
    name: 'JSON structure without a default',
    input: input({ message: '{"sqs":"a"}', messageStructure: 'json' }),
    code: 'InvalidParameter',
    message: 'Invalid parameter: Message Structure - No default entry in JSON message body',
  },
  {
    name: 'JSON structure whose default is not a string',
    input: input({ message: '{"default":1}', messageStructure: 'json' }),
    code: 'InvalidParameter',
    message: 'Invalid parameter: Message Structure - No default entry in JSON message body',
  },
  {
    name: 'attribute name too long',
    input: input({ attributes: { ['n'.repeat(257)]: { DataType: 'String', StringValue: 'v' } } }),
    code: 'ParameterValueInvalid',
    message: 'Length of message attribute name must be less than 256 bytes.',
  },
  {
    name: 'attribute name starting with a dot',
    input: input({ attributes: { '.a': { DataType: 'String', StringValue: 'v' } } }),
    code: 'ParameterValueInvalid',
    message: "Invalid message attribute name starting with character '.' was found.",
  },
  {
    name: 'attribute name ending with a dot',
    input: input({ attributes: { 'a.': { DataType: 'String', StringValue: 'v' } } }),
    code: 'ParameterValueInvalid',
    message: "Invalid message attribute name ending with character '.' was found.",
  },
  {
    name: 'attribute type with an unknown prefix',
    input: input({ attributes: { a: { DataType: 'Text', StringValue: 'v' } } }),
    code: 'ParameterValueInvalid',
    message: "The message attribute 'a' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.",
  },
  {
    name: 'attribute without a value',
    input: input({ attributes: { a: { DataType: 'String' } } }),
    code: 'ParameterValueInvalid',
    message: "The message attribute 'a' must contain non-empty message attribute value for message attribute type 'String'.",
  },
  {
    name: 'number attribute with a binary value',
    input: input({ attributes: { a: { DataType: 'Number', BinaryValue: Buffer.from([1]) } } }),
    code: 'ParameterValueInvalid',
    message: "The message attribute 'a' with type 'Number' must use field 'String'.",
  },
  {
    name: 'empty binary value',
    input: input({ attributes: { a: { DataType: 'Binary', BinaryValue: Buffer.alloc(0) } } }),
    code: 'ParameterValueInvalid',
    message: "The message attribute 'a' must contain non-empty message attribute value for message attribute type 'Binary'.",
  },
  {
    name: 'number attribute that is not a number',
    input: input({ attributes: { a: { DataType: 'Number.int', StringValue: 'twelve' } } }),
    code: 'ParameterValueInvalid',
    message: "Could not cast message attribute 'a' value to number.",
  },
];

describe('publish input refusals', () => {
  for (const refusal of refusals) {
    test(refusal.name, () => {
      assert.throws(
        () => preparePublish(refusal.input),
        (error: unknown) => error instanceof AwsError && error.code === refusal.code && error.status === 400 && error.message === refusal.message,
      );
    });
  }

  test('attributes are checked before the message', () => {
    assert.throws(() => preparePublish(input({ message: '', attributes: { a: { DataType: 'String' } } })), (error: unknown) => (error as AwsError).code === 'ParameterValueInvalid');
  });
});

describe('prepared messages', () => {
  const attributes: MessageAttributes = { kind: { DataType: 'String.Array', StringValue: '["a"]' }, n: { DataType: 'Number.float', StringValue: '1.5' } };

  test('a plain message with custom attribute types', () => {
    assert.deepEqual(preparePublish(input({ subject: 'Hi', attributes })), { message: 'hello', byProtocol: {}, subject: 'Hi', attributes });
  });

  test('MessageStructure=json keeps the string members, the default as the message', () => {
    const prepared = preparePublish(input({ message: JSON.stringify({ default: 'd', sqs: 's', http: 1 }), messageStructure: 'json' }));
    assert.equal(prepared.message, 'd');
    assert.deepEqual(prepared.byProtocol, { default: 'd', sqs: 's' });
  });

  test('the size counts the UTF-8 bytes of the message and of each attribute name, type and value', () => {
    assert.equal(publishSize('é', { ab: { DataType: 'String', StringValue: 'xyz' }, b: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2]) } }), 2 + 2 + 6 + 3 + 1 + 6 + 2);
  });
});

describe('batches', () => {
  test('an entry with no message or a bad subject fails alone', () => {
    const outcomes = prepareBatch([input({ message: 'a' }), input({ message: '' }), input({ message: 'c', subject: '\u0007' })]);
    assert.equal((outcomes[0] as { message: string }).message, 'a');
    assert.equal((outcomes[1] as AwsError).message, 'Invalid parameter: Empty message');
    assert.equal((outcomes[2] as AwsError).message, 'Invalid parameter: Subject');
  });

  test('bad attributes or structures and oversized batches refuse the whole batch', () => {
    assert.throws(() => prepareBatch([input({}), input({ attributes: { a: { DataType: 'Nope', StringValue: 'v' } } })]), (error: unknown) => (error as AwsError).code === 'ParameterValueInvalid');
    assert.throws(() => prepareBatch([input({}), input({ message: '{}', messageStructure: 'json' })]), (error: unknown) => (error as AwsError).code === 'InvalidParameter');
    assert.throws(
      () => prepareBatch([input({ message: 'x'.repeat(200_000) }), input({ message: 'y'.repeat(70_000) })]),
      (error: unknown) => (error as AwsError).code === 'BatchRequestTooLong' && (error as AwsError).message === 'The length of all the messages put together is more than the limit.',
    );
  });
});
