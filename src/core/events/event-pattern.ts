/**
 * EventBridge event patterns: parsing with EventBridge's validation, and matching events.
 *
 * A pattern mirrors the event: nested objects name nested fields, and each leaf holds a list of conditions (one
 * must hold) while all named fields must match. Like event-ruler, which EventBridge runs on, field names join
 * with dots, so `{"a": {"b": [1]}}` and `{"a.b": [1]}` are one field and match `{"a": {"b": 1}}` as well as
 * `{"a.b": 1}`. `$or` forks the pattern into alternative clauses. Matching into arrays of the event is
 * array-consistent: fields matched inside an array's objects must come from the same element.
 *
 * Parsing builds one field tree per clause once; matching walks the event along those trees without copying it.
 */
import { invalidEventPattern } from './event-pattern-error.js';
import { fieldWildcards, parseFieldConditions, valueMatches, type FieldConditions, type LeafValue } from './event-pattern-conditions.js';
import { checkWildcardComplexity } from './event-pattern-wildcard.js';
import { isJsonObject } from '../../lib/json.js';

/** One step of a field tree: the fields below a name, and the conditions when a field ends here. */
interface PatternNode {
  readonly children: ReadonlyArray<readonly [name: string, node: PatternNode]>;
  readonly field: FieldConditions | undefined;
  /** Names from the top of the event to here, for the whole-event check of `{"exists": false}`. */
  readonly path: readonly string[];
}

/** A parsed, validated pattern: it matches when any of its clauses does. */
export interface EventPattern {
  readonly clauses: readonly PatternNode[];
}

/** EventBridge limits how many alternative clauses the `$or`s of one pattern may produce. */
const MAX_COMBINATIONS = 1000;

/** Names that cannot be field names inside `$or` (event-ruler keeps them for operators). */
const RESERVED_IN_OR = new Set([
  'exact', 'equals-ignore-case', 'prefix', 'suffix', 'anything-but', 'exists', 'wildcard', 'numeric', 'cidr',
  '=', '<', '<=', '>', '>=', 'regex',
]);

/** A clause while parsing: dotted field name → conditions (a later definition of a name replaces an earlier one). */
type Clause = Map<string, FieldConditions>;

/**
 * Parses and validates a pattern as EventBridge does; throws AwsError InvalidEventPatternException (400) with
 * message `Event pattern is not valid. Reason: <reason>` for a pattern EventBridge rejects.
 */
export function parseEventPattern(text: string): EventPattern {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw invalidEventPattern((error as Error).message);
  }
  if (!isJsonObject(document)) throw invalidEventPattern('Filter is not an object');
  const clauses: Clause[] = [];
  parseObject(document, [], clauses, false);
  for (const clause of clauses) {
    for (const field of clause.values()) checkWildcardComplexity(fieldWildcards(field));
  }
  return { clauses: clauses.map(buildTree) };
}


function parseObject(object: Record<string, unknown>, path: string[], clauses: Clause[], insideOr: boolean): void {
  const entries = Object.entries(object);
  if (entries.length === 0) throw invalidEventPattern('Empty objects are not allowed');
  for (const [name, value] of entries) {
    if (name === '$or') {
      parseOr(value, path, clauses);
      continue;
    }
    if (insideOr && RESERVED_IN_OR.has(name)) {
      throw invalidEventPattern(`${name} is Ruler reserved fieldName which cannot be used inside $or.`);
    }
    if (Array.isArray(value)) {
      const field = parseFieldConditions(value);
      if (clauses.length === 0) clauses.push(new Map());
      const key = [...path, name].join('.');
      for (const clause of clauses) clause.set(key, field);
    } else if (isJsonObject(value)) {
      parseObject(value, [...path, name], clauses, insideOr);
    } else {
      throw invalidEventPattern(`"${name}" must be an object or an array`);
    }
  }
}

