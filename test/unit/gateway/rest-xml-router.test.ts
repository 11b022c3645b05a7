import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { describe, it } from 'node:test';
import { matchRestXmlRoute, subresourcesOf } from '../../../src/gateway/rest-xml-router.js';
import type { RestXmlRoute, RestXmlService } from '../../../src/services/service.js';

const route = (operation: string, method: RestXmlRoute['method'], target: RestXmlRoute['target'], query?: string, header?: string): RestXmlRoute => ({
  operation,
  method,
  target,
  ...(query === undefined ? {} : { query }),
  ...(header === undefined ? {} : { header }),
  input: 'none',
  handle: () => Promise.reject(new Error('not called')),
});

const service: RestXmlService = {
  protocol: 'rest-xml',
  signingName: 's3',
  xmlNamespace: 'urn:test',
  subresources: new Set(['cors', 'policy', 'uploadId', 'uploads', 'tagging', 'versioning']),
  routes: [
    route('GetBucketCors', 'GET', 'bucket', 'cors'),
    route('ListObjectsV2', 'GET', 'bucket', 'list-type'),
    route('ListObjects', 'GET', 'bucket'),
    route('DeleteBucket', 'DELETE', 'bucket'),
    route('CreateBucket', 'PUT', 'bucket'),
    route('PutObject', 'PUT', 'object'),
    route('CopyObject', 'PUT', 'object', undefined, 'x-amz-copy-source'),
    route('UploadPart', 'PUT', 'object', 'uploadId'),
    route('UploadPartCopy', 'PUT', 'object', 'uploadId', 'x-amz-copy-source'),
    route('GetObject', 'GET', 'object'),
  ],
};

const bucket = { bucket: 'b', key: undefined };
const object = { bucket: 'b', key: 'k' };
const match = (method: string, where: typeof bucket | typeof object, query: string, headers: IncomingHttpHeaders = {}) =>
  matchRestXmlRoute(service, method, where, new URLSearchParams(query), headers)?.operation;

describe('rest-xml routing on subresources', () => {
  it('a served subresource is its operation', () => {
    assert.equal(match('GET', bucket, 'cors'), 'GetBucketCors');
    assert.equal(match('PUT', object, 'partNumber=1&uploadId=u'), 'UploadPart');
  });

  it('a subresource no route serves on that method never falls through to the plain operation', () => {
    assert.equal(match('DELETE', bucket, 'cors'), undefined);
    assert.equal(match('GET', bucket, 'policy'), undefined);
    assert.equal(match('PUT', bucket, 'versioning'), undefined);
    assert.equal(match('GET', object, 'tagging'), undefined);
    assert.equal(match('PUT', object, 'tagging', { 'x-amz-copy-source': '/b/k' }), undefined);
  });

  it('two subresources at once match nothing', () => assert.equal(match('GET', bucket, 'cors&policy'), undefined));

  it('parameters that are not subresources still select among the plain operations', () => {
    assert.equal(match('GET', bucket, ''), 'ListObjects');
    assert.equal(match('GET', bucket, 'list-type=2&prefix=a'), 'ListObjectsV2');
    assert.equal(match('GET', bucket, 'prefix=a&x-id=ListObjects'), 'ListObjects');
    assert.equal(match('DELETE', bucket, ''), 'DeleteBucket');
    assert.equal(match('GET', object, 'versionId=null&response-content-type=text/plain'), 'GetObject');
  });

  it('a required header selects among routes of the same subresource, or of none', () => {
    assert.equal(match('PUT', object, '', { 'x-amz-copy-source': '/b/src' }), 'CopyObject');
    assert.equal(match('PUT', object, ''), 'PutObject');
    assert.equal(match('PUT', object, 'uploadId=u&partNumber=2', { 'x-amz-copy-source': '/b/src' }), 'UploadPartCopy');
  });

  it('a route that a later branch adds for a subresource (tagging) is matched', () => {
    const withTagging: RestXmlService = { ...service, routes: [...service.routes, route('GetObjectTagging', 'GET', 'object', 'tagging')] };
    assert.equal(matchRestXmlRoute(withTagging, 'GET', object, new URLSearchParams('tagging'), {})?.operation, 'GetObjectTagging');
  });

  it('names the subresources a query names, once each, empty values included', () => {
    assert.deepEqual(subresourcesOf(new URLSearchParams('cors=&prefix=a&policy&cors'), service.subresources), ['cors', 'policy']);
  });
});
