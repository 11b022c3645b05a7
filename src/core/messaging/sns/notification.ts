import { randomBytes } from 'node:crypto';
import type { MessageAttributes } from '../message-attributes.js';

/** The JSON envelope ("Notification") SNS wraps a message in for SQS subscribers without raw delivery. */

export interface Notification {
  messageId: string;
  topicArn: string;
  subject: string | undefined;
  message: string;
  /** Wall time, epoch milliseconds. */
  timestamp: number;
  signingCertUrl: string;
  unsubscribeUrl: string;
  attributes: MessageAttributes;
}

/**
 * AWS's layout, field order and spacing (`"Key" : value`, two-space indent, one attribute per line). The
 * signature is a plausible base64 value of an RSA signature's length; Eventide does not sign.
 */
export function notificationBody(notification: Notification): string {
  const fields: [string, string][] = [
    ['Type', 'Notification'],
    ['MessageId', notification.messageId],
    ['TopicArn', notification.topicArn],
    ...(notification.subject === undefined ? [] : [['Subject', notification.subject] as [string, string]]),
    ['Message', notification.message],
    ['Timestamp', new Date(notification.timestamp).toISOString()],
    ['SignatureVersion', '1'],
    ['Signature', randomBytes(256).toString('base64')],
    ['SigningCertURL', notification.signingCertUrl],
    ['UnsubscribeURL', notification.unsubscribeUrl],
  ];
  const lines = fields.map(([name, value]) => `  ${JSON.stringify(name)} : ${JSON.stringify(value)}`);
  const attributes = Object.entries(notification.attributes);
  if (attributes.length > 0) {
    const entries = attributes.map(([name, attribute]) => {
      const value = attribute.BinaryValue === undefined ? (attribute.StringValue ?? '') : attribute.BinaryValue.toString('base64');
      return `    ${JSON.stringify(name)} : ${JSON.stringify({ Type: attribute.DataType, Value: value })}`;
    });
    lines.push(`  "MessageAttributes" : {\n${entries.join(',\n')}\n  }`);
  }
  return `{\n${lines.join(',\n')}\n}`;
}
