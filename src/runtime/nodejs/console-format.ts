import { writeSync } from 'node:fs';
import { format } from 'node:util';
import { formatErrorForLog } from './errors.js';

type LogLevel = 'INFO' | 'WARN' | 'ERROR' | 'DEBUG' | 'TRACE';

let currentRequestId = 'undefined';

/** Tags every following log line with this request id (AWS keeps the last one between invokes). */
export function setLogRequestId(requestId: string): void {
  currentRequestId = requestId;
}

/**
 * Eventide hands the runtime a pipe for framed log records (each a 4-byte big-endian length, then the UTF-8
 * record), so a multi-line message stays one record, as on Lambda. Without it, records go to stdout with their
 * newlines turned into `\r`, one line each.
 */
const logFd = process.env.EVENTIDE_LOG_FD === undefined ? undefined : Number(process.env.EVENTIDE_LOG_FD);

/**
 * Writes one record: `<ISO time>\t<request id>\t<LEVEL>\t<message>\n`. Both writes are synchronous, so the
 * record is out before any later Runtime API call.
 */
export function writeLogLine(level: LogLevel, message: string): void {
  if (logFd === undefined) {
    const singleLine = message.includes('\n') ? message.replace(/\n/g, '\r') : message;
    process.stdout.write(`${new Date().toISOString()}\t${currentRequestId}\t${level}\t${singleLine}\n`);
    return;
  }
  const record = Buffer.from(`    ${new Date().toISOString()}\t${currentRequestId}\t${level}\t${message}\n`);
  record.writeUInt32BE(record.length - 4, 0);
  writeSync(logFd, record);
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
