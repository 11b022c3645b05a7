import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { messageFields } from '../../../../src/core/logs/delimited-filter-pattern.js';
import { compileFilterPattern } from '../../../../src/core/logs/filter-pattern.js';
import { refusal, type MatchRow } from './filter-pattern-support.js';

const GIF_200 = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534\n';
const HTML_404 = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534';
const HTML_403 = '127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /index.html HTTP/1.0" 403 5324';
const ALL = '[ip, user, username, timestamp, request, status_code, bytes]';

const rows: MatchRow[] = [
  // Named fields match any value; without `...` the number of fields must be the same.
  { pattern: ALL, message: GIF_200, matches: true },
  { pattern: '[ip, user, username, timestamp, request, status_code]', message: GIF_200, matches: false },
  { pattern: '[ip, user, username, timestamp, request, status_code, bytes, extra]', message: GIF_200, matches: false },
  { pattern: '[w1=ERROR, w2]', message: 'ERROR message', matches: true },
  { pattern: '[w1=ERROR, w2]', message: 'ERROR WARN message', matches: false },
  { pattern: '[w1=ERROR, w2]', message: 'WARN message', matches: false },
  // `...` stands for any number of fields, none included.
  { pattern: '[..., status_code, bytes]', message: GIF_200, matches: true },
  { pattern: '[ip, user, ..., status_code, bytes]', message: GIF_200, matches: true },
  { pattern: '[ip, user, ...]', message: GIF_200, matches: true },
  { pattern: '[ip, ..., bytes = 1534]', message: GIF_200, matches: true },
  { pattern: '[a, b, ..., c, d]', message: 'one two three four', matches: true },
  { pattern: '[a, b, ..., c, d, e]', message: 'one two three four', matches: false },
  // String conditions, with wildcards.
  { pattern: '[ip, user, username, timestamp, request, status_code = 4*, bytes]', message: HTML_404, matches: true },
  { pattern: '[ip, user, username, timestamp, request, status_code = 4*, bytes]', message: GIF_200, matches: false },
  { pattern: '[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]', message: HTML_404, matches: true },
  { pattern: '[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]', message: GIF_200, matches: false },
  { pattern: '[ip, user, username = frank, ...]', message: GIF_200, matches: true },
  { pattern: '[ip, user, username != frank, ...]', message: GIF_200, matches: false },
  { pattern: '[ip = 127.0.0.*, ...]', message: GIF_200, matches: true },
  { pattern: '[..., request = "GET /index.html HTTP/1.0", status_code, bytes]', message: HTML_404, matches: true },
  { pattern: '[ip, user, username, timestamp = "10/Oct/2000:13:25:15 -0700", ...]', message: GIF_200, matches: true },
  // Numeric conditions.
  { pattern: '[ip, user, username, timestamp, request, status_code, bytes > 1000]', message: GIF_200, matches: true },
  { pattern: '[ip, user, username, timestamp, request, status_code, bytes > 2000]', message: GIF_200, matches: false },
  { pattern: '[ip, user, username, timestamp, request, status_code = 200, bytes]', message: GIF_200, matches: true },
  { pattern: '[ip, user, username, timestamp, request, status_code != 200, bytes]', message: GIF_200, matches: false },
  { pattern: '[..., status_code >= 400, bytes <= 1534]', message: HTML_404, matches: true },
  { pattern: '[..., status_code >= 400, bytes < 1534]', message: HTML_404, matches: false },
  { pattern: '[ip, user > 1, ...]', message: GIF_200, matches: false },
  // && and || inside a field, each condition naming that field.
  { pattern: '[..., status_code = 4* && status_code != 403, bytes]', message: HTML_404, matches: true },
  { pattern: '[..., status_code = 4* && status_code != 403, bytes]', message: HTML_403, matches: false },
  { pattern: '[w1 = ERROR || w1 = WARN, w2]', message: 'WARN message', matches: true },
  { pattern: '[w1 = ERROR || w1 = WARN, w2]', message: 'INFO message', matches: false },
  { pattern: '[w1 != ERROR && w1 != WARN, w2]', message: 'INFO message', matches: true },
  { pattern: '[w1, (w2 = a || w2 = b) && w2 != c]', message: 'x b', matches: true },
  // Regular expressions.
  { pattern: '[..., request = %index\\.html%, status_code, bytes]', message: HTML_404, matches: true },
  { pattern: '[..., request = %index\\.html%, status_code, bytes]', message: GIF_200, matches: false },
  // A message that has no fields matches only a lone `...`.
  { pattern: '[...]', message: '', matches: true },
  { pattern: '[a]', message: '   ', matches: false },
];

describe('compileFilterPattern: space-delimited patterns', () => {
  for (const row of rows) {
    test(`${row.pattern} ${row.matches ? 'matches' : 'does not match'} ${JSON.stringify(row.message.slice(0, 30))}`, () => {
      assert.equal(compileFilterPattern(row.pattern).matches(row.message), row.matches);
    });
  }

  test('a message splits on spaces; brackets and double quotes hold one field each', () => {
    assert.deepEqual(messageFields(GIF_200), ['127.0.0.1', '-', 'frank', '10/Oct/2000:13:25:15 -0700', 'GET /apache_pb.gif HTTP/1.0', '200', '1534']);
    assert.deepEqual(messageFields('  a\t b  '), ['a', 'b']);
    assert.deepEqual(messageFields('a "unclosed b'), ['a', 'unclosed b']);
  });

  test('a matching message gives each named field as $name and each unnamed one as $position', () => {
    assert.deepEqual(compileFilterPattern('[..., request=*.html*, status_code=4*,]').extract(HTML_404), {
      $request: 'GET /index.html HTTP/1.0',
      $status_code: '404',
      $7: '1534',
    });
    assert.deepEqual(compileFilterPattern('[ip, , ...]').extract('a b c'), { $ip: 'a', $2: 'b' });
    assert.equal(compileFilterPattern('[ip, , ...]').extract('a'), undefined);
  });

  const refused: [string, string][] = [
    ['[ip, user', "If a filter pattern starts with '[' it must end with ']'"],
    ['[]', 'Invalid filter pattern'],
    ['[ip, user = ]', 'Invalid filter pattern'],
    ['[ip, = 200]', 'Invalid filter pattern'],
    ['[ip, status_code = 4* && bytes > 1000]', 'Invalid filter pattern'],
    ['[ip, status_code = 4* bytes]', 'Invalid filter pattern'],
    ['[ip, status-code]', 'Invalid filter pattern'],
    ['[ip, ... x]', 'Invalid filter pattern'],
    ['[ip, user > abc]', 'Invalid filter pattern'],
    ['[ip, (user = a]', 'Invalid filter pattern'],
    ['[ip, user IS NULL]', 'Invalid filter pattern'],
    ['[ip = a@b]', 'Invalid filter pattern'],
  ];
  for (const [pattern, message] of refused) {
    test(`refuses ${pattern}: ${message}`, () => refusal(pattern, message));
  }
});
