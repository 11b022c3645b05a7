import { createHash, type Hash } from 'node:crypto';
import type { MessageAttributes } from '../message-attributes.js';

export const md5OfBody = (body: string): string => createHash('md5').update(body, 'utf8').digest('hex');

/**
 * MD5OfMessageAttributes as SQS computes it (and SDKs check it): the attributes in name order, each encoded as
 * name, data type and value, every one a 4-byte big-endian length followed by its bytes, with a one-byte transport
 * type (1: string, 2: binary) before the value. Undefined when there are no attributes.
 */
export function md5OfMessageAttributes(attributes: MessageAttributes): string | undefined {
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const hash = createHash('md5');
  for (const name of names) {
    const attribute = attributes[name];
    if (attribute === undefined) continue;
    updateWithLength(hash, Buffer.from(name, 'utf8'));
    updateWithLength(hash, Buffer.from(attribute.DataType, 'utf8'));
    if (attribute.BinaryValue !== undefined) {
      hash.update(Uint8Array.of(2));
      updateWithLength(hash, attribute.BinaryValue);
    } else {
      hash.update(Uint8Array.of(1));
      updateWithLength(hash, Buffer.from(attribute.StringValue ?? '', 'utf8'));
    }
  }
  return hash.digest('hex');
}

function updateWithLength(hash: Hash, bytes: Buffer): void {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  hash.update(length);
  hash.update(bytes);
}
