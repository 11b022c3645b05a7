import type Database from 'better-sqlite3';
import type { SubscriptionPage, SubscriptionRecord, TopicRecord, TopicStore } from '../sns.js';

interface TopicRow {
  arn: string;
  name: string;
  attributes: string;
  tags: string;
}

interface SubscriptionRow {
  seq: number;
  arn: string;
  topic_arn: string;
  protocol: string;
  endpoint: string;
  owner: string;
  attributes: string;
}

const toTopic = (row: TopicRow): TopicRecord => ({
  arn: row.arn,
  name: row.name,
  attributes: JSON.parse(row.attributes) as Record<string, string>,
  tags: JSON.parse(row.tags) as Record<string, string>,
});

const toSubscription = (row: SubscriptionRow): SubscriptionRecord => ({
  arn: row.arn,
  topicArn: row.topic_arn,
  protocol: row.protocol,
  endpoint: row.endpoint,
  owner: row.owner,
  attributes: JSON.parse(row.attributes) as Record<string, string>,
});

/** Topics (attributes and tags as JSON objects) and subscriptions in SQLite; a topic's deletion cascades. */
export class SqliteTopics implements TopicStore {
  private readonly statements: ReturnType<typeof prepare>;
  private readonly updateTopicJson: (arn: string, column: 'attributes' | 'tags', change: (value: Record<string, string>) => Record<string, string>) => boolean;
  private readonly updateSubscriptionAttributes: (arn: string, attributes: Record<string, string | undefined>) => boolean;

  constructor(db: Database.Database) {
    const statements = prepare(db);
    this.statements = statements;
    this.updateTopicJson = db.transaction((arn: string, column: 'attributes' | 'tags', change: (value: Record<string, string>) => Record<string, string>) => {
      const row = statements.selectTopic.get(arn) as TopicRow | undefined;
      if (row === undefined) return false;
      statements.updateTopicColumn[column].run(JSON.stringify(change(JSON.parse(row[column]) as Record<string, string>)), arn);
      return true;
    });
    this.updateSubscriptionAttributes = db.transaction((arn: string, attributes: Record<string, string | undefined>) => {
      const row = statements.selectSubscription.get(arn) as SubscriptionRow | undefined;
      if (row === undefined) return false;
      const merged = withChanges(JSON.parse(row.attributes) as Record<string, string>, attributes);
      statements.updateSubscriptionAttributes.run(JSON.stringify(merged), arn);
      return true;
    });
  }

  async createTopic(topic: TopicRecord): Promise<boolean> {
    const result = this.statements.insertTopic.run(topic.arn, topic.name, JSON.stringify(topic.attributes), JSON.stringify(topic.tags));
    return result.changes === 1;
  }

  async getTopic(arn: string): Promise<TopicRecord | undefined> {
    const row = this.statements.selectTopic.get(arn) as TopicRow | undefined;
    return row === undefined ? undefined : toTopic(row);
  }

  async listTopics(after: string | undefined, limit: number): Promise<TopicRecord[]> {
    return (this.statements.listTopics.all(after ?? '', limit) as TopicRow[]).map(toTopic);
  }

  async setTopicAttribute(arn: string, name: string, value: string | undefined): Promise<boolean> {
    return this.updateTopicJson(arn, 'attributes', (attributes) => withChanges(attributes, { [name]: value }));
  }

  async tagTopic(arn: string, tags: Record<string, string>): Promise<boolean> {
    return this.updateTopicJson(arn, 'tags', (stored) => ({ ...stored, ...tags }));
  }

  async untagTopic(arn: string, keys: string[]): Promise<boolean> {
    return this.updateTopicJson(arn, 'tags', (stored) => Object.fromEntries(Object.entries(stored).filter(([key]) => !keys.includes(key))));
  }

  async deleteTopic(arn: string): Promise<boolean> {
    return this.statements.deleteTopic.run(arn).changes === 1;
  }

