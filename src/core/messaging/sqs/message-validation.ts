import type { MessageAttributes } from '../message-attributes.js';
import { invalidMessageContents, invalidParameterValue, missingParameter } from './sqs-errors.js';

/** The characters SQS accepts (XML 1.0's): #x9 | #xA | #xD | #x20–#xD7FF | #xE000–#xFFFD | #x10000–#x10FFFF. */
const OUTSIDE_ALLOWED = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

const ALLOWED_SET = '#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]';

export const MAX_MESSAGE_ATTRIBUTES = 10;

/** The first character SQS would refuse, as `#x1F`; undefined when every character is allowed. */
function firstInvalidCharacter(text: string): string | undefined {
  const match = OUTSIDE_ALLOWED.exec(text);
  return match === null ? undefined : `#x${(match[0].codePointAt(0) ?? 0).toString(16).toUpperCase()}`;
}

export function checkMessageBody(body: string): void {
  if (body.length === 0) throw missingParameter('MessageBody');
  const invalid = firstInvalidCharacter(body);
  if (invalid !== undefined) {
    throw invalidMessageContents(`Invalid binary character '${invalid}' was found in the message body, the set of allowed characters is ${ALLOWED_SET}.`);
  }
}

const NAME_CHARACTERS = /^[A-Za-z0-9_.-]+$/;
const DATA_TYPE = /^(String|Number|Binary)(\..+)?$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function isValidAttributeName(name: string): boolean {
  const lower = name.toLowerCase();
  return (
    name.length <= 256 &&
    NAME_CHARACTERS.test(name) &&
    !name.startsWith('.') &&
    !name.endsWith('.') &&
    !name.includes('..') &&
    !lower.startsWith('aws.') &&
    !lower.startsWith('amazon.')
  );
}

/** Checks user message attributes as SQS does (names, types, values); throws InvalidParameterValue. */
export function checkMessageAttributes(attributes: MessageAttributes): void {
  const names = Object.keys(attributes);
  if (names.length > MAX_MESSAGE_ATTRIBUTES) {
    throw invalidParameterValue(`Number of message attributes [${names.length}] exceeds the allowed maximum [${MAX_MESSAGE_ATTRIBUTES}].`);
  }
  for (const name of names) {
    const attribute = attributes[name];
    if (attribute === undefined) continue;
    if (!isValidAttributeName(name)) {
      throw invalidParameterValue(
        `Message (user) attribute name '${name}' is invalid. A name can contain alphanumeric characters, hyphens, underscores and ` +
          "periods (not at its start or end, never two in a row), can't start with 'AWS.' or 'Amazon.', and is at most 256 characters long.",
      );
    }
    const type = attribute.DataType;
    if (type === '') throw invalidParameterValue(`The message attribute '${name}' must contain non-empty message attribute type.`);
    if (!DATA_TYPE.test(type) || type.length > 256) {
      throw invalidParameterValue(
        `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
      );
    }
    const base = type.split('.')[0] as 'String' | 'Number' | 'Binary';
    if (base === 'Binary') {
      if (attribute.BinaryValue === undefined || attribute.BinaryValue.length === 0) throw emptyValue(name, base);
      continue;
    }
    const value = attribute.StringValue;
    if (value === undefined || value === '') throw emptyValue(name, base);
    if (base === 'Number' && !NUMBER.test(value)) throw invalidParameterValue(`Can't cast the value of message (user) attribute '${name}' to a number.`);
    const invalid = firstInvalidCharacter(value);
    if (invalid !== undefined) {
      throw invalidParameterValue(
        `Invalid binary character '${invalid}' was found in the value of message (user) attribute '${name}', the set of allowed characters is ${ALLOWED_SET}.`,
      );
    }
  }
}

const emptyValue = (name: string, type: string) => invalidParameterValue(`Message (user) attribute '${name}' must contain a non-empty value of type '${type}'.`);

/** What counts against MaximumMessageSize: the body and every attribute's name, type and value, in bytes. */
export function messageSize(body: string, attributes: MessageAttributes): number {
  let size = Buffer.byteLength(body, 'utf8');
  for (const [name, attribute] of Object.entries(attributes)) {
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(attribute.DataType, 'utf8');
    size += attribute.BinaryValue?.length ?? Buffer.byteLength(attribute.StringValue ?? '', 'utf8');
  }
  return size;
}
