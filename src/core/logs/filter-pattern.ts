import { serviceError } from '../../lib/errors.js';

/**
 * CloudWatch Logs' term filter patterns: `ERROR` (contains), `ERROR Exception` (all terms),
 * `"exact phrase"`, `?ERROR ?WARN` (any of the `?` terms), `-DEBUG` (none of the `-` terms). Matching is
 * case-sensitive, as in CloudWatch. JSON (`{ … }`) and space-delimited (`[ … ]`) patterns are refused clearly.
 */
export type LogMatcher = (message: string) => boolean;

export function compileFilterPattern(pattern: string | undefined): LogMatcher {
  const text = (pattern ?? '').trim();
  if (text === '') return () => true;
  if (text.startsWith('{') || text.startsWith('[')) {
    throw serviceError('InvalidParameterException', 400, 'Eventide supports term filter patterns only (terms, "phrases", ?any, -exclude); JSON and space-delimited patterns are not supported yet.');
  }
  const required: string[] = [];
  const anyOf: string[] = [];
  const excluded: string[] = [];
  for (const token of tokenize(text)) {
    if (token.startsWith('?')) anyOf.push(unquote(token.slice(1)));
    else if (token.startsWith('-') && token.length > 1) excluded.push(unquote(token.slice(1)));
    else required.push(unquote(token));
  }
  return (message) =>
    required.every((term) => message.includes(term)) &&
    (anyOf.length === 0 || anyOf.some((term) => message.includes(term))) &&
    !excluded.some((term) => message.includes(term));
}

function tokenize(text: string): string[] {
  const tokens = text.match(/[?-]?"[^"]*"|\S+/g);
  return tokens ?? [];
}

function unquote(term: string): string {
  return term.length >= 2 && term.startsWith('"') && term.endsWith('"') ? term.slice(1, -1) : term;
}
