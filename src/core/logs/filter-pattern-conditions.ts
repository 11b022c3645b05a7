import { invalidFilterPattern, type Operator, type Token } from './filter-pattern-lexer.js';

/**
 * The conditions JSON and space-delimited patterns share: `subject = value`, `!=`, `<`, `<=`, `>`, `>=`, combined with
 * `&&` (binding tighter) and `||` and grouped with parentheses. Values are numbers, strings with `*` wildcards at
 * their start or end (`4*`, `*html*`, `"Update*"`, `*` alone: any value), or `%regular expressions%`.
 */

/** A value as a condition sees it: JSON's value at a selector (undefined when absent), or a delimited field's text. */
export type Observed = unknown;

export type Expression<S> =
  | { kind: 'and' | 'or'; left: Expression<S>; right: Expression<S> }
  | { kind: 'condition'; subject: S; test: (value: Observed) => boolean };

/** How a condition's subject is read (a JSON selector or a field name) and which unary tests follow it. */
export interface SubjectGrammar<S> {
  subject(token: Token | undefined): S;
  /** `IS NULL`, `NOT EXISTS`, … after the subject; undefined when the next tokens are a comparison. */
  unaryTest?(tokens: TokenCursor): ((value: Observed) => boolean) | undefined;
}

/** At most two regular expressions in one JSON or space-delimited pattern, as in CloudWatch Logs. */
const MAX_REGEXES = 2;

export class TokenCursor {
  private at = 0;
  regexes = 0;

  constructor(private readonly tokens: Token[]) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }

  next(): Token | undefined {
    return this.tokens[this.at++];
  }

  done(): boolean {
    return this.at >= this.tokens.length;
  }
}

export function parseExpression<S>(tokens: TokenCursor, grammar: SubjectGrammar<S>): Expression<S> {
  let left = parseConjunction(tokens, grammar);
  while (tokens.peek()?.kind === 'or') {
    tokens.next();
    left = { kind: 'or', left, right: parseConjunction(tokens, grammar) };
  }
  return left;
}

function parseConjunction<S>(tokens: TokenCursor, grammar: SubjectGrammar<S>): Expression<S> {
  let left = parsePrimary(tokens, grammar);
  while (tokens.peek()?.kind === 'and') {
    tokens.next();
    left = { kind: 'and', left, right: parsePrimary(tokens, grammar) };
  }
  return left;
}

function parsePrimary<S>(tokens: TokenCursor, grammar: SubjectGrammar<S>): Expression<S> {
  if (tokens.peek()?.kind === 'open') {
    tokens.next();
    const inner = parseExpression(tokens, grammar);
    if (tokens.next()?.kind !== 'close') throw invalidFilterPattern();
    return inner;
  }
  const subject = grammar.subject(tokens.next());
  const unary = grammar.unaryTest?.(tokens);
  if (unary !== undefined) return { kind: 'condition', subject, test: unary };
  const operator = tokens.next();
  if (operator?.kind !== 'operator') throw invalidFilterPattern();
  return { kind: 'condition', subject, test: comparison(operator.operator, literalOf(tokens)) };
}

export function evaluate<S>(expression: Expression<S>, read: (subject: S) => Observed): boolean {
  switch (expression.kind) {
    case 'and':
      return evaluate(expression.left, read) && evaluate(expression.right, read);
    case 'or':
      return evaluate(expression.left, read) || evaluate(expression.right, read);
    case 'condition':
      return expression.test(read(expression.subject));
  }
}

type Literal = { kind: 'number'; value: number; text: string } | { kind: 'text'; matches: (text: string) => boolean } | { kind: 'regex'; pattern: RegExp };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** What an unquoted value may hold; anything else needs double quotes. */
const BARE_VALUE = /^[A-Za-z0-9_.*:/+-]+$/;

function literalOf(tokens: TokenCursor): Literal {
  const token = tokens.next();
  if (token?.kind === 'string') return { kind: 'text', matches: wildcardMatcher(token.text) };
  if (token?.kind === 'regex') {
    if (++tokens.regexes > MAX_REGEXES) throw invalidFilterPattern();
    return { kind: 'regex', pattern: filterRegex(token.source) };
  }
  if (token?.kind !== 'word' || !BARE_VALUE.test(token.text)) throw invalidFilterPattern();
  if (NUMBER.test(token.text)) return { kind: 'number', value: Number(token.text), text: token.text };
  return { kind: 'text', matches: wildcardMatcher(token.text) };
}

/** `*` at the start or end of a value matches any text there; elsewhere it is a plain asterisk. */
function wildcardMatcher(value: string): (text: string) => boolean {
  if (value === '*') return () => true;
  const leading = value.startsWith('*');
  const trailing = value.endsWith('*');
  const core = value.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  if (leading && trailing) return (text) => text.includes(core);
  if (leading) return (text) => text.endsWith(core);
  if (trailing) return (text) => text.startsWith(core);
  return (text) => text === value;
}

/**
 * CloudWatch Logs' regular expressions (`%…%`): letters, digits, the symbols `_ # = @ / ; , : -` and the operators
 * `^ $ ? [ ] { } | \ * + .`; no parentheses, no other characters.
 */
export function filterRegex(source: string): RegExp {
  if (source === '' || !/^[A-Za-z0-9_#=@/;,:\-^$?[\]{}|\\*+.]+$/.test(source)) throw invalidFilterPattern();
  try {
    return new RegExp(source);
  } catch {
    throw invalidFilterPattern();
  }
}

function comparison(operator: Operator, literal: Literal): (value: Observed) => boolean {
  if (operator !== '=' && operator !== '!=') {
    if (literal.kind !== 'number') throw invalidFilterPattern();
    return (value) => {
      const number = numberOf(value);
      return number !== undefined && compareNumbers(operator, number, literal.value);
    };
  }
  const equals = equality(literal);
  // Only a value (string, number, boolean) is compared: an absent selector, null, an object or an array match neither.
  return (value) => isScalar(value) && equals(value) === (operator === '=');
}

function equality(literal: Literal): (value: string | number | boolean) => boolean {
  switch (literal.kind) {
    case 'number':
      return (value) => {
        const number = numberOf(value);
        return number === undefined ? String(value) === literal.text : number === literal.value;
      };
    case 'text':
      return (value) => literal.matches(String(value));
    case 'regex':
      return (value) => literal.pattern.test(String(value));
  }
}

const isScalar = (value: Observed): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

function numberOf(value: Observed): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && NUMBER.test(value)) return Number(value);
  return undefined;
}

function compareNumbers(operator: Operator, left: number, right: number): boolean {
  switch (operator) {
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    case '=':
      return left === right;
    case '!=':
      return left !== right;
  }
}
