import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { AwsError } from '../../../../src/lib/errors.js';
import { matchesEventPattern, parseEventPattern } from '../../../../src/core/events/event-pattern.js';

interface Row {
  pattern: unknown;
  event: unknown;
  matches: boolean;
}

const ec2 = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};
const detail = (fields: Record<string, unknown>) => ({ source: 'my.app', detail: fields });

/** Examples of the AWS EventBridge user guide (event patterns, content filtering, arrays, null values, $or). */
const documentationRows: Row[] = [
  // Event patterns: fields AND, values OR, named fields only.
  { pattern: { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'] }, event: ec2, matches: true },
  { pattern: { source: ['aws.ec2'], detail: { state: ['running', 'terminated'] } }, event: ec2, matches: true },
  { pattern: { source: ['aws.ec2'], detail: { state: ['running'] } }, event: ec2, matches: false },
  { pattern: { source: ['aws.s3'], 'detail-type': ['EC2 Instance State-change Notification'] }, event: ec2, matches: false },
  { pattern: { detail: { 'instance-id': ['i-1234567890abcdef0'] } }, event: ec2, matches: true },
  { pattern: { Source: ['aws.ec2'] }, event: ec2, matches: false },
  // Arrays: the pattern matches when the event array and the pattern array intersect.
  {
    pattern: { resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0', 'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f'] },
    event: ec2,
    matches: true,
  },
  { pattern: { resources: ['arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f'] }, event: ec2, matches: false },
  // Null and empty values.
  { pattern: { detail: { responseElements: [null] } }, event: detail({ responseElements: null }), matches: true },
  { pattern: { detail: { eventVersion: [''] } }, event: detail({ eventVersion: '' }), matches: true },
  { pattern: { detail: { eventVersion: [''] } }, event: detail({ eventVersion: 'x' }), matches: false },
  { pattern: { detail: { responseElements: [null] } }, event: detail({}), matches: false },
  // Prefix, with and without case.
  { pattern: { time: [{ prefix: '2017-10-02' }] }, event: { time: '2017-10-02T18:43:48Z' }, matches: true },
  { pattern: { time: [{ prefix: '2017-10-02' }] }, event: { time: '2017-10-03T18:43:48Z' }, matches: false },
  { pattern: { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } }, event: detail({ service: 'EVENTBRIDGE' }), matches: true },
  { pattern: { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } }, event: detail({ service: 'SNS' }), matches: false },
  { pattern: { region: [{ prefix: 'us-' }] }, event: ec2, matches: true },
  // Suffix, with and without case.
  { pattern: { FileName: [{ suffix: '.png' }] }, event: { FileName: 'cat.png' }, matches: true },
  { pattern: { FileName: [{ suffix: '.png' }] }, event: { FileName: 'cat.PNG' }, matches: false },
  { pattern: { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } }, event: detail({ FileName: 'cat.PNG' }), matches: true },
  { pattern: { service: [{ suffix: { 'equals-ignore-case': 'tbridge' } }] }, event: { service: 'EventBridge' }, matches: true },
  // Anything-but: a string, a number, lists, prefix, suffix, equals-ignore-case, wildcard.
  { pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } }, event: detail({ state: 'running' }), matches: true },
  { pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } }, event: detail({ state: 'initializing' }), matches: false },
  { pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } }, event: detail({ 'x-limit': 124 }), matches: true },
  { pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } }, event: detail({ 'x-limit': 123.0 }), matches: false },
  { pattern: { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } }, event: detail({ state: 'overloaded' }), matches: false },
  { pattern: { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } }, event: detail({ 'x-limit': 250 }), matches: true },
  { pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, event: detail({ state: 'initializing' }), matches: false },
  { pattern: { detail: { FileName: [{ 'anything-but': { suffix: '.txt' } }] } }, event: detail({ FileName: 'notes.txt' }), matches: false },
  { pattern: { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } }, event: detail({ state: 'Initializing' }), matches: false },
  { pattern: { detail: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] } }, event: detail({ FilePath: '/usr/lib/x.so' }), matches: false },
  { pattern: { detail: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] } }, event: detail({ FilePath: '/usr/bin/x' }), matches: true },
  // An event array matches anything-but when one element is not excluded.
  { pattern: { detail: { tags: [{ 'anything-but': 'secret' }] } }, event: detail({ tags: ['secret', 'public'] }), matches: true },
  { pattern: { detail: { tags: [{ 'anything-but': 'secret' }] } }, event: detail({ tags: ['secret'] }), matches: false },
  // Numeric: numbers compare as numbers, strings are not numbers.
  { pattern: { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } }, event: detail({ 'c-count': 5 }), matches: true },
  { pattern: { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } }, event: detail({ 'c-count': 0 }), matches: false },
  { pattern: { detail: { 'd-count': [{ numeric: ['<', 10] }] } }, event: detail({ 'd-count': 10 }), matches: false },
  { pattern: { detail: { 'x-limit': [{ numeric: ['=', 3.018e2] }] } }, event: detail({ 'x-limit': 301.8 }), matches: true },
  { pattern: { detail: { 'x-limit': [{ numeric: ['>=', 100, '<', 200] }] } }, event: detail({ 'x-limit': 100 }), matches: true },
  { pattern: { detail: { 'x-limit': [{ numeric: ['>=', 100, '<', 200] }] } }, event: detail({ 'x-limit': 200 }), matches: false },
  { pattern: { detail: { 'x-limit': [{ numeric: ['>', 100] }] } }, event: detail({ 'x-limit': '300' }), matches: false },
  { pattern: { detail: { price: [300] } }, event: detail({ price: 3.0e2 }), matches: true },
  { pattern: { detail: { price: [300] } }, event: detail({ price: '300' }), matches: false },
  // IP addresses.
  { pattern: { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } }, event: detail({ sourceIPAddress: '10.0.0.17' }), matches: true },
  { pattern: { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } }, event: detail({ sourceIPAddress: '10.0.1.17' }), matches: false },
  { pattern: { detail: { sourceIPAddress: [{ cidr: '2001:db8::/32' }] } }, event: detail({ sourceIPAddress: '2001:db8:85a3::8a2e:370:7334' }), matches: true },
  { pattern: { detail: { sourceIPAddress: [{ cidr: '2001:db8::/32' }] } }, event: detail({ sourceIPAddress: '10.0.0.17' }), matches: false },
  // Exists, on leaves only, on nested keys and on arrays.
  { pattern: { detail: { state: [{ exists: true }] } }, event: ec2, matches: true },
  { pattern: { detail: { state: [{ exists: false }] } }, event: ec2, matches: false },
  { pattern: { detail: { 'c-count': [{ exists: false }] } }, event: ec2, matches: true },
  { pattern: { detail: { a: { b: [{ exists: false }] } } }, event: detail({ a: { c: 1 } }), matches: true },
  { pattern: { detail: { a: [{ exists: true }] } }, event: detail({ a: { c: 1 } }), matches: false },
  { pattern: { detail: { a: [{ exists: false }] } }, event: detail({ a: [] }), matches: true },
  { pattern: { detail: { a: [{ exists: true }] } }, event: detail({ a: null }), matches: true },
  // Equals-ignore-case.
  { pattern: { detail: { name: [{ 'equals-ignore-case': 'alice' }] } }, event: detail({ name: 'ALICE' }), matches: true },
  { pattern: { detail: { name: [{ 'equals-ignore-case': 'alice' }] } }, event: detail({ name: 'alicia' }), matches: false },
  // Wildcards, with escapes.
  { pattern: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] }, event: { EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/b' }, matches: true },
  { pattern: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] }, event: { EventBusArn: 'arn:aws:events:us-west-2:123456789012:event-bus/b' }, matches: false },
  { pattern: { detail: { key: [{ wildcard: 'dir/*.png' }] } }, event: detail({ key: 'dir/a/b.png' }), matches: true },
  { pattern: { detail: { key: [{ wildcard: 'dir/*.png' }] } }, event: detail({ key: 'other/b.png' }), matches: false },
  { pattern: { detail: { key: [{ wildcard: 'a\\*b' }] } }, event: detail({ key: 'a*b' }), matches: true },
  { pattern: { detail: { key: [{ wildcard: 'a\\*b' }] } }, event: detail({ key: 'axxb' }), matches: false },
  { pattern: { detail: { key: [{ wildcard: 'a\\\\*' }] } }, event: detail({ key: 'a\\tail' }), matches: true },
  { pattern: { detail: { key: [{ wildcard: '*' }] } }, event: detail({ key: 12 }), matches: false },
  // $or: alternatives at any level, combined with other fields.
  {
    pattern: { source: ['my.app'], detail: { $or: [{ 'c-count': [{ numeric: ['>', 0, '<=', 5] }] }, { 'd-count': [{ numeric: ['<', 10] }] }] } },
    event: detail({ 'c-count': 0, 'd-count': 9 }),
    matches: true,
  },
  {
    pattern: { source: ['other'], detail: { $or: [{ 'c-count': [{ numeric: ['>', 0, '<=', 5] }] }, { 'd-count': [{ numeric: ['<', 10] }] }] } },
    event: detail({ 'c-count': 1 }),
    matches: false,
  },
  {
    pattern: { $or: [{ source: ['aws.cloudwatch'], metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }, { scope: ['Service'] }] },
    event: { source: 'x', scope: 'Service' },
    matches: true,
  },
  {
    pattern: { $or: [{ source: ['aws.cloudwatch'], metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }] },
    event: { source: 'aws.cloudwatch', metricName: 'Latency' },
    matches: false,
  },
  {
    pattern: { detail: { $or: [{ a: ['1'] }, { $or: [{ b: ['2'] }, { c: ['3'] }] }] } },
    event: detail({ c: '3' }),
    matches: true,
  },
  // Arrays of objects match within one element (event-ruler's array-consistent matching).
  { pattern: { employees: { firstName: ['Anna'] } }, event: { employees: [{ firstName: 'John' }, { firstName: 'Anna' }] }, matches: true },
  {
    pattern: { employees: { firstName: ['Anna'], lastName: ['Smith'] } },
    event: { employees: [[{ firstName: 'John', lastName: 'Doe' }, { firstName: 'Anna', lastName: 'Smith' }], [{ firstName: 'Peter' }]] },
    matches: true,
  },
  {
    pattern: { employees: { firstName: ['Anna'], lastName: ['Jones'] } },
    event: { employees: [{ firstName: 'Anna', lastName: 'Smith' }, { firstName: 'Peter', lastName: 'Jones' }] },
    matches: false,
  },
  { pattern: { items: { kind: [{ exists: false }] } }, event: { items: [{ id: 1 }, { kind: 'x' }] }, matches: false },
  // Field names join with dots, in the pattern and in the event.
  { pattern: { detail: { 'state.status': ['running'] } }, event: detail({ state: { status: 'running' } }), matches: true },
  { pattern: { detail: { state: { status: ['running'] } } }, event: detail({ 'state.status': 'running' }), matches: true },
];

