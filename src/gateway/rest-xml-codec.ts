import { XMLParser } from 'fast-xml-parser';
import { serviceError } from '../lib/errors.js';
import type { XmlObject, XmlValue } from '../services/service.js';

/** rest-xml bodies (S3): XmlObject values to documents and back. */

const XML_SPECIAL = /[&<>"'\r]/g;
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#xD;' };

const escapeXml = (text: string): string => text.replace(XML_SPECIAL, (char) => XML_ESCAPES[char] ?? char);

function element(name: string, value: XmlValue): string {
  if (Array.isArray(value)) return value.map((item) => element(name, item)).join('');
  if (typeof value !== 'object') return `<${name}>${escapeXml(String(value))}</${name}>`;
  return `<${name}>${children(value)}</${name}>`;
}

function children(content: XmlObject): string {
  let xml = '';
  for (const [name, value] of Object.entries(content)) if (value !== undefined) xml += element(name, value);
  return xml;
}

/** A document whose root element carries `xmlns` when a namespace is given; undefined members produce nothing. */
export function xmlDocumentOf(root: string, content: XmlObject | string, namespace?: string): string {
  const open = namespace === undefined ? `<${root}>` : `<${root} xmlns="${escapeXml(namespace)}">`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${open}${typeof content === 'string' ? escapeXml(content) : children(content)}</${root}>`;
}

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: false, processEntities: true });

/** Whitespace between elements is no value: drop `#text` wherever an element also has children. */
function withoutLayout(value: unknown): XmlValue {
  if (Array.isArray(value)) return value.map(withoutLayout);
  if (typeof value !== 'object' || value === null) return String(value);
  const out: XmlObject = {};
  for (const [name, member] of Object.entries(value as Record<string, unknown>)) {
    if (name !== '#text') out[name] = withoutLayout(member);
  }
  return out;
}

const malformed = () => serviceError('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema');

/** The content of the root element of an XML body; undefined for an empty body. A root other than `root` is malformed. */
export function parseXmlBody(body: Buffer, root?: string): XmlObject | undefined {
  if (body.toString().trim() === '') return undefined;
  let document: unknown;
  try {
    document = parser.parse(body.toString(), true);
  } catch {
    throw malformed();
  }
  const roots = Object.entries(document as Record<string, unknown>).filter(([name]) => !name.startsWith('?'));
  const [name, element] = roots[0] ?? [];
  if (roots.length !== 1 || (root !== undefined && name !== root)) throw malformed();
  const content = withoutLayout(element);
  return typeof content === 'object' && !Array.isArray(content) ? content : {};
}
