import { serviceError } from '../../lib/errors.js';
import type { LogGroupTags, Store } from '../../store/store.js';
import type { LogRetention } from './log-retention.js';
import { groupNotFound, type LogService } from './log-service.js';

/** A log group carries at most 50 tags. */
export const MAX_LOG_GROUP_TAGS = 50;

/** A log group's retention policy and tags. */
export class LogGroupSettings {
  constructor(
    private readonly store: Store,
    private readonly logs: LogService,
    private readonly retention: LogRetention,
  ) {}

  /** Sets the retention (one of `RETENTION_DAYS`); events already older than it are deleted at once. */
  async putRetentionPolicy(groupName: string, retentionInDays: number): Promise<void> {
    await this.logs.requireGroup(groupName);
    if (!(await this.store.setLogGroupRetention(groupName, retentionInDays))) throw groupNotFound();
    await this.retention.sweep();
  }

  /** The group's events no longer expire. */
  async deleteRetentionPolicy(groupName: string): Promise<void> {
    await this.logs.requireGroup(groupName);
    if (!(await this.store.setLogGroupRetention(groupName, undefined))) throw groupNotFound();
  }

  /** The group's tags; its group may be one a function's first lines are creating this moment. */
  async tags(groupName: string): Promise<LogGroupTags> {
    await this.logs.requireGroup(groupName);
    const tags = await this.store.getLogGroupTags(groupName);
    if (tags === undefined) throw groupNotFound();
    return tags;
  }

  /** Adds the tags, replacing the values of keys the group has; refused whole if the group would pass 50 tags. */
  async tag(groupName: string, resourceName: string, added: LogGroupTags): Promise<void> {
    const tags = { ...(await this.tags(groupName)), ...added };
    if (Object.keys(tags).length > MAX_LOG_GROUP_TAGS) {
      throw serviceError('TooManyTagsException', 400, `A resource can have no more than ${MAX_LOG_GROUP_TAGS} tags.`, { fields: { resourceName } });
    }
    if (!(await this.store.setLogGroupTags(groupName, tags))) throw groupNotFound();
  }

  /** Removes the tags with these keys; keys the group does not have are no error. */
  async untag(groupName: string, keys: string[]): Promise<void> {
    const removed = new Set(keys);
    const tags = Object.fromEntries(Object.entries(await this.tags(groupName)).filter(([key]) => !removed.has(key)));
    if (!(await this.store.setLogGroupTags(groupName, tags))) throw groupNotFound();
  }
}
