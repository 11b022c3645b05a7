/**
 * The match conditions of one event-pattern field (`"state": ["running", {"prefix": "stop"}]`): parsing each
 * element with EventBridge's validation and wording (event-ruler's), and testing a leaf value of an event.
 *
 * Values compare the way event-ruler sees them: a string condition never matches a number or `null`, while every
 * `anything-but` form matches any value that is not excluded, `null` and numbers included.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';

import { invalidEventPattern } from './event-pattern-error.js';
import { parseWildcard, wildcardMatches, type Wildcard } from './event-pattern-wildcard.js';
import { isJsonObject } from '../../lib/json.js';

/** A scalar of an event: what conditions are tested against. */
export type LeafValue = string | number | boolean | null;

interface NumericBound {
  value: number;
  inclusive: boolean;
}

/** Any condition other than an exact value or `exists`. */
export type Condition =
  | { kind: 'prefix'; value: string; ignoreCase: boolean }
  | { kind: 'suffix'; value: string; ignoreCase: boolean }
  | { kind: 'equals-ignore-case'; value: string }
  | { kind: 'wildcard'; wildcard: Wildcard }
  | { kind: 'numeric'; lower: NumericBound | undefined; upper: NumericBound | undefined }
  | { kind: 'cidr'; block: BlockList }
  | { kind: 'anything-but'; strings: ReadonlySet<string>; numbers: ReadonlySet<number> }
  | { kind: 'anything-but-ignore-case'; values: ReadonlySet<string> }
  | { kind: 'anything-but-prefix'; values: readonly string[] }
  | { kind: 'anything-but-suffix'; values: readonly string[] }
  | { kind: 'anything-but-wildcard'; wildcards: readonly Wildcard[] };

/** The conditions of one field: at least one must hold. */
export interface FieldConditions {
  strings: Set<string>;
  numbers: Set<number>;
  /** Exact `true`, `false` and `null`. */
  literals: Set<boolean | null>;
  conditions: Condition[];
  /** `{"exists": true}`: any value at all. */
  existence: boolean;
  /** `{"exists": false}`: no value at all. */
  absence: boolean;
}

/** event-ruler compares numbers within ±5.0e9 (its ComparableNumber range). */
const NUMERIC_LIMIT = 5e9;

export function parseFieldConditions(elements: readonly unknown[]): FieldConditions {
  if (elements.length === 0) throw invalidEventPattern('Empty arrays are not allowed');
  const field: FieldConditions = {
    strings: new Set(),
    numbers: new Set(),
    literals: new Set(),
    conditions: [],
    existence: false,
    absence: false,
  };
  for (const element of elements) {
    if (typeof element === 'string') field.strings.add(element);
    else if (typeof element === 'number') field.numbers.add(element);
    else if (element === null || typeof element === 'boolean') field.literals.add(element);
    else if (Array.isArray(element)) throw invalidEventPattern('Match value must be String, number, true, false, or null');
    else addOperator(field, element as Record<string, unknown>);
  }
  return field;
}

