/**
 * CloudWatch Logs retention and tags end to end: events written with PutLogEvents at past timestamps disappear once a
 * retention policy makes them expired (reads and stored bytes), and log groups carry tags by name and by ARN, with
 * the AWS CLI and the SDK.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  ListTagsForResourceCommand,
  ListTagsLogGroupCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  TagLogGroupCommand,
  TagResourceCommand,
  UntagLogGroupCommand,
  type CloudWatchLogsClient,
  type LogGroup,
} from '@aws-sdk/client-cloudwatch-logs';

import { awsCliError, awsCliJson, awsCliOutput, logsClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { uniqueName } from './support/fixtures.js';
import { expectError } from './support/sdk-errors.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const ARN_PREFIX = 'arn:aws:logs:us-east-1:000000000000:log-group:';

let eventide: EventideProcess;
let logs: CloudWatchLogsClient;

async function describeGroup(name: string): Promise<LogGroup> {
  const { logGroups = [] } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
  const group = logGroups.find((candidate) => candidate.logGroupName === name);
  assert.ok(group, `log group ${name}`);
  return group;
}

async function messages(group: string): Promise<string[]> {
  const { events = [] } = await logs.send(new FilterLogEventsCommand({ logGroupName: group }));
  return events.map((event) => event.message ?? '');
}

describe('CloudWatch Logs retention and tags', () => {
  before(async () => {
    eventide = await startEventide({ lambdaRole: false });
    logs = logsClient(eventide.url);
  });

  after(async () => {
    logs?.destroy();
    if (eventide !== undefined) await stopAndClean(eventide);
  });

  describe('retention', () => {
    const group = uniqueName('/app/retention');
    const stream = 'main';
    const now = Date.now();

    before(async () => {
      await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
      await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
    });

    test('PutLogEvents stores events up to 14 days old and reports the too-old and too-new ones it refuses', async () => {
      const old = await logs.send(
        new PutLogEventsCommand({
          logGroupName: group,
          logStreamName: stream,
          logEvents: [
            { timestamp: now - 3 * DAY, message: 'three days ago' },
            { timestamp: now - 3 * DAY + 1000, message: 'three days ago, a second later' },
          ],
        }),
      );
      assert.equal(old.rejectedLogEventsInfo, undefined);
      assert.match(old.nextSequenceToken ?? '', /^\d{56}$/);
      const recent = await logs.send(
        new PutLogEventsCommand({
          logGroupName: group,
          logStreamName: stream,
          logEvents: [
            { timestamp: now - HOUR, message: 'an hour ago' },
            { timestamp: now, message: 'now' },
            { timestamp: now + 3 * HOUR, message: 'three hours ahead' },
          ],
        }),
      );
      assert.deepEqual(recent.rejectedLogEventsInfo, { tooNewLogEventStartIndex: 2 });
      const tooOld = await logs.send(
        new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: [{ timestamp: now - 15 * DAY, message: 'fifteen days ago' }] }),
      );
      assert.deepEqual(tooOld.rejectedLogEventsInfo, { tooOldLogEventEndIndex: 0 });
      assert.deepEqual(await messages(group), ['three days ago', 'three days ago, a second later', 'an hour ago', 'now']);
      assert.equal((await describeGroup(group)).retentionInDays, undefined);
    });

    test('PutLogEvents refuses a batch out of order or spanning more than 24 hours, storing none of it', async () => {
      await expectError(
        logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: [{ timestamp: now, message: 'b' }, { timestamp: now - 1, message: 'a' }] })),
        'InvalidParameterException',
        400,
        'Log events in a single PutLogEvents request must be in chronological order.',
      );
      await expectError(
        logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: [{ timestamp: now - 2 * DAY, message: 'a' }, { timestamp: now, message: 'b' }] })),
        'InvalidParameterException',
        400,
        'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.',
      );
      await expectError(
        logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 'missing', logEvents: [{ timestamp: now, message: 'x' }] })),
        'ResourceNotFoundException',
        400,
        'The specified log stream does not exist.',
      );
      assert.equal((await messages(group)).length, 4);
    });

    test('aws logs put-retention-policy --retention-in-days 1: older events are gone from reads and from storage at once', async () => {
      const before = (await describeGroup(group)).storedBytes ?? 0;
      await awsCliOutput(eventide.url, ['logs', 'put-retention-policy', '--log-group-name', group, '--retention-in-days', '1']);
      const described = await awsCliJson<{ logGroups: { logGroupName: string; retentionInDays?: number; storedBytes: number }[] }>(eventide.url, [
        'logs',
        'describe-log-groups',
        '--log-group-name-prefix',
        group,
      ]);
      const [shown] = described.logGroups;
      assert.equal(shown?.retentionInDays, 1);
      assert.equal(shown?.storedBytes, before - 'three days ago'.length - 'three days ago, a second later'.length);
      assert.deepEqual(await messages(group), ['an hour ago', 'now']);
      const { events = [] } = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true, startTime: now - 5 * DAY }));
      assert.deepEqual(
        events.map((event) => event.message),
        ['an hour ago', 'now'],
      );
      // Events older than the retention are refused as expired from now on.
      const expired = await logs.send(
        new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: [{ timestamp: now - 2 * DAY, message: 'two days ago' }, { timestamp: now - 2 * DAY + 1, message: 'two days ago too' }] }),
      );
      assert.deepEqual(expired.rejectedLogEventsInfo, { expiredLogEventEndIndex: 1 });
      assert.deepEqual(await messages(group), ['an hour ago', 'now']);
    });

    test('DeleteRetentionPolicy: events no longer expire; deleted events stay deleted', async () => {
      await logs.send(new DeleteRetentionPolicyCommand({ logGroupName: group }));
      assert.equal((await describeGroup(group)).retentionInDays, undefined);
      await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: [{ timestamp: now - 2 * DAY, message: 'two days ago, kept' }] }));
      assert.deepEqual((await messages(group)).sort(), ['an hour ago', 'now', 'two days ago, kept']);
    });

    test('a retention outside the allowed values, or on a missing group, is refused and changes nothing', async () => {
      const stderr = await awsCliError(eventide.url, ['logs', 'put-retention-policy', '--log-group-name', group, '--retention-in-days', '2']);
      assert.match(
        stderr,
        /\(InvalidParameterException\).*: 1 validation error detected: Value '2' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: \[1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653\]/,
      );
      await expectError(logs.send(new PutRetentionPolicyCommand({ logGroupName: uniqueName('/missing'), retentionInDays: 7 })), 'ResourceNotFoundException', 400, 'The specified log group does not exist.');
      await expectError(logs.send(new DeleteRetentionPolicyCommand({ logGroupName: uniqueName('/missing') })), 'ResourceNotFoundException', 400, 'The specified log group does not exist.');
      assert.equal((await describeGroup(group)).retentionInDays, undefined);
      await logs.send(new PutRetentionPolicyCommand({ logGroupName: group, retentionInDays: 3653 }));
      assert.equal((await describeGroup(group)).retentionInDays, 3653);
    });
  });

  describe('tags', () => {
    const group = uniqueName('/app/tags');
    const arn = `${ARN_PREFIX}${group}`;

    test('CreateLogGroup tags, then aws logs tag-resource / list-tags-for-resource / untag-resource with the group ARN', async () => {
      await logs.send(new CreateLogGroupCommand({ logGroupName: group, tags: { env: 'test' } }));
      assert.deepEqual((await logs.send(new ListTagsLogGroupCommand({ logGroupName: group }))).tags, { env: 'test' });
      assert.equal((await describeGroup(group)).logGroupArn, arn, 'the ARN tag-resource takes is logGroupArn, without :*');

      await awsCliOutput(eventide.url, ['logs', 'tag-resource', '--resource-arn', arn, '--tags', 'team=core,cost-center=42,env=staging']);
      const listed = await awsCliJson<{ tags: Record<string, string> }>(eventide.url, ['logs', 'list-tags-for-resource', '--resource-arn', arn]);
      assert.deepEqual(listed.tags, { env: 'staging', team: 'core', 'cost-center': '42' });

      await awsCliOutput(eventide.url, ['logs', 'untag-resource', '--resource-arn', arn, '--tag-keys', 'env', 'not-there']);
      assert.deepEqual((await logs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, { team: 'core', 'cost-center': '42' });
    });

    test('TagLogGroup, UntagLogGroup and ListTagsLogGroup name the group; both APIs see the same tags', async () => {
      await logs.send(new TagLogGroupCommand({ logGroupName: group, tags: { owner: 'ops@example.com' } }));
      await logs.send(new UntagLogGroupCommand({ logGroupName: group, tags: ['team'] }));
      const expected = { 'cost-center': '42', owner: 'ops@example.com' };
      assert.deepEqual((await logs.send(new ListTagsLogGroupCommand({ logGroupName: group }))).tags, expected);
      assert.deepEqual((await logs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, expected);
    });

    test('more than 50 tags, bad keys, unknown groups and other ARNs are refused and change nothing', async () => {
      const many = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, 'v']));
      await expectError(logs.send(new TagResourceCommand({ resourceArn: arn, tags: many })), 'TooManyTagsException', 400, 'A resource can have no more than 50 tags.');
      await expectError(
        logs.send(new TagResourceCommand({ resourceArn: arn, tags: { 'bad*key': 'v' } })),
        'InvalidParameterException',
        400,
        /^1 validation error detected: Value '\{bad\*key=v\}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint/,
      );
      await expectError(logs.send(new TagResourceCommand({ resourceArn: `${ARN_PREFIX}${uniqueName('/missing')}`, tags: { a: 'b' } })), 'ResourceNotFoundException', 400, 'The specified log group does not exist.');
      await expectError(
        logs.send(new ListTagsForResourceCommand({ resourceArn: `${arn}:*` })),
        'InvalidParameterException',
        400,
        /at 'resourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern/,
      );
      await expectError(
        logs.send(new ListTagsForResourceCommand({ resourceArn: `arn:aws:logs:eu-west-1:000000000000:log-group:${group}` })),
        'ResourceNotFoundException',
        400,
        'The specified resource does not exist.',
      );
      await expectError(logs.send(new ListTagsLogGroupCommand({ logGroupName: uniqueName('/missing') })), 'ResourceNotFoundException', 400, 'The specified log group does not exist.');
      assert.deepEqual((await logs.send(new ListTagsLogGroupCommand({ logGroupName: group }))).tags, { 'cost-center': '42', owner: 'ops@example.com' });
    });
  });
});
