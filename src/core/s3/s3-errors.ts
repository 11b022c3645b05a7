import { type AwsError, serviceError } from '../../lib/errors.js';
import type { ObjectProperties } from './object-properties.js';

/** S3's errors in its own words; extra members (BucketName, Key, …) become elements of the XML error. */

export const noSuchBucket = (bucket: string): AwsError =>
  serviceError('NoSuchBucket', 404, 'The specified bucket does not exist', { fields: { BucketName: bucket } });

export const noSuchTagSet = (bucket: string): AwsError => serviceError('NoSuchTagSet', 404, 'The TagSet does not exist', { fields: { BucketName: bucket } });

export const noSuchKey = (key: string): AwsError => serviceError('NoSuchKey', 404, 'The specified key does not exist.', { fields: { Key: key } });

export const bucketNotEmpty = (bucket: string): AwsError =>
  serviceError('BucketNotEmpty', 409, 'The bucket you tried to delete is not empty', { fields: { BucketName: bucket } });

export const bucketAlreadyOwnedByYou = (bucket: string): AwsError =>
  serviceError('BucketAlreadyOwnedByYou', 409, 'Your previous request to create the named bucket succeeded and you already own it.', {
    fields: { BucketName: bucket },
  });

export const invalidBucketName = (bucket: string): AwsError =>
  serviceError('InvalidBucketName', 400, 'The specified bucket is not valid.', { fields: { BucketName: bucket } });

export const noSuchUpload = (uploadId: string): AwsError =>
  serviceError('NoSuchUpload', 404, 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', {
    fields: { UploadId: uploadId },
  });

export const invalidPart = (uploadId: string, partNumber: number, eTag: string): AwsError =>
  serviceError(
    'InvalidPart',
    400,
    "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not have matched the part's entity tag.",
    { fields: { UploadId: uploadId, PartNumber: partNumber, ETag: eTag } },
  );

export const invalidPartOrder = (uploadId: string): AwsError =>
  serviceError('InvalidPartOrder', 400, 'The list of parts was not in ascending order. The parts list must be specified in order by part number.', {
    fields: { UploadId: uploadId },
  });

export const entityTooSmall = (size: number, minimum: number): AwsError =>
  serviceError('EntityTooSmall', 400, 'Your proposed upload is smaller than the minimum allowed size', {
    fields: { ProposedSize: size, MinSizeAllowed: minimum },
  });

export const badDigest = (expected: string, computed: string): AwsError =>
  serviceError('BadDigest', 400, 'The Content-MD5 you specified did not match what we received.', {
    fields: { ExpectedDigest: expected, CalculatedDigest: computed },
  });

export const invalidDigest = (given: string): AwsError =>
  serviceError('InvalidDigest', 400, 'The Content-MD5 you specified was invalid.', { fields: { 'Content-MD5': given } });

export const invalidRange = (requested: string, size: number): AwsError =>
  serviceError('InvalidRange', 416, 'The requested range is not satisfiable', { fields: { RangeRequested: requested, ActualObjectSize: size } });

export const keyTooLong = (size: number): AwsError =>
  serviceError('KeyTooLongError', 400, 'Your key is too long', { fields: { Size: size, MaxSizeAllowed: 1024 } });

export const invalidArgument = (message: string, name: string, value: string): AwsError =>
  serviceError('InvalidArgument', 400, message, { fields: { ArgumentName: name, ArgumentValue: value } });

export const malformedXml = (): AwsError =>
  serviceError('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema');

/** S3's answer for what it does not implement; Eventide's message says what that is. */
export const notImplemented = (message: string, fields?: Record<string, string>): AwsError => serviceError('NotImplemented', 501, message, { fields });

/** A conditional request's precondition that did not hold; `condition` names its header. */
export const preconditionFailed = (condition: string): AwsError =>
  serviceError('PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold', { fields: { Condition: condition } });

/** A bucket configuration that was never set (or was deleted): `NoSuchBucketPolicy`, `NoSuchCORSConfiguration`, … */
export const noSuchConfiguration = (code: string, message: string, bucket: string): AwsError => serviceError(code, 404, message, { fields: { BucketName: bucket } });

/** GetObject or CopyObject of an archived object (GLACIER, DEEP_ARCHIVE) that was not restored. */
export const invalidObjectState = (properties: ObjectProperties): AwsError =>
  serviceError('InvalidObjectState', 403, "The operation is not valid for the object's storage class", { fields: { StorageClass: properties.storageClass ?? 'STANDARD' } });

export const invalidStorageClass = (requested: string): AwsError =>
  serviceError('InvalidStorageClass', 400, 'The storage class you specified is not valid', { fields: { StorageClassRequested: requested } });
