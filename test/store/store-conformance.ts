/**
 * The one conformance suite every `Store` implementation passes (ARCHITECTURE.md, "Storage rules"). A backend's
 * test file calls `describeStoreConformance(name, open)`; `open` gives a fresh, empty store for each test.
 *
 * The suite closes the store it was given (and the one `reopen` returns); `cleanup` then removes whatever `open`
 * made (a file, a schema). Without `reopen` the persistence test is skipped.
 */
import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';

import type { EventInvokeConfigRecord } from '../../src/store/event-invoke-configs.js';
import type { FunctionRecord, LogEventRecord, LogStreamRecord, NewLogEvent, Page, Store } from '../../src/store/store.js';

export interface OpenedStore {
  store: Store;
  /** Opens the same data again after the suite has closed `store` (a restart). */
  reopen?: () => Promise<Store>;
  cleanup: () => Promise<void>;
}

export type OpenStore = () => Promise<OpenedStore>;

/** A test body run against a freshly opened store that is closed and removed afterwards. */
export const withFreshStore =
  (open: OpenStore, body: (store: Store) => Promise<void>) =>
  async (): Promise<void> => {
    const opened = await open();
    try {
      await body(opened.store);
    } finally {
      await opened.store.close();
      await opened.cleanup();
    }
  };

/**
 * A persistence test: `write` into a fresh store, close it, then `check` the same data reopened (a restart); skipped
 * for a backend that cannot reopen.
 */
export const acrossReopen =
  (open: OpenStore, write: (store: Store) => Promise<void>, check: (store: Store) => Promise<void>) =>
  async (t: TestContext): Promise<void> => {
    const opened = await open();
    let store = opened.store;
    try {
      if (opened.reopen === undefined) return t.skip('backend cannot reopen');
      await write(store);
      await store.close();
      store = await opened.reopen();
      await check(store);
    } finally {
      await store.close();
      await opened.cleanup();
    }
  };

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/** A stored function's record, as the registry would write it. */
export function functionRecord(name: string, overrides: Partial<FunctionRecord> = {}): FunctionRecord {
  return {
    name,
    runtime: 'nodejs20.x',
    role: 'arn:aws:iam::000000000000:role/lambda-role',
    handler: 'index.handler',
    description: '',
    timeout: 3,
    memorySize: 128,
    environment: undefined,
    deadLetterTargetArn: undefined,
    tracingMode: 'PassThrough',
    vpcConfig: undefined,
    kmsKeyArn: undefined,
    sourceKmsKeyArn: undefined,
    architectures: ['x86_64'],
    ephemeralStorageSize: 512,
    logFormat: 'Text',
    logGroup: `/aws/lambda/${name}`,
    packageType: 'Zip',
    codeSha256: 'c2hhMjU2',
    codeSize: 100,
    codeDir: `code/${name}/rev-1`,
    lastModified: 1_700_000_000_000,
    revisionId: `rev-1-${name}`,
    tags: {},
    reservedConcurrency: undefined,
    ...overrides,
  };
}

/**
 * Every field of `expected` as `actual` has it. An optional field left undefined may be absent from `actual`
 * (a JSON column drops it): no caller can tell the two apart.
 */
function assertSameFunction(actual: FunctionRecord | undefined, expected: FunctionRecord): void {
  assert.ok(actual !== undefined, `function ${expected.name} should exist`);
  for (const key of Object.keys(expected) as (keyof FunctionRecord)[]) {
    assert.deepEqual(actual[key], expected[key], `${expected.name}.${key}`);
  }
}

function item<T>(items: readonly T[], index: number): T {
  const value = items[index];
  assert.ok(value !== undefined, `no item at ${index} of ${items.length}`);
  return value;
}

function eventInvokeConfig(functionName: string, qualifier: string, overrides: Partial<EventInvokeConfigRecord> = {}): EventInvokeConfigRecord {
  return {
    functionName,
    qualifier,
    maximumRetryAttempts: undefined,
    maximumEventAgeInSeconds: undefined,
    onSuccess: undefined,
    onFailure: undefined,
    lastModified: 1_700_000_000_123,
    ...overrides,
  };
}

const qualifiers = (configs: readonly EventInvokeConfigRecord[]): string[] => configs.map((config) => config.qualifier);

const names = (items: readonly { name: string }[]): string[] => items.map((x) => x.name);
const messages = (events: readonly LogEventRecord[]): string[] => events.map((event) => event.message);

/** Follows `next` until the last page; fails if paging does not end or a page is larger than `limit`. */
async function allPages<T>(limit: number, fetchPage: (after: string | undefined) => Promise<Page<T>>): Promise<T[][]> {
  const pages: T[][] = [];
  let after: string | undefined;
  for (;;) {
    const page = await fetchPage(after);
    assert.ok(page.items.length <= limit, `page of ${page.items.length} over limit ${limit}`);
    pages.push(page.items);
    if (page.next === undefined) return pages;
    assert.ok(pages.length < 100, 'paging does not end');
    after = page.next;
  }
}

const event = (groupName: string, streamName: string, timestamp: number, message: string): NewLogEvent => ({
  groupName,
  streamName,
  timestamp,
  message,
});

async function streamOf(store: Store, groupName: string, name: string): Promise<LogStreamRecord> {
  const page = await store.listLogStreams({ groupName, prefix: name, orderBy: 'LogStreamName', descending: false, after: undefined, limit: 50 });
  const found = page.items.find((stream) => stream.name === name);
  assert.ok(found !== undefined, `stream ${groupName} ${name} should exist`);
  return found;
}

const allEvents = (store: Store, groupName: string, streamNames?: string[]) =>
  store.queryLogEvents({
    groupName,
    streamNames,
    startTime: undefined,
    endTime: undefined,
    fromHead: true,
    afterId: undefined,
    beforeId: undefined,
    limit: 10_000,
  });

// ---------------------------------------------------------------------------------------------------------------
// The suite

