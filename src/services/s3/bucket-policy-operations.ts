import { Readable } from 'node:stream';
import type { BucketConfigurations } from '../../core/s3/bucket-configurations.js';
import type { RestXmlResponse, RestXmlRoute } from '../service.js';
import { bucketOf } from './s3-shapes.js';

/** PutBucketPolicy, GetBucketPolicy and DeleteBucketPolicy: the JSON document, stored as given (not enforced). */
export function bucketPolicyRoutes(configurations: BucketConfigurations): RestXmlRoute[] {
  return [
    {
      operation: 'PutBucketPolicy',
      method: 'PUT',
      target: 'bucket',
      query: 'policy',
      input: 'bytes',
      async handle(request): Promise<RestXmlResponse> {
        await configurations.putPolicy(bucketOf(request), (request.bytes ?? Buffer.alloc(0)).toString('utf8'));
        return { status: 204 };
      },
    },
    {
      operation: 'GetBucketPolicy',
      method: 'GET',
      target: 'bucket',
      query: 'policy',
      input: 'none',
      async handle(request): Promise<RestXmlResponse> {
        const policy = Buffer.from(await configurations.getPolicy(bucketOf(request)));
        return { status: 200, headers: { 'Content-Type': 'application/json', 'Content-Length': String(policy.length) }, stream: Readable.from([policy]) };
      },
    },
    {
      operation: 'DeleteBucketPolicy',
      method: 'DELETE',
      target: 'bucket',
      query: 'policy',
      input: 'none',
      async handle(request): Promise<RestXmlResponse> {
        await configurations.delete(bucketOf(request), 'policy');
        return { status: 204 };
      },
    },
  ];
}
