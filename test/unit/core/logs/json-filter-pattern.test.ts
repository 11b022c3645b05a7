import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { compileFilterPattern } from '../../../../src/core/logs/filter-pattern.js';
import { refusal, type MatchRow } from './filter-pattern-support.js';

// The document of CloudWatch Logs' own examples.
const TRAIL = JSON.stringify({
  eventType: 'UpdateTrail',
  sourceIPAddress: '111.111.111.111',
  arrayKey: ['value', 'another value'],
  objectList: [
    { name: 'a', id: 1 },
    { name: 'b', id: 2 },
  ],
  SomeObject: null,
  ThisFlag: true,
  OtherFlag: false,
  latency: 250,
  ratio: 0.5,
  code: '404',
  'user-agent': 'curl/8',
});
const USERS = JSON.stringify({
  user: { id: 1, email: 'John.Stiles@example.com' },
  users: [
    { id: 2, email: 'John.Doe@example.com' },
    { id: 3, email: 'Jane.Doe@example.com' },
  ],
  actions: ['GET', 'PUT', 'DELETE'],
  coordinates: [
    [0, 1, 2],
    [4, 5, 6],
    [7, 8, 9],
  ],
});
const LAMBDA_TEXT_LINE = `2024-05-06T10:00:00.000Z\t6f2c\tINFO\t{"level":"ERROR"}\n`;

const rows: MatchRow[] = [
  { pattern: '{ $.eventType = "UpdateTrail" }', message: TRAIL, matches: true },
  { pattern: '{$.eventType=UpdateTrail}', message: TRAIL, matches: true },
  { pattern: '{ $.eventType = "updatetrail" }', message: TRAIL, matches: false },
  { pattern: '{ $.eventType != "UpdateTrail" }', message: TRAIL, matches: false },
  { pattern: '{ $.eventType != "CreateTrail" }', message: TRAIL, matches: true },
  // Wildcards at the start or end of a value; elsewhere `*` is itself.
  { pattern: '{ $.sourceIPAddress != 123.123.* }', message: TRAIL, matches: true },
  { pattern: '{ $.sourceIPAddress = 111.111.* }', message: TRAIL, matches: true },
  { pattern: '{ $.eventType = *Trail }', message: TRAIL, matches: true },
  { pattern: '{ $.eventType = "Update*" }', message: TRAIL, matches: true },
  { pattern: '{ $.eventType = *date* }', message: TRAIL, matches: true },
  { pattern: '{ $.eventType = Up*il }', message: TRAIL, matches: false },
  { pattern: '{ $.latency = * }', message: TRAIL, matches: true },
  { pattern: '{ $.missing = * }', message: TRAIL, matches: false },
  // Arrays and nested objects.
  { pattern: '{ $.arrayKey[0] = "value" }', message: TRAIL, matches: true },
  { pattern: '{ $.arrayKey[1] = "value" }', message: TRAIL, matches: false },
  { pattern: '{ $.arrayKey[5] = "value" }', message: TRAIL, matches: false },
  { pattern: '{ $.objectList[1].id = 2 }', message: TRAIL, matches: true },
  { pattern: '{ $.objectList[0].id = 2 }', message: TRAIL, matches: false },
  { pattern: '{ $.eventType[0] = "U" }', message: TRAIL, matches: false },
  { pattern: '{ $.coordinates[0][1] = 1 }', message: USERS, matches: true },
  { pattern: '{ $.user-agent = "curl/8" }', message: TRAIL, matches: true },
  // A selector at an array or an object matches neither = nor !=.
  { pattern: '{ $.arrayKey = "value" }', message: TRAIL, matches: false },
  { pattern: '{ $.arrayKey != "value" }', message: TRAIL, matches: false },
  { pattern: '{ $.missing != "value" }', message: TRAIL, matches: false },
  // Null, existence, booleans.
  { pattern: '{ $.SomeObject IS NULL }', message: TRAIL, matches: true },
  { pattern: '{ $.eventType IS NULL }', message: TRAIL, matches: false },
  { pattern: '{ $.missing IS NULL }', message: TRAIL, matches: false },
  { pattern: '{ $.SomeOtherObject NOT EXISTS }', message: TRAIL, matches: true },
  { pattern: '{ $.SomeObject NOT EXISTS }', message: TRAIL, matches: false },
  { pattern: '{ $.ThisFlag IS TRUE }', message: TRAIL, matches: true },
  { pattern: '{ $.ThisFlag IS FALSE }', message: TRAIL, matches: false },
  { pattern: '{ $.OtherFlag IS FALSE }', message: TRAIL, matches: true },
  { pattern: '{ $.eventType IS TRUE }', message: TRAIL, matches: false },
  // Numbers.
  { pattern: '{ $.latency > 100 }', message: TRAIL, matches: true },
  { pattern: '{ $.latency > 250 }', message: TRAIL, matches: false },
  { pattern: '{ $.latency >= 250 }', message: TRAIL, matches: true },
  { pattern: '{ $.latency < +1000 }', message: TRAIL, matches: true },
  { pattern: '{ $.latency <= 2.5e2 }', message: TRAIL, matches: true },
  { pattern: '{ $.latency = 250.0 }', message: TRAIL, matches: true },
  { pattern: '{ $.latency != 250 }', message: TRAIL, matches: false },
  { pattern: '{ $.ratio < 10e-1 }', message: TRAIL, matches: true },
  { pattern: '{ $.code = 404 }', message: TRAIL, matches: true },
  { pattern: '{ $.code > 400 }', message: TRAIL, matches: true },
  { pattern: '{ $.eventType > 1 }', message: TRAIL, matches: false },
  { pattern: '{ $.latency = 2* }', message: TRAIL, matches: true },
  // Regular expressions.
  { pattern: '{ $.eventType = %^Update% }', message: TRAIL, matches: true },
  { pattern: '{ $.eventType != %^Update% }', message: TRAIL, matches: false },
  { pattern: '{ $.sourceIPAddress = %^111\\.[0-9]+% }', message: TRAIL, matches: true },
  // && binds tighter than ||; parentheses group (CloudWatch's own examples).
  { pattern: '{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', message: USERS, matches: true },
  { pattern: '{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', message: USERS, matches: false },
  { pattern: '{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }', message: USERS, matches: true },
  { pattern: '{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }', message: USERS, matches: false },
  { pattern: '{ $.actions[0] = "GET" && ($.actions[1] = "POST" || $.actions[1] = "PUT") }', message: USERS, matches: true },
  // Only JSON objects match: text, arrays, a Lambda text-format line with JSON at its end.
  { pattern: '{ $.level = "ERROR" }', message: '{"level":"ERROR"}\n', matches: true },
  { pattern: '{ $.level = "ERROR" }', message: 'level ERROR', matches: false },
  { pattern: '{ $.level = "ERROR" }', message: '[{"level":"ERROR"}]', matches: false },
  { pattern: '{ $.level = "ERROR" }', message: '{"level":', matches: false },
  { pattern: '{ $.level = "ERROR" }', message: LAMBDA_TEXT_LINE, matches: false },
  // Quoted strings keep spaces and escaped quotes.
  { pattern: '{ $.arrayKey[1] = "another value" }', message: TRAIL, matches: true },
  { pattern: '{ $.q = "say \\"hi\\"" }', message: JSON.stringify({ q: 'say "hi"' }), matches: true },
];

