/**
 * Subscription filter policies: parsing and validation, with AWS's limits and wording. The policy language
 * overlaps with EventBridge event patterns, so this module knows nothing about SNS messages; matching lives in
 * filter-policy-match.ts.
 *
 * A policy is an object of keys (AND); each key holds a list of conditions (OR) or, for body filtering, a nested
 * object whose keys extend the path. `$or` holds alternative sub-policies.
 */
import { parseCidr, type CidrBlock } from './cidr.js';
import { isJsonObject } from '../../../lib/json.js';

/** A scalar of a message that conditions test. */
export type FilterValue = string | number | boolean | null;

export interface NumericBound {
  value: number;
  inclusive: boolean;
}

export type Condition =
  | { kind: 'exact'; value: FilterValue }
  | { kind: 'prefix'; value: string }
  | { kind: 'suffix'; value: string }
  | { kind: 'equals-ignore-case'; value: string }
  | { kind: 'anything-but'; values: FilterValue[] }
  | { kind: 'anything-but-prefix'; value: string }
  | { kind: 'numeric'; lower: NumericBound | undefined; upper: NumericBound | undefined }
  | { kind: 'exists'; value: boolean }
  | { kind: 'cidr'; block: CidrBlock };

export interface FieldRule {
  /** Key path from the top of the message: one name for attributes, more for nested body keys. */
  path: string[];
  /** At least one must hold. */
  conditions: Condition[];
}

export interface PolicyNode {
  /** Every rule must hold. */
  fields: FieldRule[];
  /** `$or`: in every group, at least one alternative must hold. */
  alternatives: PolicyNode[][];
}

export interface FilterPolicy {
  root: PolicyNode;
  /** True when some key holds an object (nested keys): only body filtering accepts that. */
  nested: boolean;
}

/** A policy refused: `message` is AWS's reason, e.g. `Filter policy is too complex`. */
export class FilterPolicyError extends Error {}

/** AWS: at most five keys (top-level names, `$or` alternatives included) and 150 combinations of values. */
const MAX_KEYS = 5;
const MAX_COMBINATIONS = 150;

const NUMERIC_OPERATORS = new Set(['=', '<', '<=', '>', '>=']);

export function parseFilterPolicy(text: string): FilterPolicy {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new FilterPolicyError(`failed to parse JSON. ${(error as Error).message}`);
  }
  if (!isJsonObject(document)) throw new FilterPolicyError('Filter policy must be a JSON object');
  const state = { nested: false };
  const root = parseNode(document, [], state);
  if (topLevelKeys(root).size > MAX_KEYS) throw new FilterPolicyError(`Filter policy can not have more than ${MAX_KEYS} keys`);
  if (combinations(root) > MAX_COMBINATIONS) throw new FilterPolicyError('Filter policy is too complex');
  return { root, nested: state.nested };
}

function parseNode(object: Record<string, unknown>, prefix: string[], state: { nested: boolean }): PolicyNode {
  const node: PolicyNode = { fields: [], alternatives: [] };
  for (const [key, value] of Object.entries(object)) {
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2 || !value.every(isJsonObject)) {
        throw new FilterPolicyError('"$or" must be an array of at least two objects');
      }
      node.alternatives.push(value.map((alternative) => parseNode(alternative, prefix, state)));
    } else if (Array.isArray(value)) {
      if (value.length === 0) throw new FilterPolicyError('Empty arrays are not allowed');
      node.fields.push({ path: [...prefix, key], conditions: value.map(parseCondition) });
    } else if (isJsonObject(value)) {
      state.nested = true;
      const inner = parseNode(value, [...prefix, key], state);
      node.fields.push(...inner.fields);
      node.alternatives.push(...inner.alternatives);
    } else {
      throw new FilterPolicyError(`"${key}" must be an object or an array`);
    }
  }
  return node;
}

