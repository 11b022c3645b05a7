import { type AwsError, serviceError } from '../../lib/errors.js';

/**
 * Tag sets of objects and buckets, checked as S3 checks them: keys of 1–128 and values of 0–256 characters (counted in
 * UTF-16, as S3 stores them) of Unicode letters, digits, white space and `_ . : / = + - @`, no key twice, no `aws:` key.
 */

export interface Tag {
  key: string;
  value: string;
}

const MAX_OBJECT_TAGS = 10;
const MAX_BUCKET_TAGS = 50;
const MAX_KEY_LENGTH = 128;
const MAX_VALUE_LENGTH = 256;
const ALLOWED = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

const invalidTag = (message: string, fields: Record<string, string>): AwsError => serviceError('InvalidTag', 400, message, { fields });

function checkTags(tags: Tag[], systemTagMessage: string): void {
  const seen = new Set<string>();
  for (const { key, value } of tags) {
    if (key.length === 0 || key.length > MAX_KEY_LENGTH || !ALLOWED.test(key)) throw invalidTag('The TagKey you have provided is invalid', { TagKey: key });
    if (value.length > MAX_VALUE_LENGTH || !ALLOWED.test(value)) throw invalidTag('The TagValue you have provided is invalid', { TagKey: key, TagValue: value });
    if (key.toLowerCase().startsWith('aws:')) throw invalidTag(systemTagMessage, { TagKey: key });
    if (seen.has(key)) throw invalidTag('Cannot provide multiple Tags with the same key', { TagKey: key });
    seen.add(key);
  }
}

/** An object's tag set: at most 10 tags. */
export function checkObjectTags(tags: Tag[]): void {
  if (tags.length > MAX_OBJECT_TAGS) throw serviceError('BadRequest', 400, 'Object tags cannot be greater than 10');
  checkTags(tags, 'Your TagKey cannot be prefixed with aws:');
}

/** A bucket's tag set: at most 50 tags. */
export function checkBucketTags(tags: Tag[]): void {
  if (tags.length > MAX_BUCKET_TAGS) throw serviceError('BadRequest', 400, 'Bucket tag count cannot be greater than 50');
  checkTags(tags, 'System tags cannot be added/updated by requester');
}
