/**
 * Numbered, forward-only schema migrations. `PRAGMA user_version` records the last one applied; each runs in
 * its own transaction. Never edit a released migration: add the next number.
 */
export interface Migration {
  version: number;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE functions (
        name TEXT PRIMARY KEY,
        record TEXT NOT NULL
      ) STRICT;

      CREATE TABLE log_groups (
        name TEXT PRIMARY KEY,
        creation_time INTEGER NOT NULL,
        retention_days INTEGER
      ) STRICT;

      CREATE TABLE log_streams (
        group_name TEXT NOT NULL REFERENCES log_groups(name) ON DELETE CASCADE,
        name TEXT NOT NULL,
        creation_time INTEGER NOT NULL,
        first_event INTEGER,
        last_event INTEGER,
        last_ingestion INTEGER,
        stored_bytes INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (group_name, name)
      ) STRICT;

      CREATE TABLE log_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        group_name TEXT NOT NULL,
        stream_name TEXT NOT NULL,
        timestamp INTEGER NOT NULL,
        ingestion_time INTEGER NOT NULL,
        message TEXT NOT NULL
      ) STRICT;
      CREATE INDEX log_events_by_stream ON log_events(group_name, stream_name, timestamp, id);
      CREATE INDEX log_events_by_group ON log_events(group_name, timestamp, id);
    `,
  },
  {
    version: 2,
    sql: `
      CREATE TABLE async_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        request_id TEXT NOT NULL UNIQUE,
        function_name TEXT NOT NULL,
        qualifier TEXT NOT NULL,
        payload BLOB NOT NULL,
        enqueued_at INTEGER NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        backoffs INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        lease_until INTEGER,
        condition TEXT,
        last_error_type TEXT,
        response BLOB,
        finished_at INTEGER
      ) STRICT;
      -- The claim index holds only claimable rows, so it stays small however many events have finished.
      CREATE INDEX async_events_due ON async_events(next_attempt_at, id) WHERE state = 'queued';
      CREATE INDEX async_events_leased ON async_events(lease_until) WHERE state = 'running';
      CREATE INDEX async_events_by_function ON async_events(function_name, id);

      CREATE TABLE async_attempts (
        event_id INTEGER NOT NULL REFERENCES async_events(id) ON DELETE CASCADE,
        started_at INTEGER NOT NULL,
        ended_at INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        error_type TEXT
      ) STRICT;
      CREATE INDEX async_attempts_by_event ON async_attempts(event_id);
    `,
  },
  {
    version: 3,
    sql: `
      CREATE TABLE event_invoke_configs (
        function_name TEXT NOT NULL,
        qualifier TEXT NOT NULL,
        maximum_retry_attempts INTEGER,
        maximum_event_age INTEGER,
        on_success TEXT,
        on_failure TEXT,
        last_modified INTEGER NOT NULL,
        PRIMARY KEY (function_name, qualifier)
      ) STRICT;
    `,
  },
  {
    version: 4,
    sql: `
      -- Reserved concurrency is set apart from the rest of a function's configuration (PutFunctionConcurrency),
      -- so it has its own column and configuration updates cannot overwrite it.
      ALTER TABLE functions ADD COLUMN reserved_concurrency INTEGER;
      UPDATE functions SET reserved_concurrency = record ->> '$.reservedConcurrency', record = json_remove(record, '$.reservedConcurrency');
    `,
  },
  // Reserved for issue 4, filled in by the SQS, SNS and IAM stores (in this order).
  {
    version: 5,
    sql: `
      CREATE TABLE sqs_queues (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        attributes TEXT NOT NULL,
        tags TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_modified_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE sqs_messages (
        id INTEGER PRIMARY KEY,
        queue_id INTEGER NOT NULL REFERENCES sqs_queues(id) ON DELETE CASCADE,
        message_id TEXT NOT NULL,
        body TEXT NOT NULL,
        md5_of_body TEXT NOT NULL,
        attributes TEXT,
        sender_id TEXT NOT NULL,
        sent_at INTEGER NOT NULL,
        visible_at INTEGER NOT NULL,
        receive_count INTEGER NOT NULL DEFAULT 0,
        first_received_at INTEGER,
        receipt TEXT,
        dead_letter_source TEXT
      ) STRICT;
      -- Receives find visible messages through this index; it also serves the queue's cascade delete.
      CREATE INDEX sqs_messages_by_visibility ON sqs_messages(queue_id, visible_at);
    `,
  },
  {
    version: 6,
    sql: `
      -- SNS: attributes and tags are JSON objects of what the user set; computed attributes are not stored.
      CREATE TABLE sns_topics (
        arn TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        attributes TEXT NOT NULL,
        tags TEXT NOT NULL
      ) STRICT;

      -- seq: subscription order, in which the List operations page.
      CREATE TABLE sns_subscriptions (
        seq INTEGER PRIMARY KEY,
        arn TEXT NOT NULL UNIQUE,
        topic_arn TEXT NOT NULL REFERENCES sns_topics(arn) ON DELETE CASCADE,
        protocol TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        owner TEXT NOT NULL,
        attributes TEXT NOT NULL,
        UNIQUE (topic_arn, protocol, endpoint)
      ) STRICT;
      CREATE INDEX sns_subscriptions_by_topic ON sns_subscriptions(topic_arn, seq);
    `,
  },
  {
    version: 7,
    sql: `
      -- IAM: roles, inline role policies, customer managed policies and their versions, attachments.
      -- Names compare without case (COLLATE NOCASE), as IAM names do.
      CREATE TABLE iam_roles (
        name TEXT PRIMARY KEY COLLATE NOCASE,
        path TEXT NOT NULL,
        role_id TEXT NOT NULL UNIQUE,
        create_date INTEGER NOT NULL,
        trust_policy TEXT NOT NULL,
        description TEXT,
        max_session_duration INTEGER NOT NULL,
        tags TEXT NOT NULL
      ) STRICT;

      CREATE TABLE iam_role_policies (
        role_name TEXT NOT NULL COLLATE NOCASE REFERENCES iam_roles(name),
        policy_name TEXT NOT NULL COLLATE NOCASE,
        document TEXT NOT NULL,
        PRIMARY KEY (role_name, policy_name)
      ) STRICT;

      -- seq: creation order, in which ListPolicies lists them.
      CREATE TABLE iam_policies (
        seq INTEGER PRIMARY KEY,
        arn TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        path TEXT NOT NULL,
        policy_id TEXT NOT NULL UNIQUE,
        description TEXT,
        create_date INTEGER NOT NULL,
        update_date INTEGER NOT NULL,
        default_version TEXT NOT NULL,
        tags TEXT NOT NULL
      ) STRICT;

      CREATE TABLE iam_policy_versions (
        policy_arn TEXT NOT NULL REFERENCES iam_policies(arn) ON DELETE CASCADE,
        version_id TEXT NOT NULL,
        document TEXT NOT NULL,
        create_date INTEGER NOT NULL,
        PRIMARY KEY (policy_arn, version_id)
      ) STRICT;

      -- Customer and AWS managed policies alike, so policy_arn has no foreign key; seq: attachment order.
      CREATE TABLE iam_role_attachments (
        seq INTEGER PRIMARY KEY,
        role_name TEXT NOT NULL COLLATE NOCASE REFERENCES iam_roles(name),
        policy_arn TEXT NOT NULL,
        policy_name TEXT NOT NULL,
        policy_path TEXT NOT NULL,
        UNIQUE (role_name, policy_arn)
      ) STRICT;
      CREATE INDEX iam_role_attachments_by_policy ON iam_role_attachments(policy_arn);
    `,
  },
  {
    version: 8,
    sql: `
      -- The outbox: finished events whose outcome still has to be routed (dead-letter queue, destinations).
      -- A row is written in the transaction that finishes the event and deleted once the routing is done.
      CREATE TABLE async_routings (
        event_id INTEGER PRIMARY KEY REFERENCES async_events(id) ON DELETE CASCADE,
        lease_until INTEGER NOT NULL DEFAULT 0
      ) STRICT;
    `,
  },
  {
    version: 9,
    sql: `
      -- EventBridge: buses, their rules, the rules' targets; a bus's deletion takes its rules and targets along.
      CREATE TABLE event_buses (
        name TEXT PRIMARY KEY,
        description TEXT,
        creation_time INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE event_rules (
        bus_name TEXT NOT NULL REFERENCES event_buses(name) ON DELETE CASCADE,
        name TEXT NOT NULL,
        event_pattern TEXT,
        schedule_expression TEXT,
        state TEXT NOT NULL,
        description TEXT,
        role_arn TEXT,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (bus_name, name)
      ) STRICT;

      CREATE TABLE event_targets (
        bus_name TEXT NOT NULL,
        rule_name TEXT NOT NULL,
        id TEXT NOT NULL,
        arn TEXT NOT NULL,
        role_arn TEXT,
        input TEXT,
        input_path TEXT,
        input_transformer TEXT,
        PRIMARY KEY (bus_name, rule_name, id),
        FOREIGN KEY (bus_name, rule_name) REFERENCES event_rules(bus_name, name) ON DELETE CASCADE
      ) STRICT;
      CREATE INDEX event_targets_by_arn ON event_targets(bus_name, arn, rule_name);

      -- One row per tick a scheduled rule fired: the key makes a tick fire once, across restarts and nodes.
      CREATE TABLE event_schedule_fires (
        schedule_id TEXT NOT NULL,
        fire_time INTEGER NOT NULL,
        PRIMARY KEY (schedule_id, fire_time)
      ) STRICT;
    `,
  },
  {
    version: 10,
    sql: `
      -- Lambda resource-based policies: the statements of one function (or version, or alias) and their revision.
      CREATE TABLE function_policies (
        function_name TEXT NOT NULL REFERENCES functions(name) ON DELETE CASCADE,
        qualifier TEXT NOT NULL,
        statements TEXT NOT NULL,
        revision_id TEXT NOT NULL,
        PRIMARY KEY (function_name, qualifier)
      ) STRICT;
    `,
  },
  {
    version: 11,
    sql: `
      -- S3: buckets, objects (bytes in files named by data_id) and unfinished multipart uploads with their parts.
      CREATE TABLE s3_buckets (
        name TEXT PRIMARY KEY,
        region TEXT NOT NULL,
        creation_time INTEGER NOT NULL,
        notification_configuration TEXT
      ) STRICT;

      CREATE TABLE s3_objects (
        bucket TEXT NOT NULL REFERENCES s3_buckets(name),
        key TEXT NOT NULL,
        data_id TEXT NOT NULL,
        size INTEGER NOT NULL,
        etag TEXT NOT NULL,
        content_type TEXT NOT NULL,
        metadata TEXT NOT NULL,
        last_modified INTEGER NOT NULL,
        PRIMARY KEY (bucket, key)
      ) STRICT;

      CREATE TABLE s3_uploads (
        upload_id TEXT PRIMARY KEY,
        bucket TEXT NOT NULL REFERENCES s3_buckets(name) ON DELETE CASCADE,
        key TEXT NOT NULL,
        content_type TEXT NOT NULL,
        metadata TEXT NOT NULL,
        initiated INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE s3_parts (
        upload_id TEXT NOT NULL REFERENCES s3_uploads(upload_id) ON DELETE CASCADE,
        part_number INTEGER NOT NULL,
        data_id TEXT NOT NULL,
        size INTEGER NOT NULL,
        etag TEXT NOT NULL,
        last_modified INTEGER NOT NULL,
        PRIMARY KEY (upload_id, part_number)
      ) STRICT;
    `,
  },
  {
    version: 12,
    sql: `
      CREATE TABLE s3_bucket_configurations (
        bucket TEXT NOT NULL REFERENCES s3_buckets(name) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        document TEXT NOT NULL,
        PRIMARY KEY (bucket, kind)
      ) STRICT;
    `,
  },
  {
    version: 13,
    sql: `
      -- Two clocks, never mixed: the engine clock (--time-scale, advances) schedules; real time stamps what people
      -- read and times leases. Earlier rows hold engine times, which an advance may have put ahead of the wall.
      ALTER TABLE async_events ADD COLUMN accepted_at INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE async_attempts ADD COLUMN engine_ended_at INTEGER NOT NULL DEFAULT 0;
      CREATE TEMP TABLE migration_now AS SELECT CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) AS ms;
      UPDATE async_events SET
        accepted_at = min(enqueued_at, (SELECT ms FROM migration_now)),
        finished_at = min(finished_at, (SELECT ms FROM migration_now));
      UPDATE async_attempts SET
        engine_ended_at = ended_at,
        started_at = min(started_at, (SELECT ms FROM migration_now)),
        ended_at = min(ended_at, (SELECT ms FROM migration_now));
      DROP TABLE migration_now;
      -- Engine-time leases could outlast their holder by hours; one Eventide holds the data dir, so none is live.
      UPDATE async_events SET lease_until = 0 WHERE lease_until IS NOT NULL;
      UPDATE async_routings SET lease_until = 0;
    `,
  },
  {
    version: 14,
    sql: `
      -- S3 tag sets and ACLs (JSON): an object's and an upload's tags ('[]' when untagged), a bucket's (NULL: no tag set);
      -- ACLs NULL until one is set (the owner's FULL_CONTROL).
      ALTER TABLE s3_buckets ADD COLUMN tags TEXT;
      ALTER TABLE s3_buckets ADD COLUMN acl TEXT;
      ALTER TABLE s3_objects ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE s3_objects ADD COLUMN acl TEXT;
      ALTER TABLE s3_uploads ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE s3_uploads ADD COLUMN acl TEXT;
    `,
  },
  {
    version: 15,
    sql: `
      -- S3 object properties besides Content-Type and metadata (Cache-Control, storage class, …), as JSON: only those given.
      ALTER TABLE s3_objects ADD COLUMN properties TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE s3_uploads ADD COLUMN properties TEXT NOT NULL DEFAULT '{}';
    `,
  },
  {
    version: 16,
    sql: `
      -- The event timeline: where each attempt's log lines went, when the retry it led to was due (real time), and
      -- what else happened to the event (its finish, each dead-letter or destination delivery, redrives), as JSON.
      ALTER TABLE async_attempts ADD COLUMN log_group TEXT;
      ALTER TABLE async_attempts ADD COLUMN log_stream TEXT;
      ALTER TABLE async_attempts ADD COLUMN retry_due_at INTEGER;
      CREATE TABLE async_event_history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id INTEGER NOT NULL REFERENCES async_events(id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        kind TEXT NOT NULL,
        detail TEXT NOT NULL
      ) STRICT;
      CREATE INDEX async_event_history_by_event ON async_event_history(event_id, id);
      INSERT INTO async_event_history (event_id, at, kind, detail)
        SELECT id, finished_at, 'finished', json_object('state', state, 'condition', condition)
        FROM async_events WHERE finished_at IS NOT NULL AND condition IS NOT NULL ORDER BY id;
    `,
  },
  {
    version: 17,
    sql: `
      -- Fault injection: a function's settings (JSON, only the members set), and the fault injected into an attempt.
      CREATE TABLE function_faults (
        function_name TEXT PRIMARY KEY REFERENCES functions(name) ON DELETE CASCADE,
        settings TEXT NOT NULL
      ) STRICT;
      ALTER TABLE async_attempts ADD COLUMN fault TEXT;
    `,
  },
  {
    version: 18,
    sql: `
      -- Tags of a CloudWatch Logs group, as a JSON object ('{}' when untagged). Retention already has its column.
      ALTER TABLE log_groups ADD COLUMN tags TEXT NOT NULL DEFAULT '{}';
    `,
  },
];
