/**
 * The `wildcard` operator of event patterns: `*` stands for any run of characters, `\*` for a literal star and
 * `\\` for a literal backslash. Also the complexity guard EventBridge applies to a field's wildcards.
 */
import { invalidEventPattern } from './event-pattern-error.js';

/** A parsed wildcard: the literal pieces between the stars (`a*b*c` → `['a', 'b', 'c']`). */
export interface Wildcard {
  readonly parts: readonly string[];
}

/**
 * Parses and validates a wildcard. Positions in AWS's messages count UTF-8 bytes of the value with its opening
 * quote, as event-ruler sees it: the first star of `ab**` is at pos 3.
 */
export function parseWildcard(text: string): Wildcard {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '*') {
      if (text[i + 1] === '*') throw invalidEventPattern(`Consecutive wildcard characters at pos ${bytePosition(text, i)}`);
      parts.push(current);
      current = '';
    } else if (char === '\\') {
      const next = text[i + 1];
      if (next !== '*' && next !== '\\') throw invalidEventPattern(`Invalid escape character at pos ${bytePosition(text, i)}`);
      current += next;
      i++;
    } else {
      current += char;
    }
  }
  parts.push(current);
  return { parts };
}

const bytePosition = (text: string, index: number): number => Buffer.byteLength(text.slice(0, index)) + 1;

export function wildcardMatches(wildcard: Wildcard, value: string): boolean {
  const { parts } = wildcard;
  const first = parts[0] ?? '';
  if (parts.length === 1) return value === first;
  const last = parts[parts.length - 1] ?? '';
  if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last)) return false;
  // Middle pieces, leftmost first, inside what the first and last pieces leave over.
  const end = value.length - last.length;
  let position = first.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i] ?? '';
    const found = value.indexOf(part, position);
    if (found < 0 || found + part.length > end) return false;
    position = found + part.length;
  }
  return true;
}

/**
 * At most this many states of a field's wildcard automaton may be live at once. EventBridge refuses wildcards that
 * would keep many partial matches alive ("*:*:*:*:*:event-bus/*", or `*.bif`, `*.tif`, `*.tiff` and `*.svs` on
 * one field) and accepts ordinary ones, even a single star followed by a repeated `dir/` sequence.
 */
const MAX_LIVE_STATES = 10;
/** Bounds the work of the check itself for long patterns. */
const MAX_EXPLORED_STATE_SETS = 2000;

const ANY = -1;

/** Throws when the wildcards of one field, taken together, are too complex to match efficiently. */
export function checkWildcardComplexity(wildcards: readonly Wildcard[]): void {
  if (wildcards.length === 0) return;
  if (maxLiveStates(wildcards) > MAX_LIVE_STATES) {
    throw invalidEventPattern(
      'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character',
    );
  }
}

/**
 * Builds one nondeterministic automaton for all the wildcards (a state per position; a star position loops on
 * any character and may be skipped) and explores its reachable state sets, returning the largest.
 */
function maxLiveStates(wildcards: readonly Wildcard[]): number {
  const tokens: number[] = []; // character code, or ANY for a star; one entry per state
  const starts: number[] = [];
  const alphabet = new Set<number>();
  for (const { parts } of wildcards) {
    starts.push(tokens.length);
    parts.forEach((part, index) => {
      if (index > 0) tokens.push(ANY);
      for (let i = 0; i < part.length; i++) {
        tokens.push(part.charCodeAt(i));
        alphabet.add(part.charCodeAt(i));
      }
    });
    tokens.push(-2); // accepting state: consumes nothing
  }
  const closure = (states: Iterable<number>): number[] => {
    const result = new Set<number>();
    for (let state of states) {
      result.add(state);
      while (tokens[state] === ANY) result.add(++state);
    }
    return [...result].sort((a, b) => a - b);
  };
  const symbols = [...alphabet, ANY]; // ANY stands for every character no literal mentions
  let current = [closure(starts)];
  const seen = new Set<string>([current[0]?.join(',') ?? '']);
  let max = current[0]?.length ?? 0;
  while (current.length > 0 && seen.size < MAX_EXPLORED_STATE_SETS) {
    const next: number[][] = [];
    for (const set of current) {
      for (const symbol of symbols) {
        const moved: number[] = [];
        for (const state of set) {
          const token = tokens[state];
          if (token === ANY) moved.push(state);
          else if (token === symbol && symbol !== ANY) moved.push(state + 1);
        }
        if (moved.length === 0) continue;
        const reached = closure(moved);
        const key = reached.join(',');
        if (seen.has(key)) continue;
        seen.add(key);
        max = Math.max(max, reached.length);
        next.push(reached);
      }
    }
    current = next;
  }
  return max;
}
