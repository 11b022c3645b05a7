import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { notificationBody, type Notification } from '../../../../../src/core/messaging/sns/notification.js';

const base: Notification = {
  messageId: '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
  topicArn: 'arn:aws:sns:us-east-1:000000000000:MyTopic',
  subject: undefined,
  message: 'Hello world!',
  timestamp: Date.UTC(2012, 4, 2, 0, 54, 6, 5),
  signingCertUrl: 'http://127.0.0.1:4566/SimpleNotificationService-0123.pem',
  unsubscribeUrl: 'http://127.0.0.1:4566/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-east-1:000000000000:MyTopic:c9135db0',
  attributes: {},
};

describe('notification envelope', () => {
  test("AWS's layout line by line, without subject or attributes", () => {
    const lines = notificationBody(base).split('\n');
    assert.deepEqual(lines.slice(0, 6), [
      '{',
      '  "Type" : "Notification",',
      '  "MessageId" : "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",',
      '  "TopicArn" : "arn:aws:sns:us-east-1:000000000000:MyTopic",',
      '  "Message" : "Hello world!",',
      '  "Timestamp" : "2012-05-02T00:54:06.005Z",',
    ]);
    assert.equal(lines[6], '  "SignatureVersion" : "1",');
    assert.match(lines[7] ?? '', /^ {2}"Signature" : "[A-Za-z0-9+/]{342}==",$/);
    assert.deepEqual(lines.slice(8), [
      '  "SigningCertURL" : "http://127.0.0.1:4566/SimpleNotificationService-0123.pem",',
      '  "UnsubscribeURL" : "http://127.0.0.1:4566/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-east-1:000000000000:MyTopic:c9135db0"',
      '}',
    ]);
  });

  test('subject after the topic, attributes last with one line each, binary values in base64', () => {
    const body = notificationBody({
      ...base,
      subject: 'My First Message',
      attributes: { store: { DataType: 'String', StringValue: 'example_corp' }, raw: { DataType: 'Binary.gz', BinaryValue: Buffer.from([1, 2]) } },
    });
    const parsed = JSON.parse(body) as Record<string, unknown>;
    assert.deepEqual(Object.keys(parsed).slice(2, 5), ['TopicArn', 'Subject', 'Message']);
    assert.ok(body.endsWith('\n  "MessageAttributes" : {\n    "store" : {"Type":"String","Value":"example_corp"},\n    "raw" : {"Type":"Binary.gz","Value":"AQI="}\n  }\n}'), body);
  });

  test('messages are JSON-escaped', () => {
    const message = 'line one\nline "two" \\ ünï \u0001';
    assert.equal((JSON.parse(notificationBody({ ...base, message })) as { Message: string }).Message, message);
  });
});
