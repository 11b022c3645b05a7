import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { MessageAttributes } from '../../../../../src/core/messaging/message-attributes.js';
import { FilterPolicyError, parseFilterPolicy } from '../../../../../src/core/messaging/sns/filter-policy.js';
import { acceptsMessage } from '../../../../../src/core/messaging/sns/message-filter.js';

const str = (value: string) => ({ DataType: 'String', StringValue: value });
const num = (value: string) => ({ DataType: 'Number', StringValue: value });
const list = (values: unknown[]) => ({ DataType: 'String.Array', StringValue: JSON.stringify(values) });

interface AttributeRow {
  policy: unknown;
  attributes: MessageAttributes;
  matches: boolean;
}

const attributeRows: AttributeRow[] = [
  // Exact strings: OR within a key's list.
  { policy: { color: ['red', 'blue'] }, attributes: { color: str('blue') }, matches: true },
  { policy: { color: ['red', 'blue'] }, attributes: { color: str('green') }, matches: false },
  { policy: { color: ['red'] }, attributes: { color: str('Red') }, matches: false },
  // A missing attribute fails every condition but `exists: false`.
  { policy: { color: ['red'] }, attributes: {}, matches: false },
  { policy: { color: [{ 'anything-but': ['red'] }] }, attributes: {}, matches: false },
  // AND across keys.
  { policy: { color: ['red'], size: ['L'] }, attributes: { color: str('red'), size: str('L') }, matches: true },
  { policy: { color: ['red'], size: ['L'] }, attributes: { color: str('red'), size: str('M') }, matches: false },
  { policy: { color: ['red'], size: ['L'] }, attributes: { color: str('red') }, matches: false },
  // Attributes the policy does not name are ignored.
  { policy: { color: ['red'] }, attributes: { color: str('red'), other: str('x') }, matches: true },
  // prefix, suffix, equals-ignore-case.
  { policy: { event: [{ prefix: 'order-' }] }, attributes: { event: str('order-placed') }, matches: true },
  { policy: { event: [{ prefix: 'order-' }] }, attributes: { event: str('orders') }, matches: false },
  { policy: { file: [{ suffix: '.png' }] }, attributes: { file: str('cat.png') }, matches: true },
  { policy: { file: [{ suffix: '.png' }] }, attributes: { file: str('cat.jpg') }, matches: false },
  { policy: { tier: [{ 'equals-ignore-case': 'GOLD' }] }, attributes: { tier: str('gold') }, matches: true },
  { policy: { tier: [{ 'equals-ignore-case': 'GOLD' }] }, attributes: { tier: str('silver') }, matches: false },
  // anything-but: values, one value, prefix.
  { policy: { sport: [{ 'anything-but': ['rugby', 'tennis'] }] }, attributes: { sport: str('football') }, matches: true },
  { policy: { sport: [{ 'anything-but': ['rugby', 'tennis'] }] }, attributes: { sport: str('rugby') }, matches: false },
  { policy: { sport: [{ 'anything-but': 'rugby' }] }, attributes: { sport: str('golf') }, matches: true },
  { policy: { sport: [{ 'anything-but': { prefix: 'order-' } }] }, attributes: { sport: str('order_number') }, matches: true },
  { policy: { sport: [{ 'anything-but': { prefix: 'order-' } }] }, attributes: { sport: str('order-cancelled') }, matches: false },
  { policy: { price: [{ 'anything-but': [100, 500] }] }, attributes: { price: num('100.1') }, matches: true },
  { policy: { price: [{ 'anything-but': [100, 500] }] }, attributes: { price: num('100') }, matches: false },
  // Numbers: exact, equal, ranges; string attributes are not numbers.
  { policy: { price: [301.5] }, attributes: { price: num('3.015e2') }, matches: true },
  { policy: { price: [{ numeric: ['=', 301.5] }] }, attributes: { price: num('301.5') }, matches: true },
  { policy: { price: [{ numeric: ['=', 301.5] }] }, attributes: { price: str('301.5') }, matches: false },
  { policy: { price: [{ numeric: ['<', 0] }] }, attributes: { price: num('-1') }, matches: true },
  { policy: { price: [{ numeric: ['<', 0] }] }, attributes: { price: num('0') }, matches: false },
  { policy: { price: [{ numeric: ['>', 0, '<=', 150] }] }, attributes: { price: num('150') }, matches: true },
  { policy: { price: [{ numeric: ['>', 0, '<=', 150] }] }, attributes: { price: num('0') }, matches: false },
  { policy: { price: [{ numeric: ['>=', 0, '<', 150] }] }, attributes: { price: num('0') }, matches: true },
  { policy: { price: [{ numeric: ['>=', 0, '<', 150] }] }, attributes: { price: num('150') }, matches: false },
  { policy: { price: [{ numeric: ['>', 10] }] }, attributes: { price: num('not a number') }, matches: false },
  // exists.
  { policy: { store: [{ exists: true }] }, attributes: { store: str('fans') }, matches: true },
  { policy: { store: [{ exists: true }] }, attributes: { other: str('fans') }, matches: false },
  { policy: { store: [{ exists: false }] }, attributes: { other: str('fans') }, matches: true },
  { policy: { store: [{ exists: false }] }, attributes: { store: str('fans') }, matches: false },
  { policy: { store: ['fans', { exists: false }] }, attributes: {}, matches: true },
  // Binary attributes are not filtered on: to a policy they are absent.
  { policy: { blob: [{ exists: true }] }, attributes: { blob: { DataType: 'Binary', BinaryValue: Buffer.from([1]) } }, matches: false },
  // String.Array: any element.
  { policy: { interests: ['rugby'] }, attributes: { interests: list(['soccer', 'rugby']) }, matches: true },
  { policy: { interests: ['rugby'] }, attributes: { interests: list(['soccer']) }, matches: false },
  { policy: { interests: [{ 'anything-but': ['rugby', 'tennis'] }] }, attributes: { interests: list(['rugby', 'baseball']) }, matches: true },
  { policy: { interests: [{ 'anything-but': ['rugby'] }] }, attributes: { interests: list(['rugby']) }, matches: false },
  { policy: { scores: [{ numeric: ['>', 90] }] }, attributes: { scores: list([10, 95]) }, matches: true },
  // cidr.
  { policy: { ip: [{ cidr: '10.0.0.0/24' }] }, attributes: { ip: str('10.0.0.255') }, matches: true },
  { policy: { ip: [{ cidr: '10.0.0.0/24' }] }, attributes: { ip: str('10.1.1.0') }, matches: false },
  { policy: { ip: [{ cidr: '2001:db8::/32' }] }, attributes: { ip: str('2001:db8:1234::1') }, matches: true },
  { policy: { ip: [{ cidr: '2001:db8::/32' }] }, attributes: { ip: str('2001:db9::1') }, matches: false },
  { policy: { ip: [{ cidr: '10.0.0.0/8' }] }, attributes: { ip: str('::ffff:10.0.0.1') }, matches: false },
  // $or: alternatives, combined with the other keys by AND.
  { policy: { a: ['1'], $or: [{ b: ['2'] }, { c: ['3'] }] }, attributes: { a: str('1'), c: str('3') }, matches: true },
  { policy: { a: ['1'], $or: [{ b: ['2'] }, { c: ['3'] }] }, attributes: { a: str('1') }, matches: false },
  { policy: { a: ['1'], $or: [{ b: ['2'] }, { c: ['3'] }] }, attributes: { b: str('2') }, matches: false },
  // An empty policy accepts everything.
  { policy: {}, attributes: {}, matches: true },
];

