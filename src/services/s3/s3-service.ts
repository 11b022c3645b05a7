import type { BucketConfigurations } from '../../core/s3/bucket-configurations.js';
import type { Buckets } from '../../core/s3/buckets.js';
import type { MultipartUploads } from '../../core/s3/multipart-uploads.js';
import type { Objects } from '../../core/s3/objects.js';
import type { ObjectSubresources } from '../../core/s3/object-subresources.js';
import { accountOwner } from '../../core/s3/access-control.js';
import type { RestXmlService } from '../service.js';
import { absentConfigurationRoutes } from './absent-configuration-operations.js';
import { bucketConfigurationRoutes } from './bucket-configuration-operations.js';
import { bucketRoutes } from './bucket-operations.js';
import { checkingExpectedOwner } from './expected-bucket-owner.js';
import { bucketPolicyRoutes } from './bucket-policy-operations.js';
import { corsRoutes } from './cors-operations.js';
import { multipartRoutes } from './multipart-operations.js';
import { notificationRoutes } from './notification-operations.js';
import { objectRoutes } from './object-operations.js';
import { postObjectRoute } from './post-object.js';
import { S3_NAMESPACE } from './s3-shapes.js';
import { S3_SUBRESOURCES } from './subresources.js';
import { unimplementedRoutes } from './unimplemented-operations.js';
import { subresourceRoutes } from './subresource-operations.js';

export interface S3ServiceDeps {
  buckets: Buckets;
  configurations: BucketConfigurations;
  objects: Objects;
  uploads: MultipartUploads;
  subresources: ObjectSubresources;
  accountId: string;
}

/**
 * Amazon S3 over rest-xml: buckets, objects, multipart uploads, bucket notifications and configurations, tag sets and ACLs; every other
 * subresource operation S3 defines answers NotImplemented.
 */
export function s3Service({ buckets, configurations, objects, uploads, subresources, accountId }: S3ServiceDeps): RestXmlService {
  const owner = accountOwner(accountId);
  const served = [
    ...multipartRoutes(uploads, owner),
    ...notificationRoutes(buckets),
    ...subresourceRoutes({ buckets, subresources, owner }),
    ...bucketPolicyRoutes(configurations),
    ...corsRoutes(configurations, buckets),
    ...bucketConfigurationRoutes(configurations, buckets),
    ...absentConfigurationRoutes(buckets),
    ...objectRoutes(objects, owner),
    postObjectRoute(objects, owner),
    ...bucketRoutes({ buckets, objects, owner }),
  ];
  return {
    protocol: 'rest-xml',
    signingName: 's3',
    xmlNamespace: S3_NAMESPACE,
    subresources: S3_SUBRESOURCES,
    // Routes that need a query parameter or header are tried first, so their order here only matters among those.
    routes: checkingExpectedOwner([...served, ...unimplementedRoutes(served, buckets)], accountId),
  };
}