describe('event patterns: documented behaviour', () => {
  for (const [index, row] of documentationRows.entries()) {
    test(`#${index} ${JSON.stringify(row.pattern)} ${row.matches ? 'matches' : 'does not match'}`, () => {
      assert.equal(matchesEventPattern(parseEventPattern(JSON.stringify(row.pattern)), row.event), row.matches);
    });
  }

  test('a duplicated key counts once, with its last value', () => {
    const pattern = parseEventPattern('{"source": ["a"], "source": ["b"]}');
    assert.equal(matchesEventPattern(pattern, { source: 'b' }), true);
    assert.equal(matchesEventPattern(pattern, { source: 'a' }), false);
  });

  test('one parsed pattern serves many events', () => {
    const pattern = parseEventPattern('{"detail": {"n": [{"numeric": [">", 10]}]}}');
    const results = [5, 11, 10, 12.5].map((n) => matchesEventPattern(pattern, detail({ n })));
    assert.deepEqual(results, [false, true, false, true]);
  });
});

/** Rejections with event-ruler's reasons, as EventBridge reports them. */
const rejectedRows: Array<{ pattern: string; reason: string }> = [
  { pattern: '["source"]', reason: 'Filter is not an object' },
  { pattern: '{}', reason: 'Empty objects are not allowed' },
  { pattern: '{"detail": {}}', reason: 'Empty objects are not allowed' },
  { pattern: '{"source": [["a"]]}', reason: 'Match value must be String, number, true, false, or null' },
  { pattern: '{"source": [{}]}', reason: 'Match expression name not found' },
  { pattern: '{"source": [{"prefix": "a", "suffix": "b"}]}', reason: 'Only one key allowed in match expression' },
  { pattern: '{"source": [{"prefix": {"equals-ignore-case": 1}}]}', reason: 'equals-ignore-case match pattern must be a string' },
  { pattern: '{"source": [{"prefix": {"wildcard": "a*"}}]}', reason: 'Unsupported prefix pattern: wildcard' },
  { pattern: '{"source": [{"suffix": {}}]}', reason: 'Suffix expression name not found' },
  { pattern: '{"n": [{"numeric": []}]}', reason: 'Invalid member in numeric match: ]' },
  { pattern: '{"n": [{"numeric": ["!=", 1]}]}', reason: 'Unrecognized numeric range operator: !=' },
  { pattern: '{"n": [{"numeric": ["=", "1"]}]}', reason: 'Value of equals must be numeric' },
  { pattern: '{"n": [{"numeric": ["<", 1, ">", 0]}]}', reason: 'Too many elements in numeric expression' },
  { pattern: '{"n": [{"numeric": [">", 0, 5]}]}', reason: 'Bad value in numeric range: 5' },
  { pattern: '{"n": [{"numeric": [">", 0, "<", 5, "<", 6]}]}', reason: 'Too many terms in numeric range expression' },
  { pattern: '{"n": [{"numeric": [">", 5, "<", 5]}]}', reason: 'Bottom must be less than top' },
  { pattern: '{"n": [{"numeric": [">", 6e9]}]}', reason: 'Value must be between -5.0E9 and 5.0E9, inclusive' },
  { pattern: '{"n": [{"anything-but": true}]}', reason: 'Value of anything-but must be an array or single string/number value.' },
  { pattern: '{"n": [{"anything-but": []}]}', reason: 'Inside anything but list, either all values are number or string, mixed type is not supported' },
  { pattern: '{"n": [{"anything-but": ["a", 1]}]}', reason: 'Inside anything but list, either all values are number or string, mixed type is not supported' },
  { pattern: '{"n": [{"anything-but": {"numeric": [">", 1]}}]}', reason: 'Unsupported anything-but pattern: numeric' },
  { pattern: '{"n": [{"anything-but": {}}]}', reason: 'Anything-But expression name not found' },
  { pattern: '{"n": [{"exists": "yes"}]}', reason: 'exists match pattern must be either true or false.' },
  { pattern: '{"ip": [{"cidr": "10.0.0.0/32"}]}', reason: 'IPv4 mask bits must be < 32' },
  { pattern: '{"ip": [{"cidr": "10.0.0.0/-1"}]}', reason: 'Malformed CIDR, mask bits must not be negative' },
  { pattern: '{"ip": [{"cidr": "::/128"}]}', reason: 'IPv6 mask bits must be < 128' },
  { pattern: '{"k": [{"wildcard": "a\\\\b"}]}', reason: 'Invalid escape character at pos 2' },
  { pattern: '{"k": [{"wildcard": "*.bif"}, {"wildcard": "*.tiff"}, {"wildcard": "*.tif"}, {"wildcard": "*.svs"}]}', reason: 'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character' },
  { pattern: '{"$or": {"a": ["1"]}}', reason: 'It must be an Array followed with $or.' },
  { pattern: '{"$or": [{"a": ["1"]}, ["b"]]}', reason: 'Only JSON object is allowed in array of $or relationship.' },
  { pattern: '{"$or": [{"a": ["1"]}]}', reason: 'There must have at least 2 Objects in $or relationship.' },
  { pattern: '{"$or": [{"prefix": ["1"]}, {"a": ["2"]}]}', reason: 'prefix is Ruler reserved fieldName which cannot be used inside $or.' },
];

