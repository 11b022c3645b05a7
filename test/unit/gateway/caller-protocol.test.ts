import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { describe, it } from 'node:test';
import { callerProtocol, serviceHints } from '../../../src/gateway/detect.js';

const signedFor = (service: string): string => `AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=x`;

const protocolOf = (headers: IncomingHttpHeaders, query = '') => {
  const params = new URLSearchParams(query);
  return callerProtocol(headers, params, serviceHints(headers, params));
};

describe('the protocol a caller speaks', () => {
  it('json by Content-Type, with its version', () => {
    assert.deepEqual(protocolOf({ authorization: signedFor('dynamodb'), 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' }), { protocol: 'json', jsonVersion: '1.0' });
    assert.deepEqual(protocolOf({ authorization: signedFor('ecs'), 'content-type': 'application/x-amz-json-1.1' }), { protocol: 'json', jsonVersion: '1.1' });
  });
  it('json by X-Amz-Target alone', () => assert.deepEqual(protocolOf({ 'x-amz-target': 'Kinesis_20131202.ListStreams' }), { protocol: 'json', jsonVersion: '1.1' }));
  it('query by its form body or its Action', () => {
    assert.deepEqual(protocolOf({ authorization: signedFor('cloudformation'), 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }), { protocol: 'query' });
    assert.deepEqual(protocolOf({ authorization: signedFor('rds') }, 'Action=DescribeDBInstances'), { protocol: 'query' });
  });
  it('rest-xml by the signing name of a rest-xml service', () => assert.deepEqual(protocolOf({ authorization: signedFor('route53') }), { protocol: 'rest-xml' }));
  it('rest-json otherwise', () => {
    assert.deepEqual(protocolOf({ authorization: signedFor('apigateway') }), { protocol: 'rest-json' });
    assert.deepEqual(protocolOf({}), { protocol: 'rest-json' });
  });
});