describe('filter policies on message attributes', () => {
  for (const [index, row] of attributeRows.entries()) {
    test(`${index}: ${JSON.stringify(row.policy)} ${row.matches ? 'accepts' : 'refuses'} ${JSON.stringify(row.attributes)}`, () => {
      const policy = parseFilterPolicy(JSON.stringify(row.policy));
      assert.equal(acceptsMessage(policy, 'MessageAttributes', 'body', row.attributes), row.matches);
    });
  }
});

interface BodyRow {
  policy: unknown;
  message: string;
  matches: boolean;
}

const nested = { object: { key: [{ prefix: 'auto-' }, 'hardcodedvalue'], nested_key: [{ exists: false }] }, test: [{ exists: false }] };

const bodyRows: BodyRow[] = [
  { policy: nested, message: JSON.stringify({ object: { key: 'auto-test' } }), matches: true },
  { policy: nested, message: JSON.stringify({ object: { key: 'hardcodedvalue' } }), matches: true },
  { policy: nested, message: JSON.stringify({ object: { key: 'test-auto' } }), matches: false },
  { policy: nested, message: JSON.stringify({ object: { key: 'auto-test' }, test: 'just-exists' }), matches: false },
  { policy: nested, message: JSON.stringify({ object: { key: 'auto-test', nested_key: 'just-exists' } }), matches: false },
  { policy: nested, message: JSON.stringify({ test: 'auto-test' }), matches: false },
  // Not a JSON object: nothing to filter on.
  { policy: { test: [{ exists: false }] }, message: 'Regular string message', matches: false },
  { policy: { test: [{ exists: false }] }, message: JSON.stringify('a JSON string'), matches: false },
  // Arrays in the body: any element; arrays of objects are searched.
  { policy: { interests: ['rugby'] }, message: JSON.stringify({ interests: ['soccer', 'rugby'] }), matches: true },
  { policy: { a: { b: ['x'] } }, message: JSON.stringify({ a: [{ b: 'y' }, { b: 'x' }] }), matches: true },
  { policy: { a: { b: ['x'] } }, message: JSON.stringify({ a: [{ b: 'y' }] }), matches: false },
  // An empty array holds no value; a nested object is not a value.
  { policy: { resources: [{ exists: false }] }, message: JSON.stringify({ resources: [] }), matches: true },
  { policy: { detail: [{ exists: true }] }, message: JSON.stringify({ detail: { a: 1 } }), matches: false },
  { policy: { detail: { eventVersion: [''] } }, message: JSON.stringify({ detail: { eventVersion: '', other: null } }), matches: true },
  // JSON literals and numbers.
  { policy: { flag: [true] }, message: JSON.stringify({ flag: true }), matches: true },
  { policy: { flag: [true] }, message: JSON.stringify({ flag: 'true' }), matches: false },
  { policy: { gone: [null] }, message: JSON.stringify({ gone: null }), matches: true },
  { policy: { price: [{ numeric: ['>=', 10] }] }, message: JSON.stringify({ price: 10 }), matches: true },
  { policy: { price: [{ numeric: ['>=', 10] }] }, message: JSON.stringify({ price: '10' }), matches: false },
  // A dotted key is a key, not a path.
  { policy: { 'a.b': ['x'] }, message: JSON.stringify({ 'a.b': 'x' }), matches: true },
  { policy: { 'a.b': ['x'] }, message: JSON.stringify({ a: { b: 'x' } }), matches: false },
  // $or inside a nested object.
  {
    policy: { detail: { scope: ['Service'], $or: [{ source: ['aws.cloudwatch'] }, { type: ['Alarm'] }] } },
    message: JSON.stringify({ detail: { scope: 'Service', type: 'Alarm' } }),
    matches: true,
  },
  {
    policy: { detail: { scope: ['Service'], $or: [{ source: ['aws.cloudwatch'] }, { type: ['Alarm'] }] } },
    message: JSON.stringify({ detail: { scope: 'Service', type: 'Other' } }),
    matches: false,
  },
];

