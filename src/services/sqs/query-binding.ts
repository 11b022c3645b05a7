import type { QueryTree, QueryValue, XmlObject, XmlValue } from '../service.js';

/**
 * SQS's query protocol (the AWS CLI v2.9, older SDKs) as a thin binding over the json operations: parameters are
 * turned into the json input, the json output into the XML result. Flattened lists and maps, as in the 2012-11-05
 * query model: `Attribute.1.Name=…&Attribute.1.Value=…`, `MessageAttribute.1.Value.StringValue=…`,
 * `SendMessageBatchRequestEntry.1.Id=…`, `AttributeName.1=…`.
 */

/** Parameters that are integers in the json shapes; a value that is not one stays text and is refused there. */
const INTEGER_PARAMETERS = new Set(['DelaySeconds', 'MaxNumberOfMessages', 'VisibilityTimeout', 'WaitTimeSeconds', 'MaxResults']);

/** Flattened query lists and their json names. */
const LISTS: Record<string, string> = {
  AttributeName: 'AttributeNames',
  MessageSystemAttributeName: 'MessageSystemAttributeNames',
  MessageAttributeName: 'MessageAttributeNames',
  TagKey: 'TagKeys',
};

const asList = (value: QueryValue): QueryValue[] => (Array.isArray(value) ? value : [value]);
const asTree = (value: QueryValue | undefined): QueryTree => (typeof value === 'object' && !Array.isArray(value) ? value : {});

/** `[{ Name: k, Value: v }]` → `{ k: v }`. */
function pairs(value: QueryValue, keyName: string, valueName: string): Record<string, QueryValue | undefined> {
  const map: Record<string, QueryValue | undefined> = {};
  for (const item of asList(value)) {
    const entry = asTree(item);
    const key = entry[keyName];
    if (typeof key === 'string') map[key] = entry[valueName];
  }
  return map;
}

/** The json input of `action` from its query parameters (`Action` and `Version` dropped). */
export function jsonInputOf(action: string, params: QueryTree): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (name === 'Action' || name === 'Version') continue;
    const listName = LISTS[name];
    if (listName !== undefined) input[listName] = asList(value);
    else if (name === 'Attribute') input.Attributes = pairs(value, 'Name', 'Value');
    // CreateQueue's json member is `tags`, TagQueue's `Tags`.
    else if (name === 'Tag') input[action === 'CreateQueue' ? 'tags' : 'Tags'] = pairs(value, 'Key', 'Value');
    else if (name === 'MessageAttribute') input.MessageAttributes = pairs(value, 'Name', 'Value');
    else if (name.endsWith('BatchRequestEntry')) input.Entries = asList(value).map((entry) => jsonInputOf(action, asTree(entry)));
    else if (INTEGER_PARAMETERS.has(name) && typeof value === 'string' && /^-?\d{1,15}$/.test(value)) input[name] = Number(value);
    else input[name] = value;
  }
  return input;
}

/** `{ k: v }` → `[{ Name: k, Value: v }]`. */
const entriesOf = (map: unknown, keyName: string, valueName: string): XmlObject[] =>
  Object.entries(map as Record<string, XmlValue>).map(([key, value]) => ({ [keyName]: key, [valueName]: value }));

/** The content of `<{action}Result>` from the json output. */
export function xmlResultOf(action: string, output: Record<string, unknown>): XmlObject {
  const result: XmlObject = {};
  for (const [name, value] of Object.entries(output)) {
    if (name === 'Attributes') result.Attribute = entriesOf(value, 'Name', 'Value');
    else if (name === 'Tags') result.Tag = entriesOf(value, 'Key', 'Value');
    else if (name === 'MessageAttributes') result.MessageAttribute = entriesOf(value, 'Name', 'Value');
    else if (name === 'QueueUrls') result.QueueUrl = value as string[];
    else if (name === 'Messages') result.Message = (value as Record<string, unknown>[]).map((message) => xmlResultOf(action, message));
    else if (name === 'Successful') result[`${action}ResultEntry`] = value as XmlObject[];
    else if (name === 'Failed') result.BatchResultErrorEntry = value as XmlObject[];
    else result[name] = value as XmlValue;
  }
  return result;
}
