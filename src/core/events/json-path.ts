/**
 * The JSONPath subset EventBridge's InputPath and InputPathsMap take: `$`, then `.name`, `['name']` or `[index]`
 * steps. No wildcards or filters: a path names one value.
 */
import { isJsonObject } from '../../lib/json.js';
export type JsonPathStep = string | number;

const STEP = /^(?:\.([^.[\]*]+)|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\])/;

/** The steps of the path; undefined when it is not one this subset reads. */
export function parseJsonPath(path: string): JsonPathStep[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const steps: JsonPathStep[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    const match = STEP.exec(rest);
    if (match === null) return undefined;
    const [whole, dotted, singleQuoted, doubleQuoted, index] = match;
    if (index !== undefined) steps.push(Number(index));
    else steps.push((dotted ?? singleQuoted ?? doubleQuoted ?? '').replace(/\\(.)/g, '$1'));
    rest = rest.slice(whole.length);
  }
  return steps;
}

/** The value the steps lead to in `value`; undefined when there is none. */
export function readJsonPath(value: unknown, steps: JsonPathStep[]): unknown {
  let current = value;
  for (const step of steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[step];
    } else {
      if (!isJsonObject(current)) return undefined;
      current = (current as Record<string, unknown>)[step];
    }
    if (current === undefined) return undefined;
  }
  return current;
}
