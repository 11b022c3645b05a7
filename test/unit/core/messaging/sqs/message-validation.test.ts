import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { MessageAttributes } from '../../../../../src/core/messaging/message-attributes.js';
import { checkMessageAttributes, checkMessageBody, messageSize } from '../../../../../src/core/messaging/sqs/message-validation.js';
import { AwsError } from '../../../../../src/lib/errors.js';

const ALLOWED = '#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]';

function refusal(run: () => void): { code: string; queryCode: string | undefined; message: string } | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    assert.ok(error instanceof AwsError);
    return { code: error.code, queryCode: error.queryCode, message: error.message };
  }
}

describe('message body characters', () => {
  const accepted = ['plain', 'tab\tnewline\ncr\r', 'ümlaut ✓', 'emoji 😀 (a surrogate pair)', '\uE000\uFFFD'];
  for (const body of accepted) test(`accepts ${JSON.stringify(body)}`, () => assert.equal(refusal(() => checkMessageBody(body)), undefined));

  const refused: { body: string; character: string }[] = [
    { body: 'a\u0000b', character: '#x0' },
    { body: 'bell\u0007', character: '#x7' },
    { body: 'x\u001F', character: '#x1F' },
    { body: 'noncharacter \uFFFF', character: '#xFFFF' },
    { body: 'lone surrogate \uD800', character: '#xD800' },
  ];
  for (const { body, character } of refused) {
    test(`refuses ${JSON.stringify(body)}`, () =>
      assert.deepEqual(refusal(() => checkMessageBody(body)), {
        code: 'InvalidMessageContents',
        queryCode: undefined,
        message: `Invalid binary character '${character}' was found in the message body, the set of allowed characters is ${ALLOWED}.`,
      }));
  }

  test('an empty body is a missing parameter', () =>
    assert.deepEqual(refusal(() => checkMessageBody('')), {
      code: 'MissingRequiredParameterException',
      queryCode: 'MissingParameter',
      message: 'The request must contain the parameter MessageBody.',
    }));
});

describe('message attributes', () => {
  const ok: { name: string; attributes: MessageAttributes }[] = [
    { name: 'string, number, binary', attributes: { a: { DataType: 'String', StringValue: 'x' }, 'b.c': { DataType: 'Number', StringValue: '-1.5e3' }, d_e: { DataType: 'Binary', BinaryValue: Buffer.from([1]) } } },
    { name: 'custom type labels', attributes: { a: { DataType: 'Number.int', StringValue: '7' }, b: { DataType: 'String.json', StringValue: '{}' } } },
  ];
  for (const { name, attributes } of ok) test(`accepts ${name}`, () => assert.equal(refusal(() => checkMessageAttributes(attributes)), undefined));

  const many: MessageAttributes = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: 'v' }]));
  const refused: { name: string; attributes: MessageAttributes; message: RegExp }[] = [
    { name: 'more than 10', attributes: many, message: /^Number of message attributes \[11\] exceeds the allowed maximum \[10\]\.$/ },
    { name: 'an empty string value', attributes: { ErrorDetails: { DataType: 'String', StringValue: '' } }, message: /^Message \(user\) attribute 'ErrorDetails' must contain a non-empty value of type 'String'\.$/ },
    { name: 'a binary type without a value', attributes: { b: { DataType: 'Binary' } }, message: /non-empty value of type 'Binary'/ },
    { name: 'a number that is none', attributes: { n: { DataType: 'Number', StringValue: 'twelve' } }, message: /^Can't cast the value of message \(user\) attribute 'n' to a number\.$/ },
    { name: 'an unknown type', attributes: { t: { DataType: 'Text', StringValue: 'x' } }, message: /supported type prefixes: Binary, Number, String\.$/ },
    { name: 'no type', attributes: { t: { DataType: '', StringValue: 'x' } }, message: /must contain non-empty message attribute type/ },
    { name: 'a reserved prefix', attributes: { 'AWS.trace': { DataType: 'String', StringValue: 'x' } }, message: /is invalid/ },
    { name: 'a name ending with a period', attributes: { 'name.': { DataType: 'String', StringValue: 'x' } }, message: /is invalid/ },
    { name: 'two periods in a row', attributes: { 'a..b': { DataType: 'String', StringValue: 'x' } }, message: /is invalid/ },
    { name: 'a space in the name', attributes: { 'a b': { DataType: 'String', StringValue: 'x' } }, message: /is invalid/ },
    { name: 'a control character in a value', attributes: { a: { DataType: 'String', StringValue: 'x\u0002' } }, message: /Invalid binary character '#x2'/ },
  ];
  for (const { name, attributes, message } of refused) {
    test(`refuses ${name}`, () => {
      const error = refusal(() => checkMessageAttributes(attributes));
      assert.equal(error?.queryCode, 'InvalidParameterValue');
      assert.match(error?.message ?? '', message);
    });
  }
});

describe('message size', () => {
  test('counts the body and each attribute name, type and value in UTF-8 bytes', () => {
    const attributes: MessageAttributes = { ké: { DataType: 'String', StringValue: 'vé' }, b: { DataType: 'Binary', BinaryValue: Buffer.alloc(10) } };
    assert.equal(messageSize('héllo', attributes), 6 + (3 + 6 + 3) + (1 + 6 + 10));
  });
});
