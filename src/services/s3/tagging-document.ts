import type { IncomingHttpHeaders } from 'node:http';
import type { CanonicalUser } from '../../core/s3/access-control.js';
import type { ObjectDescription } from '../../core/s3/objects.js';
import { parseTaggingHeader, type Tag } from '../../core/s3/tag-set.js';
import { malformedXml } from '../../core/s3/s3-errors.js';
import type { XmlObject } from '../service.js';
import { aclOfHeaders } from './access-control-policy.js';
import { describedBy, header, objectsOf, textOf } from './s3-shapes.js';

/** Tag sets on the wire: the `Tagging` document and, for new objects, the `x-amz-tagging` header. */

/** `<Tagging><TagSet><Tag><Key/><Value/></Tag>…</TagSet></Tagging>`: every Tag needs its Key and its Value. */
export function parseTagging(xml: XmlObject | undefined): Tag[] {
  if (xml === undefined || xml.TagSet === undefined) throw malformedXml();
  const tagSet = objectsOf(xml.TagSet)[0] ?? {};
  return objectsOf(tagSet.Tag).map((tag) => {
    const key = textOf(tag.Key);
    const value = textOf(tag.Value);
    if (key === undefined || value === undefined) throw malformedXml();
    return { key, value };
  });
}

export const taggingXml = (tags: Tag[]): XmlObject => ({ TagSet: { Tag: tags.map((tag) => ({ Key: tag.key, Value: tag.value })) } });

/** The tags an `x-amz-tagging` header gives; undefined without the header. */
export function tagsOfHeader(headers: IncomingHttpHeaders): Tag[] | undefined {
  const text = header(headers, 'x-amz-tagging');
  return text === undefined ? undefined : parseTaggingHeader(text);
}

/** A new object's description from its request: Content-Type, `x-amz-meta-*`, `x-amz-tagging` and its ACL headers. */
export function objectDescriptionOf(headers: IncomingHttpHeaders, owner: CanonicalUser): ObjectDescription {
  return { ...describedBy(headers), tags: tagsOfHeader(headers) ?? [], acl: aclOfHeaders(headers, 'object', owner) };
}
