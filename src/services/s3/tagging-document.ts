import type { IncomingHttpHeaders } from 'node:http';
import { parseTaggingHeader, type Tag } from '../../core/s3/tag-set.js';
import { serviceError } from '../../lib/errors.js';
import type { XmlObject } from '../service.js';
import { header, objectsOf, textOf } from './s3-shapes.js';

/** Tag sets on the wire: the `Tagging` document and, for new objects, the `x-amz-tagging` header. */

const malformed = () => serviceError('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema');

/** `<Tagging><TagSet><Tag><Key/><Value/></Tag>…</TagSet></Tagging>`: every Tag needs its Key and its Value. */
export function parseTagging(xml: XmlObject | undefined): Tag[] {
  if (xml === undefined || xml.TagSet === undefined) throw malformed();
  const tagSet = objectsOf(xml.TagSet)[0] ?? {};
  return objectsOf(tagSet.Tag).map((tag) => {
    const key = textOf(tag.Key);
    const value = textOf(tag.Value);
    if (key === undefined || value === undefined) throw malformed();
    return { key, value };
  });
}

export const taggingXml = (tags: Tag[]): XmlObject => ({ TagSet: { Tag: tags.map((tag) => ({ Key: tag.key, Value: tag.value })) } });

/** The tags an `x-amz-tagging` header gives; undefined without the header. */
export function tagsOfHeader(headers: IncomingHttpHeaders): Tag[] | undefined {
  const text = header(headers, 'x-amz-tagging');
  return text === undefined ? undefined : parseTaggingHeader(text);
}
