import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LogFormat, LogLevel } from '../../../src/eventide-options.js';
import { createConsoleLogger } from '../../../src/logging/console-logger.js';
import { prettyLine } from '../../../src/logging/pretty-line.js';

/** A console logger writing into an array of lines. */
function collected(level: LogLevel, format: LogFormat) {
  const lines: string[] = [];
  const logger = createConsoleLogger(level, format, { write: (text) => lines.push(...text.split('\n').filter((line) => line !== '')) });
  return { logger, lines };
}

describe('prettyLine', () => {
  const at = new Date(2026, 0, 2, 3, 4, 5, 6).toISOString();

  test('time, level, message, then the fields as key=value, quoting values with spaces or quotes', () => {
    const line = prettyLine({ level: 'warn', time: at, msg: 'event delivery dropped', function: 'hello', attempts: 2, ok: false, reason: 'the role "r" may not' }, false);
    assert.equal(line, '03:04:05.006 WARN  event delivery dropped function=hello attempts=2 ok=false reason="the role \\"r\\" may not"');
  });

  test('an error shows its type and message on the same line', () => {
    const line = prettyLine({ level: 'error', time: at, msg: 'could not read the event queue', err: { type: 'SqliteError', message: 'disk I/O error', stack: 'SqliteError: disk I/O error\n    at …' } }, false);
    assert.equal(line, '03:04:05.006 ERROR could not read the event queue err="SqliteError: disk I/O error"');
  });

  test('the level is coloured only when asked', () => {
    assert.equal(prettyLine({ level: 'info', time: at, msg: 'closed' }, true), '03:04:05.006 \u001b[32mINFO \u001b[0m closed');
  });
});

describe('createConsoleLogger', () => {
  test('json: one object per line with level, time, message and fields; below the level nothing', () => {
    const { logger, lines } = collected('info', 'json');
    logger.debug('request', { status: 200 });
    logger.warn('function error', { function: 'hello', requestId: 'r-1', errorType: 'Error' });
    assert.equal(lines.length, 1);
    const record = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    assert.deepEqual({ ...record, time: typeof record.time }, { level: 'warn', time: 'string', msg: 'function error', function: 'hello', requestId: 'r-1', errorType: 'Error' });
  });

  test('an Error under err keeps its type, message and stack in JSON', () => {
    const { logger, lines } = collected('info', 'json');
    logger.error('could not store log events', { err: new TypeError('boom') });
    const { err } = JSON.parse(lines[0] ?? '') as { err: { type: string; message: string; stack: string } };
    assert.equal(err.type, 'TypeError');
    assert.equal(err.message, 'boom');
    assert.match(err.stack, /^TypeError: boom\n/);
  });

  test('trace shows what debug does not', () => {
    const { logger, lines } = collected('trace', 'pretty');
    logger.trace('event queued', { function: 'hello' });
    assert.match(lines[0] ?? '', / TRACE event queued function=hello$/);
  });

  test('the ready line is written whatever the level: as it always was in pretty, as a record in json', () => {
    const pretty = collected('silent', 'pretty');
    pretty.logger.error('not shown');
    pretty.logger.ready('http://127.0.0.1:4566');
    assert.deepEqual(pretty.lines, ['Eventide ready on http://127.0.0.1:4566']);

    const json = collected('silent', 'json');
    json.logger.ready('http://127.0.0.1:4566');
    assert.equal(json.lines.length, 1);
    const record = JSON.parse(json.lines[0] ?? '') as Record<string, unknown>;
    assert.equal(record.msg, 'Eventide ready');
    assert.equal(record.url, 'http://127.0.0.1:4566');
    assert.equal(record.level, 'info');
  });
});
