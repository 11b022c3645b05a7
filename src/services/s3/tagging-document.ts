import type { IncomingHttpHeaders } from 'node:http';
import { checkObjectTags, type Tag } from '../../core/s3/tag-set.js';
import { invalidArgument, malformedXml } from '../../core/s3/s3-errors.js';
import type { AwsError } from '../../lib/errors.js';
import type { XmlObject } from '../service.js';
import { header, objectsOf, textOf } from './s3-shapes.js';

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

const badTaggingHeader = (text: string): AwsError =>
  invalidArgument("The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.", 'x-amz-tagging', text);

function formDecode(text: string, given: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw badTaggingHeader(given);
  }
}

/**
 * The `x-amz-tagging` header: URL query parameters (`k1=v1&k2`: a key without `=` has the empty value; empty pairs
 * are skipped). A pair holding a second `=` or a key given twice is S3's InvalidArgument; the tags are then checked
 * as an object's.
 */
export function parseTaggingHeader(given: string): Tag[] {
  const tags: Tag[] = [];
  for (const pair of given.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const rawValue = equals === -1 ? '' : pair.slice(equals + 1);
    if (rawValue.includes('=')) throw badTaggingHeader(given);
    const key = formDecode(equals === -1 ? pair : pair.slice(0, equals), given);
    if (tags.some((tag) => tag.key === key)) throw badTaggingHeader(given);
    tags.push({ key, value: formDecode(rawValue, given) });
  }
  checkObjectTags(tags);
  return tags;
}

/** The tags an `x-amz-tagging` header gives; undefined without the header. */
export function tagsOfHeader(headers: IncomingHttpHeaders): Tag[] | undefined {
  const text = header(headers, 'x-amz-tagging');
  return text === undefined ? undefined : parseTaggingHeader(text);
}
