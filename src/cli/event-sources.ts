import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { usageError } from './errors.js';

/**
 * The events `eventide invoke --each` and `--payloads` send: one per file a glob matches, or one per line of a
 * JSON Lines file. Every event is read and checked before the first is sent.
 */

export interface BatchEvent {
  /** What the event is to the user: its file, or `events.jsonl:3`. */
  label: string;
  payload: string;
}

/** The placeholder a `--template` holds for each file's absolute path. */
export const FILE_PLACEHOLDER = '{file}';

/** One event per file the glob matches, in path order: `{"file": "<absolute path>"}`, or the template filled in. */
export async function eventsForFiles(pattern: string, template: string | undefined): Promise<BatchEvent[]> {
  if (template !== undefined) payloadOf(template, path.resolve('example.csv')); // a bad template is refused before the glob is read
  let files: string[];
  try {
    files = await glob(pattern, { onlyFiles: true, absolute: true, expandDirectories: false });
  } catch (error) {
    throw usageError(`--each '${pattern}' cannot be read: ${(error as Error).message}`);
  }
  if (files.length === 0) throw usageError(`--each '${pattern}' matches no file (or its folder cannot be read)`);
  return files.sort().map((file) => ({ label: path.relative(process.cwd(), file) || file, payload: template === undefined ? JSON.stringify({ file }) : payloadOf(template, file) }));
}

/** The template with every `{file}` replaced by the path, as JSON text inside a JSON string; it must then be JSON. */
function payloadOf(template: string, file: string): string {
  const payload = template.replaceAll(FILE_PLACEHOLDER, JSON.stringify(file).slice(1, -1));
  try {
    JSON.parse(payload);
  } catch (error) {
    throw usageError(`--template is not JSON once ${FILE_PLACEHOLDER} is filled in: ${(error as Error).message}`);
  }
  return payload;
}

/** One event per non-blank line; a line that is not JSON is refused with its number, before anything is sent. */
export async function eventsFromLines(file: string): Promise<BatchEvent[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw usageError(`--payloads ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const events: BatchEvent[] = [];
  const malformed: string[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const label = `${file}:${index + 1}`;
    try {
      JSON.parse(line);
      events.push({ label, payload: line.trim() });
    } catch (error) {
      malformed.push(`line ${index + 1} is not JSON (${(error as Error).message})`);
    }
  });
  if (malformed.length > 0) {
    const more = malformed.length > 1 ? `, and ${malformed.length - 1} more line(s) are not JSON` : '';
    throw usageError(`--payloads ${file}: ${malformed[0]}${more}; nothing was sent`);
  }
  if (events.length === 0) throw usageError(`--payloads ${file} holds no event (one JSON document per line)`);
  return events;
}

/** `--payload`: JSON text, or `@file` for a file's content; it must be JSON. */
export async function singlePayload(value: string | undefined): Promise<string | undefined> {
  if (value === undefined) return undefined;
  let text = value;
  if (value.startsWith('@')) {
    try {
      text = await readFile(value.slice(1), 'utf8');
    } catch (error) {
      throw usageError(`--payload ${value}: the file cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
  try {
    JSON.parse(text);
  } catch (error) {
    throw usageError(`--payload ${value.startsWith('@') ? value : ''} is not JSON: ${(error as Error).message}`.replace('  ', ' '));
  }
  return text;
}
