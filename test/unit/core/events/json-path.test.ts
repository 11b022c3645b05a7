import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJsonPath, readJsonPath } from '../../../../src/core/events/json-path.js';

const DOC = { detail: { a: { 'b.c': [10, { d: 'x' }] } }, list: [1, 2] };

const cases: [string, unknown][] = [
  ['$', DOC],
  ['$.detail.a', DOC.detail.a],
  ["$.detail.a['b.c'][1].d", 'x'],
  ['$.detail.a["b.c"][0]', 10],
  ['$.list[1]', 2],
  ['$.list[5]', undefined],
  ['$.detail.missing.deeper', undefined],
  ['$.list.length', undefined],
];

for (const [path, expected] of cases) {
  test(`reads ${path}`, () => {
    const steps = parseJsonPath(path);
    assert.ok(steps !== undefined);
    assert.deepEqual(readJsonPath(DOC, steps), expected);
  });
}

for (const path of ['', 'detail', '$detail', '$.', '$.a[', '$.a[x]', '$..a', '$.*']) {
  test(`refuses ${JSON.stringify(path)}`, () => assert.equal(parseJsonPath(path), undefined));
}
