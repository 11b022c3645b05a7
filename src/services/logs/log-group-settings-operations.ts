import type { LogGroupSettings } from '../../core/logs/log-group-settings.js';
import { RETENTION_DAYS } from '../../core/logs/log-retention.js';
import { logGroupArn, type AccountScope } from '../../lib/arn.js';
import { serviceError } from '../../lib/errors.js';
import type { JsonOperation } from '../service.js';
import { groupName, invalidParameters, optionalString, requiredInteger, tagKeyList, tagMap, type Input } from './logs-input.js';

const RESOURCE_ARN = /^[\w+=/:,.@-]{1,1011}$/;

/**
 * PutRetentionPolicy, DeleteRetentionPolicy, and the tags of log groups: by name (TagLogGroup, UntagLogGroup,
 * ListTagsLogGroup, on the path to deprecation but widely used) and by ARN (TagResource, UntagResource,
 * ListTagsForResource, with `arn:aws:logs:REGION:ACCOUNT:log-group:NAME`, no trailing `:*`).
 */
export function logGroupSettingsOperations(settings: LogGroupSettings, scope: AccountScope): Record<string, JsonOperation> {
  /** The log group an ARN names; ResourceNotFoundException when it names no log group of this account and region. */
  const groupOfArn = (input: Input): { name: string; arn: string } => {
    const arn = optionalString(input, 'resourceArn');
    if (arn === undefined) throw invalidParameters(["Value null at 'resourceArn' failed to satisfy constraint: Member must not be null"]);
    if (!RESOURCE_ARN.test(arn)) {
      throw invalidParameters([`Value '${arn}' at 'resourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=/:,.@-]*`]);
    }
    const prefix = logGroupArn(scope, '');
    const name = arn.startsWith(prefix) ? arn.slice(prefix.length) : undefined;
    if (name === undefined || !/^[.\-_/#A-Za-z0-9]{1,512}$/.test(name)) {
      throw serviceError('ResourceNotFoundException', 400, 'The specified resource does not exist.');
    }
    return { name, arn };
  };

  return {
    async PutRetentionPolicy(input) {
      const name = groupName(input, 'logGroupName');
      const days = requiredInteger(input, 'retentionInDays');
      if (!RETENTION_DAYS.includes(days)) {
        throw invalidParameters([
          `Value '${days}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`,
        ]);
      }
      await settings.putRetentionPolicy(name, days);
      return {};
    },
    async DeleteRetentionPolicy(input) {
      await settings.deleteRetentionPolicy(groupName(input, 'logGroupName'));
      return {};
    },
    async TagLogGroup(input) {
      const name = groupName(input, 'logGroupName');
      await settings.tag(name, logGroupArn(scope, name), tagMap(input, 'tags', true) ?? {});
      return {};
    },
    async UntagLogGroup(input) {
      const name = groupName(input, 'logGroupName');
      await settings.untag(name, tagKeyList(input, 'tags', 1));
      return {};
    },
    async ListTagsLogGroup(input) {
      return { tags: await settings.tags(groupName(input, 'logGroupName')) };
    },
    async TagResource(input) {
      const group = groupOfArn(input);
      await settings.tag(group.name, group.arn, tagMap(input, 'tags', true) ?? {});
      return {};
    },
    async UntagResource(input) {
      const group = groupOfArn(input);
      await settings.untag(group.name, tagKeyList(input, 'tagKeys', 0));
      return {};
    },
    async ListTagsForResource(input) {
      return { tags: await settings.tags(groupOfArn(input).name) };
    },
  };
}