function addOperator(field: FieldConditions, expression: Record<string, unknown>): void {
  const entries = Object.entries(expression);
  const [name, operand] = entries[0] ?? [];
  if (name === undefined) throw invalidEventPattern('Match expression name not found');
  const onlyKey = (message = 'Only one key allowed in match expression'): void => {
    if (entries.length > 1) throw invalidEventPattern(message);
  };
  switch (name) {
    case 'prefix':
    case 'suffix': {
      const kind = name;
      if (isJsonObject(operand)) {
        const value = parseIgnoreCaseOperand(kind, operand);
        onlyKey();
        field.conditions.push({ kind, value: value.toLowerCase(), ignoreCase: true });
        return;
      }
      if (typeof operand !== 'string') throw invalidEventPattern(`${kind} match pattern must be a string`);
      onlyKey();
      field.conditions.push({ kind, value: operand, ignoreCase: false });
      return;
    }
    case 'equals-ignore-case':
      if (typeof operand !== 'string') throw invalidEventPattern('equals-ignore-case match pattern must be a string');
      onlyKey();
      field.conditions.push({ kind: 'equals-ignore-case', value: operand.toLowerCase() });
      return;
    case 'wildcard':
      if (typeof operand !== 'string') throw invalidEventPattern('wildcard match pattern must be a string');
      field.conditions.push({ kind: 'wildcard', wildcard: parseWildcard(operand) });
      onlyKey();
      return;
    case 'numeric':
      if (!Array.isArray(operand)) throw invalidEventPattern('Value of numeric must be an array.');
      field.conditions.push(parseNumeric(operand));
      onlyKey('Too many elements in numeric expression');
      return;
    case 'anything-but':
      field.conditions.push(parseAnythingBut(operand));
      onlyKey('Too many elements in numeric expression');
      return;
    case 'exists':
      if (typeof operand !== 'boolean') throw invalidEventPattern('exists match pattern must be either true or false.');
      onlyKey();
      if (operand) field.existence = true;
      else field.absence = true;
      return;
    case 'cidr':
      if (typeof operand !== 'string') throw invalidEventPattern('prefix match pattern must be a string');
      field.conditions.push({ kind: 'cidr', block: parseCidr(operand) });
      onlyKey();
      return;
    default:
      throw invalidEventPattern(`Unrecognized match type ${name}`);
  }
}


/** `{"prefix": {"equals-ignore-case": "EventB"}}`. */
function parseIgnoreCaseOperand(kind: 'prefix' | 'suffix', operand: Record<string, unknown>): string {
  const entries = Object.entries(operand);
  const [name, value] = entries[0] ?? [];
  const label = kind === 'prefix' ? 'Prefix' : 'Suffix';
  if (name === undefined) throw invalidEventPattern(`${label} expression name not found`);
  if (name !== 'equals-ignore-case') throw invalidEventPattern(`Unsupported ${kind} pattern: ${name}`);
  if (typeof value !== 'string') throw invalidEventPattern('equals-ignore-case match pattern must be a string');
  if (entries.length > 1) throw invalidEventPattern('Only one key allowed in match expression');
  return value;
}

function comparable(value: number): number {
  if (value < -NUMERIC_LIMIT || value > NUMERIC_LIMIT) throw invalidEventPattern('Value must be between -5.0E9 and 5.0E9, inclusive');
  return value;
}

const text = (value: unknown): string => (value === undefined ? ']' : typeof value === 'string' ? value : JSON.stringify(value));

/** `["=", 5]`, `["<", 5]`, `[">=", 0, "<", 10]`, … */
function parseNumeric(terms: readonly unknown[]): Condition {
  const [operator, operand] = terms;
  if (typeof operator !== 'string') throw invalidEventPattern(`Invalid member in numeric match: ${text(operator)}`);
  const valueOf = (label: string, value: unknown): number => {
    if (typeof value !== 'number') throw invalidEventPattern(`Value of ${label} must be numeric`);
    return comparable(value);
  };
  const noMoreThan = (count: number): void => {
    if (terms.length > count) throw invalidEventPattern('Too many elements in numeric expression');
  };
  switch (operator) {
    case '=': {
      const value = valueOf('equals', operand);
      noMoreThan(2);
      return { kind: 'numeric', lower: { value, inclusive: true }, upper: { value, inclusive: true } };
    }
    case '<':
    case '<=': {
      const value = valueOf(operator, operand);
      noMoreThan(2);
      return { kind: 'numeric', lower: undefined, upper: { value, inclusive: operator === '<=' } };
    }
    case '>':
    case '>=': {
      const lower = { value: valueOf(operator, operand), inclusive: operator === '>=' };
      if (terms.length === 2) return { kind: 'numeric', lower, upper: undefined };
      const topOperator = terms[2];
      if (typeof topOperator !== 'string') throw invalidEventPattern(`Bad value in numeric range: ${text(topOperator)}`);
      if (topOperator !== '<' && topOperator !== '<=') throw invalidEventPattern(`Bad numeric range operator: ${topOperator}`);
      const upper = { value: valueOf(topOperator, terms[3]), inclusive: topOperator === '<=' };
      if (terms.length > 4) throw invalidEventPattern('Too many terms in numeric range expression');
      if (lower.value >= upper.value) throw invalidEventPattern('Bottom must be less than top');
      return { kind: 'numeric', lower, upper };
    }
    default:
      throw invalidEventPattern(`Unrecognized numeric range operator: ${operator}`);
  }
}

