/**
 * The function-policy part of the Store conformance suite: optimistic writes by revision, no policy for a missing
 * function, deletion with the function, and persistence across a reopen.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FunctionPolicyRecord } from '../../src/store/function-policies.js';
import type { Store } from '../../src/store/store.js';
import { acrossReopen, functionRecord as fn, withFreshStore, type OpenStore } from './store-conformance.js';

const policy = (functionName: string, revisionId: string, statements = ['{"Sid":"a"}']): FunctionPolicyRecord => ({
  functionName,
  qualifier: '',
  statements,
  revisionId,
});

export function describeFunctionPolicyConformance(name: string, open: OpenStore): void {
  const withStore = (body: (store: Store) => Promise<void>) => withFreshStore(open, body);

  describe(`${name}: function policies`, () => {
    test('a policy is created once, then replaced only from its current revision', withStore(async (store) => {
      await store.createFunction(fn('f'));
      assert.equal(await store.functionPolicies.getPolicy('f', ''), undefined);
      assert.equal(await store.functionPolicies.savePolicy(policy('f', 'r1'), undefined), true);
      assert.equal(await store.functionPolicies.savePolicy(policy('f', 'r-other'), undefined), false, 'a second create');
      assert.deepEqual(await store.functionPolicies.getPolicy('f', ''), policy('f', 'r1'));

      const two = policy('f', 'r2', ['{"Sid":"a"}', '{"Sid":"b"}']);
      assert.equal(await store.functionPolicies.savePolicy(two, 'stale'), false);
      assert.deepEqual(await store.functionPolicies.getPolicy('f', ''), policy('f', 'r1'));
      assert.equal(await store.functionPolicies.savePolicy(two, 'r1'), true);
      assert.deepEqual(await store.functionPolicies.getPolicy('f', ''), two);
      assert.equal(await store.functionPolicies.getPolicy('f', 'live'), undefined, 'qualifiers have their own policies');

      assert.equal(await store.functionPolicies.deletePolicy('f', '', 'r1'), false);
      assert.equal(await store.functionPolicies.deletePolicy('f', '', 'r2'), true);
      assert.equal(await store.functionPolicies.getPolicy('f', ''), undefined);
    }));

    test('no policy is written for a missing function, and a deleted function takes its policy along', withStore(async (store) => {
      assert.equal(await store.functionPolicies.savePolicy(policy('ghost', 'r1'), undefined), false);
      assert.equal(await store.functionPolicies.getPolicy('ghost', ''), undefined);
      await store.createFunction(fn('f'));
      await store.createFunction(fn('g'));
      await store.functionPolicies.savePolicy(policy('f', 'r1'), undefined);
      await store.functionPolicies.savePolicy(policy('g', 'r1'), undefined);
      await store.deleteFunction('f');
      assert.equal(await store.functionPolicies.getPolicy('f', ''), undefined);
      await store.createFunction(fn('f'));
      assert.equal(await store.functionPolicies.getPolicy('f', ''), undefined, 'a function created again starts without a policy');
      assert.deepEqual(await store.functionPolicies.getPolicy('g', ''), policy('g', 'r1'));
    }));

    const saved = policy('f', 'r1', ['{"Sid":"x","Effect":"Allow"}']);
    test('policies persist across a reopen', acrossReopen(
      open,
      async (store) => {
        await store.createFunction(fn('f'));
        await store.functionPolicies.savePolicy(saved, undefined);
      },
      async (store) => assert.deepEqual(await store.functionPolicies.getPolicy('f', ''), saved),
    ));
  });
}
