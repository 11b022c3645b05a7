import type { Buckets } from '../../core/s3/buckets.js';
import type { MultipartUploads } from '../../core/s3/multipart-uploads.js';
import type { Objects } from '../../core/s3/objects.js';
import type { RestXmlService } from '../service.js';
import { bucketRoutes } from './bucket-operations.js';
import { multipartRoutes } from './multipart-operations.js';
import { notificationRoutes } from './notification-operations.js';
import { objectRoutes } from './object-operations.js';
import { postObjectRoute } from './post-object.js';
import { S3_NAMESPACE } from './s3-shapes.js';

export interface S3ServiceDeps {
  buckets: Buckets;
  objects: Objects;
  uploads: MultipartUploads;
  accountId: string;
}

/** Amazon S3 over rest-xml: buckets, objects, multipart uploads and bucket notifications. */
export function s3Service({ buckets, objects, uploads, accountId }: S3ServiceDeps): RestXmlService {
  return {
    protocol: 'rest-xml',
    signingName: 's3',
    xmlNamespace: S3_NAMESPACE,
    // Routes that need a query parameter or header are tried first, so their order here only matters among those.
    routes: [...multipartRoutes(uploads, accountId), ...notificationRoutes(buckets), ...objectRoutes(objects), postObjectRoute(objects), ...bucketRoutes({ buckets, objects, accountId })],
  };
}
