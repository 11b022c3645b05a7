import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { compileFilterPattern } from '../../../../src/core/logs/filter-pattern.js';
import { refusal } from './filter-pattern-support.js';

const REPORT = 'REPORT RequestId: 6f2c\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t\n';
const START = 'START RequestId: 6f2c Version: $LATEST\n';
const ERROR_LINE = '2024-05-06T10:00:00.000Z\t6f2c\tERROR\tInvoke Error \t{"errorType":"TypeError"}\n';
const WARN_LINE = '2024-05-06T10:00:00.000Z\t6f2c\tWARN\tdisk almost full\n';
const DEBUG_ERROR = 'ERROR while DEBUG logging\n';

interface Row {
  pattern: string | undefined;
  message: string;
  matches: boolean;
}

const rows: Row[] = [
  // Empty patterns match everything.
  { pattern: undefined, message: START, matches: true },
  { pattern: '', message: '', matches: true },
  { pattern: '   ', message: REPORT, matches: true },
  // One term: the message contains it.
  { pattern: 'REPORT', message: REPORT, matches: true },
  { pattern: 'REPORT', message: START, matches: false },
  { pattern: '  REPORT  ', message: REPORT, matches: true },
  // Case-sensitive, as in CloudWatch.
  { pattern: 'report', message: REPORT, matches: false },
  { pattern: 'Error', message: ERROR_LINE, matches: true },
  { pattern: 'invoke', message: ERROR_LINE, matches: false },
  { pattern: 'warn', message: WARN_LINE, matches: false },
  { pattern: '"INVOKE ERROR"', message: ERROR_LINE, matches: false },
  // Several terms: all of them (AND), in any order.
  { pattern: 'ERROR TypeError', message: ERROR_LINE, matches: true },
  { pattern: 'TypeError ERROR', message: ERROR_LINE, matches: true },
  { pattern: 'ERROR RangeError', message: ERROR_LINE, matches: false },
  { pattern: 'Duration Memory', message: REPORT, matches: true },
  { pattern: '"Duration:" Memory', message: REPORT, matches: true },
  // A quoted phrase is matched whole, spaces included.
  { pattern: '"Invoke Error"', message: ERROR_LINE, matches: true },
  { pattern: '"Error Invoke"', message: ERROR_LINE, matches: false },
  { pattern: '"Max Memory Used: 40 MB"', message: REPORT, matches: true },
  { pattern: '"Max Memory Used: 41 MB"', message: REPORT, matches: false },
  { pattern: '"disk almost" WARN', message: WARN_LINE, matches: true },
  { pattern: '"disk almost" ERROR', message: WARN_LINE, matches: false },
  // ?term: any one of them.
  { pattern: '?ERROR ?WARN', message: ERROR_LINE, matches: true },
  { pattern: '?ERROR ?WARN', message: WARN_LINE, matches: true },
  { pattern: '?ERROR ?WARN', message: START, matches: false },
  { pattern: '?"almost full" ?TypeError', message: WARN_LINE, matches: true },
  { pattern: '?"almost empty" ?Fatal', message: WARN_LINE, matches: false },
  // -term: none of them.
  { pattern: 'ERROR -DEBUG', message: ERROR_LINE, matches: true },
  { pattern: 'ERROR -DEBUG', message: DEBUG_ERROR, matches: false },
  { pattern: '-START', message: REPORT, matches: true },
  { pattern: '-START', message: START, matches: false },
  { pattern: '-START -REPORT', message: REPORT, matches: false },
  { pattern: '-"almost full"', message: WARN_LINE, matches: false },
  { pattern: '-"almost empty"', message: WARN_LINE, matches: true },
  // A regular expression on its own, between percent signs.
  { pattern: '%ERROR%', message: ERROR_LINE, matches: true },
  { pattern: '%^START%', message: START, matches: true },
  { pattern: '%^START%', message: REPORT, matches: false },
  { pattern: '%Used:.[0-9]+.MB%', message: REPORT, matches: true },
  { pattern: '%Used:.[0-9]+.GB%', message: REPORT, matches: false },
  { pattern: '%WARN|ERROR%', message: WARN_LINE, matches: true },
  // Terms, any-of and exclusions together.
  { pattern: 'RequestId ?START ?END -REPORT', message: START, matches: true },
  { pattern: 'RequestId ?START ?END -REPORT', message: REPORT, matches: false },
  { pattern: 'RequestId ?END ?INIT_START', message: START, matches: false },
];

describe('compileFilterPattern: terms', () => {
  for (const row of rows) {
    test(`${JSON.stringify(row.pattern)} ${row.matches ? 'matches' : 'does not match'} ${JSON.stringify(row.message.slice(0, 40))}`, () => {
      assert.equal(compileFilterPattern(row.pattern).matches(row.message), row.matches);
    });
  }

  test('a compiled pattern can be reused across messages', () => {
    const pattern = compileFilterPattern('?START ?END');
    assert.deepEqual([START, REPORT, 'END RequestId: 6f2c\n', WARN_LINE].map((message) => pattern.matches(message)), [true, false, true, false]);
  });

  test('a term pattern extracts no values', () => {
    assert.deepEqual(compileFilterPattern('REPORT').extract(REPORT), {});
    assert.equal(compileFilterPattern('REPORT').extract(START), undefined);
  });

  // Unquoted terms are letters, digits and underscores; CloudWatch names the term it refuses.
  const refusedTerms: [string, string][] = [
    ['email@example.com', "Invalid character(s) in term 'email@example.com'"],
    ['ERROR Duration:', "Invalid character(s) in term 'Duration:'"],
    ['""', `Invalid character(s) in term '""'`],
    ['?', "Invalid character(s) in term ''"],
    ['ERROR -', "Invalid character(s) in term ''"],
    ['?"timed out" ?a.b', "Invalid character(s) in term 'a.b'"],
    ['%x% ERROR', "Invalid character(s) in term '%x%'"],
  ];
  for (const [pattern, message] of refusedTerms) {
    test(`refuses ${JSON.stringify(pattern)}: ${message}`, () => refusal(pattern, message));
  }

  const refusedOther: [string, string][] = [
    ['"unclosed phrase', 'Invalid filter pattern'],
    ['%(group)%', 'Invalid filter pattern'],
    ['%a b%', 'Invalid filter pattern'],
    ['%[%', 'Invalid filter pattern'],
  ];
  for (const [pattern, message] of refusedOther) {
    test(`refuses ${JSON.stringify(pattern)}: ${message}`, () => refusal(pattern, message));
  }
});
