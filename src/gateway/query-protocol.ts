import { XMLBuilder } from 'fast-xml-parser';
import type { QueryTree, QueryValue, XmlObject, XmlValue } from '../services/service.js';

/**
 * The AWS query protocol (SNS, IAM, STS, SQS for older clients): form-encoded parameters in, XML out.
 * `Attributes.entry.1.key=K` decodes to `{ Attributes: { entry: [{ key: 'K' }] } }`; results are wrapped as
 * `<{Action}Response><{Action}Result>…</{Action}Result><ResponseMetadata>…` and errors as `<ErrorResponse>`.
 */

const INDEX = /^[1-9]\d*$/;

/** Every parameter of the form body and the URL's query string, as one tree. */
export function decodeQueryParams(params: URLSearchParams): QueryTree {
  const root: QueryTree = {};
  for (const [name, value] of params) {
    const path = name.split('.');
    let node: QueryTree = root;
    for (const [depth, segment] of path.entries()) {
      if (depth === path.length - 1) {
        // A scalar never overwrites a nested level (`A=1&A.1=x` keeps the list).
        if (typeof node[segment] !== 'object') node[segment] = value;
        break;
      }
      const next = node[segment];
      if (typeof next === 'object' && !Array.isArray(next)) node = next;
      else node = node[segment] = {};
    }
  }
  return listify(root) as QueryTree;
}

/** Levels whose names are all indexes become arrays in index order (gaps close up, as AWS does). */
function listify(value: QueryValue): QueryValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const names = Object.keys(value);
  if (names.length > 0 && names.every((name) => INDEX.test(name))) {
    return names
      .sort((a, b) => Number(a) - Number(b))
      .map((name) => listify(value[name] as QueryValue));
  }
  for (const name of names) value[name] = listify(value[name] as QueryValue);
  return value;
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: false,
  // Escaping is ours: AWS also escapes carriage returns, which XML parsers would otherwise turn into line feeds.
  processEntities: false,
  tagValueProcessor: (_name: string, value: unknown) => escapeXmlText(String(value)),
});

const XML_SPECIAL = /[&<>"'\r]/g;
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#xD;' };

const escapeXmlText = (text: string): string => text.replace(XML_SPECIAL, (char) => XML_ESCAPES[char] ?? char);

/** Drops undefined members so they produce no element. */
function prune(value: XmlValue): XmlValue {
  if (Array.isArray(value)) return value.map(prune);
  if (typeof value !== 'object') return value;
  const out: XmlObject = {};
  for (const [name, member] of Object.entries(value)) if (member !== undefined) out[name] = prune(member);
  return out;
}

/** An XML document with one root element carrying `xmlns`. */
export function xmlDocument(root: string, namespace: string, content: XmlObject): string {
  const xml = builder.build({ [root]: { '@_xmlns': namespace, ...(prune(content) as XmlObject) } }) as string;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
}

export function queryResponse(action: string, namespace: string, requestId: string, result: XmlObject | undefined): string {
  return xmlDocument(`${action}Response`, namespace, { [`${action}Result`]: result, ResponseMetadata: { RequestId: requestId } });
}
