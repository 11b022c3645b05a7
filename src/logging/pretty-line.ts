/**
 * Pino's JSON record as one line for people: local time, level, message, then the fields as `key=value` (a value
 * with spaces or quotes is JSON-quoted; an error shows its type and message — its stack is in the JSON format).
 */

const LEVEL_COLORS: Record<string, string> = { trace: '90', debug: '90', info: '32', warn: '33', error: '31', fatal: '31' };
/** Written by pino, not fields of the happening. */
const RECORD_KEYS = new Set(['level', 'time', 'msg']);

export function prettyLine(record: Record<string, unknown>, color: boolean): string {
  const level = String(record.level ?? '');
  const label = level.toUpperCase().padEnd(5);
  const parts = [clockTime(record.time), color ? `\u001b[${LEVEL_COLORS[level] ?? '0'}m${label}\u001b[0m` : label, String(record.msg ?? '')];
  for (const [key, value] of Object.entries(record)) {
    if (RECORD_KEYS.has(key) || value === undefined) continue;
    parts.push(`${key}=${fieldText(value)}`);
  }
  return parts.join(' ');
}

/** `HH:MM:SS.mmm` in local time: the day is the reader's own. */
function clockTime(time: unknown): string {
  const at = new Date(typeof time === 'string' || typeof time === 'number' ? time : Date.now());
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}.${String(at.getMilliseconds()).padStart(3, '0')}`;
}

function fieldText(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (isSerializedError(value)) return JSON.stringify(`${value.type}: ${value.message}`);
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** How pino's error serializer writes an Error. */
function isSerializedError(value: unknown): value is { type: string; message: string } {
  return typeof value === 'object' && value !== null && 'type' in value && 'message' in value && 'stack' in value;
}
