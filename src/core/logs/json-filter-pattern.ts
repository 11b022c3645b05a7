import { evaluate, parseExpression, TokenCursor, type Expression, type Observed, type SubjectGrammar } from './filter-pattern-conditions.js';
import { invalidFilterPattern, tokenize, type Token } from './filter-pattern-lexer.js';

/** One step of a selector: a property name or an array index. */
type Step = string | number;

/** `$.a.b`, `$.users[0].id`, `$.coordinates[0][1]`: property names of letters, digits, `-` and `_`. */
const SELECTOR = /^\$(\.[A-Za-z0-9_-]+(\[\d+\])*)+$/;

const jsonGrammar: SubjectGrammar<Step[]> = {
  subject(token: Token | undefined): Step[] {
    if (token?.kind !== 'word' || !SELECTOR.test(token.text)) throw invalidFilterPattern();
    return [...token.text.slice(1).matchAll(/\.([A-Za-z0-9_-]+)|\[(\d+)\]/g)].map((step) =>
      step[1] !== undefined ? step[1] : Number(step[2]),
    );
  },
  unaryTest(tokens) {
    const first = tokens.peek();
    const second = tokens.peek(1);
    if (first?.kind !== 'word' || second?.kind !== 'word') return undefined;
    const test = UNARY_TESTS[`${first.text} ${second.text}`];
    if (test === undefined) throw invalidFilterPattern();
    tokens.next();
    tokens.next();
    return test;
  },
};

const UNARY_TESTS: Record<string, (value: Observed) => boolean> = {
  'IS NULL': (value) => value === null,
  'NOT EXISTS': (value) => value === undefined,
  'IS TRUE': (value) => value === true,
  'IS FALSE': (value) => value === false,
};

/**
 * A JSON pattern's body (between `{` and `}`): conditions on selectors, e.g. `$.level = "ERROR" && $.latency > 100`,
 * `$.user IS NULL`, `$.trace NOT EXISTS`, `$.cached IS TRUE`. A message that is not a JSON object matches nothing.
 */
export function compileJsonPattern(body: string): (message: string) => boolean {
  const tokens = new TokenCursor(tokenize(body));
  const expression: Expression<Step[]> = parseExpression(tokens, jsonGrammar);
  if (!tokens.done()) throw invalidFilterPattern();
  return (message) => {
    const document = parseObject(message);
    return document !== undefined && evaluate(expression, (steps) => select(document, steps));
  };
}

function parseObject(message: string): object | undefined {
  const text = message.trim();
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The value at the selector's steps; undefined where a step finds nothing (a missing property, index or non-container). */
function select(document: object, steps: Step[]): Observed {
  let value: Observed = document;
  for (const step of steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(value)) return undefined;
      value = value[step];
    } else {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, step)) return undefined;
      value = (value as Record<string, unknown>)[step];
    }
  }
  return value;
}
