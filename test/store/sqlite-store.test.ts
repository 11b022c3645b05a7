import { mkdtempSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';

import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { describeAsyncEventConformance } from './async-event-conformance.js';
import { describeEventBusStoreConformance } from './event-bus-store-conformance.js';
import { describeEventHistoryConformance } from './event-history-conformance.js';
import { describeFunctionFaultConformance } from './function-fault-conformance.js';
import { describeFunctionPolicyConformance } from './function-policy-conformance.js';
import { describeIamStoreConformance } from './iam-store-conformance.js';
import { describeLogGroupConformance } from './log-group-conformance.js';
import { describeQueueStoreConformance } from './queue-store-conformance.js';
import { describeS3StoreConformance } from './s3-store-conformance.js';
import { describeStoreConformance } from './store-conformance.js';
import { describeTopicStoreConformance } from './topic-store-conformance.js';

// One temp dir for this run; each test gets its own database file in it.
const dir = mkdtempSync(path.join(tmpdir(), 'eventide-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;

const openSqlite = async () => {
  const file = path.join(dir, `store-${++counter}.db`);
  return {
    store: new SqliteStore(file),
    reopen: async () => new SqliteStore(file),
    cleanup: async () => {
      for (const suffix of ['', '-wal', '-shm']) await rm(`${file}${suffix}`, { force: true });
    },
  };
};

describeStoreConformance('SqliteStore', openSqlite);
describeAsyncEventConformance('SqliteStore', openSqlite);
describeEventHistoryConformance('SqliteStore', openSqlite);
describeTopicStoreConformance('SqliteStore', openSqlite);
describeIamStoreConformance('SqliteStore', openSqlite);
describeQueueStoreConformance('SqliteStore', openSqlite);
describeEventBusStoreConformance('SqliteStore', openSqlite);
describeFunctionPolicyConformance('SqliteStore', openSqlite);
describeFunctionFaultConformance('SqliteStore', openSqlite);
describeS3StoreConformance('SqliteStore', openSqlite);
describeLogGroupConformance('SqliteStore', openSqlite);
