import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePolicyArn, parseRoleArn, temporaryAccessKeyId, uniqueId } from '../../../../src/core/iam/iam-identifiers.js';

const rows: [string, ReturnType<typeof parseRoleArn>][] = [
  ['arn:aws:iam::000000000000:role/r', { account: '000000000000', path: '/', name: 'r' }],
  ['arn:aws:iam::000000000000:role/service-role/a/r', { account: '000000000000', path: '/service-role/a/', name: 'r' }],
  ['arn:aws:iam::000000000000:policy/p', undefined],
  ['arn:aws:iam::0000:role/r', undefined],
  ['arn:aws:sts::000000000000:assumed-role/r/s', undefined],
  ['arn:aws:iam::000000000000:role/', undefined],
  ['r', undefined],
];

for (const [arn, expected] of rows) {
  test(`parseRoleArn ${arn}`, () => assert.deepEqual(parseRoleArn(arn), expected));
}

test('parsePolicyArn reads AWS managed and customer policy ARNs', () => {
  assert.deepEqual(parsePolicyArn('arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'), {
    account: 'aws',
    path: '/service-role/',
    name: 'AWSLambdaBasicExecutionRole',
  });
  assert.deepEqual(parsePolicyArn('arn:aws:iam::000000000000:policy/p'), { account: '000000000000', path: '/', name: 'p' });
  assert.equal(parsePolicyArn('arn:aws:iam::000000000000:role/p'), undefined);
});

test('ids look like IAM and STS ids', () => {
  assert.match(uniqueId('AROA'), /^AROA[A-Z2-7]{17}$/);
  assert.match(uniqueId('ANPA'), /^ANPA[A-Z2-7]{17}$/);
  assert.match(temporaryAccessKeyId(), /^ASIA[A-Z2-7]{16}$/);
});
