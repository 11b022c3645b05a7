import { cidrContains } from './cidr.js';
import type { Condition, FieldRule, FilterPolicy, FilterValue, PolicyNode } from './filter-policy.js';

/**
 * The values a message holds at a key path (arrays flattened), or undefined when the key is absent. How a
 * message is read (attributes, a JSON body, an event) is the caller's business.
 */
export type ValueLookup = (path: string[]) => FilterValue[] | undefined;

/** Whether a message satisfies a parsed filter policy. */
export function matchesFilterPolicy(policy: FilterPolicy, lookup: ValueLookup): boolean {
  return nodeMatches(policy.root, lookup);
}

function nodeMatches(node: PolicyNode, lookup: ValueLookup): boolean {
  return (
    node.fields.every((field) => fieldMatches(field, lookup)) &&
    node.alternatives.every((group) => group.some((alternative) => nodeMatches(alternative, lookup)))
  );
}

function fieldMatches(field: FieldRule, lookup: ValueLookup): boolean {
  const values = lookup(field.path);
  const present = values !== undefined && values.length > 0;
  return field.conditions.some((condition) => {
    if (condition.kind === 'exists') return condition.value === present;
    return present && values.some((value) => conditionHolds(condition, value));
  });
}

function conditionHolds(condition: Exclude<Condition, { kind: 'exists' }>, value: FilterValue): boolean {
  switch (condition.kind) {
    case 'exact':
      return condition.value === value;
    case 'prefix':
      return typeof value === 'string' && value.startsWith(condition.value);
    case 'suffix':
      return typeof value === 'string' && value.endsWith(condition.value);
    case 'equals-ignore-case':
      return typeof value === 'string' && value.toLowerCase() === condition.value.toLowerCase();
    case 'anything-but':
      return !condition.values.includes(value);
    case 'anything-but-prefix':
      return typeof value === 'string' && !value.startsWith(condition.value);
    case 'numeric': {
      if (typeof value !== 'number') return false;
      const { lower, upper } = condition;
      if (lower !== undefined && (lower.inclusive ? value < lower.value : value <= lower.value)) return false;
      return upper === undefined || (upper.inclusive ? value <= upper.value : value < upper.value);
    }
    case 'cidr':
      return typeof value === 'string' && cidrContains(condition.block, value);
  }
}
