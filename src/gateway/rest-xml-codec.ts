import { XMLParser } from 'fast-xml-parser';
import { serviceError } from '../lib/errors.js';
import type { XmlObject, XmlValue } from '../services/service.js';

/**
 * rest-xml bodies (S3): XmlObject values to documents and back. A member named `@name` is the attribute `name` of its
 * element (`{ '@xsi:type': 'Group', URI: … }`), both ways; namespace declarations and attributes of elements holding
 * only text are not read.
 */

const ATTRIBUTE = '@';

const XML_SPECIAL = /[&<>"'\r]/g;
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#xD;' };

const escapeXml = (text: string): string => text.replace(XML_SPECIAL, (char) => XML_ESCAPES[char] ?? char);

function element(name: string, value: XmlValue): string {
  if (Array.isArray(value)) return value.map((item) => element(name, item)).join('');
  if (typeof value !== 'object') return `<${name}>${escapeXml(String(value))}</${name}>`;
  return `<${name}${attributes(value)}>${children(value)}</${name}>`;
}

function attributes(content: XmlObject): string {
  let text = '';
  for (const [name, value] of Object.entries(content)) {
    if (name.startsWith(ATTRIBUTE) && value !== undefined) text += ` ${name.slice(ATTRIBUTE.length)}="${escapeXml(String(value))}"`;
  }
  return text;
}

function children(content: XmlObject): string {
  let xml = '';
  for (const [name, value] of Object.entries(content)) if (value !== undefined && !name.startsWith(ATTRIBUTE)) xml += element(name, value);
  return xml;
}

/** A document whose root element carries `xmlns` when a namespace is given; undefined members produce nothing. */
export function xmlDocumentOf(root: string, content: XmlObject | string, namespace?: string): string {
  const open = namespace === undefined ? `<${root}>` : `<${root} xmlns="${escapeXml(namespace)}">`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${open}${typeof content === 'string' ? escapeXml(content) : children(content)}</${root}>`;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
});

/** `xmlns="…"` and `xmlns:p="…"` declare names; they are no data. */
const isNamespaceDeclaration = (name: string): boolean => name === `${ATTRIBUTE}xmlns` || name.startsWith(`${ATTRIBUTE}xmlns:`);

/**
 * Whitespace between elements is no value: drop `#text` wherever an element also has children. An element holding
 * text and attributes (`<URI xmlns="">…</URI>`) is its text.
 */
function withoutLayout(value: unknown): XmlValue {
  if (Array.isArray(value)) return value.map(withoutLayout);
  if (typeof value !== 'object' || value === null) return String(value);
  const members = Object.entries(value as Record<string, unknown>);
  const text = (value as Record<string, unknown>)['#text'];
  if (text !== undefined && members.every(([name]) => name === '#text' || name.startsWith(ATTRIBUTE))) return String(text);
  const out: XmlObject = {};
  for (const [name, member] of members) {
    if (name !== '#text' && !isNamespaceDeclaration(name)) out[name] = withoutLayout(member);
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
