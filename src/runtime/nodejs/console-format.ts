import { format } from 'node:util';
import { formatErrorForLog } from './errors.js';

type LogLevel = 'INFO' | 'WARN' | 'ERROR' | 'DEBUG' | 'TRACE';

let currentRequestId = 'undefined';

/** Tags every following log line with this request id (AWS keeps the last one between invokes). */
export function setLogRequestId(requestId: string): void {
  currentRequestId = requestId;
}

/**
 * Writes one record as one line: `<ISO time>\t<request id>\t<LEVEL>\t<message>`.
 * Newlines inside the message become `\r` so the parent reading the pipe sees one line per record.
 * The write is synchronous for pipes on Linux, so the line is out before any later Runtime API call.
 */
export function writeLogLine(level: LogLevel, message: string): void {
  const singleLine = message.includes('\n') ? message.replace(/\n/g, '\r') : message;
  process.stdout.write(`${new Date().toISOString()}\t${currentRequestId}\t${level}\t${singleLine}\n`);
}

/** Logs an error record the way AWS does, e.g. `Invoke Error \t{"errorType":...}`. */
export function logError(label: string, thrown: unknown): void {
  writeLogLine('ERROR', `${label} \t${formatErrorForLog(thrown)}`);
}

export function patchConsole(): void {
  console.log = logAt('INFO');
  console.info = logAt('INFO');
  console.warn = logAt('WARN');
  console.error = logAt('ERROR');
  console.debug = logAt('DEBUG');
  console.trace = logAt('TRACE');
}

function logAt(level: LogLevel): (...args: unknown[]) => void {
  return (...args) => writeLogLine(level, format(...args));
}