/** `"$or": [{…}, {…}]`: every clause so far forks into one copy per alternative. */
function parseOr(value: unknown, path: string[], clauses: Clause[]): void {
  if (!Array.isArray(value)) throw invalidEventPattern('It must be an Array followed with $or.');
  const before = clauses.splice(0, clauses.length);
  for (const alternative of value) {
    if (!isJsonObject(alternative)) throw invalidEventPattern('Only JSON object is allowed in array of $or relationship.');
    const forked = before.length === 0 ? [new Map<string, FieldConditions>()] : before.map((clause) => new Map(clause));
    parseObject(alternative, path, forked, true);
    clauses.push(...forked);
    if (clauses.length > MAX_COMBINATIONS) {
      throw invalidEventPattern(`The $or combinations of the pattern exceed the limit of ${MAX_COMBINATIONS}`);
    }
  }
  if (value.length < 2) throw invalidEventPattern('There must have at least 2 Objects in $or relationship.');
}

interface MutableNode {
  children: Map<string, MutableNode>;
  field: FieldConditions | undefined;
  path: string[];
}

function buildTree(clause: Clause): PatternNode {
  const root: MutableNode = { children: new Map(), field: undefined, path: [] };
  for (const [key, field] of clause) {
    let node = root;
    for (const name of key.split('.')) {
      let child = node.children.get(name);
      if (child === undefined) {
        child = { children: new Map(), field: undefined, path: [...node.path, name] };
        node.children.set(name, child);
      }
      node = child;
    }
    node.field = field;
  }
  return freeze(root);
}

const freeze = (node: MutableNode): PatternNode => ({
  children: [...node.children].map(([name, child]) => [name, freeze(child)] as const),
  field: node.field,
  path: node.path,
});

/** Whether the event (parsed JSON) matches. */
export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  for (const clause of pattern.clauses) {
    if (nodeMatches(clause, event, event, false)) return true;
  }
  return false;
}

/**
 * Whether `value` (the event at this node's path, `undefined` when absent) satisfies the node. An array holding
 * objects must satisfy the node's fields within one element; `inArray` says whether an absence seen here may be
 * contradicted by another element, which the whole-event check of `exists: false` then settles.
 */
function nodeMatches(node: PatternNode, value: unknown, event: unknown, inArray: boolean): boolean {
  if (node.children.length === 0) return node.field === undefined || fieldMatches(node, value, event, inArray);
  if (Array.isArray(value)) {
    for (const element of value) {
      if (nodeMatches(node, element, event, true)) return true;
    }
    return nodeMatches(node, undefined, event, true);
  }
  if (node.field !== undefined && !fieldMatches(node, value, event, inArray)) return false;
  const object = isJsonObject(value) ? value : undefined;
  for (const [name, child] of node.children) {
    if (!nodeMatches(child, object === undefined ? undefined : childValue(object, name), event, inArray)) return false;
  }
  return true;
}

function fieldMatches(node: PatternNode, value: unknown, event: unknown, inArray: boolean): boolean {
  const field = node.field as FieldConditions;
  if (anyLeafMatches(field, value)) return true;
  if (!field.absence || hasLeaf(value)) return false;
  return !inArray || !pathHasLeaf(event, node.path, 0);
}

/** Whether a scalar of the value (or of its arrays, at any depth) satisfies the field. */
function anyLeafMatches(field: FieldConditions, value: unknown): boolean {
  if (Array.isArray(value)) {
    for (const element of value) {
      if (anyLeafMatches(field, element)) return true;
    }
    return false;
  }
  if (value === undefined || (typeof value === 'object' && value !== null)) return false;
  return field.existence || valueMatches(field, value as LeafValue);
}

function hasLeaf(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasLeaf);
  return value !== undefined && (typeof value !== 'object' || value === null);
}

/** Whether the event holds any scalar at the path, in any array element. */
function pathHasLeaf(value: unknown, path: readonly string[], index: number): boolean {
  if (Array.isArray(value)) return value.some((element) => pathHasLeaf(element, path, index));
  if (index === path.length) return hasLeaf(value);
  return isJsonObject(value) && pathHasLeaf(childValue(value, path[index] as string), path, index + 1);
}

/**
 * The event's value under `name`. When the object has no such key, keys that continue it with a dot
 * (`"state.status"` for `state`) form the value instead, as event-ruler's dot-joined field names imply.
 */
function childValue(object: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(object, name)) return object[name];
  let joined: Record<string, unknown> | undefined;
  for (const key in object) {
    if (key.length > name.length && key.charCodeAt(name.length) === 46 && key.startsWith(name)) {
      (joined ??= {})[key.slice(name.length + 1)] = object[key];
    }
  }
  return joined;
}
