import { serviceError } from '../../lib/errors.js';
import { compileDelimitedPattern, type ExtractedValues } from './delimited-filter-pattern.js';
import { filterRegex } from './filter-pattern-conditions.js';
import { readQuoted } from './filter-pattern-lexer.js';
import { compileJsonPattern } from './json-filter-pattern.js';

export type { ExtractedValues } from './delimited-filter-pattern.js';

/**
 * CloudWatch Logs' filter patterns, one compiled matcher for FilterLogEvents and TestMetricFilter:
 * - terms: `ERROR` (the message contains it), `ERROR Exception` (all of them), `"exact phrase"`, `?ERROR ?WARN` (any
 *   of the `?` terms), `-DEBUG` (none of the `-` terms); unquoted terms are letters, digits and `_`;
 * - `%regular expression%` on its own;
 * - JSON patterns `{ $.level = "ERROR" && $.latency > 100 }` (json-filter-pattern.ts);
 * - space-delimited patterns `[ip, user, ..., status_code = 4*, bytes > 1000]` (delimited-filter-pattern.ts).
 * Matching is case-sensitive. A pattern CloudWatch would refuse is refused with its InvalidParameterException.
 */
export interface FilterPattern {
  matches(message: string): boolean;
  /** For a matching message, the values a space-delimited pattern extracts (`{}` for other patterns); else undefined. */
  extract(message: string): ExtractedValues | undefined;
}

export function compileFilterPattern(pattern: string | undefined): FilterPattern {
  const extract = compileExtractor((pattern ?? '').trim());
  return { extract, matches: (message) => extract(message) !== undefined };
}

const NOTHING_EXTRACTED: ExtractedValues = {};

function compileExtractor(text: string): (message: string) => ExtractedValues | undefined {
  if (text.startsWith('{')) {
    if (!text.endsWith('}')) throw serviceError('InvalidParameterException', 400, "If a filter pattern starts with '{' it must end with '}'");
    return whenTrue(compileJsonPattern(text.slice(1, -1)));
  }
  if (text.startsWith('[')) {
    if (!text.endsWith(']')) throw serviceError('InvalidParameterException', 400, "If a filter pattern starts with '[' it must end with ']'");
    return compileDelimitedPattern(text.slice(1, -1));
  }
  if (text.length > 1 && text.startsWith('%') && text.endsWith('%')) {
    const regex = filterRegex(text.slice(1, -1));
    return whenTrue((message) => regex.test(message));
  }
  return whenTrue(compileTerms(text));
}

const whenTrue =
  (matches: (message: string) => boolean) =>
  (message: string): ExtractedValues | undefined =>
    matches(message) ? NOTHING_EXTRACTED : undefined;

const BARE_TERM = /^\w+$/;

function compileTerms(text: string): (message: string) => boolean {
  const required: string[] = [];
  const anyOf: string[] = [];
  const excluded: string[] = [];
  for (const token of termTokens(text)) {
    const prefix = token[0] === '?' || token[0] === '-' ? token[0] : '';
    const term = termText(token.slice(prefix.length));
    (prefix === '?' ? anyOf : prefix === '-' ? excluded : required).push(term);
  }
  return (message) =>
    required.every((term) => message.includes(term)) &&
    (anyOf.length === 0 || anyOf.some((term) => message.includes(term))) &&
    !excluded.some((term) => message.includes(term));
}

/** Whitespace-separated tokens, a quoted phrase (`"…"`, `?"…"`, `-"…"`) being one token whatever it holds. */
function termTokens(text: string): string[] {
  const tokens: string[] = [];
  let at = 0;
  while (at < text.length) {
    if (/\s/.test(text[at] as string)) {
      at++;
      continue;
    }
    const prefixed = text[at] === '?' || text[at] === '-' ? 1 : 0;
    let end: number;
    if (text[at + prefixed] === '"') {
      [, end] = readQuoted(text, at + prefixed);
    } else {
      end = at;
      while (end < text.length && !/\s/.test(text[end] as string)) end++;
    }
    tokens.push(text.slice(at, end));
    at = end;
  }
  return tokens;
}

/** A term's text: a quoted phrase unquoted, a bare word as it is; anything else is refused as CloudWatch refuses it. */
function termText(term: string): string {
  if (term.startsWith('"') && term.endsWith('"') && term.length > 2) return readQuoted(term, 0)[0];
  if (BARE_TERM.test(term)) return term;
  throw serviceError('InvalidParameterException', 400, `Invalid character(s) in term '${term}'`);
}
