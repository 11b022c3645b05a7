// The Condition element: operators, `…IfExists`, `ForAnyValue:` / `ForAllValues:` and `Null`.
//
// Missing keys follow the IAM User Guide ("Condition operators"): if the key is not in the request context the
// values do not match and the condition is false; for a negated operator (StringNotEquals, ArnNotLike, …) it is
// true. `…IfExists` passes on a missing key, `Null` tests existence, `ForAllValues` passes vacuously and
// `ForAnyValue` fails. Several values for one key are OR'ed, or NOR'ed for a negated operator.

import { toArray, type Condition, type ConditionValue, type OneOrMany } from './policy-document.js';
import { arnMatches, wildcardMatches } from './wildcard.js';

export type RequestContext = Record<string, string | string[] | undefined>;

interface OperatorDefinition {
  negated: boolean;
  /** One request value against one policy value; `undefined` when they cannot be compared (not a number). */
  matches(requestValue: string, policyValue: string): boolean | undefined;
}

function toNumber(text: string): number | undefined {
  const number = text.trim() === '' ? Number.NaN : Number(text);
  return Number.isNaN(number) ? undefined : number;
}

function numeric(compare: (requestValue: number, policyValue: number) => boolean) {
  return (requestValue: string, policyValue: string): boolean | undefined => {
    const left = toNumber(requestValue);
    const right = toNumber(policyValue);
    return left === undefined || right === undefined ? undefined : compare(left, right);
  };
}

const stringEquals = (requestValue: string, policyValue: string) => requestValue === policyValue;
const stringEqualsIgnoreCase = (requestValue: string, policyValue: string) =>
  requestValue.toLowerCase() === policyValue.toLowerCase();
const stringLike = (requestValue: string, policyValue: string) => wildcardMatches(policyValue, requestValue);
const arnLike = (requestValue: string, policyValue: string) => arnMatches(policyValue, requestValue);
const numericEquals = numeric((left, right) => left === right);

const OPERATORS: Record<string, OperatorDefinition> = {
  StringEquals: { negated: false, matches: stringEquals },
  StringNotEquals: { negated: true, matches: stringEquals },
  StringEqualsIgnoreCase: { negated: false, matches: stringEqualsIgnoreCase },
  StringNotEqualsIgnoreCase: { negated: true, matches: stringEqualsIgnoreCase },
  StringLike: { negated: false, matches: stringLike },
  StringNotLike: { negated: true, matches: stringLike },
  // AWS documents ArnEquals and ArnLike as the same comparison.
  ArnEquals: { negated: false, matches: arnLike },
  ArnLike: { negated: false, matches: arnLike },
  ArnNotEquals: { negated: true, matches: arnLike },
  ArnNotLike: { negated: true, matches: arnLike },
  NumericEquals: { negated: false, matches: numericEquals },
  NumericNotEquals: { negated: true, matches: numericEquals },
  NumericLessThan: { negated: false, matches: numeric((left, right) => left < right) },
  NumericLessThanEquals: { negated: false, matches: numeric((left, right) => left <= right) },
  NumericGreaterThan: { negated: false, matches: numeric((left, right) => left > right) },
  NumericGreaterThanEquals: { negated: false, matches: numeric((left, right) => left >= right) },
  Bool: { negated: false, matches: stringEqualsIgnoreCase },
};

type SetQualifier = 'ForAnyValue' | 'ForAllValues';

interface ParsedOperator {
  qualifier?: SetQualifier;
  definition: OperatorDefinition;
  ifExists: boolean;
}

function parseOperator(name: string): ParsedOperator | undefined {
  let rest = name;
  let qualifier: SetQualifier | undefined;
  for (const candidate of ['ForAnyValue', 'ForAllValues'] as const) {
    if (rest.startsWith(`${candidate}:`)) {
      qualifier = candidate;
      rest = rest.slice(candidate.length + 1);
    }
  }
  const ifExists = rest.endsWith('IfExists');
  if (ifExists) rest = rest.slice(0, -'IfExists'.length);
  const definition = Object.hasOwn(OPERATORS, rest) ? OPERATORS[rest] : undefined;
  if (definition === undefined) return undefined;
  return qualifier === undefined ? { definition, ifExists } : { qualifier, definition, ifExists };
}

/** For the IAM API's validation of policy documents: `Null` or any operator this module evaluates. */
export function isSupportedConditionOperator(name: string): boolean {
  return name === 'Null' || parseOperator(name) !== undefined;
}

/** Condition keys are case-insensitive (`aws:SourceArn` = `AWS:SourceArn`); an empty list counts as missing. */
function lookUp(context: RequestContext, key: string): string[] | undefined {
  const wanted = key.toLowerCase();
  for (const [name, value] of Object.entries(context)) {
    if (name.toLowerCase() !== wanted || value === undefined) continue;
    const values = toArray(value);
    return values.length === 0 ? undefined : values;
  }
  return undefined;
}

function valueSatisfies(definition: OperatorDefinition, requestValue: string, policyValues: string[]): boolean {
  const results = policyValues.map((policyValue) => definition.matches(requestValue, policyValue));
  if (results.includes(undefined)) return false;
  return definition.negated ? !results.includes(true) : results.includes(true);
}

function keySatisfies(
  operatorName: string,
  requestValues: string[] | undefined,
  policyValues: string[],
): boolean {
  if (operatorName === 'Null') {
    const missing = requestValues === undefined;
    return policyValues.some((value) => (value.toLowerCase() === 'true') === missing);
  }
  // An operator this module does not know never matches; the IAM API should have refused the document.
  const operator = parseOperator(operatorName);
  if (operator === undefined) return false;
  if (requestValues === undefined) {
    if (operator.ifExists || operator.qualifier === 'ForAllValues') return true;
    if (operator.qualifier === 'ForAnyValue') return false;
    return operator.definition.negated;
  }
  const satisfies = (value: string) => valueSatisfies(operator.definition, value, policyValues);
  // Without a qualifier a multi-valued key is treated like ForAnyValue: one satisfying value is enough.
  return operator.qualifier === 'ForAllValues' ? requestValues.every(satisfies) : requestValues.some(satisfies);
}

function policyStrings(values: OneOrMany<ConditionValue>): string[] {
  return toArray(values).map(String);
}

/** Every operator and every key within it must hold (AND); a statement without Condition always holds. */
export function conditionMatches(condition: Condition | undefined, context: RequestContext): boolean {
  if (condition === undefined) return true;
  return Object.entries(condition).every(([operatorName, keys]) =>
    Object.entries(keys).every(([key, values]) =>
      keySatisfies(operatorName, lookUp(context, key), policyStrings(values)),
    ),
  );
}