function parseCondition(item: unknown): Condition {
  if (item === null || typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') return { kind: 'exact', value: item };
  if (Array.isArray(item) || !isJsonObject(item)) throw new FilterPolicyError('Match value must be String, number, true, false, or null');
  const entries = Object.entries(item);
  if (entries.length !== 1) throw new FilterPolicyError('Only one key allowed in match expression');
  const [operator, operand] = entries[0] as [string, unknown];
  switch (operator) {
    case 'prefix':
    case 'suffix':
    case 'equals-ignore-case':
      return { kind: operator, value: patternString(operator, operand) };
    case 'anything-but':
      return parseAnythingBut(operand);
    case 'numeric':
      return parseNumeric(operand);
    case 'exists':
      if (typeof operand !== 'boolean') throw new FilterPolicyError('exists match pattern must be either true or false.');
      return { kind: 'exists', value: operand };
    case 'cidr': {
      // AWS names the wrong operator in this message.
      const parsed = parseCidr(patternString('prefix', operand));
      if ('problem' in parsed) throw new FilterPolicyError(parsed.problem);
      return { kind: 'cidr', block: parsed.block };
    }
    default:
      throw new FilterPolicyError(`Unrecognized match type ${operator}`);
  }
}

function patternString(operator: string, operand: unknown): string {
  if (typeof operand !== 'string') throw new FilterPolicyError(`${operator} match pattern must be a string`);
  return operand;
}

function parseAnythingBut(operand: unknown): Condition {
  if (typeof operand === 'string' || typeof operand === 'number') return { kind: 'anything-but', values: [operand] };
  if (Array.isArray(operand)) {
    if (operand.length === 0) throw new FilterPolicyError('Empty arrays are not allowed');
    for (const value of operand) {
      if (typeof value !== 'string' && typeof value !== 'number') {
        throw new FilterPolicyError('Inside anything but list, start|null|boolean is not supported.');
      }
    }
    return { kind: 'anything-but', values: operand as (string | number)[] };
  }
  if (isJsonObject(operand)) {
    const entries = Object.entries(operand);
    if (entries.length !== 1) throw new FilterPolicyError('Only one key allowed in match expression');
    const [operator, value] = entries[0] as [string, unknown];
    if (operator !== 'prefix') throw new FilterPolicyError(`Unsupported anything-but pattern: ${operator}`);
    return { kind: 'anything-but-prefix', value: patternString('prefix', value) };
  }
  throw new FilterPolicyError('Value of anything-but must be an array or single string/number value.');
}

/** `["=", 5]`, `[">", 0]`, `["<=", 9]` or a range `[">" | ">=", low, "<" | "<=", high]`. */
function parseNumeric(operand: unknown): Condition {
  if (!Array.isArray(operand)) throw new FilterPolicyError('Value of numeric must be an array.');
  const items: unknown[] = operand;
  if (items.length === 0) throw new FilterPolicyError('Invalid member in numeric match: ]');
  const [first, firstValue] = items;
  if (typeof first !== 'string') throw new FilterPolicyError(`Invalid member in numeric match: ${String(first)}`);
  if (!NUMERIC_OPERATORS.has(first)) throw new FilterPolicyError(`Unrecognized numeric range operator: ${first}`);
  if (typeof firstValue !== 'number') throw new FilterPolicyError(`Value of ${first === '=' ? 'equals' : first} must be numeric`);
  const bound = { value: firstValue, inclusive: first !== '<' && first !== '>' };
  if (first === '=' || first === '<' || first === '<=') {
    if (items.length > 2) throw new FilterPolicyError('Too many elements in numeric expression');
    return { kind: 'numeric', lower: first === '=' ? bound : undefined, upper: bound };
  }
  if (items.length === 2) return { kind: 'numeric', lower: bound, upper: undefined };
  const [, , second, secondValue] = items;
  if (typeof second !== 'string') throw new FilterPolicyError(`Bad value in numeric range: ${String(second)}`);
  if (second !== '<' && second !== '<=') throw new FilterPolicyError(`Bad numeric range operator: ${second}`);
  if (typeof secondValue !== 'number') throw new FilterPolicyError(`Value of ${second} must be numeric`);
  if (items.length > 4) throw new FilterPolicyError('Too many terms in numeric range expression');
  if (firstValue >= secondValue) throw new FilterPolicyError('Bottom must be less than top');
  return { kind: 'numeric', lower: bound, upper: { value: secondValue, inclusive: second === '<=' } };
}

function topLevelKeys(node: PolicyNode, into = new Set<string>()): Set<string> {
  for (const field of node.fields) into.add(field.path[0] as string);
  for (const group of node.alternatives) for (const alternative of group) topLevelKeys(alternative, into);
  return into;
}

/**
 * AWS's complexity measure: each key's number of values times its nesting depth, multiplied across keys; the
 * alternatives of an `$or` add up.
 */
function combinations(node: PolicyNode): number {
  let total = 1;
  for (const field of node.fields) total *= field.path.length * field.conditions.length;
  for (const group of node.alternatives) total *= group.reduce((sum, alternative) => sum + combinations(alternative), 0);
  return total;
}