/** Every `anything-but` form: a value, a list of strings or of numbers, or `{prefix|suffix|equals-ignore-case|wildcard}`. */
function parseAnythingBut(operand: unknown): Condition {
  if (isJsonObject(operand)) {
    const entries = Object.entries(operand);
    const [name, value] = entries[0] ?? [];
    if (name === undefined) throw invalidEventPattern('Anything-But expression name not found');
    if (name !== 'prefix' && name !== 'suffix' && name !== 'equals-ignore-case' && name !== 'wildcard') {
      throw invalidEventPattern(`Unsupported anything-but pattern: ${name}`);
    }
    const values = anythingButValueSet(name, value);
    if (entries.length > 1) throw invalidEventPattern('Too many elements in numeric expression');
    switch (name) {
      case 'prefix':
        return { kind: 'anything-but-prefix', values };
      case 'suffix':
        return { kind: 'anything-but-suffix', values };
      case 'equals-ignore-case':
        return { kind: 'anything-but-ignore-case', values: new Set(values.map((v) => v.toLowerCase())) };
      case 'wildcard':
        return { kind: 'anything-but-wildcard', wildcards: values.map(parseWildcard) };
    }
  }
  if (typeof operand === 'string') return { kind: 'anything-but', strings: new Set([operand]), numbers: new Set() };
  if (typeof operand === 'number') return { kind: 'anything-but', strings: new Set(), numbers: new Set([comparable(operand)]) };
  if (!Array.isArray(operand)) throw invalidEventPattern('Value of anything-but must be an array or single string/number value.');
  const strings = new Set<string>();
  const numbers = new Set<number>();
  for (const value of operand) {
    if (typeof value === 'string') strings.add(value);
    else if (typeof value === 'number') numbers.add(comparable(value));
    else throw invalidEventPattern('Inside anything but list, start|null|boolean is not supported.');
  }
  if ((strings.size > 0) === (numbers.size > 0)) {
    throw invalidEventPattern('Inside anything but list, either all values are number or string, mixed type is not supported');
  }
  return { kind: 'anything-but', strings, numbers };
}

/** The operand of `{"anything-but": {"prefix": …}}` and its siblings: one string or a list of strings. */
function anythingButValueSet(name: string, operand: unknown): string[] {
  if (typeof operand !== 'string' && typeof operand !== 'number' && !Array.isArray(operand)) {
    throw invalidEventPattern('Value of anything-but must be an array or single string/number value.');
  }
  const values: unknown[] = Array.isArray(operand) ? operand : [operand];
  for (const value of values) {
    if (typeof value !== 'string') {
      if (name === 'equals-ignore-case') {
        throw invalidEventPattern('Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.');
      }
      throw invalidEventPattern(name === 'wildcard' ? 'wildcard match pattern must be a string' : 'prefix/suffix match pattern must be a string');
    }
    if ((name === 'prefix' || name === 'suffix') && value === '') throw invalidEventPattern('Null prefix/suffix not allowed');
  }
  return values as string[];
}

