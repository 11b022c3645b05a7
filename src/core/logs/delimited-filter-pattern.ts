import { evaluate, parseExpression, TokenCursor, type Expression } from './filter-pattern-conditions.js';
import { invalidFilterPattern, tokenize, type Token } from './filter-pattern-lexer.js';

/** A pattern's field: `...` (any number of message fields), or one field, named or not, with an optional condition. */
type PatternField = { kind: 'ellipsis' } | { kind: 'field'; name: string | undefined; condition: Expression<string> | undefined };

const FIELD_NAME = /^\w+$/;

/** Values a matching message gives its fields: `$name` for named fields, `$N` (1-based position) for the others. */
export type ExtractedValues = Record<string, string>;

/**
 * A space-delimited pattern's body (between `[` and `]`): comma-separated fields, e.g.
 * `ip, user, ..., status_code = 4* && status_code != 403, bytes > 1000`. A message matches when its fields line up
 * with the pattern's (`...` standing for any number of them) and every condition holds. Conditions name their own
 * field. Without `...` the message must have exactly as many fields as the pattern.
 */
export function compileDelimitedPattern(body: string): (message: string) => ExtractedValues | undefined {
  if (body.trim() === '') throw invalidFilterPattern();
  const fields = splitOnCommas(tokenize(body)).map(patternField);
  return (message) => {
    const values = messageFields(message);
    const assignment = align(fields, values, 0, 0, []);
    if (assignment === undefined) return undefined;
    const extracted: ExtractedValues = {};
    assignment.forEach((valueIndex, fieldIndex) => {
      const field = fields[fieldIndex];
      if (field?.kind !== 'field' || valueIndex < 0) return;
      extracted[`$${field.name ?? valueIndex + 1}`] = values[valueIndex] as string;
    });
    return extracted;
  };
}

function splitOnCommas(tokens: Token[]): Token[][] {
  const groups: Token[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (token.kind === 'open') depth++;
    if (token.kind === 'close') depth--;
    if (token.kind === 'comma' && depth === 0) groups.push([]);
    else (groups[groups.length - 1] as Token[]).push(token);
  }
  return groups;
}

function patternField(tokens: Token[]): PatternField {
  const [first] = tokens;
  // An empty field (`[a, , b]`, or after a trailing comma) stands for one unnamed field.
  if (first === undefined) return { kind: 'field', name: undefined, condition: undefined };
  if (first.kind === 'word' && first.text === '...' && tokens.length === 1) return { kind: 'ellipsis' };
  if (first.kind !== 'word' || !FIELD_NAME.test(first.text)) {
    // A condition may open with a parenthesis; its first subject names the field.
    const name = tokens.find((token) => token.kind === 'word');
    if (first.kind !== 'open' || name?.kind !== 'word' || !FIELD_NAME.test(name.text)) throw invalidFilterPattern();
    return conditionField(name.text, tokens);
  }
  if (tokens.length === 1) return { kind: 'field', name: first.text, condition: undefined };
  return conditionField(first.text, tokens);
}

function conditionField(name: string, tokens: Token[]): PatternField {
  const cursor = new TokenCursor(tokens);
  const condition = parseExpression(cursor, {
    subject(token) {
      // Every condition of a field is about that field.
      if (token?.kind !== 'word' || token.text !== name) throw invalidFilterPattern();
      return name;
    },
  });
  if (!cursor.done()) throw invalidFilterPattern();
  return { kind: 'field', name, condition };
}

/**
 * A message's fields: runs of characters between spaces; text between `[` and `]` or between double quotes is one
 * field, without its brackets or quotes.
 */
export function messageFields(message: string): string[] {
  const fields: string[] = [];
  const text = message.trim();
  let at = 0;
  while (at < text.length) {
    if (/\s/.test(text[at] as string)) {
      at++;
      continue;
    }
    const closer = text[at] === '"' ? '"' : text[at] === '[' ? ']' : undefined;
    if (closer !== undefined) {
      const end = text.indexOf(closer, at + 1);
      const stop = end < 0 ? text.length : end;
      fields.push(text.slice(at + 1, stop));
      at = stop + 1;
      continue;
    }
    let end = at;
    while (end < text.length && !/\s/.test(text[end] as string)) end++;
    fields.push(text.slice(at, end));
    at = end;
  }
  return fields;
}

/**
 * Lines pattern fields up with message fields, trying each length for `...`: for each pattern field, the index
 * of its message field (-1 for `...`), or undefined when no alignment satisfies every condition.
 */
function align(fields: PatternField[], values: string[], fieldAt: number, valueAt: number, taken: number[]): number[] | undefined {
  const field = fields[fieldAt];
  if (field === undefined) return valueAt === values.length ? taken : undefined;
  if (field.kind === 'ellipsis') {
    for (let skip = values.length - valueAt; skip >= 0; skip--) {
      const found = align(fields, values, fieldAt + 1, valueAt + skip, [...taken, -1]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  const value = values[valueAt];
  if (value === undefined) return undefined;
  if (field.condition !== undefined && !evaluate(field.condition, () => value)) return undefined;
  return align(fields, values, fieldAt + 1, valueAt + 1, [...taken, valueAt]);
}
