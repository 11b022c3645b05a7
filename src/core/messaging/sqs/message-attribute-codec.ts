import type { MessageAttributes } from '../message-attributes.js';

interface StoredAttribute {
  DataType: string;
  StringValue?: string;
  /** Base64. */
  BinaryValue?: string;
}

/** Message attributes as the store keeps them: JSON, binary values in base64; undefined when there are none. */
export function encodeMessageAttributes(attributes: MessageAttributes): string | undefined {
  const entries = Object.entries(attributes);
  if (entries.length === 0) return undefined;
  const stored: Record<string, StoredAttribute> = {};
  for (const [name, { DataType, StringValue, BinaryValue }] of entries) {
    stored[name] = BinaryValue === undefined ? { DataType, StringValue } : { DataType, BinaryValue: BinaryValue.toString('base64') };
  }
  return JSON.stringify(stored);
}

export function decodeMessageAttributes(stored: string | undefined): MessageAttributes {
  if (stored === undefined) return {};
  const attributes: MessageAttributes = {};
  for (const [name, { DataType, StringValue, BinaryValue }] of Object.entries(JSON.parse(stored) as Record<string, StoredAttribute>)) {
    attributes[name] = BinaryValue === undefined ? { DataType, StringValue } : { DataType, BinaryValue: Buffer.from(BinaryValue, 'base64') };
  }
  return attributes;
}
