import type { MessageAttributes, MessageAttributeValue } from '../message-attributes.js';
import type { FilterPolicy, FilterValue } from './filter-policy.js';
import { matchesFilterPolicy, type ValueLookup } from './filter-policy-match.js';
import { isJsonObject } from '../../../lib/json.js';

/** What a subscription's filter policy looks at (its `FilterPolicyScope`). */
export type FilterPolicyScope = 'MessageAttributes' | 'MessageBody';

/** Whether a subscription with this filter policy receives the message. */
export function acceptsMessage(policy: FilterPolicy, scope: FilterPolicyScope, message: string, attributes: MessageAttributes): boolean {
  if (scope === 'MessageAttributes') return matchesFilterPolicy(policy, attributeLookup(attributes));
  const lookup = bodyLookup(message);
  // A body that is not a JSON object cannot satisfy a body policy.
  return lookup !== undefined && matchesFilterPolicy(policy, lookup);
}

function attributeLookup(attributes: MessageAttributes): ValueLookup {
  return (path) => {
    const attribute = path.length === 1 ? attributes[path[0] as string] : undefined;
    return attribute === undefined ? undefined : attributeValues(attribute);
  };
}

/** String and Number attributes hold one value, String.Array a JSON list; Binary attributes are not filtered on. */
function attributeValues(attribute: MessageAttributeValue): FilterValue[] | undefined {
  const { DataType: type, StringValue: text } = attribute;
  if (type.startsWith('Binary') || text === undefined) return undefined;
  if (type === 'String.Array') {
    try {
      const list: unknown = JSON.parse(text);
      return Array.isArray(list) ? list.filter(isScalar) : [];
    } catch {
      return [];
    }
  }
  if (type.startsWith('Number')) {
    const number = Number(text);
    return Number.isFinite(number) ? [number] : [];
  }
  return [text];
}

function bodyLookup(message: string): ValueLookup | undefined {
  let document: unknown;
  try {
    document = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (!isJsonObject(document)) return undefined;
  return (path) => {
    const leaves = leavesAt([document], path);
    return leaves.length === 0 ? undefined : leaves;
  };
}

/** The scalars at `path` below the given nodes; arrays on the way are searched element by element. */
function leavesAt(nodes: unknown[], path: string[]): FilterValue[] {
  let current = nodes.flatMap(flatten);
  for (const key of path) {
    current = current.flatMap((node) => (isJsonObject(node) && Object.hasOwn(node, key) ? flatten(node[key]) : []));
  }
  return current.filter(isScalar);
}

const flatten = (value: unknown): unknown[] => (Array.isArray(value) ? value.flatMap(flatten) : [value]);


const isScalar = (value: unknown): value is FilterValue =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
