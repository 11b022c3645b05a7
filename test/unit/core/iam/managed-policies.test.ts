import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { AWS_MANAGED_POLICIES } from '../../../../src/core/iam/aws-managed-policies.js';
import { Iam } from '../../../../src/core/iam/iam.js';
import type { PolicyListQuery } from '../../../../src/core/iam/managed-policies.js';
import { Clock } from '../../../../src/lib/clock.js';
import { SqliteStore } from '../../../../src/store/sqlite/sqlite-store.js';

const DOCUMENT = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
const AWS_COUNT = AWS_MANAGED_POLICIES.length;

let dir: string;
let store: SqliteStore;
let iam: Iam;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'eventide-policies-'));
  store = new SqliteStore(path.join(dir, 'iam.db'));
  iam = new Iam(store.iam, new Clock(), '000000000000');
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const createPolicies = async (...names: string[]) => {
  for (const name of names) await iam.managedPolicies.create({ name, path: '/', document: DOCUMENT, description: undefined, tags: [] });
};

/** Every page's policy names, following markers to the end. */
async function pages(query: Partial<PolicyListQuery>): Promise<string[][]> {
  const all: string[][] = [];
  let marker: string | undefined;
  do {
    const listing = await iam.managedPolicies.list({ scope: 'All', onlyAttached: false, pathPrefix: '/', usage: undefined, maxItems: 100, ...query, marker });
    all.push(listing.items.map((policy) => policy.name));
    marker = listing.marker;
  } while (marker !== undefined);
  return all;
}

const awsNames = AWS_MANAGED_POLICIES.map((policy) => policy.name);

// [what, policies the account has, query, expected page sizes]
const rows: [string, string[], Partial<PolicyListQuery>, number[]][] = [
  ['AWS policies fill the last page exactly, no account policies', [], { maxItems: AWS_COUNT / 2 }, [AWS_COUNT / 2, AWS_COUNT / 2]],
  ['AWS policies fill a page exactly, account policies follow', ['a', 'b'], { maxItems: AWS_COUNT / 2 }, [AWS_COUNT / 2, AWS_COUNT / 2, 2]],
  ['a page holds the last AWS policies and the first account ones', ['a', 'b', 'c'], { maxItems: AWS_COUNT - 1 }, [AWS_COUNT - 1, 4]],
  ['Scope AWS stops after AWS policies', ['a'], { scope: 'AWS', maxItems: 100 }, [AWS_COUNT]],
  ['Scope Local lists only account policies', ['a', 'b', 'c'], { scope: 'Local', maxItems: 2 }, [2, 1]],
  ['PermissionsBoundary: none are used as boundaries', ['a'], { usage: 'PermissionsBoundary' }, [0]],
];

for (const [what, names, query, sizes] of rows) {
  test(`ListPolicies: ${what}`, async () => {
    await createPolicies(...names);
    const listed = await pages(query);
    assert.deepEqual(listed.map((page) => page.length), sizes);
    const expected = query.usage === 'PermissionsBoundary' ? [] : [...(query.scope === 'Local' ? [] : awsNames), ...(query.scope === 'AWS' ? [] : names)];
    assert.deepEqual(listed.flat(), expected);
  });
}

test('ListPolicies OnlyAttached lists AWS and account policies attached to a role, with their attachment counts', async () => {
  await createPolicies('attached', 'unattached');
  await iam.roles.create({
    name: 'r',
    path: '/',
    assumeRolePolicyDocument: JSON.stringify({ Statement: { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' } }),
    description: undefined,
    maxSessionDuration: 3600,
    tags: [],
  });
  await iam.attachments.attach('r', 'arn:aws:iam::aws:policy/AmazonSQSFullAccess');
  await iam.attachments.attach('r', 'arn:aws:iam::000000000000:policy/attached');
  const listing = await iam.managedPolicies.list({ scope: 'All', onlyAttached: true, pathPrefix: '/', usage: undefined, maxItems: 100, marker: undefined });
  assert.deepEqual(listing.items.map((policy) => [policy.name, policy.attachmentCount]), [['AmazonSQSFullAccess', 1], ['attached', 1]]);
});

test('AWS managed policies read as IAM describes them and cannot be deleted', async () => {
  const arn = 'arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole';
  const policy = await iam.managedPolicies.get(arn);
  assert.equal(policy.policyId, 'ANPAJFWJZI6JNND4TSELK');
  assert.equal(policy.path, '/service-role/');
  const version = await iam.managedPolicies.getVersion(arn, 'v1');
  assert.deepEqual(JSON.parse(version.document).Statement[0].Action, [
    'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents',
  ]);
  await assert.rejects(iam.managedPolicies.delete(arn), { code: 'AccessDenied' });
  await assert.rejects(iam.managedPolicies.getVersion(arn, 'v2'), { code: 'NoSuchEntity' });
});