/** `10.0.0.0/24`, `2001:db8::/64`, with event-ruler's checks and wording (a full-length mask is refused). */
function parseCidr(cidr: string): BlockList {
  const parts = cidr.split('/');
  // Java's split drops trailing empty strings: "10.0.0.0/" has no mask part at all.
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length !== 2) throw invalidEventPattern("Malformed CIDR, one '/' required");
  const [address = '', mask = ''] = parts;
  if (!/^[+-]?\d+$/.test(mask) || Math.abs(Number(mask)) > 2 ** 31) {
    throw invalidEventPattern('Malformed CIDR, mask bits must be an integer');
  }
  const bits = Number(mask);
  if (bits < 0) throw invalidEventPattern('Malformed CIDR, mask bits must not be negative');
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
  if (family === undefined) throw invalidEventPattern(`Nonstandard IP address: ${address}`);
  if (family === 'ipv4' && bits > 31) throw invalidEventPattern('IPv4 mask bits must be < 32');
  if (family === 'ipv6' && bits > 127) throw invalidEventPattern('IPv6 mask bits must be < 128');
  const block = new BlockList();
  block.addSubnet(address, bits, family);
  return block;
}

/** Whether one scalar of the event satisfies the field (its exists conditions aside). */
export function valueMatches(field: FieldConditions, value: LeafValue): boolean {
  if (typeof value === 'string') {
    if (field.strings.has(value)) return true;
  } else if (typeof value === 'number') {
    if (field.numbers.has(value)) return true;
  } else if (field.literals.has(value)) {
    return true;
  }
  for (const condition of field.conditions) {
    if (conditionMatches(condition, value)) return true;
  }
  return false;
}

function conditionMatches(condition: Condition, value: LeafValue): boolean {
  switch (condition.kind) {
    case 'prefix':
      return typeof value === 'string' && (condition.ignoreCase ? value.toLowerCase() : value).startsWith(condition.value);
    case 'suffix':
      return typeof value === 'string' && (condition.ignoreCase ? value.toLowerCase() : value).endsWith(condition.value);
    case 'equals-ignore-case':
      return typeof value === 'string' && value.toLowerCase() === condition.value;
    case 'wildcard':
      return typeof value === 'string' && wildcardMatches(condition.wildcard, value);
    case 'numeric':
      return typeof value === 'number' && inRange(condition.lower, condition.upper, value);
    case 'cidr':
      return typeof value === 'string' && cidrContains(condition.block, value);
    case 'anything-but':
      return typeof value === 'string' ? !condition.strings.has(value) : typeof value !== 'number' || !condition.numbers.has(value);
    case 'anything-but-ignore-case':
      return typeof value !== 'string' || !condition.values.has(value.toLowerCase());
    case 'anything-but-prefix':
      return typeof value !== 'string' || !condition.values.some((prefix) => value.startsWith(prefix));
    case 'anything-but-suffix':
      return typeof value !== 'string' || !condition.values.some((suffix) => value.endsWith(suffix));
    case 'anything-but-wildcard':
      return typeof value !== 'string' || !condition.wildcards.some((wildcard) => wildcardMatches(wildcard, value));
  }
}

function inRange(lower: NumericBound | undefined, upper: NumericBound | undefined, value: number): boolean {
  if (value < -NUMERIC_LIMIT || value > NUMERIC_LIMIT) return false;
  if (lower !== undefined && (lower.inclusive ? value < lower.value : value <= lower.value)) return false;
  return upper === undefined || (upper.inclusive ? value <= upper.value : value < upper.value);
}

function cidrContains(block: BlockList, address: string): boolean {
  if (isIPv4(address)) return block.check(address, 'ipv4');
  return isIPv6(address) && block.check(address, 'ipv6');
}

/** The wildcards of a field, plain and negated: EventBridge limits how complex they are together. */
export function fieldWildcards(field: FieldConditions): Wildcard[] {
  return field.conditions.flatMap((condition) =>
    condition.kind === 'wildcard' ? [condition.wildcard] : condition.kind === 'anything-but-wildcard' ? [...condition.wildcards] : [],
  );
}
