/**
 * What S3 stores with an object besides its Content-Type, user metadata, tags and ACL, and answers as headers on
 * GetObject and HeadObject. Every object is encrypted with S3's own keys (SSE-S3, S3's default), so encryption is
 * no property of its own.
 */

/** The storage classes of a general purpose bucket. */
export const STORAGE_CLASSES = ['STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER', 'DEEP_ARCHIVE', 'GLACIER_IR'] as const;
export type StorageClass = (typeof STORAGE_CLASSES)[number];

export interface ObjectProperties {
  cacheControl?: string;
  contentDisposition?: string;
  contentEncoding?: string;
  contentLanguage?: string;
  /** As given: S3 keeps the header's text. */
  expires?: string;
  websiteRedirectLocation?: string;
  /** Absent: STANDARD. */
  storageClass?: StorageClass;
}

export const isStorageClass = (name: string): name is StorageClass => (STORAGE_CLASSES as readonly string[]).includes(name);

/** GLACIER and DEEP_ARCHIVE objects are archived: their bytes are served only once restored (Eventide restores none). */
export const isArchived = (properties: ObjectProperties): boolean => properties.storageClass === 'GLACIER' || properties.storageClass === 'DEEP_ARCHIVE';

/** The properties without absent members, so that records compare and store alike. */
export function definedProperties(properties: ObjectProperties): ObjectProperties {
  return Object.fromEntries(Object.entries(properties).filter(([, value]) => value !== undefined)) as ObjectProperties;
}

/**
 * What a copy under the COPY metadata directive has: the source's content headers, but the storage class and website
 * redirect location of the copy request (S3 copies neither).
 */
export function copiedProperties(source: ObjectProperties, requested: ObjectProperties): ObjectProperties {
  const { storageClass: _class, websiteRedirectLocation: _redirect, ...content } = source;
  return definedProperties({ ...content, storageClass: requested.storageClass, websiteRedirectLocation: requested.websiteRedirectLocation });
}