describe('filter policies on the message body', () => {
  for (const [index, row] of bodyRows.entries()) {
    test(`${index}: ${JSON.stringify(row.policy)} ${row.matches ? 'accepts' : 'refuses'} ${row.message}`, () => {
      const policy = parseFilterPolicy(JSON.stringify(row.policy));
      assert.equal(acceptsMessage(policy, 'MessageBody', row.message, {}), row.matches);
    });
  }
});

/** AWS's reasons for refusing a policy (without Jackson's source location suffix). */
const invalidPolicies: { policy: string; reason: string }[] = [
  { policy: '{"key":[["value"]]}', reason: 'Match value must be String, number, true, false, or null' },
  { policy: '{"key":[{"wrong-operator":true}]}', reason: 'Unrecognized match type wrong-operator' },
  { policy: '{"key":[{"suffix":"value","prefix":"value2"}]}', reason: 'Only one key allowed in match expression' },
  { policy: '{"key":[]}', reason: 'Empty arrays are not allowed' },
  { policy: '{"key":[{"suffix":100}]}', reason: 'suffix match pattern must be a string' },
  { policy: '{"key":[{"suffix":null}]}', reason: 'suffix match pattern must be a string' },
  { policy: '{"key":[{"suffix":["test","test2"]}]}', reason: 'suffix match pattern must be a string' },
  { policy: '{"key":{"suffix":"value"}}', reason: '"suffix" must be an object or an array' },
  { policy: '{"key":{"not-an-operator":"value"}}', reason: '"not-an-operator" must be an object or an array' },
  { policy: '{"key_a":"value_one"}', reason: '"key_a" must be an object or an array' },
  { policy: '{"key":[{"cidr":["bad-filter"]}]}', reason: 'prefix match pattern must be a string' },
  { policy: '{"key":[{"cidr":"bad-filter"}]}', reason: "Malformed CIDR, one '/' required" },
  { policy: '{"key":[{"cidr":"bad-filter/64"}]}', reason: 'Nonstandard IP address: bad-filter' },
  { policy: '{"key":[{"cidr":"bad-/64filter"}]}', reason: 'Malformed CIDR, mask bits must be an integer' },
  { policy: '{"key":[{"cidr":"xx.11.xx/8"}]}', reason: 'Nonstandard IP address: xx.11.xx' },
  { policy: '{"key":[{"cidr":"xxxx:db8:1234:1a00::/64"}]}', reason: 'Nonstandard IP address: xxxx:db8:1234:1a00::' },
  { policy: '{"key":[{"numeric":[]}]}', reason: 'Invalid member in numeric match: ]' },
  { policy: '{"key":[{"numeric":["operator"]}]}', reason: 'Unrecognized numeric range operator: operator' },
  { policy: '{"key":[{"numeric":[1,"<="]}]}', reason: 'Invalid member in numeric match: 1' },
  { policy: '{"key":[{"numeric":["=","000"]}]}', reason: 'Value of equals must be numeric' },
  { policy: '{"key":[{"numeric":[">="]}]}', reason: 'Value of >= must be numeric' },
  { policy: '{"key":[{"numeric":["<",100,">",10]}]}', reason: 'Too many elements in numeric expression' },
  { policy: '{"key":[{"numeric":[">=",1,">",2]}]}', reason: 'Bad numeric range operator: >' },
  { policy: '{"key":[{"numeric":[">",3,"<",1]}]}', reason: 'Bottom must be less than top' },
  { policy: '{"key":[{"numeric":[">",20,"<="]}]}', reason: 'Value of <= must be numeric' },
  { policy: '{"key":[{"numeric":[">",20,30]}]}', reason: 'Bad value in numeric range: 30' },
  { policy: '{"key":[{"numeric":[">",20,"test"]}]}', reason: 'Bad numeric range operator: test' },
  { policy: '{"key":[{"numeric":[">","20","<","30"]}]}', reason: 'Value of > must be numeric' },
  { policy: '{"key":[{"numeric":[">",20,"<","30"]}]}', reason: 'Value of < must be numeric' },
  { policy: '{"key":[{"numeric":[">",20,"<",30,"<",50]}]}', reason: 'Too many terms in numeric range expression' },
  { policy: '{"key":[{"exists":null}]}', reason: 'exists match pattern must be either true or false.' },
  { policy: '{"key":[{"exists":"no"}]}', reason: 'exists match pattern must be either true or false.' },
  { policy: '{"key":[{"anything-but":{"wrong-operator":null}}]}', reason: 'Unsupported anything-but pattern: wrong-operator' },
  { policy: '{"key":[{"anything-but":{"suffix":"test"}}]}', reason: 'Unsupported anything-but pattern: suffix' },
  { policy: '{"key":[{"anything-but":{"exists":false}}]}', reason: 'Unsupported anything-but pattern: exists' },
  { policy: '{"key":[{"anything-but":{"prefix":false}}]}', reason: 'prefix match pattern must be a string' },
  { policy: JSON.stringify({ key: Array.from({ length: 151 }, (_, i) => `value${i}`) }), reason: 'Filter policy is too complex' },
  {
    policy: JSON.stringify({ key1: Array.from({ length: 100 }, (_, i) => `v${i}`), key2: Array.from({ length: 51 }, (_, i) => `v${i}`) }),
    reason: 'Filter policy is too complex',
  },
  { policy: JSON.stringify({ k1: ['1'], k2: ['2'], k3: ['3'], k4: ['4'], k5: ['5'], k6: ['6'] }), reason: 'Filter policy can not have more than 5 keys' },
  // Nested keys count their depth: 3×4 · 2×3 · 1×3 = 216.
  {
    policy: JSON.stringify({ key_a: { key_b: { key_c: ['1', '2', '3', '4'] } }, key_d: { key_e: ['1', '2', '3'] }, key_f: ['1', '2', '3'] }),
    reason: 'Filter policy is too complex',
  },
  // $or alternatives add up: 4 × (6 + 4 × (4 + 4)) = 152.
  {
    policy: JSON.stringify({
      source: ['a', 'b', 'c', 'd'],
      $or: [{ metricName: ['1', '2', '3', '4', '5', '6'] }, { metricType: ['1', '2', '3', '4'], $or: [{ metricId: [1, 2, 3, 4] }, { spaceId: [1, 2, 3, 4] }] }],
    }),
    reason: 'Filter policy is too complex',
  },
];