  async createSubscription(subscription: SubscriptionRecord): Promise<boolean> {
    const { arn, topicArn, protocol, endpoint, owner, attributes } = subscription;
    return this.statements.insertSubscription.run(arn, topicArn, protocol, endpoint, owner, JSON.stringify(attributes), topicArn).changes === 1;
  }

  async getSubscription(arn: string): Promise<SubscriptionRecord | undefined> {
    const row = this.statements.selectSubscription.get(arn) as SubscriptionRow | undefined;
    return row === undefined ? undefined : toSubscription(row);
  }

  async findSubscription(topicArn: string, protocol: string, endpoint: string): Promise<SubscriptionRecord | undefined> {
    const row = this.statements.findSubscription.get(topicArn, protocol, endpoint) as SubscriptionRow | undefined;
    return row === undefined ? undefined : toSubscription(row);
  }

  async setSubscriptionAttributes(arn: string, attributes: Record<string, string | undefined>): Promise<boolean> {
    return this.updateSubscriptionAttributes(arn, attributes);
  }

  async deleteSubscription(arn: string): Promise<boolean> {
    return this.statements.deleteSubscription.run(arn).changes === 1;
  }

  async listSubscriptions(topicArn: string | undefined, after: string | undefined, limit: number): Promise<SubscriptionPage> {
    const afterSeq = after === undefined ? 0 : Number(after) || 0;
    const rows = (
      topicArn === undefined
        ? this.statements.listSubscriptions.all(afterSeq, limit + 1)
        : this.statements.listSubscriptionsOfTopic.all(topicArn, afterSeq, limit + 1)
    ) as SubscriptionRow[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(toSubscription), next: rows.length > limit && last !== undefined ? String(last.seq) : undefined };
  }

  async subscriptionsOf(topicArn: string): Promise<SubscriptionRecord[]> {
    return (this.statements.subscriptionsOf.all(topicArn) as SubscriptionRow[]).map(toSubscription);
  }
}

/** `values` with `changes` applied: a value replaces, undefined removes. Keys keep their first position. */
function withChanges(values: Record<string, string>, changes: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries({ ...values, ...changes }).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

function prepare(db: Database.Database) {
  return {
    insertTopic: db.prepare('INSERT INTO sns_topics (arn, name, attributes, tags) VALUES (?, ?, ?, ?) ON CONFLICT (arn) DO NOTHING'),
    selectTopic: db.prepare('SELECT * FROM sns_topics WHERE arn = ?'),
    listTopics: db.prepare('SELECT * FROM sns_topics WHERE arn > ? ORDER BY arn LIMIT ?'),
    updateTopicColumn: {
      attributes: db.prepare('UPDATE sns_topics SET attributes = ? WHERE arn = ?'),
      tags: db.prepare('UPDATE sns_topics SET tags = ? WHERE arn = ?'),
    },
    deleteTopic: db.prepare('DELETE FROM sns_topics WHERE arn = ?'),
    insertSubscription: db.prepare(
      `INSERT INTO sns_subscriptions (arn, topic_arn, protocol, endpoint, owner, attributes)
       SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM sns_topics WHERE arn = ?)
       ON CONFLICT DO NOTHING`,
    ),
    selectSubscription: db.prepare('SELECT * FROM sns_subscriptions WHERE arn = ?'),
    findSubscription: db.prepare('SELECT * FROM sns_subscriptions WHERE topic_arn = ? AND protocol = ? AND endpoint = ?'),
    updateSubscriptionAttributes: db.prepare('UPDATE sns_subscriptions SET attributes = ? WHERE arn = ?'),
    deleteSubscription: db.prepare('DELETE FROM sns_subscriptions WHERE arn = ?'),
    listSubscriptions: db.prepare('SELECT * FROM sns_subscriptions WHERE seq > ? ORDER BY seq LIMIT ?'),
    listSubscriptionsOfTopic: db.prepare('SELECT * FROM sns_subscriptions WHERE topic_arn = ? AND seq > ? ORDER BY seq LIMIT ?'),
    subscriptionsOf: db.prepare('SELECT * FROM sns_subscriptions WHERE topic_arn = ? ORDER BY seq'),
  };
}
