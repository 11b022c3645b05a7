import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { initialize, isBareSpecifier, isWithin, resolveSync } from '../../../../src/runtime/nodejs/resolve-hooks.js';

describe('resolve hooks: a function imports only from its package roots', () => {
  test('bare specifiers are package names; paths, URLs and subpath imports are not', () => {
    for (const specifier of ['leaky-pkg', '@aws-sdk/client-s3', '@aws-sdk/client-s3/dist-cjs/index.js', 'fs', 'lodash/fp']) {
      assert.equal(isBareSpecifier(specifier), true, specifier);
    }
    for (const specifier of ['./x.js', '../x.js', '.', '/opt/x.js', 'file:///x.js', 'node:fs', 'data:text/javascript,1', '#internal']) {
      assert.equal(isBareSpecifier(specifier), false, specifier);
    }
  });

  test('a path is within a root when it is the root or below it, never a sibling sharing its prefix', () => {
    assert.equal(isWithin('/data/code/f/1', ['/data/code/f/1']), true);
    assert.equal(isWithin('/data/code/f/1/node_modules/x/index.js', ['/data/code/f/1']), true);
    assert.equal(isWithin('/data/code/f/10/index.js', ['/data/code/f/1']), false);
    assert.equal(isWithin('/data/node_modules/x/index.js', ['/data/code/f/1']), false);
    assert.equal(isWithin('/opt/nodejs/node_modules/x.js', ['/data/code/f/1', '/opt']), true);
  });

  test('a bare specifier resolved outside the roots is refused as Node refuses a missing package', () => {
    initialize({ roots: ['/task'] });
    const parentURL = pathToFileURL('/task/index.mjs').href;
    const resolvedTo = (file: string) => () => ({ url: pathToFileURL(file).href });
    assert.throws(
      () => resolveSync('@scope/pkg/sub', { parentURL }, resolvedTo('/node_modules/@scope/pkg/sub.js')),
      (error: NodeJS.ErrnoException) =>
        error.code === 'ERR_MODULE_NOT_FOUND' && error.message === "Cannot find package '@scope/pkg' imported from /task/index.mjs",
    );
    assert.deepEqual(resolveSync('pkg', { parentURL }, resolvedTo('/task/node_modules/pkg/index.js')), { url: 'file:///task/node_modules/pkg/index.js' });
    assert.deepEqual(resolveSync('../shared.js', { parentURL }, resolvedTo('/shared.js')), { url: 'file:///shared.js' });
    assert.deepEqual(resolveSync('fs', { parentURL }, () => ({ url: 'node:fs' })), { url: 'node:fs' });
  });
});
