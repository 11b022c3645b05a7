/**
 * What the `eventide` command prints: aligned tables and styled words for people, JSON for scripts. Colors only on
 * a terminal and never with `NO_COLOR` set (https://no-color.org); times are wall-clock, in the local time zone.
 */

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const ansi = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain = (text: string) => text;

/** Whether a stream is a terminal that may be drawn on: colors, and a progress bar redrawn in place. */
export const isInteractive = (stream: NodeJS.WriteStream): boolean => stream.isTTY === true;

export function styleFor(stream: NodeJS.WriteStream): Style {
  const colors = isInteractive(stream) && (process.env.NO_COLOR ?? '') === '';
  if (!colors) return { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain };
  return { bold: ansi(1, 22), dim: ansi(2, 22), red: ansi(31, 39), green: ansi(32, 39), yellow: ansi(33, 39), cyan: ansi(36, 39) };
}

export const stdoutStyle = (): Style => styleFor(process.stdout);

export const print = (text = ''): void => {
  process.stdout.write(`${text}\n`);
};

export const printJson = (value: unknown): void => print(JSON.stringify(value, null, 2));

// eslint-disable-next-line no-control-regex
const visibleLength = (text: string): number => text.replace(/\u001b\[\d+m/g, '').length;

/** Columns aligned on two spaces, the header in bold; cells may be styled. */
export function table(headers: string[], rows: string[][], style: Style = stdoutStyle()): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => visibleLength(row[column] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell + ' '.repeat((widths[column] ?? 0) - visibleLength(cell))))
      .join('  ')
      .trimEnd();
  return [style.bold(line(headers)), ...rows.map(line)].join('\n');
}

/** `850 ms`, `2.1 s`, `3 min 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** An ISO time as the local wall clock reads it: `2026-12-04 10:15:03.123`. */
export function formatTime(isoTime: string): string {
  const time = new Date(isoTime);
  const date = `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())}`;
  return `${date} ${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}.${pad(time.getMilliseconds(), 3)}`;
}

/** A state in the color people read it by. */
export function styleState(state: string, style: Style): string {
  if (state === 'succeeded' || state === 'success' || state === 'delivered') return style.green(state);
  if (state === 'failed' || state === 'function-error' || state === 'system-error' || state === 'dropped') return style.red(state);
  if (state === 'retrying' || state === 'throttle') return style.yellow(state);
  return state;
}
