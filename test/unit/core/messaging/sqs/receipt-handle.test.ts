import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { decodeReceiptHandle, encodeReceiptHandle } from '../../../../../src/core/messaging/sqs/receipt-handle.js';

describe('receipt handles', () => {
  test('name the queue, the message and the receive, and read back', () => {
    const handle = { queueName: 'jobs', id: 42, receipt: 'Ab-_9' };
    const text = encodeReceiptHandle(handle);
    assert.match(text, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodeReceiptHandle(text), handle);
  });

  test('differ from one receive to the next', () => {
    assert.notEqual(encodeReceiptHandle({ queueName: 'jobs', id: 1, receipt: 'one' }), encodeReceiptHandle({ queueName: 'jobs', id: 1, receipt: 'two' }));
  });

  const garbage = ['garbage', 'INVALID', '', 'a b', Buffer.from('r1 jobs x token').toString('base64url'), Buffer.from('r1 jobs 1').toString('base64url'), Buffer.from('r2 jobs 1 t').toString('base64url')];
  for (const text of garbage) test(`refuses ${JSON.stringify(text)}`, () => assert.equal(decodeReceiptHandle(text), undefined));
});
