/**
 * Readers of EventBridge's json input that refuse bad values with the model's constraints, in AWS's generated
 * wording (`Value '…' at 'name' failed to satisfy constraint: …`).
 */
import { validationFailed } from '../../lib/errors.js';
import { isJsonObject } from '../../lib/json.js';

export type Input = Record<string, unknown>;

export interface StringRule {
  min?: number;
  max?: number;
  pattern?: RegExp;
}

export const RULE_NAME: StringRule = { min: 1, max: 64, pattern: /^[.\-_A-Za-z0-9]+$/ };
export const BUS_NAME: StringRule = { min: 1, max: 256, pattern: /^[/.\-_A-Za-z0-9]+$/ };
export const BUS_NAME_OR_ARN: StringRule = { min: 1, max: 1600, pattern: /^(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[/.\-_A-Za-z0-9]+$/ };
export const TARGET_ID: StringRule = { min: 1, max: 64, pattern: /^[.\-_A-Za-z0-9]+$/ };

/** `eventBusName` for `EventBusName`: the member as the error messages name it. */
const memberPath = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);


const fail = (value: unknown, path: string, constraint: string) =>
  validationFailed([`Value ${value === null ? 'null' : `'${typeof value === 'string' ? value : JSON.stringify(value)}'`} at '${path}' failed to satisfy constraint: ${constraint}`]);

export function optionalString(input: Input, name: string, rule: StringRule = {}, path = memberPath(name)): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw fail(value, path, 'Member must be a string');
  if (rule.min !== undefined && value.length < rule.min) throw fail(value, path, `Member must have length greater than or equal to ${rule.min}`);
  if (rule.max !== undefined && value.length > rule.max) throw fail(value, path, `Member must have length less than or equal to ${rule.max}`);
  if (rule.pattern !== undefined && !rule.pattern.test(value)) {
    throw fail(value, path, `Member must satisfy regular expression pattern: ${rule.pattern.source.replace(/^\^|\$$/g, '')}`);
  }
  return value;
}

export function requiredString(input: Input, name: string, rule: StringRule = {}, path = memberPath(name)): string {
  const value = optionalString(input, name, rule, path);
  if (value === undefined) throw fail(null, path, 'Member must not be null');
  return value;
}

export function optionalEnum<T extends string>(input: Input, name: string, values: readonly T[]): T | undefined {
  const value = optionalString(input, name);
  if (value === undefined) return undefined;
  if (!(values as readonly string[]).includes(value)) throw fail(value, memberPath(name), `Member must satisfy enum value set: [${values.join(', ')}]`);
  return value as T;
}

/** `Limit`: 1–100 where given. */
export function limitOf(input: Input, fallback = 100): number {
  const value = input.Limit;
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw fail(value, 'limit', 'Member must be an integer');
  if (value < 1) throw fail(value, 'limit', 'Member must have value greater than or equal to 1');
  if (value > 100) throw fail(value, 'limit', 'Member must have value less than or equal to 100');
  return value;
}

/** `typeName` names the members in the message for a list too long, as AWS's does. */
export function objectList(input: Input, name: string, min: number, max: number, typeName: string): Input[] {
  const value = input[name];
  const path = memberPath(name);
  if (value === undefined || value === null) throw fail(null, path, 'Member must not be null');
  if (!Array.isArray(value) || !value.every(isJsonObject)) throw fail(value, path, 'Member must be a list of structures');
  if (value.length < min) throw fail('[]', path, `Member must have length greater than or equal to ${min}`);
  if (value.length > max) throw fail(`[${value.map(() => typeName).join(', ')}]`, path, `Member must have length less than or equal to ${max}`);
  return value;
}

export function stringList(input: Input, name: string, path = memberPath(name)): string[] | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw fail(value, path, 'Member must be a list of strings');
  return value as string[];
}

export function optionalObject(input: Input, name: string, path = memberPath(name)): Input | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) throw fail(value, path, 'Member must be a structure');
  return value;
}

export function stringMap(input: Input, name: string, path = memberPath(name)): Record<string, string> {
  const value = optionalObject(input, name, path) ?? {};
  for (const item of Object.values(value)) if (typeof item !== 'string') throw fail(value, path, 'Member must be a map of strings');
  return value as Record<string, string>;
}

/** A timestamp member: epoch seconds (what SDKs send) or an ISO 8601 string; epoch milliseconds out. */
export function optionalTimestamp(input: Input, name: string, path = memberPath(name)): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === 'number' ? value * 1000 : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw fail(value, path, 'Member must be a timestamp');
  return ms;
}