describe('event patterns: rejections', () => {
  for (const row of rejectedRows) {
    test(`${row.pattern} → ${row.reason}`, () => {
      assert.throws(
        () => parseEventPattern(row.pattern),
        (error: unknown) =>
          error instanceof AwsError &&
          error.code === 'InvalidEventPatternException' &&
          error.status === 400 &&
          error.message === `Event pattern is not valid. Reason: ${row.reason}`,
      );
    });
  }

  test('$or alternatives beyond 1000 combinations are refused', () => {
    const alternatives = (name: string) => JSON.stringify(Array.from({ length: 11 }, (_, i) => ({ [name]: [String(i)] })));
    const tooMany = `{"a": {"$or": ${alternatives('x')}}, "b": {"$or": ${alternatives('y')}}, "c": {"$or": ${alternatives('z')}}}`;
    const enough = `{"a": {"$or": ${alternatives('x')}}, "b": {"$or": ${alternatives('y')}}}`;
    assert.throws(() => parseEventPattern(tooMany), (error: unknown) => error instanceof AwsError && error.code === 'InvalidEventPatternException');
    assert.equal(matchesEventPattern(parseEventPattern(enough), { a: { x: '3' }, b: { y: '10' } }), true);
  });

  test('text that is not JSON is refused', () => {
    assert.throws(() => parseEventPattern('{"source": ['), (error: unknown) => error instanceof AwsError && error.code === 'InvalidEventPatternException');
  });
});
