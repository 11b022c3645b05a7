import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateBucketPolicy } from '../../../../src/core/s3/bucket-policy.js';

const statement = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::photos/*' };
const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const refused = (text: string, message: string) => assert.throws(() => validateBucketPolicy(text, 'photos'), { code: 'MalformedPolicy', status: 400, message });

describe('bucket policy validation', () => {
  it('keeps a valid policy exactly as given', () => {
    const text = `{ "Statement": ${JSON.stringify([statement, { ...statement, Principal: '*', Action: ['s3:ListBucket'], Resource: 'arn:aws:s3:::photos' }])} }`;
    assert.equal(validateBucketPolicy(text, 'photos'), text);
    assert.equal(validateBucketPolicy(policy({ ...statement, Resource: ['arn:aws:s3:::pho*', '*'], Action: 's3:*' }), 'photos'), policy({ ...statement, Resource: ['arn:aws:s3:::pho*', '*'], Action: 's3:*' }));
  });

  it('refuses what is not a JSON object, in S3’s words', () => {
    for (const text of ['', 'invalid json', '[]', ' "x"']) refused(text, "Policies must be valid JSON and the first byte must be '{'");
    refused('{}', 'Missing required field Statement');
  });

  it('refuses statements S3 refuses', () => {
    refused(policy({ ...statement, Principal: undefined }), 'Missing required field Principal');
    refused(policy({ ...statement, Principal: { AWS: 'someone' } }), 'Invalid principal in policy');
    refused(policy({ ...statement, Action: 'sqs:SendMessage' }), 'Policy has invalid action');
    refused(policy({ ...statement, Resource: 'arn:aws:s3:::other-bucket/*' }), 'Policy has invalid resource');
    refused(policy({ ...statement, Effect: 'allow' }), 'Invalid effect: allow');
    refused(policy({ ...statement, Extra: 1 }), 'Unknown field Extra');
  });
});