describe('compileFilterPattern: JSON patterns', () => {
  for (const row of rows) {
    test(`${row.pattern} ${row.matches ? 'matches' : 'does not match'} ${row.message.slice(0, 30)}`, () => {
      assert.equal(compileFilterPattern(row.pattern).matches(row.message), row.matches);
    });
  }

  test('a JSON pattern extracts no values', () => {
    assert.deepEqual(compileFilterPattern('{ $.latency > 1 }').extract(TRAIL), {});
  });

  const refused: [string, string][] = [
    ['{ $.level = "ERROR"', "If a filter pattern starts with '{' it must end with '}'"],
    ['{}', 'Invalid filter pattern'],
    ['{ }', 'Invalid filter pattern'],
    ['{ level = "ERROR" }', 'Invalid filter pattern'],
    ['{ $level = "ERROR" }', 'Invalid filter pattern'],
    ['{ $[0] = 1 }', 'Invalid filter pattern'],
    ['{ $.a.[0] = 1 }', 'Invalid filter pattern'],
    ['{ $.level == "ERROR" }', 'Invalid filter pattern'],
    ['{ $.level = }', 'Invalid filter pattern'],
    ['{ $.level "ERROR" }', 'Invalid filter pattern'],
    ['{ $.level = "ERROR" && }', 'Invalid filter pattern'],
    ['{ ($.level = "ERROR" }', 'Invalid filter pattern'],
    ['{ $.level = "ERROR") }', 'Invalid filter pattern'],
    ['{ $.level = ERROR $.x = 1 }', 'Invalid filter pattern'],
    ['{ $.level = "ERROR" & $.x = 1 }', 'Invalid filter pattern'],
    ['{ $.level > "ERROR" }', 'Invalid filter pattern'],
    ['{ $.level > abc }', 'Invalid filter pattern'],
    ['{ $.email = a@b }', 'Invalid filter pattern'],
    ['{ $.level IS MAYBE }', 'Invalid filter pattern'],
    ['{ $.level EXISTS }', 'Invalid filter pattern'],
    ['{ $.a = "unclosed }', 'Invalid filter pattern'],
    ['{ $.a = %unclosed }', 'Invalid filter pattern'],
    ['{ $.a = %(x)% }', 'Invalid filter pattern'],
    ['{ $.a = %a% || $.b = %b% || $.c = %c% }', 'Invalid filter pattern'],
  ];
  for (const [pattern, message] of refused) {
    test(`refuses ${pattern}: ${message}`, () => refusal(pattern, message));
  }
});
