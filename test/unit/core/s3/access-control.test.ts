import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accountOwner, cannedAcl, checkCanonicalId, checkGroupUri, grantsOf } from '../../../../src/core/s3/access-control.js';

const owner = accountOwner('000000000000');
const summary = (grants: ReturnType<typeof cannedAcl>) => grants.map((grant) => `${grant.grantee.type === 'Group' ? grant.grantee.uri.split('/').pop() : grant.grantee.id.slice(0, 6)} ${grant.permission}`);

describe('access control lists', () => {
  it('the owner is a 64-hex-digit canonical user; no ACL reads as its FULL_CONTROL', () => {
    assert.match(owner.id, /^[0-9a-f]{64}$/);
    assert.deepEqual(grantsOf(undefined, owner), cannedAcl('private', 'object', owner, 'x-amz-acl'));
  });

  it('spells out the canned ACLs as S3 does', () => {
    const me = owner.id.slice(0, 6);
    assert.deepEqual(summary(cannedAcl('public-read-write', 'object', owner, 'x-amz-acl')), [`${me} FULL_CONTROL`, 'AllUsers READ', 'AllUsers WRITE']);
    assert.deepEqual(summary(cannedAcl('authenticated-read', 'bucket', owner, 'x-amz-acl')), [`${me} FULL_CONTROL`, 'AuthenticatedUsers READ']);
    assert.deepEqual(summary(cannedAcl('aws-exec-read', 'object', owner, 'x-amz-acl')), [`${me} FULL_CONTROL`, '6aa5a3 READ']);
    assert.deepEqual(summary(cannedAcl('log-delivery-write', 'bucket', owner, 'x-amz-acl')), [`${me} FULL_CONTROL`, 'LogDelivery WRITE', 'LogDelivery READ_ACP']);
    assert.deepEqual(summary(cannedAcl('bucket-owner-full-control', 'object', owner, 'x-amz-acl')), [`${me} FULL_CONTROL`]);
  });

  it('refuses unknown canned ACLs, log-delivery-write on objects, foreign groups and malformed IDs', () => {
    assert.throws(() => cannedAcl('public-ready', 'bucket', owner, 'x-amz-acl'), { code: 'InvalidArgument' });
    assert.throws(() => cannedAcl('log-delivery-write', 'object', owner, 'x-amz-acl'), { code: 'InvalidArgument' });
    assert.throws(() => cannedAcl('toString', 'object', owner, 'x-amz-acl'), { code: 'InvalidArgument' });
    assert.throws(() => checkGroupUri('http://acs.amazonaws.com/groups/s3/FakeGroup', 'uri'), { message: 'Invalid group uri' });
    assert.throws(() => checkCanonicalId('wrong-id', 'id'), { message: 'Invalid id' });
  });
});
