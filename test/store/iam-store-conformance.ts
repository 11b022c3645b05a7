/**
 * IAM's part of the Store conformance suite: roles, inline policies, customer managed policies with versions,
 * attachments, and the one read that decides what a role may do.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CustomerPolicyRecord, IamStore, PolicyReference, RoleRecord } from '../../src/store/iam.js';
import type { Store } from '../../src/store/store.js';
import { withFreshStore, type OpenStore } from './store-conformance.js';

const T0 = 1_700_000_000_000;
const TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}';
const DOCUMENT = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]}';
const AWS_BASIC: PolicyReference = { arn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole', name: 'AWSLambdaBasicExecutionRole', path: '/service-role/' };

let ids = 0;
const role = (name: string, overrides: Partial<RoleRecord> = {}): RoleRecord => ({
  name,
  path: '/',
  roleId: `AROA${String(++ids).padStart(17, '0')}`,
  createDate: T0,
  assumeRolePolicyDocument: TRUST,
  description: undefined,
  maxSessionDuration: 3600,
  tags: [],
  ...overrides,
});

const policy = (name: string, path = '/'): CustomerPolicyRecord => ({
  arn: `arn:aws:iam::000000000000:policy${path}${name}`,
  name,
  path,
  policyId: `ANPA${String(++ids).padStart(17, '0')}`,
  description: undefined,
  createDate: T0,
  updateDate: T0,
  defaultVersionId: 'v1',
  tags: [],
});

const v1 = (document = DOCUMENT) => ({ versionId: 'v1', document, createDate: T0, isDefaultVersion: true });

async function allPages<T>(read: (after: string | undefined) => Promise<{ items: T[]; next: string | undefined } | undefined>): Promise<T[][]> {
  const pages: T[][] = [];
  let after: string | undefined;
  do {
    const page = await read(after);
    assert.ok(page !== undefined);
    pages.push(page.items);
    after = page.next;
  } while (after !== undefined);
  return pages;
}

export function describeIamStoreConformance(name: string, open: OpenStore): void {
  const withStore = (body: (iam: IamStore, store: Store) => Promise<void>) => withFreshStore(open, (store) => body(store.iam, store));

  describe(`Store conformance, IAM: ${name}`, () => {
    test(
      'roles are created once whatever the case of their name, read back whole and found in any case',
      withStore(async (iam) => {
        const created = role('Builder', { path: '/ci/', description: 'builds', maxSessionDuration: 7200, tags: [{ key: 'team', value: '' }] });
        assert.equal(await iam.createRole(created), true);
        assert.equal(await iam.createRole(role('builder')), false);
        assert.deepEqual(await iam.getRole('BUILDER'), created);
        assert.equal(await iam.getRole('nobody'), undefined);
      }),
    );

    test(
      'roles are listed in name order, by path prefix, a page at a time',
      withStore(async (iam) => {
        for (const [name, path] of [['c', '/a/'], ['a', '/'], ['b', '/a/b/'], ['d', '/b/']] as const) await iam.createRole(role(name, { path }));
        const pages = await allPages((after) => iam.listRoles({ pathPrefix: '/', after, limit: 3 }));
        assert.deepEqual(pages.map((page) => page.map((r) => r.name)), [['a', 'b', 'c'], ['d']]);
        const underA = await iam.listRoles({ pathPrefix: '/a/', after: undefined, limit: 10 });
        assert.deepEqual(underA.items.map((r) => r.name), ['b', 'c']);
        assert.equal(underA.next, undefined);
      }),
    );

    test(
      'a trust policy is replaced; a missing role is reported',
      withStore(async (iam) => {
        await iam.createRole(role('r'));
        assert.equal(await iam.updateAssumeRolePolicy('R', '{"changed":true}'), true);
        assert.equal((await iam.getRole('r'))?.assumeRolePolicyDocument, '{"changed":true}');
        assert.equal(await iam.updateAssumeRolePolicy('nobody', TRUST), false);
      }),
    );

    test(
      'inline policies are put, replaced, read, listed in name order and deleted; names ignore case',
      withStore(async (iam) => {
        await iam.createRole(role('r'));
        assert.equal(await iam.putRolePolicy('r', 'Zeta', DOCUMENT), true);
        assert.equal(await iam.putRolePolicy('R', 'alpha', DOCUMENT), true);
        assert.equal(await iam.putRolePolicy('r', 'ZETA', '{"v":2}'), true);
        assert.deepEqual(await iam.getRolePolicy('r', 'zeta'), { name: 'Zeta', document: '{"v":2}' });
        const pages = await allPages((after) => iam.listRolePolicies('r', after, 1));
        assert.deepEqual(pages, [['alpha'], ['Zeta']]);
        assert.equal(await iam.deleteRolePolicy('r', 'ALPHA'), true);
        assert.equal(await iam.deleteRolePolicy('r', 'alpha'), false);
        assert.equal(await iam.getRolePolicy('r', 'alpha'), undefined);
        assert.equal(await iam.putRolePolicy('nobody', 'p', DOCUMENT), false);
        assert.equal(await iam.listRolePolicies('nobody', undefined, 10), undefined);
      }),
    );

    test(
      'a role is deleted only without inline or attached policies',
      withStore(async (iam) => {
        await iam.createRole(role('r'));
        await iam.putRolePolicy('r', 'p', DOCUMENT);
        await iam.attachRolePolicy('r', AWS_BASIC, false);
        assert.equal(await iam.deleteRole('r'), 'has-inline-policies');
        await iam.deleteRolePolicy('r', 'p');
        assert.equal(await iam.deleteRole('r'), 'has-attached-policies');
        await iam.detachRolePolicy('r', AWS_BASIC.arn);
        assert.equal(await iam.deleteRole('R'), 'deleted');
        assert.equal(await iam.deleteRole('r'), 'no-such-role');
        assert.equal(await iam.getRole('r'), undefined);
      }),
    );

    test(
      'a customer policy is created with its first version as default; its name is taken in any case',
      withStore(async (iam) => {
        const created = { ...policy('Readers', '/team/'), description: 'read', tags: [{ key: 'k', value: 'v' }] };
        assert.equal(await iam.createCustomerPolicy(created, v1()), true);
        assert.equal(await iam.createCustomerPolicy(policy('readers'), v1()), false);
        assert.deepEqual(await iam.getCustomerPolicy(created.arn), { ...created, attachmentCount: 0 });
        assert.deepEqual(await iam.getPolicyVersion(created.arn, 'v1'), v1());
        assert.equal(await iam.getPolicyVersion(created.arn, 'v2'), undefined);
        assert.equal(await iam.getCustomerPolicy('arn:aws:iam::000000000000:policy/none'), undefined);
      }),
    );

    test(
      'customer policies are listed in creation order, by path prefix, only attached ones if asked, a page at a time',
      withStore(async (iam) => {
        for (const [name, path] of [['z', '/'], ['a', '/x/'], ['m', '/x/y/']] as const) await iam.createCustomerPolicy(policy(name, path), v1());
        await iam.createRole(role('r'));
        await iam.attachRolePolicy('r', policy('m', '/x/y/'), true);
        const query = { pathPrefix: '/', onlyAttached: false };
        const pages = await allPages((after) => iam.listCustomerPolicies({ ...query, after, limit: 2 }));
        assert.deepEqual(pages.map((page) => page.map((p) => p.name)), [['z', 'a'], ['m']]);
        const underX = await iam.listCustomerPolicies({ pathPrefix: '/x/', onlyAttached: false, after: undefined, limit: 10 });
        assert.deepEqual(underX.items.map((p) => p.name), ['a', 'm']);
        const attached = await iam.listCustomerPolicies({ pathPrefix: '/', onlyAttached: true, after: undefined, limit: 10 });
        assert.deepEqual(attached.items.map((p) => [p.name, p.attachmentCount]), [['m', 1]]);
      }),
    );

    test(
      'a customer policy is deleted with its versions only when attached to no role',
      withStore(async (iam) => {
        const created = policy('p');
        await iam.createCustomerPolicy(created, v1());
        await iam.createRole(role('r'));
        await iam.attachRolePolicy('r', created, true);
        assert.equal(await iam.deleteCustomerPolicy(created.arn), 'attached');
        await iam.detachRolePolicy('r', created.arn);
        assert.equal(await iam.deleteCustomerPolicy(created.arn), 'deleted');
        assert.equal(await iam.getPolicyVersion(created.arn, 'v1'), undefined);
        assert.equal(await iam.deleteCustomerPolicy(created.arn), 'no-such-policy');
        assert.equal(await iam.createCustomerPolicy(policy('p'), v1()), true, 'the name is free again');
      }),
    );

    test(
      'attachments: a role and (for a customer policy) the policy must exist; attaching twice changes nothing',
      withStore(async (iam) => {
        const customer = policy('c', '/team/');
        await iam.createCustomerPolicy(customer, v1());
        await iam.createRole(role('r'));
        assert.equal(await iam.attachRolePolicy('nobody', AWS_BASIC, false), 'no-such-role');
        assert.equal(await iam.attachRolePolicy('r', policy('missing'), true), 'no-such-policy');
        assert.equal(await iam.attachRolePolicy('r', AWS_BASIC, false), 'attached');
        assert.equal(await iam.attachRolePolicy('R', customer, true), 'attached');
        assert.equal(await iam.attachRolePolicy('r', AWS_BASIC, false), 'attached');
        const pages = await allPages((after) => iam.listAttachedRolePolicies({ roleName: 'r', pathPrefix: '/', after, limit: 1 }));
        assert.deepEqual(pages, [[AWS_BASIC], [{ arn: customer.arn, name: 'c', path: '/team/' }]]);
        const underTeam = await iam.listAttachedRolePolicies({ roleName: 'r', pathPrefix: '/team/', after: undefined, limit: 10 });
        assert.deepEqual(underTeam?.items.map((p) => p.name), ['c']);
        assert.equal(await iam.listAttachedRolePolicies({ roleName: 'nobody', pathPrefix: '/', after: undefined, limit: 10 }), undefined);
        assert.deepEqual(await iam.attachmentCounts([AWS_BASIC.arn, customer.arn, 'arn:aws:iam::aws:policy/AdministratorAccess']), new Map([
          [AWS_BASIC.arn, 1],
          [customer.arn, 1],
          ['arn:aws:iam::aws:policy/AdministratorAccess', 0],
        ]));
        assert.equal(await iam.detachRolePolicy('r', AWS_BASIC.arn), 'detached');
        assert.equal(await iam.detachRolePolicy('r', AWS_BASIC.arn), 'not-attached');
        assert.equal(await iam.detachRolePolicy('nobody', AWS_BASIC.arn), 'no-such-role');
      }),
    );

    test(
      "rolePolicies reads a role's inline policies and attached policies, with customer policies' default documents",
      withStore(async (iam) => {
        const customer = policy('c');
        await iam.createCustomerPolicy(customer, v1('{"customer":true}'));
        await iam.createRole(role('r'));
        await iam.putRolePolicy('r', 'inline', DOCUMENT);
        await iam.attachRolePolicy('r', AWS_BASIC, false);
        await iam.attachRolePolicy('r', customer, true);
        const read = await iam.rolePolicies('R');
        assert.equal(read?.role.name, 'r');
        assert.deepEqual(read?.inline, [{ name: 'inline', document: DOCUMENT }]);
        assert.deepEqual(read?.attached, [
          { ...AWS_BASIC, defaultDocument: undefined },
          { arn: customer.arn, name: 'c', path: '/', defaultDocument: '{"customer":true}' },
        ]);
        assert.equal(await iam.rolePolicies('nobody'), undefined);
      }),
    );

    test('roles, policies and attachments survive a restart', async () => {
      const opened = await open();
      if (opened.reopen === undefined) {
        await opened.store.close();
        await opened.cleanup();
        return;
      }
      const kept = role('kept', { tags: [{ key: 'a', value: 'b' }] });
      await opened.store.iam.createRole(kept);
      await opened.store.iam.putRolePolicy('kept', 'p', DOCUMENT);
      await opened.store.iam.createCustomerPolicy(policy('c'), v1());
      await opened.store.iam.attachRolePolicy('kept', policy('c'), true);
      await opened.store.close();
      const reopened = await opened.reopen();
      try {
        assert.deepEqual(await reopened.iam.getRole('kept'), kept);
        const read = await reopened.iam.rolePolicies('kept');
        assert.deepEqual(read?.inline.map((p) => p.name), ['p']);
        assert.deepEqual(read?.attached.map((p) => [p.name, p.defaultDocument]), [['c', DOCUMENT]]);
      } finally {
        await reopened.close();
        await opened.cleanup();
      }
    });
  });
}