export function describeStoreConformance(name: string, open: OpenStore): void {
  /**
   * Runs `body` against a fresh store, then closes it and cleans up. A body that closes the store itself and opens
   * another says so through `adopt`, so the one still open is the one closed here.
   */
  const withStore =
    (body: (store: Store, opened: OpenedStore, adopt: (current: Store | undefined) => void) => Promise<void>) => async () => {
      const opened = await open();
      let current: Store | undefined = opened.store;
      try {
        await body(opened.store, opened, (next) => (current = next));
      } finally {
        try {
          if (current !== undefined) await current.close();
        } finally {
          await opened.cleanup();
        }
      }
    };

  describe(`Store conformance: ${name}`, () => {
    describe('functions', () => {
      test('createFunction stores a record and returns false for a duplicate name, keeping the first', withStore(async (store) => {
        const first = functionRecord('orders', { environment: { A: '1' }, tags: { team: 'x' }, description: 'first' });
        assert.equal(await store.createFunction(first), true);
        assert.equal(await store.createFunction(functionRecord('orders', { description: 'second' })), false);
        assertSameFunction(await store.getFunction('orders'), first);
      }));

      test('getFunction returns every field as stored, and undefined for an unknown name', withStore(async (store) => {
        const full = functionRecord('full', {
          environment: { KEY: 'value', EMPTY: '', UNICODE: 'héllo €' },
          deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:dlq',
          architectures: ['arm64'],
          vpcConfig: { subnetIds: ['subnet-1', 'subnet-2'], securityGroupIds: ['sg-1'], ipv6AllowedForDualStack: true },
          kmsKeyArn: 'arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab',
          sourceKmsKeyArn: 'arn:aws:kms:us-east-1:000000000000:key/0987dcba-09fe-87dc-65ba-ab0987654321',
          tags: { a: 'b', 'c:d': 'e' },
          lastModified: 1_712_345_678_901,
          memorySize: 10_240,
          timeout: 900,
        });
        const bare = functionRecord('bare');
        await store.createFunction(full);
        await store.createFunction(bare);
        assertSameFunction(await store.getFunction('full'), full);
        const gotBare = await store.getFunction('bare');
        assertSameFunction(gotBare, bare);
        assert.equal(gotBare?.environment, undefined);
        assert.equal(gotBare?.deadLetterTargetArn, undefined);
        assert.equal(gotBare?.vpcConfig, undefined);
        assert.equal(gotBare?.kmsKeyArn, undefined);
        assert.equal(await store.getFunction('missing'), undefined);
        assert.equal(await store.getFunction('FULL'), undefined, 'names are case-sensitive');
      }));

      test('listFunctions is in code-point name order and pages with after/limit', withStore(async (store) => {
        const created = ['beta', 'alpha_2', 'Zeta', 'alpha', 'alpha-2', 'gamma'];
        for (const fn of created) await store.createFunction(functionRecord(fn));
        const sorted = [...created].sort(); // ASCII: 'Zeta' < 'alpha' < 'alpha-2' < 'alpha_2' < 'beta' < 'gamma'
        assert.deepEqual(names(await store.listFunctions(undefined, 50)), sorted);
        assert.deepEqual(names(await store.listFunctions(undefined, 2)), sorted.slice(0, 2));
        assert.deepEqual(names(await store.listFunctions('alpha', 2)), ['alpha-2', 'alpha_2']);
        assert.deepEqual(names(await store.listFunctions('alpha_2', 50)), ['beta', 'gamma']);
        assert.deepEqual(names(await store.listFunctions('gamma', 50)), []);
        // `after` need not be a stored name.
        assert.deepEqual(names(await store.listFunctions('b', 50)), ['beta', 'gamma']);

        const paged: string[] = [];
        let after: string | undefined;
        for (let i = 0; i < 10; i++) {
          const page = await store.listFunctions(after, 4);
          paged.push(...names(page));
          if (page.length < 4) break;
          after = item(page, page.length - 1).name;
        }
        assert.deepEqual(paged, sorted);
        assertSameFunction(item(await store.listFunctions(undefined, 1), 0), functionRecord('Zeta'));
      }));

      test('listFunctions of an empty store is empty', withStore(async (store) => {
        assert.deepEqual(await store.listFunctions(undefined, 50), []);
      }));

      test('updateFunction replaces the record when the revision matches, and refuses a stale one', withStore(async (store) => {
        const v1 = functionRecord('fn', { revisionId: 'r1', memorySize: 128 });
        await store.createFunction(v1);
        const v2 = functionRecord('fn', { revisionId: 'r2', memorySize: 256, environment: { STAGE: 'two' } });
        assert.equal(await store.updateFunction(v2, 'r1'), true);
        assertSameFunction(await store.getFunction('fn'), v2);

        // A writer that still holds r1 loses: the record stays v2.
        const stale = functionRecord('fn', { revisionId: 'r3', memorySize: 512 });
        assert.equal(await store.updateFunction(stale, 'r1'), false);
        assertSameFunction(await store.getFunction('fn'), v2);

        assert.equal(await store.updateFunction(functionRecord('fn', { revisionId: 'r3', memorySize: 512 }), 'r2'), true);
        assert.equal((await store.getFunction('fn'))?.memorySize, 512);
      }));

      test('updateFunction of a function that does not exist returns false and creates nothing', withStore(async (store) => {
        assert.equal(await store.updateFunction(functionRecord('ghost', { revisionId: 'r2' }), 'r1'), false);
        assert.equal(await store.getFunction('ghost'), undefined);
        assert.deepEqual(await store.listFunctions(undefined, 50), []);
      }));

      test('setFunctionConcurrency sets and clears the reservation only, and returns the stored record', withStore(async (store) => {
        const fn = functionRecord('fn', { revisionId: 'r1', environment: { A: '1' } });
        await store.createFunction(fn);
        assertSameFunction(await store.setFunctionConcurrency('fn', 5), { ...fn, reservedConcurrency: 5 });
        assertSameFunction(await store.getFunction('fn'), { ...fn, reservedConcurrency: 5 });
        assert.equal((await store.setFunctionConcurrency('fn', 0))?.reservedConcurrency, 0);
        assertSameFunction(await store.setFunctionConcurrency('fn', undefined), fn);
        assertSameFunction(await store.getFunction('fn'), fn);
        assert.equal(await store.setFunctionConcurrency('ghost', 3), undefined);
        assert.equal(await store.getFunction('ghost'), undefined);
      }));

      test('updateFunction keeps the stored reservation, whatever the record it is given says', withStore(async (store) => {
        await store.createFunction(functionRecord('fn', { revisionId: 'r1' }));
        await store.setFunctionConcurrency('fn', 7);
        // A writer that read the record before the reservation changed.
        assert.equal(await store.updateFunction(functionRecord('fn', { revisionId: 'r2', memorySize: 256 }), 'r1'), true);
        assertSameFunction(await store.getFunction('fn'), functionRecord('fn', { revisionId: 'r2', memorySize: 256, reservedConcurrency: 7 }));
        await store.setFunctionConcurrency('fn', undefined);
        assert.equal(await store.updateFunction(functionRecord('fn', { revisionId: 'r3', reservedConcurrency: 7 }), 'r2'), true);
        assert.equal((await store.getFunction('fn'))?.reservedConcurrency, undefined);
      }));

      test('deleteFunction removes only that function; a second delete returns false', withStore(async (store) => {
        await store.createFunction(functionRecord('keep'));
        await store.createFunction(functionRecord('drop'));
        assert.equal(await store.deleteFunction('drop'), true);
        assert.equal(await store.getFunction('drop'), undefined);
        assert.deepEqual(names(await store.listFunctions(undefined, 50)), ['keep']);
        assert.equal(await store.deleteFunction('drop'), false);
        assert.equal(await store.deleteFunction('never'), false);
        // The name is free again.
        assert.equal(await store.createFunction(functionRecord('drop', { description: 'again' })), true);
        assert.equal((await store.getFunction('drop'))?.description, 'again');
      }));
    });

    describe('log groups', () => {
      test('createLogGroup returns true, then false for the same name, keeping the first creation time', withStore(async (store) => {
        assert.equal(await store.createLogGroup('/aws/lambda/a', 1000), true);
        assert.equal(await store.createLogGroup('/aws/lambda/a', 2000), false);
        const group = await store.getLogGroup('/aws/lambda/a');
        assert.deepEqual(
          { name: group?.name, creationTime: group?.creationTime, retentionInDays: group?.retentionInDays, storedBytes: group?.storedBytes },
          { name: '/aws/lambda/a', creationTime: 1000, retentionInDays: undefined, storedBytes: 0 },
        );
        assert.equal(await store.getLogGroup('/aws/lambda/missing'), undefined);
        assert.equal(await store.getLogGroup('/aws/lambda/A'), undefined, 'names are case-sensitive');
      }));

      test('getLogGroup storedBytes is the UTF-8 size of every event in every stream', withStore(async (store) => {
        const g = '/aws/lambda/bytes';
        await store.appendLogEvents(
          [
            { groupName: g, name: 's1', creationTime: 10 },
            { groupName: g, name: 's2', creationTime: 10 },
            { groupName: '/other', name: 's1', creationTime: 10 },
          ],
          [event(g, 's1', 100, 'abc\n'), event(g, 's2', 101, 'é€\n'), event('/other', 's1', 102, 'not counted in g')],
          500,
        );
        // 'abc\n' = 4 bytes; 'é€\n' = 2 + 3 + 1 = 6 bytes.
        assert.equal((await store.getLogGroup(g))?.storedBytes, 10);
        await store.appendLogEvents([], [event(g, 's1', 103, 'xy')], 600);
        assert.equal((await store.getLogGroup(g))?.storedBytes, 12);
        assert.equal((await store.getLogGroup('/other'))?.storedBytes, 16);
      }));

      test('deleteLogGroup removes the group with its streams and events; other groups stay', withStore(async (store) => {
        const g = '/aws/lambda/gone';
        const keep = '/aws/lambda/kept';
        await store.appendLogEvents(
          [
            { groupName: g, name: 'a', creationTime: 1 },
            { groupName: g, name: 'b', creationTime: 1 },
            { groupName: keep, name: 'a', creationTime: 1 },
          ],
          [event(g, 'a', 10, 'one'), event(g, 'b', 11, 'two'), event(keep, 'a', 12, 'kept')],
          20,
        );
        assert.equal(await store.deleteLogGroup(g), true);
        assert.equal(await store.getLogGroup(g), undefined);
        assert.deepEqual(names((await store.listLogGroups({ prefix: undefined, after: undefined, limit: 50 })).items), [keep]);
        assert.deepEqual(await allEvents(store, g), []);
        assert.equal(await store.deleteLogGroup(g), false, 'a second delete finds nothing');
        assert.equal(await store.deleteLogGroup('/never/existed'), false);

        // Created again under the same name, it starts empty: no old streams, events or bytes come back.
        assert.equal(await store.createLogGroup(g, 30), true);
        const streams = await store.listLogStreams({ groupName: g, prefix: undefined, orderBy: 'LogStreamName', descending: false, after: undefined, limit: 50 });
        assert.deepEqual(streams.items, []);
        assert.deepEqual(await allEvents(store, g), []);
        assert.equal((await store.getLogGroup(g))?.storedBytes, 0);
        assert.equal((await store.getLogGroup(g))?.creationTime, 30);

        assert.deepEqual(messages(await allEvents(store, keep)), ['kept']);
        assert.equal((await streamOf(store, keep, 'a')).storedBytes, 4);
      }));

      test('listLogGroups filters by prefix and pages with next until the last page', withStore(async (store) => {
        const groups = ['/aws/lambda/b', '/aws/lambda/a', '/aws/lambda/a-2', '/aws/lambda/ab', '/aws/lambda/a_', '/ecs/a', 'plain', '/aws/lambdax'];
        for (const [i, g] of groups.entries()) await store.createLogGroup(g, 1000 + i);
        const all = [...groups].sort();

        const everything = await store.listLogGroups({ prefix: undefined, after: undefined, limit: 50 });
        assert.deepEqual(names(everything.items), all);
        assert.equal(everything.next, undefined);
        assert.equal(item(everything.items, all.indexOf('/ecs/a')).creationTime, 1005);
        assert.equal(item(everything.items, 0).storedBytes, 0);

        const lambda = ['/aws/lambda/a', '/aws/lambda/a-2', '/aws/lambda/a_', '/aws/lambda/ab', '/aws/lambda/b'];
        const prefixed = await store.listLogGroups({ prefix: '/aws/lambda/', after: undefined, limit: 50 });
        assert.deepEqual(names(prefixed.items), lambda);

        // '_' and '%' are plain characters in a prefix, not wildcards.
        assert.deepEqual(names((await store.listLogGroups({ prefix: '/aws/lambda/a_', after: undefined, limit: 50 })).items), ['/aws/lambda/a_']);
        assert.deepEqual(names((await store.listLogGroups({ prefix: '/aws/lambda/%', after: undefined, limit: 50 })).items), []);
        assert.deepEqual(names((await store.listLogGroups({ prefix: '/AWS', after: undefined, limit: 50 })).items), [], 'prefix is case-sensitive');

        const pages = await allPages(2, (after) => store.listLogGroups({ prefix: '/aws/lambda/', after, limit: 2 }));
        assert.deepEqual(pages.map(names), [lambda.slice(0, 2), lambda.slice(2, 4), lambda.slice(4)]);

        // A limit equal to what is left ends paging: no empty page follows.
        const exact = await store.listLogGroups({ prefix: '/aws/lambda/', after: undefined, limit: lambda.length });
        assert.equal(exact.items.length, lambda.length);
        assert.equal(exact.next, undefined);

        const ones = await allPages(1, (after) => store.listLogGroups({ prefix: undefined, after, limit: 1 }));
        assert.deepEqual(ones.flat().map((group) => group.name), all);
      }));

      test('listLogGroups storedBytes matches getLogGroup', withStore(async (store) => {
        await store.appendLogEvents([{ groupName: '/g', name: 's', creationTime: 1 }], [event('/g', 's', 2, 'hello')], 3);
        const page = await store.listLogGroups({ prefix: '/g', after: undefined, limit: 50 });
        assert.equal(item(page.items, 0).storedBytes, 5);
      }));
    });

    describe('log streams', () => {
      test('createLogStream creates an empty stream; the same name again returns false', withStore(async (store) => {
        await store.createLogGroup('/g', 1);
        assert.equal(await store.createLogStream({ groupName: '/g', name: '2024/01/02/[$LATEST]abc', creationTime: 50 }), true);
        assert.equal(await store.createLogStream({ groupName: '/g', name: '2024/01/02/[$LATEST]abc', creationTime: 60 }), false);
        const stream = await streamOf(store, '/g', '2024/01/02/[$LATEST]abc');
        assert.deepEqual(
          {
            groupName: stream.groupName,
            name: stream.name,
            creationTime: stream.creationTime,
            firstEventTimestamp: stream.firstEventTimestamp,
            lastEventTimestamp: stream.lastEventTimestamp,
            lastIngestionTime: stream.lastIngestionTime,
            storedBytes: stream.storedBytes,
          },
          {
            groupName: '/g',
            name: '2024/01/02/[$LATEST]abc',
            creationTime: 50,
            firstEventTimestamp: undefined,
            lastEventTimestamp: undefined,
            lastIngestionTime: undefined,
            storedBytes: 0,
          },
        );
        // The same stream name in another group is another stream.
        await store.createLogGroup('/h', 1);
        assert.equal(await store.createLogStream({ groupName: '/h', name: '2024/01/02/[$LATEST]abc', creationTime: 70 }), true);
      }));

      test('listLogStreams by LogStreamName: ascending and descending, with prefix and paging', withStore(async (store) => {
        await store.createLogGroup('/g', 1);
        await store.createLogGroup('/other', 1);
        const streams = ['a/2', 'b/1', 'a/1', 'a/3', 'a_x', 'ab'];
        for (const s of streams) await store.createLogStream({ groupName: '/g', name: s, creationTime: 5 });
        await store.createLogStream({ groupName: '/other', name: 'a/9', creationTime: 5 });

        const query = (prefix: string | undefined, descending: boolean, limit: number) => (after: string | undefined) =>
          store.listLogStreams({ groupName: '/g', prefix, orderBy: 'LogStreamName', descending, after, limit });

        const asc = [...streams].sort();
        assert.deepEqual(names((await query(undefined, false, 50)(undefined)).items), asc);
        assert.deepEqual(names((await query(undefined, true, 50)(undefined)).items), [...asc].reverse());

        assert.deepEqual((await allPages(2, query('a/', false, 2))).map(names), [['a/1', 'a/2'], ['a/3']]);
        assert.deepEqual((await allPages(2, query('a/', true, 2))).map(names), [['a/3', 'a/2'], ['a/1']]);
        assert.deepEqual((await allPages(1, query(undefined, true, 1))).flat().map((s) => s.name), [...asc].reverse());
        assert.deepEqual(names((await query('a_', false, 50)(undefined)).items), ['a_x'], "'_' in a prefix is not a wildcard");
        assert.deepEqual(names((await query('c', false, 50)(undefined)).items), []);
        assert.ok((await query(undefined, false, 50)(undefined)).items.every((s) => s.groupName === '/g'));
      }));

      test('listLogStreams by LastEventTime: ascending and descending, ties by name, paging across ties', withStore(async (store) => {
        const g = '/g';
        await store.createLogGroup(g, 1);
        await store.createLogStream({ groupName: g, name: 'empty', creationTime: 1 });
        await store.appendLogEvents(
          ['s300', 's100', 'tie-b', 'tie-a', 's250'].map((name) => ({ groupName: g, name, creationTime: 1 })),
          [
            event(g, 's300', 50, 'x'),
            event(g, 's300', 300, 'x'),
            event(g, 's100', 100, 'x'),
            event(g, 'tie-b', 200, 'x'),
            event(g, 'tie-a', 200, 'x'),
            event(g, 's250', 250, 'x'),
          ],
          1000,
        );
        // A later append moves s100 to the end.
        await store.appendLogEvents([], [event(g, 's100', 400, 'later')], 2000);

        // A stream without events counts as the oldest.
        const ascending = ['empty', 'tie-a', 'tie-b', 's250', 's300', 's100'];
        const query = (descending: boolean, limit: number) => (after: string | undefined) =>
          store.listLogStreams({ groupName: g, prefix: undefined, orderBy: 'LastEventTime', descending, after, limit });

        const ascPage = await query(false, 50)(undefined);
        assert.deepEqual(names(ascPage.items), ascending);
        assert.equal(ascPage.next, undefined);
        assert.deepEqual(names((await query(true, 50)(undefined)).items), [...ascending].reverse());

        for (const limit of [1, 2, 4]) {
          assert.deepEqual((await allPages(limit, query(false, limit))).flat().map((s) => s.name), ascending, `ascending, limit ${limit}`);
          assert.deepEqual((await allPages(limit, query(true, limit))).flat().map((s) => s.name), [...ascending].reverse(), `descending, limit ${limit}`);
        }
        const s100 = (await query(true, 1)(undefined)).items;
        assert.equal(item(s100, 0).lastEventTimestamp, 400);
      }));
    });

    describe('appendLogEvents', () => {
      test('creates a missing group and stream in the same call and stores the events', withStore(async (store) => {
        await store.appendLogEvents(
          [{ groupName: '/aws/lambda/new', name: '2024/05/06/[$LATEST]0123', creationTime: 1_000 }],
          [event('/aws/lambda/new', '2024/05/06/[$LATEST]0123', 1_100, 'START\n'), event('/aws/lambda/new', '2024/05/06/[$LATEST]0123', 1_200, 'END\n')],
          1_300,
        );
        const group = await store.getLogGroup('/aws/lambda/new');
        assert.equal(group?.creationTime, 1_000);
        assert.equal(group?.storedBytes, 10);
        const stream = await streamOf(store, '/aws/lambda/new', '2024/05/06/[$LATEST]0123');
        assert.equal(stream.creationTime, 1_000);
        assert.equal(stream.firstEventTimestamp, 1_100);
        assert.equal(stream.lastEventTimestamp, 1_200);
        assert.equal(stream.lastIngestionTime, 1_300);
        assert.equal(stream.storedBytes, 10);
        const events = await allEvents(store, '/aws/lambda/new');
        assert.deepEqual(
          events.map(({ streamName, timestamp, ingestionTime, message }) => ({ streamName, timestamp, ingestionTime, message })),
          [
            { streamName: '2024/05/06/[$LATEST]0123', timestamp: 1_100, ingestionTime: 1_300, message: 'START\n' },
            { streamName: '2024/05/06/[$LATEST]0123', timestamp: 1_200, ingestionTime: 1_300, message: 'END\n' },
          ],
        );
        assert.ok(item(events, 0).id < item(events, 1).id, 'ids increase in insertion order');
      }));

      test('an existing group and stream are kept as they were, not re-created', withStore(async (store) => {
        await store.createLogGroup('/g', 5);
        await store.createLogStream({ groupName: '/g', name: 's', creationTime: 6 });
        await store.appendLogEvents([{ groupName: '/g', name: 's', creationTime: 99 }], [event('/g', 's', 100, 'a')], 101);
        await store.appendLogEvents([{ groupName: '/g', name: 's', creationTime: 199 }], [event('/g', 's', 200, 'b')], 201);
        assert.equal((await store.getLogGroup('/g'))?.creationTime, 5);
        const stream = await streamOf(store, '/g', 's');
        assert.equal(stream.creationTime, 6);
        assert.deepEqual(messages(await allEvents(store, '/g')), ['a', 'b']);
        const streams = await store.listLogStreams({ groupName: '/g', prefix: undefined, orderBy: 'LogStreamName', descending: false, after: undefined, limit: 50 });
        assert.equal(streams.items.length, 1);
      }));

      test('updates first and last event timestamps, lastIngestionTime and storedBytes across calls', withStore(async (store) => {
        const g = '/g';
        await store.appendLogEvents([{ groupName: g, name: 's', creationTime: 1 }], [event(g, 's', 2_000, 'aa'), event(g, 's', 3_000, 'bbb')], 10_000);
        let stream = await streamOf(store, g, 's');
        assert.deepEqual([stream.firstEventTimestamp, stream.lastEventTimestamp, stream.lastIngestionTime, stream.storedBytes], [2_000, 3_000, 10_000, 5]);

        // Older and in-between timestamps: first moves back, last stays.
        await store.appendLogEvents([], [event(g, 's', 2_500, 'c'), event(g, 's', 1_000, 'dddd')], 11_000);
        stream = await streamOf(store, g, 's');
        assert.deepEqual([stream.firstEventTimestamp, stream.lastEventTimestamp, stream.lastIngestionTime, stream.storedBytes], [1_000, 3_000, 11_000, 10]);

        await store.appendLogEvents([], [event(g, 's', 4_000, 'é')], 12_000);
        stream = await streamOf(store, g, 's');
        assert.deepEqual([stream.firstEventTimestamp, stream.lastEventTimestamp, stream.lastIngestionTime, stream.storedBytes], [1_000, 4_000, 12_000, 12]);
        assert.equal((await store.getLogGroup(g))?.storedBytes, 12);
      }));

      test('one call can write several groups and streams; untouched streams keep their figures', withStore(async (store) => {
        await store.appendLogEvents(
          [
            { groupName: '/a', name: 'x', creationTime: 1 },
            { groupName: '/a', name: 'y', creationTime: 2 },
            { groupName: '/b', name: 'x', creationTime: 3 },
          ],
          [event('/a', 'x', 10, 'ax1'), event('/b', 'x', 11, 'bx1'), event('/a', 'y', 12, 'ay1'), event('/a', 'x', 13, 'ax2')],
          100,
        );
        await store.appendLogEvents([], [event('/a', 'x', 20, 'ax3')], 200);
        assert.deepEqual(messages(await allEvents(store, '/a')), ['ax1', 'ay1', 'ax2', 'ax3']);
        assert.deepEqual(messages(await allEvents(store, '/b')), ['bx1']);
        const y = await streamOf(store, '/a', 'y');
        assert.deepEqual([y.firstEventTimestamp, y.lastEventTimestamp, y.lastIngestionTime, y.storedBytes], [12, 12, 100, 3]);
        const bx = await streamOf(store, '/b', 'x');
        assert.equal(bx.lastIngestionTime, 100);
        assert.equal((await streamOf(store, '/a', 'x')).lastIngestionTime, 200);
      }));

      test('events for a group deleted meanwhile create it again, holding only the new events', withStore(async (store) => {
        // The contract in store.ts: "appends the events, creating their groups and streams where missing", so a
        // function still writing after its group was deleted logs to a fresh group, as on Lambda.
        await store.appendLogEvents(
          [
            { groupName: '/deleted', name: 's', creationTime: 1 },
            { groupName: '/alive', name: 's', creationTime: 1 },
          ],
          [event('/deleted', 's', 10, 'before'), event('/alive', 's', 10, 'first')],
          20,
        );
        assert.equal(await store.deleteLogGroup('/deleted'), true);

        // The writer still has lines for the deleted group's stream, and sends no stream for it.
        await store.appendLogEvents([], [event('/deleted', 's', 30, 'after'), event('/alive', 's', 31, 'second')], 40);

        assert.deepEqual(names((await store.listLogGroups({ prefix: undefined, after: undefined, limit: 50 })).items), ['/alive', '/deleted']);
        assert.deepEqual(messages(await allEvents(store, '/deleted')), ['after'], 'nothing from before the delete comes back');
        assert.equal((await store.getLogGroup('/deleted'))?.storedBytes, 5);
        const again = await streamOf(store, '/deleted', 's');
        assert.deepEqual([again.firstEventTimestamp, again.lastEventTimestamp, again.lastIngestionTime, again.storedBytes], [30, 30, 40, 5]);
        assert.deepEqual(messages(await allEvents(store, '/alive')), ['first', 'second']);
        assert.equal((await streamOf(store, '/alive', 's')).storedBytes, 11);
      }));

      test('events for a stream never announced create their group and stream', withStore(async (store) => {
        await store.appendLogEvents([], [event('/unannounced', 'x', 50, 'hi')], 60);
        assert.ok((await store.getLogGroup('/unannounced')) !== undefined);
        const stream = await streamOf(store, '/unannounced', 'x');
        assert.deepEqual([stream.firstEventTimestamp, stream.lastEventTimestamp, stream.lastIngestionTime, stream.storedBytes], [50, 50, 60, 2]);
        assert.deepEqual(messages(await allEvents(store, '/unannounced')), ['hi']);
      }));

      test('an empty batch changes nothing', withStore(async (store) => {
        await store.appendLogEvents([], [], 1);
        assert.deepEqual((await store.listLogGroups({ prefix: undefined, after: undefined, limit: 50 })).items, []);
      }));
    });

    describe('queryLogEvents', () => {
      const g = '/aws/lambda/q';
      /** A and B interleaved; ids follow this order. */
      const seed = async (store: Store): Promise<Map<string, number>> => {
        await store.appendLogEvents(
          [
            { groupName: g, name: 'A', creationTime: 1 },
            { groupName: g, name: 'B', creationTime: 1 },
            { groupName: '/elsewhere', name: 'A', creationTime: 1 },
          ],
          [
            event(g, 'A', 1000, 'a1'),
            event(g, 'B', 1500, 'b1'),
            event('/elsewhere', 'A', 1600, 'other group'),
            event(g, 'A', 2000, 'a2'),
          ],
          5000,
        );
        await store.appendLogEvents([], [event(g, 'B', 2500, 'b2'), event(g, 'A', 3000, 'a3')], 6000);
        const ids = new Map<string, number>();
        for (const e of await allEvents(store, g)) ids.set(e.message, e.id);
        return ids;
      };
      const id = (ids: Map<string, number>, message: string): number => {
        const value = ids.get(message);
        assert.ok(value !== undefined, message);
        return value;
      };
      const query = (store: Store, over: Partial<Parameters<Store['queryLogEvents']>[0]>) =>
        store
          .queryLogEvents({
            groupName: g,
            streamNames: undefined,
            startTime: undefined,
            endTime: undefined,
            fromHead: true,
            afterId: undefined,
            beforeId: undefined,
            limit: 100,
            ...over,
          })
          .then(messages);

      test('returns the group’s events oldest first with their stream, times and increasing ids', withStore(async (store) => {
        await seed(store);
        const events = await allEvents(store, g);
        assert.deepEqual(messages(events), ['a1', 'b1', 'a2', 'b2', 'a3']);
        assert.deepEqual(events.map((e) => e.streamName), ['A', 'B', 'A', 'B', 'A']);
        assert.deepEqual(events.map((e) => e.timestamp), [1000, 1500, 2000, 2500, 3000]);
        assert.deepEqual(events.map((e) => e.ingestionTime), [5000, 5000, 5000, 6000, 6000]);
        for (let i = 1; i < events.length; i++) assert.ok(item(events, i).id > item(events, i - 1).id);
        assert.deepEqual(await query(store, { groupName: '/missing' }), []);
      }));

      test('streamNames filters to those streams', withStore(async (store) => {
        await seed(store);
        assert.deepEqual(await query(store, { streamNames: ['A'] }), ['a1', 'a2', 'a3']);
        assert.deepEqual(await query(store, { streamNames: ['B'] }), ['b1', 'b2']);
        assert.deepEqual(await query(store, { streamNames: ['A', 'B'] }), ['a1', 'b1', 'a2', 'b2', 'a3']);
        assert.deepEqual(await query(store, { streamNames: ['C'] }), []);
      }));

      test('startTime is inclusive and endTime exclusive', withStore(async (store) => {
        await seed(store);
        assert.deepEqual(await query(store, { startTime: 2000 }), ['a2', 'b2', 'a3']);
        assert.deepEqual(await query(store, { startTime: 2001 }), ['b2', 'a3']);
        assert.deepEqual(await query(store, { endTime: 2500 }), ['a1', 'b1', 'a2']);
        assert.deepEqual(await query(store, { endTime: 2501 }), ['a1', 'b1', 'a2', 'b2']);
        assert.deepEqual(await query(store, { startTime: 1500, endTime: 2500 }), ['b1', 'a2']);
        assert.deepEqual(await query(store, { startTime: 2000, endTime: 2000 }), []);
        assert.deepEqual(await query(store, { startTime: 1000, endTime: 3000, streamNames: ['A'] }), ['a1', 'a2']);
      }));

      test('afterId and beforeId bound by event id, exclusively', withStore(async (store) => {
        const ids = await seed(store);
        assert.deepEqual(await query(store, { afterId: id(ids, 'b1') }), ['a2', 'b2', 'a3']);
        assert.deepEqual(await query(store, { beforeId: id(ids, 'b2') }), ['a1', 'b1', 'a2']);
        assert.deepEqual(await query(store, { afterId: id(ids, 'a1'), beforeId: id(ids, 'a3') }), ['b1', 'a2', 'b2']);
        assert.deepEqual(await query(store, { afterId: id(ids, 'a3') }), []);
        assert.deepEqual(await query(store, { afterId: id(ids, 'a1'), streamNames: ['A'] }), ['a2', 'a3']);
      }));

      test('fromHead true gives the oldest `limit`; fromHead false the newest `limit`, still oldest first', withStore(async (store) => {
        const ids = await seed(store);
        assert.deepEqual(await query(store, { fromHead: true, limit: 2 }), ['a1', 'b1']);
        assert.deepEqual(await query(store, { fromHead: false, limit: 2 }), ['b2', 'a3']);
        assert.deepEqual(await query(store, { fromHead: false, limit: 100 }), ['a1', 'b1', 'a2', 'b2', 'a3']);
        // Backward paging: the newest `limit` before an id.
        assert.deepEqual(await query(store, { fromHead: false, beforeId: id(ids, 'b2'), limit: 2 }), ['b1', 'a2']);
        assert.deepEqual(await query(store, { fromHead: false, beforeId: id(ids, 'b1'), limit: 2 }), ['a1']);
        // Forward paging: the oldest `limit` after an id.
        assert.deepEqual(await query(store, { fromHead: true, afterId: id(ids, 'b1'), limit: 2 }), ['a2', 'b2']);
        assert.deepEqual(await query(store, { fromHead: false, streamNames: ['A'], limit: 2 }), ['a2', 'a3']);
        assert.deepEqual(await query(store, { fromHead: false, endTime: 2500, limit: 2 }), ['b1', 'a2']);
      }));

      test('forward paging with afterId visits every event once, in order', withStore(async (store) => {
        await seed(store);
        const seen: string[] = [];
        let afterId: number | undefined;
        for (let i = 0; i < 10; i++) {
          const page = await store.queryLogEvents({
            groupName: g, streamNames: undefined, startTime: undefined, endTime: undefined, fromHead: true, afterId, beforeId: undefined, limit: 2,
          });
          if (page.length === 0) break;
          seen.push(...messages(page));
          afterId = item(page, page.length - 1).id;
        }
        assert.deepEqual(seen, ['a1', 'b1', 'a2', 'b2', 'a3']);
      }));

      test('events with the same timestamp keep the order they were appended in', withStore(async (store) => {
        const same = Array.from({ length: 20 }, (_, i) => event('/t', 's', 777, `m${i}`));
        await store.appendLogEvents([{ groupName: '/t', name: 's', creationTime: 1 }], same, 800);
        assert.deepEqual(messages(await allEvents(store, '/t')), same.map((e) => e.message));
      }));
    });

    describe('event-invoke configs', () => {
      test('putEventInvokeConfig stores every field; getEventInvokeConfig returns it, and undefined for another key', withStore(async (store) => {
        const config = eventInvokeConfig('fn', '$LATEST', {
          maximumRetryAttempts: 0,
          maximumEventAgeInSeconds: 3600,
          onSuccess: { destination: 'arn:aws:sqs:us-east-1:000000000000:done' },
          onFailure: { destination: 'arn:aws:s3:::failures' },
        });
        await store.putEventInvokeConfig(config);
        assert.deepEqual(await store.getEventInvokeConfig('fn', '$LATEST'), config);
        assert.equal(await store.getEventInvokeConfig('fn', '1'), undefined);
        assert.equal(await store.getEventInvokeConfig('other', '$LATEST'), undefined);
      }));

      test('unset settings stay unset, and a destination given without an ARN is kept apart from none', withStore(async (store) => {
        const sparse = eventInvokeConfig('fn', '$LATEST', { maximumRetryAttempts: 2, onSuccess: { destination: undefined } });
        await store.putEventInvokeConfig(sparse);
        const stored = await store.getEventInvokeConfig('fn', '$LATEST');
        assert.deepEqual(stored, sparse);
        assert.deepEqual(stored?.onSuccess, { destination: undefined });
        assert.equal(stored?.onFailure, undefined);
        assert.equal(stored?.maximumEventAgeInSeconds, undefined);
      }));

      test('a second put of the same function and qualifier replaces the whole config', withStore(async (store) => {
        await store.putEventInvokeConfig(eventInvokeConfig('fn', '$LATEST', { maximumRetryAttempts: 1, maximumEventAgeInSeconds: 60, onFailure: { destination: 'arn:aws:sns:us-east-1:000000000000:t' } }));
        const replacement = eventInvokeConfig('fn', '$LATEST', { maximumRetryAttempts: 0, lastModified: 1_700_000_009_000 });
        await store.putEventInvokeConfig(replacement);
        assert.deepEqual(await store.getEventInvokeConfig('fn', '$LATEST'), replacement);
        assert.equal((await store.listEventInvokeConfigs('fn', undefined, 10)).length, 1);
      }));

      test('configs are per qualifier: each is stored, read and deleted on its own', withStore(async (store) => {
        const latest = eventInvokeConfig('fn', '$LATEST', { maximumRetryAttempts: 0 });
        const version = eventInvokeConfig('fn', '1', { maximumRetryAttempts: 1 });
        const alias = eventInvokeConfig('fn', 'live', { maximumRetryAttempts: 2 });
        for (const config of [latest, version, alias]) await store.putEventInvokeConfig(config);
        assert.equal(await store.deleteEventInvokeConfig('fn', '1'), true);
        assert.equal(await store.deleteEventInvokeConfig('fn', '1'), false);
        assert.equal(await store.getEventInvokeConfig('fn', '1'), undefined);
        assert.deepEqual(await store.getEventInvokeConfig('fn', '$LATEST'), latest);
        assert.deepEqual(await store.getEventInvokeConfig('fn', 'live'), alias);
        assert.equal(await store.deleteEventInvokeConfig('missing', '$LATEST'), false);
      }));

      test('listEventInvokeConfigs gives one function’s configs in qualifier order and pages with afterQualifier/limit', withStore(async (store) => {
        for (const qualifier of ['live', '$LATEST', '2', '10', 'beta']) await store.putEventInvokeConfig(eventInvokeConfig('fn', qualifier));
        await store.putEventInvokeConfig(eventInvokeConfig('fn-other', '$LATEST'));
        await store.putEventInvokeConfig(eventInvokeConfig('f', 'zeta'));
        const all = await store.listEventInvokeConfigs('fn', undefined, 50);
        assert.deepEqual(qualifiers(all), ['$LATEST', '10', '2', 'beta', 'live']);
        assert.ok(all.every((config) => config.functionName === 'fn'));
        assert.deepEqual(qualifiers(await store.listEventInvokeConfigs('fn', undefined, 2)), ['$LATEST', '10']);
        assert.deepEqual(qualifiers(await store.listEventInvokeConfigs('fn', '10', 2)), ['2', 'beta']);
        assert.deepEqual(qualifiers(await store.listEventInvokeConfigs('fn', 'beta', 2)), ['live']);
        assert.deepEqual(await store.listEventInvokeConfigs('fn', 'live', 2), []);
        assert.deepEqual(await store.listEventInvokeConfigs('nobody', undefined, 50), []);
      }));

      test('deleteEventInvokeConfigsOf removes every config of that function and no other', withStore(async (store) => {
        for (const qualifier of ['$LATEST', '1', 'live']) await store.putEventInvokeConfig(eventInvokeConfig('doomed', qualifier));
        const kept = eventInvokeConfig('kept', '$LATEST', { maximumEventAgeInSeconds: 120 });
        await store.putEventInvokeConfig(kept);
        await store.deleteEventInvokeConfigsOf('doomed');
        assert.deepEqual(await store.listEventInvokeConfigs('doomed', undefined, 50), []);
        assert.deepEqual(await store.listEventInvokeConfigs('kept', undefined, 50), [kept]);
        await store.deleteEventInvokeConfigsOf('never-existed');
      }));

      test('configs survive closing and reopening the store', (t) =>
        withStore(async (store, opened, adopt) => {
          if (opened.reopen === undefined) {
            t.skip(`${name} gives no reopen`);
            return;
          }
          const config = eventInvokeConfig('durable', '$LATEST', { maximumRetryAttempts: 1, onSuccess: { destination: undefined }, onFailure: { destination: 'arn:aws:sqs:us-east-1:000000000000:q' } });
          await store.putEventInvokeConfig(config);
          adopt(undefined);
          await store.close();
          const again = await opened.reopen();
          adopt(again);
          assert.deepEqual(await again.getEventInvokeConfig('durable', '$LATEST'), config);
        })(),
      );
    });

    describe('persistence', () => {
      test('functions, groups, streams and events survive closing and reopening the store', (t) =>
        withStore(async (store, opened, adopt) => {
          if (opened.reopen === undefined) {
            t.skip(`${name} gives no reopen`);
            return;
          }
          const fn = functionRecord('durable', { environment: { K: 'v' }, revisionId: 'r7' });
          await store.createFunction(fn);
          await store.createLogGroup('/explicit', 42);
          await store.appendLogEvents(
            [{ groupName: '/aws/lambda/durable', name: 'stream-1', creationTime: 100 }],
            [event('/aws/lambda/durable', 'stream-1', 200, 'hello\n'), event('/aws/lambda/durable', 'stream-1', 300, 'world\n')],
            400,
          );
          const before = await allEvents(store, '/aws/lambda/durable');
          adopt(undefined);
          await store.close();

          const again = await opened.reopen();
          adopt(again);
          assertSameFunction(await again.getFunction('durable'), fn);
          assert.equal((await again.getLogGroup('/explicit'))?.creationTime, 42);
          assert.equal((await again.getLogGroup('/aws/lambda/durable'))?.storedBytes, 12);
          const stream = await streamOf(again, '/aws/lambda/durable', 'stream-1');
          assert.deepEqual([stream.creationTime, stream.firstEventTimestamp, stream.lastEventTimestamp, stream.lastIngestionTime, stream.storedBytes], [100, 200, 300, 400, 12]);
          const after = await allEvents(again, '/aws/lambda/durable');
          assert.deepEqual(after, before);

          // Ids keep increasing after a restart, so a paging token taken before it stays valid.
          await again.appendLogEvents([], [event('/aws/lambda/durable', 'stream-1', 500, 'third\n')], 600);
          const newer = await again.queryLogEvents({
            groupName: '/aws/lambda/durable', streamNames: undefined, startTime: undefined, endTime: undefined,
            fromHead: true, afterId: item(before, before.length - 1).id, beforeId: undefined, limit: 10,
          });
          assert.deepEqual(messages(newer), ['third\n']);
          // An update made after the restart is checked against the persisted revision.
          assert.equal(await again.updateFunction(functionRecord('durable', { revisionId: 'r8' }), 'r7'), true);
        })(),
      );
    });
  });
}
