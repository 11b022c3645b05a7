import type { ReceiptRef } from '../../../store/sqs.js';

const VERSION = 'r1';

/** A receipt handle names one receive of one message of one queue: opaque to clients, base64url of the three. */
export const encodeReceiptHandle = (handle: ReceiptRef): string =>
  Buffer.from(`${VERSION} ${handle.queueName} ${handle.id} ${handle.receipt}`).toString('base64url');

/** Undefined when `text` is not a receipt handle Eventide gave out. */
export function decodeReceiptHandle(text: string): ReceiptRef | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  const parts = Buffer.from(text, 'base64url').toString().split(' ');
  const [version, queueName, id, receipt] = parts;
  if (parts.length !== 4 || version !== VERSION || queueName === undefined || receipt === undefined || receipt === '') return undefined;
  if (id === undefined || !/^\d{1,15}$/.test(id)) return undefined;
  return { queueName, id: Number(id), receipt };
}
