import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arnMatches, wildcardMatches } from '../../../../src/core/policy/wildcard.js';

const wildcardRows: [string, string, string, boolean, boolean][] = [
  ['exact text matches', 'sqs:SendMessage', 'sqs:SendMessage', false, true],
  ['different text does not', 'sqs:SendMessage', 'sqs:ReceiveMessage', false, false],
  ['* alone matches anything', '*', 'arn:aws:sqs:us-east-1:000000000000:q', false, true],
  ['* matches the empty string', 'sqs:*Message', 'sqs:Message', false, true],
  ['* spans : and /', 'arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b:c', false, true],
  ['* in the middle', 'sqs:*Message', 'sqs:SendMessage', false, true],
  ['? matches exactly one character', 'sqs:SendMessag?', 'sqs:SendMessage', false, true],
  ['? does not match zero characters', 'sqs:SendMessage?', 'sqs:SendMessage', false, false],
  ['? does not match two characters', 'q?', 'q12', false, false],
  ['regex characters are literal', 'a.b+c', 'axb+c', false, false],
  ['case-sensitive by default', 'arn:aws:sqs:*:*:Queue', 'arn:aws:sqs:us-east-1:0:queue', false, false],
  ['case-insensitive when asked', 'SQS:sendmessage', 'sqs:SendMessage', true, true],
  ['the whole value must match', 'sqs:Send', 'sqs:SendMessage', false, false],
];

for (const [name, pattern, value, ignoreCase, expected] of wildcardRows) {
  test(`wildcard: ${name}`, () => assert.equal(wildcardMatches(pattern, value, ignoreCase), expected));
}

const arnRows: [string, string, string, boolean][] = [
  ['equal ARNs', 'arn:aws:s3:::my-bucket', 'arn:aws:s3:::my-bucket', true],
  ['wildcard in the resource part', 'arn:aws:sqs:us-east-1:000000000000:*', 'arn:aws:sqs:us-east-1:000000000000:q', true],
  ['wildcard in the region', 'arn:aws:sqs:*:000000000000:q', 'arn:aws:sqs:eu-west-1:000000000000:q', true],
  ['* within one component does not span a :', 'arn:aws:sqs:*:q', 'arn:aws:sqs:us-east-1:000000000000:q', false],
  ['resource part may contain colons', 'arn:aws:lambda:us-east-1:0:function:f:*', 'arn:aws:lambda:us-east-1:0:function:f:1', true],
  ['other account', 'arn:aws:sqs:us-east-1:111111111111:q', 'arn:aws:sqs:us-east-1:000000000000:q', false],
  ['a value that is not an ARN', 'arn:aws:s3:::b', 'my-bucket', false],
  ['case-sensitive', 'arn:aws:s3:::My-Bucket', 'arn:aws:s3:::my-bucket', false],
];

for (const [name, pattern, value, expected] of arnRows) {
  test(`arn: ${name}`, () => assert.equal(arnMatches(pattern, value), expected));
}
