import { serviceError, type AwsError } from '../../lib/errors.js';

/** CloudWatch Logs' answer to a pattern it cannot parse. */
export const invalidFilterPattern = (): AwsError => serviceError('InvalidParameterException', 400, 'Invalid filter pattern');

export type Token =
  | { kind: 'open' | 'close' | 'comma' | 'and' | 'or' }
  | { kind: 'operator'; operator: Operator }
  | { kind: 'word'; text: string }
  | { kind: 'string'; text: string }
  | { kind: 'regex'; source: string };

export type Operator = '=' | '!=' | '<' | '<=' | '>' | '>=';

const PUNCTUATION: Record<string, Token> = {
  '(': { kind: 'open' },
  ')': { kind: 'close' },
  ',': { kind: 'comma' },
  '&&': { kind: 'and' },
  '||': { kind: 'or' },
};
const OPERATORS: Operator[] = ['!=', '<=', '>=', '=', '<', '>'];
/** Characters that end a bare word: blanks, punctuation, operators, quotes and regex delimiters. */
const WORD_END = /[\s(),&|=!<>"%]/;

/**
 * Splits the body of a JSON (`{ … }`) or space-delimited (`[ … ]`) pattern into tokens: parentheses, commas,
 * `&&`, `||`, comparison operators, "quoted strings" (with `\"` and `\\` escapes), `%regular expressions%` and bare
 * words (selectors, field names, unquoted values, keywords such as `IS` and `NULL`).
 */
export function tokenize(body: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < body.length) {
    const char = body[at] as string;
    if (/\s/.test(char)) {
      at++;
      continue;
    }
    const two = body.slice(at, at + 2);
    const punctuation = PUNCTUATION[two] ?? PUNCTUATION[char];
    if (punctuation !== undefined) {
      tokens.push(punctuation);
      at += two in PUNCTUATION ? 2 : 1;
      continue;
    }
    const operator = OPERATORS.find((candidate) => body.startsWith(candidate, at));
    if (operator !== undefined) {
      tokens.push({ kind: 'operator', operator });
      at += operator.length;
      continue;
    }
    if (char === '"') {
      const [text, end] = readQuoted(body, at);
      tokens.push({ kind: 'string', text });
      at = end;
      continue;
    }
    if (char === '%') {
      const end = body.indexOf('%', at + 1);
      if (end < 0) throw invalidFilterPattern();
      tokens.push({ kind: 'regex', source: body.slice(at + 1, end) });
      at = end + 1;
      continue;
    }
    let end = at;
    while (end < body.length && !WORD_END.test(body[end] as string)) end++;
    // A lone `&`, `|` or `!` is no operator.
    if (end === at) throw invalidFilterPattern();
    tokens.push({ kind: 'word', text: body.slice(at, end) });
    at = end;
  }
  return tokens;
}

/** The text of the quoted string opening at `start`, unescaped, and the index after its closing quote. */
export function readQuoted(text: string, start: number): [string, number] {
  let value = '';
  for (let at = start + 1; at < text.length; at++) {
    const char = text[at] as string;
    if (char === '"') return [value, at + 1];
    if (char === '\\' && at + 1 < text.length) {
      at++;
      value += text[at];
    } else {
      value += char;
    }
  }
  throw invalidFilterPattern();
}
