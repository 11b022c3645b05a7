import { pino, type DestinationStream, type LoggerOptions } from 'pino';
import type { LogFormat, LogLevel } from '../eventide-options.js';
import type { LogFields, Logger } from '../lib/logger.js';
import { prettyLine } from './pretty-line.js';


/** Where the console's lines go: stdout, or a test's collector. */
export interface ConsoleOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ConsoleLogger extends Logger {
  /** Says that Eventide serves at `url`, at any level: people and scripts wait for this line. */
  ready(url: string): void;
}

const PINO_OPTIONS: LoggerOptions = {
  base: undefined,
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
};

/**
 * Eventide's console, on pino: JSON lines as pino writes them, or each record turned into one pretty line. In
 * the pretty format the ready line is `Eventide ready on URL`, as it always was; in JSON it is a record like the others.
 */
export function createConsoleLogger(level: LogLevel, format: LogFormat, out: ConsoleOutput = process.stdout): ConsoleLogger {
  const color = out.isTTY === true && !process.env.NO_COLOR;
  const destination: DestinationStream =
    format === 'json'
      ? { write: (line) => void out.write(line) }
      : { write: (line) => void out.write(`${prettyLine(JSON.parse(line) as Record<string, unknown>, color)}\n`) };
  const log = pino({ ...PINO_OPTIONS, level }, destination);
  const at =
    (method: 'trace' | 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, fields?: LogFields): void =>
      fields === undefined ? log[method](message) : log[method](fields, message);
  return {
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    ready(url) {
      if (format === 'pretty') out.write(`Eventide ready on ${url}\n`);
      else pino({ ...PINO_OPTIONS, level: 'info' }, destination).info({ url }, 'Eventide ready');
    },
  };
}
