import type { MessageAttributes } from '../../core/messaging/message-attributes.js';
import { invalidParameter } from '../../core/messaging/sns/sns-errors.js';
import { serviceError } from '../../lib/errors.js';
import type { QueryTree, QueryValue, XmlObject } from '../service.js';

/**
 * SNS's query shapes: reading scalars, maps (`Attributes.entry.N.key` / `.value`), lists (`Tags.member.N.Key`)
 * and message attributes (`MessageAttributes.entry.N.Name` / `.Value.DataType` …); writing attribute maps.
 */

const isTree = (value: QueryValue | undefined): value is QueryTree => typeof value === 'object' && !Array.isArray(value);

export function stringParam(params: QueryTree, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' ? value : undefined;
}

/** The members of a list parameter; an empty list is sent as `Name=` and absent when not given. */
export function memberList(params: QueryTree, name: string): QueryValue[] {
  const node = params[name];
  if (node === undefined || node === '') return [];
  const members = isTree(node) ? node.member : undefined;
  if (!Array.isArray(members)) throw invalidParameter(name);
  return members;
}

/** A string-to-string map parameter. */
export function entryMap(params: QueryTree, name: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const entry of entries(params, name)) {
    const key = stringParam(entry, 'key');
    if (key === undefined) throw invalidParameter(`${name} Reason: an entry has no key`);
    map[key] = stringParam(entry, 'value') ?? '';
  }
  return map;
}

/** `Tags.member.N.Key` / `.Value`. */
export function tagList(params: QueryTree): { Key: string; Value: string }[] {
  return memberList(params, 'Tags').map((member) => {
    const key = isTree(member) ? stringParam(member, 'Key') : undefined;
    if (key === undefined || !isTree(member)) throw invalidParameter('Tags Reason: a tag has no Key');
    return { Key: key, Value: stringParam(member, 'Value') ?? '' };
  });
}

/**
 * Message attributes, binary values decoded from base64. `at` is where the model places them, for AWS's
 * validation message when an attribute has no DataType (`messageAttributes` or `publishBatchRequestEntries.1.member.messageAttributes`).
 */
export function messageAttributes(params: QueryTree, at: string): MessageAttributes {
  const attributes: MessageAttributes = {};
  for (const entry of entries(params, 'MessageAttributes')) {
    const name = stringParam(entry, 'Name');
    if (name === undefined) throw invalidParameter('MessageAttributes Reason: an attribute has no Name');
    const value = isTree(entry.Value) ? entry.Value : {};
    const dataType = stringParam(value, 'DataType');
    if (dataType === undefined) {
      throw serviceError(
        'ValidationError',
        400,
        `1 validation error detected: Value null at '${at}.${name}.member.dataType' failed to satisfy constraint: Member must not be null`,
      );
    }
    const stringValue = stringParam(value, 'StringValue');
    const binaryValue = stringParam(value, 'BinaryValue');
    attributes[name] = {
      DataType: dataType,
      ...(stringValue === undefined ? {} : { StringValue: stringValue }),
      ...(binaryValue === undefined ? {} : { BinaryValue: Buffer.from(binaryValue, 'base64') }),
    };
  }
  return attributes;
}

function entries(params: QueryTree, name: string): QueryTree[] {
  const node = params[name];
  if (node === undefined || node === '') return [];
  const list = isTree(node) ? node.entry : undefined;
  if (!Array.isArray(list) || !list.every(isTree)) throw invalidParameter(name);
  return list as QueryTree[];
}

/** An attributes map as GetTopicAttributes and GetSubscriptionAttributes answer it. */
export const attributesXml = (attributes: Record<string, string>): XmlObject => ({
  Attributes: { entry: Object.entries(attributes).map(([key, value]) => ({ key, value })) },
});