describe('invalid filter policies', () => {
  for (const { policy, reason } of invalidPolicies) {
    test(`${policy.slice(0, 80)} → ${reason}`, () => {
      assert.throws(() => parseFilterPolicy(policy), (error: unknown) => error instanceof FilterPolicyError && error.message === reason);
    });
  }

  test('a policy that is not JSON', () => {
    assert.throws(() => parseFilterPolicy('{invalid'), (error: unknown) => error instanceof FilterPolicyError && error.message.startsWith('failed to parse JSON.'));
  });

  test('limits are inclusive: 150 combinations and five keys pass', () => {
    const policy = {
      source: ['a', 'b', 'c'],
      $or: [{ metricName: ['1', '2', '3', '4', '5', '6'] }, { metricType: ['1', '2', '3', '4'], $or: [{ metricId: [1, 2, 3, 4] }, { spaceId: [1, 2, 3, 4, 5, 6, 7] }] }],
    };
    assert.doesNotThrow(() => parseFilterPolicy(JSON.stringify(policy)));
  });

  test('nesting is reported, for the caller to refuse on attribute filtering', () => {
    assert.equal(parseFilterPolicy('{"object":{"key":[{"prefix":"auto-"}]}}').nested, true);
    assert.equal(parseFilterPolicy('{"key":[{"prefix":"auto-"}]}').nested, false);
  });
});
