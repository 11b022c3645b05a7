import type { Buckets } from '../../core/s3/buckets.js';
import { type CanonicalUser, grantsOf } from '../../core/s3/access-control.js';
import type { ObjectSubresources } from '../../core/s3/object-subresources.js';
import type { RestXmlResponse, RestXmlRoute } from '../service.js';
import { accessControlPolicyXml, requestedAcl } from './access-control-policy.js';
import { bucketOf, keyOf, originOf } from './s3-shapes.js';
import { parseTagging, taggingXml } from './tagging-document.js';

export interface SubresourceDeps {
  buckets: Buckets;
  subresources: ObjectSubresources;
  owner: CanonicalUser;
}

/** The `?tagging` and `?acl` subresources of objects and buckets. */
export function subresourceRoutes({ buckets, subresources, owner }: SubresourceDeps): RestXmlRoute[] {
  const object = { target: 'object', query: 'tagging' } as const;
  const bucket = { target: 'bucket', query: 'tagging' } as const;
  const objectAcl = { target: 'object', query: 'acl' } as const;
  const bucketAcl = { target: 'bucket', query: 'acl' } as const;
  return [
    {
      operation: 'PutObjectTagging',
      method: 'PUT',
      ...object,
      input: 'xml',
      root: 'Tagging',
      async handle(request): Promise<RestXmlResponse> {
        await subresources.putTags(bucketOf(request), keyOf(request), parseTagging(request.xml), originOf(request));
        return { status: 200 };
      },
    },
    {
      operation: 'GetObjectTagging',
      method: 'GET',
      ...object,
      input: 'none',
      async handle(request): Promise<RestXmlResponse> {
        return { status: 200, xml: { root: 'Tagging', content: taggingXml(await subresources.tags(bucketOf(request), keyOf(request))) } };
      },
    },
    {
      operation: 'DeleteObjectTagging',
      method: 'DELETE',
      ...object,
      input: 'none',
      async handle(request): Promise<RestXmlResponse> {
        await subresources.deleteTags(bucketOf(request), keyOf(request), originOf(request));
        return { status: 204 };
      },
    },
    {
      operation: 'PutBucketTagging',
      method: 'PUT',
      ...bucket,
      input: 'xml',
      root: 'Tagging',
      async handle(request): Promise<RestXmlResponse> {
        await buckets.putTags(bucketOf(request), parseTagging(request.xml));
        return { status: 204 };
      },
    },
    {
      operation: 'GetBucketTagging',
      method: 'GET',
      ...bucket,
      input: 'none',
      async handle(request): Promise<RestXmlResponse> {
        return { status: 200, xml: { root: 'Tagging', content: taggingXml(await buckets.tags(bucketOf(request))) } };
      },
    },
    {
      operation: 'DeleteBucketTagging',
      method: 'DELETE',
      ...bucket,
      input: 'none',
      async handle(request): Promise<RestXmlResponse> {
        await buckets.deleteTags(bucketOf(request));
        return { status: 204 };
      },
    },
    {
      operation: 'PutObjectAcl',
      method: 'PUT',
      ...objectAcl,
      input: 'xml',
      root: 'AccessControlPolicy',
      async handle(request): Promise<RestXmlResponse> {
        await subresources.putAcl(bucketOf(request), keyOf(request), requestedAcl(request.xml, request.headers, 'object', owner), originOf(request));
        return { status: 200 };
      },
    },
    {
      operation: 'GetObjectAcl',
      method: 'GET',
      ...objectAcl,
      input: 'none',
      async handle(request): Promise<RestXmlResponse> {
        const grants = await subresources.acl(bucketOf(request), keyOf(request));
        return { status: 200, xml: { root: 'AccessControlPolicy', content: accessControlPolicyXml(grants, owner) } };
      },
    },
    {
      operation: 'PutBucketAcl',
      method: 'PUT',
      ...bucketAcl,
      input: 'xml',
      root: 'AccessControlPolicy',
      async handle(request): Promise<RestXmlResponse> {
        const name = bucketOf(request);
        await buckets.require(name);
        await buckets.putAcl(name, requestedAcl(request.xml, request.headers, 'bucket', owner));
        return { status: 200 };
      },
    },
    {
      operation: 'GetBucketAcl',
      method: 'GET',
      ...bucketAcl,
      input: 'none',
      async handle(request): Promise<RestXmlResponse> {
        const grants = grantsOf((await buckets.require(bucketOf(request))).acl, owner);
        return { status: 200, xml: { root: 'AccessControlPolicy', content: accessControlPolicyXml(grants, owner) } };
      },
    },
  ];
}
