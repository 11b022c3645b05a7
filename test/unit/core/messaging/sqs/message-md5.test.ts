import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { MessageAttributes } from '../../../../../src/core/messaging/message-attributes.js';
import { md5OfBody, md5OfMessageAttributes } from '../../../../../src/core/messaging/sqs/message-md5.js';

const text = (StringValue: string) => ({ DataType: 'String', StringValue });

/** Digests SQS itself returned for these messages (recorded against AWS in LocalStack's validated snapshots). */
const attributeCases: { name: string; attributes: MessageAttributes; md5: string | undefined }[] = [
  { name: 'one string attribute', attributes: { Foo: text('Bar') }, md5: 'ae7155c6026991b6d54b11589678bf9c' },
  {
    name: 'three attributes, hashed in name order whatever the given order',
    attributes: { 'Help.Me': text('Me'), General: text('Kenobi'), Hello: text('There') },
    md5: '4c360f3fdafd970e05fae2f149d997f5',
  },
  { name: 'a subset of them', attributes: { Hello: text('There'), General: text('Kenobi') }, md5: 'fca026605781cb4126a1e9044df24232' },
  { name: 'another subset', attributes: { Hello: text('There'), 'Help.Me': text('Me') }, md5: '83fee93c1bcd8b9a5a923ffacdc636c7' },
  { name: 'a single one of them', attributes: { Hello: text('There') }, md5: 'a311262e065454b75da111d535b8dacd' },
  {
    name: 'a binary attribute (transport type 2)',
    attributes: { attr1: { DataType: 'Binary', BinaryValue: Buffer.from('traceparent\u001e00-774062d6c37081a5a0b9b5b88e30627c-2d2482211f6489da-01') } },
    md5: '8cbe4db156db8a94db8b801b7addb984',
  },
  { name: 'no attributes: no digest', attributes: {}, md5: undefined },
];

describe('MD5OfMessageAttributes', () => {
  for (const { name, attributes, md5 } of attributeCases) {
    test(name, () => assert.equal(md5OfMessageAttributes(attributes), md5));
  }
});

describe('MD5OfMessageBody', () => {
  const cases = [
    { body: 'msg', md5: '6e2baaf3b97dbeef01c0043275f9a0e7' },
    { body: 'hello', md5: '5d41402abc4b2a76b9719d911017c592' },
    // UTF-8 bytes, not UTF-16 code units.
    { body: 'é', md5: '66ddcd97cfdeabb2f6fb8a999b4bc76f' },
  ];
  for (const { body, md5 } of cases) test(JSON.stringify(body), () => assert.equal(md5OfBody(body), md5));
});
