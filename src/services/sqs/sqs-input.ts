import type { MessageAttributes } from '../../core/messaging/message-attributes.js';
import { invalidParameter, missingParameter } from '../../core/messaging/sqs/sqs-errors.js';
import { isJsonObject } from '../../lib/json.js';

/** Readers of SQS's json input (the query binding produces the same shape), refusing bad values in SQS's words. */

export type Input = Record<string, unknown>;


export function requiredString(input: Input, name: string): string {
  const value = input[name];
  if (value === undefined || value === null) throw missingParameter(name);
  if (typeof value !== 'string') throw invalidParameter(name, JSON.stringify(value), 'must be a string.');
  return value;
}

export function optionalString(input: Input, name: string): string | undefined {
  return input[name] === undefined || input[name] === null ? undefined : requiredString(input, name);
}

export function optionalInteger(input: Input, name: string): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalidParameter(name, typeof value === 'string' ? value : JSON.stringify(value), 'must be an integer.');
  return value;
}

export function requiredInteger(input: Input, name: string): number {
  const value = optionalInteger(input, name);
  if (value === undefined) throw missingParameter(name);
  return value;
}

export function stringList(input: Input, name: string): string[] {
  const value = input[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw invalidParameter(name, JSON.stringify(value), 'must be a list of strings.');
  }
  return value as string[];
}

export function stringMap(input: Input, name: string): Record<string, string> {
  const value = input[name];
  if (value === undefined || value === null) return {};
  if (!isJsonObject(value) || !Object.values(value).every((item) => typeof item === 'string')) {
    throw invalidParameter(name, JSON.stringify(value), 'must be a map of strings to strings.');
  }
  return value as Record<string, string>;
}

export function requiredStringMap(input: Input, name: string): Record<string, string> {
  if (input[name] === undefined || input[name] === null) throw missingParameter(name);
  return stringMap(input, name);
}

export function objectList(input: Input, name: string): Input[] {
  const value = input[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every(isJsonObject)) throw invalidParameter(name, JSON.stringify(value), 'must be a list of objects.');
  return value;
}

/** `{ Name: { DataType, StringValue | BinaryValue (base64) } }`; the list values are reserved by SQS and ignored. */
export function messageAttributes(input: Input, name: string): MessageAttributes {
  const value = input[name];
  if (value === undefined || value === null) return {};
  if (!isJsonObject(value)) throw invalidParameter(name, JSON.stringify(value), 'must be a map of message attributes.');
  const attributes: MessageAttributes = {};
  for (const [attributeName, attribute] of Object.entries(value)) {
    if (!isJsonObject(attribute)) throw invalidParameter(`${name}.${attributeName}`, JSON.stringify(attribute), 'must be a message attribute value.');
    const dataType = optionalString(attribute, 'DataType') ?? '';
    const stringValue = optionalString(attribute, 'StringValue');
    const binaryValue = optionalString(attribute, 'BinaryValue');
    if (binaryValue !== undefined && !/^[A-Za-z0-9+/]*={0,2}$/.test(binaryValue)) {
      throw invalidParameter(`${name}.${attributeName}.BinaryValue`, binaryValue, 'must be base64-encoded.');
    }
    attributes[attributeName] =
      binaryValue === undefined ? { DataType: dataType, StringValue: stringValue } : { DataType: dataType, BinaryValue: Buffer.from(binaryValue, 'base64') };
  }
  return attributes;
}
