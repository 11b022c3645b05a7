import type { MessageAttributes, MessageAttributeValue } from '../message-attributes.js';
import { AwsError, serviceError } from '../../../lib/errors.js';
import { invalidParameter, parameterValueInvalid } from './sns-errors.js';
import { isJsonObject } from '../../../lib/json.js';

/** What Publish (and each PublishBatch entry) asks to send, checked with SNS's rules and wording. */

/** 256 KiB: the message and its attributes (names, types and values) together. */
const MAX_PUBLISH_BYTES = 262_144;

export interface PublishInput {
  message: string | undefined;
  subject: string | undefined;
  messageStructure: string | undefined;
  attributes: MessageAttributes;
}

/** A message ready to fan out. */
export interface PreparedMessage {
  /** What every protocol without its own entry receives. */
  message: string;
  /** MessageStructure=json: the protocols' own messages (`sqs`, `lambda`, …). */
  byProtocol: Record<string, string>;
  subject: string | undefined;
  attributes: MessageAttributes;
}

/** Checks a Publish request: attributes first, then subject, message and size, as on AWS. */
export function preparePublish(input: PublishInput): PreparedMessage {
  checkMessageAttributes(input.attributes);
  const message = checkContent(input);
  if (publishSize(message, input.attributes) > MAX_PUBLISH_BYTES) throw invalidParameter('Message too long');
  return prepared(input, message, messagesByProtocol(input.messageStructure, message));
}

/**
 * Checks a PublishBatch request. Malformed attributes or JSON structures and an oversized batch refuse the whole
 * request, as on AWS; an entry without a message or with a bad subject fails on its own (its AwsError).
 */
export function prepareBatch(inputs: PublishInput[]): (PreparedMessage | AwsError)[] {
  for (const input of inputs) checkMessageAttributes(input.attributes);
  const structures = inputs.map((input) => (input.message ? messagesByProtocol(input.messageStructure, input.message) : {}));
  const total = inputs.reduce((sum, input) => sum + publishSize(input.message ?? '', input.attributes), 0);
  if (total > MAX_PUBLISH_BYTES) throw serviceError('BatchRequestTooLong', 400, 'The length of all the messages put together is more than the limit.');
  return inputs.map((input, index) => {
    try {
      return prepared(input, checkContent(input), structures[index] ?? {});
    } catch (error) {
      if (error instanceof AwsError) return error;
      throw error;
    }
  });
}

/** The message, once its subject and presence are checked. */
function checkContent(input: PublishInput): string {
  if (input.subject !== undefined && !validSubject(input.subject)) throw invalidParameter('Subject');
  if (input.message === undefined || input.message === '') throw invalidParameter('Empty message');
  return input.message;
}

function prepared(input: PublishInput, message: string, byProtocol: Record<string, string>): PreparedMessage {
  return { message: byProtocol.default ?? message, byProtocol, subject: input.subject, attributes: input.attributes };
}

/** MessageStructure=json: the JSON object's string members, `default` required. */
function messagesByProtocol(structure: string | undefined, message: string): Record<string, string> {
  if (structure === undefined) return {};
  if (structure !== 'json') throw invalidParameter(`MessageStructure Reason: Invalid value [${structure}]. Must be json.`);
  const byProtocol = protocolMessages(message);
  if (byProtocol.default === undefined) throw invalidParameter('Message Structure - No default entry in JSON message body');
  return byProtocol;
}

/** Size of a message as SNS counts it against its limit. */
export function publishSize(message: string, attributes: MessageAttributes): number {
  let size = Buffer.byteLength(message);
  for (const [name, attribute] of Object.entries(attributes)) {
    size += Buffer.byteLength(name) + Buffer.byteLength(attribute.DataType);
    size += attribute.BinaryValue?.length ?? Buffer.byteLength(attribute.StringValue ?? '');
  }
  return size;
}

/** Subjects: 1 to 99 characters, no line breaks or other control characters. */
// eslint-disable-next-line no-control-regex
const validSubject = (subject: string): boolean => subject.length > 0 && subject.length < 100 && !/[\u0000-\u001f\u007f]/.test(subject);

/** The JSON object's string members; members of other types are ignored, as on AWS. */
function protocolMessages(message: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw invalidParameter('Message Structure - JSON message body failed to parse');
  }
  if (!isJsonObject(parsed)) {
    throw invalidParameter('Message Structure - No default entry in JSON message body');
  }
  return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

const ATTRIBUTE_NAME_CHARACTER = /^[A-Za-z0-9_\-.]$/;
const TYPE_PREFIX = /^(String|Number|Binary)(\..+)?$/;

function checkMessageAttributes(attributes: MessageAttributes): void {
  for (const [name, attribute] of Object.entries(attributes)) {
    checkAttributeName(name);
    checkAttributeValue(name, attribute);
  }
}

function checkAttributeName(name: string): void {
  if (Buffer.byteLength(name) > 256) throw parameterValueInvalid('Length of message attribute name must be less than 256 bytes.');
  if (name.startsWith('.')) throw parameterValueInvalid("Invalid message attribute name starting with character '.' was found.");
  if (name.endsWith('.')) throw parameterValueInvalid("Invalid message attribute name ending with character '.' was found.");
  for (const character of name) {
    if (!ATTRIBUTE_NAME_CHARACTER.test(character)) {
      const code = (character.codePointAt(0) ?? 0).toString(16).toUpperCase();
      throw parameterValueInvalid(
        `Invalid non-alphanumeric character '#x${code}' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots.`,
      );
    }
  }
  if (name.includes('..')) throw parameterValueInvalid("Message attribute name can not have successive '.' character.");
}

function checkAttributeValue(name: string, attribute: MessageAttributeValue): void {
  const type = attribute.DataType;
  const match = TYPE_PREFIX.exec(type);
  if (match === null) {
    throw parameterValueInvalid(
      `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
    );
  }
  const empty = () => parameterValueInvalid(`The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`);
  const binary = match[1] === 'Binary';
  if (attribute.StringValue === undefined && attribute.BinaryValue === undefined) throw empty();
  const value = binary ? attribute.BinaryValue : attribute.StringValue;
  if (value === undefined) throw parameterValueInvalid(`The message attribute '${name}' with type '${type}' must use field '${binary ? 'Binary' : 'String'}'.`);
  if (value.length === 0) throw empty();
  if (match[1] === 'Number' && !Number.isFinite(Number(value))) throw parameterValueInvalid(`Could not cast message attribute '${name}' value to number.`);
}
