import type { LogService } from '../../core/logs/log-service.js';
import { logGroupArn, logStreamArn, type AccountScope } from '../../lib/arn.js';
import { serviceError, validationFailed } from '../../lib/errors.js';
import type { LogEventRecord, LogGroupRecord, LogStreamRecord } from '../../store/store.js';
import type { JsonRpcService } from '../service.js';

const LOG_GROUP_PATTERN = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const LOG_STREAM_PATTERN = /^[^:*]{1,512}$/;

type Input = Record<string, unknown>;

/** CloudWatch Logs (json-1.1, `Logs_20140328.*`). */
export function logsService(logs: LogService, scope: AccountScope): JsonRpcService {
  const groupShape = (group: LogGroupRecord) => ({
    logGroupName: group.name,
    creationTime: group.creationTime,
    ...(group.retentionInDays === undefined ? {} : { retentionInDays: group.retentionInDays }),
    metricFilterCount: 0,
    arn: `${logGroupArn(scope, group.name)}:*`,
    storedBytes: group.storedBytes,
    logGroupClass: 'STANDARD',
    logGroupArn: logGroupArn(scope, group.name),
  });
  const streamShape = (stream: LogStreamRecord) => ({
    logStreamName: stream.name,
    creationTime: stream.creationTime,
    ...(stream.firstEventTimestamp === undefined ? {} : { firstEventTimestamp: stream.firstEventTimestamp }),
    ...(stream.lastEventTimestamp === undefined ? {} : { lastEventTimestamp: stream.lastEventTimestamp }),
    ...(stream.lastIngestionTime === undefined ? {} : { lastIngestionTime: stream.lastIngestionTime }),
    arn: logStreamArn(scope, stream.groupName, stream.name),
    storedBytes: stream.storedBytes,
  });

  return {
    protocol: 'json',
    signingName: 'logs',
    targetPrefix: 'Logs_20140328',
    jsonVersion: '1.1',
    operations: {
      async CreateLogGroup(input) {
        await logs.createLogGroup(groupName(input, 'logGroupName'));
        return {};
      },
      async DeleteLogGroup(input) {
        await logs.deleteLogGroup(groupName(input, 'logGroupName'));
        return {};
      },
      async CreateLogStream(input) {
        const group = groupName(input, 'logGroupName');
        await logs.createLogStream(group, streamName(input, 'logStreamName'));
        return {};
      },
      async DescribeLogGroups(input) {
        const prefix = optionalString(input, 'logGroupNamePrefix');
        const limit = limitOf(input, 50);
        const page = await logs.describeLogGroups(prefix, optionalString(input, 'nextToken'), limit);
        return { logGroups: page.items.map(groupShape), ...(page.next === undefined ? {} : { nextToken: page.next }) };
      },
      async DescribeLogStreams(input) {
        const orderBy = optionalString(input, 'orderBy') ?? 'LogStreamName';
        const prefix = optionalString(input, 'logStreamNamePrefix');
        if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') {
          throw validationFailed([`Value '${orderBy}' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]`]);
        }
        if (orderBy === 'LastEventTime' && prefix !== undefined) {
          throw serviceError('InvalidParameterException', 400, 'Cannot order by LastEventTime with a logStreamNamePrefix.');
        }
        const page = await logs.describeLogStreams({
          groupName: groupName(input, 'logGroupName'),
          prefix,
          orderBy,
          descending: input.descending === true,
          nextToken: optionalString(input, 'nextToken'),
          limit: limitOf(input, 50),
        });
        return { logStreams: page.items.map(streamShape), ...(page.next === undefined ? {} : { nextToken: page.next }) };
      },
      async GetLogEvents(input) {
        const page = await logs.getLogEvents({
          groupName: groupName(input, 'logGroupName'),
          streamName: streamName(input, 'logStreamName'),
          startTime: optionalNumber(input, 'startTime'),
          endTime: optionalNumber(input, 'endTime'),
          nextToken: optionalString(input, 'nextToken'),
          limit: limitOf(input, 10_000),
          startFromHead: input.startFromHead === true,
        });
        return {
          events: page.events.map((event) => ({ timestamp: event.timestamp, message: event.message, ingestionTime: event.ingestionTime })),
          nextForwardToken: page.nextForwardToken,
          nextBackwardToken: page.nextBackwardToken,
        };
      },
      async FilterLogEvents(input) {
        const streamNames = optionalStringList(input, 'logStreamNames');
        const streamNamePrefix = optionalString(input, 'logStreamNamePrefix');
        if (streamNames !== undefined && streamNamePrefix !== undefined) {
          throw serviceError('InvalidParameterException', 400, 'logStreamNames and logStreamNamePrefix cannot both be specified.');
        }
        const result = await logs.filterLogEvents({
          groupName: groupIdentifier(input),
          streamNames,
          streamNamePrefix,
          startTime: optionalNumber(input, 'startTime'),
          endTime: optionalNumber(input, 'endTime'),
          filterPattern: optionalString(input, 'filterPattern'),
          nextToken: optionalString(input, 'nextToken'),
          limit: limitOf(input, 10_000),
        });
        return {
          events: result.events.map(filteredEventShape),
          searchedLogStreams: [],
          ...(result.nextToken === undefined ? {} : { nextToken: result.nextToken }),
        };
      },
    },
  };
}

function filteredEventShape(event: LogEventRecord) {
  return {
    logStreamName: event.streamName,
    timestamp: event.timestamp,
    message: event.message,
    ingestionTime: event.ingestionTime,
    eventId: String(event.id).padStart(56, '0'),
  };
}

function optionalString(input: Input, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw serializationError(key);
  return value;
}

function optionalNumber(input: Input, key: string): number | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw serializationError(key);
  return value;
}

function optionalStringList(input: Input, key: string): string[] | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw serializationError(key);
  return value as string[];
}

function serializationError(key: string) {
  return serviceError('SerializationException', 400, `Unexpected type for member '${key}'`);
}

function required(input: Input, key: string, pattern: RegExp, patternText: string): string {
  const value = optionalString(input, key);
  if (value === undefined) throw validationFailed([`Value null at '${key}' failed to satisfy constraint: Member must not be null`]);
  if (!pattern.test(value)) {
    throw validationFailed([`Value '${value}' at '${key}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${patternText}`]);
  }
  return value;
}

const groupName = (input: Input, key: string) => required(input, key, LOG_GROUP_PATTERN, '[\\.\\-_/#A-Za-z0-9]+');
const streamName = (input: Input, key: string) => required(input, key, LOG_STREAM_PATTERN, '[^:*]*');

/** FilterLogEvents names its group by `logGroupName` or by `logGroupIdentifier` (a name or an ARN). */
function groupIdentifier(input: Input): string {
  const identifier = optionalString(input, 'logGroupIdentifier');
  if (identifier === undefined) return groupName(input, 'logGroupName');
  const arnMatch = /^arn:aws[a-zA-Z-]*:logs:[^:]*:\d{12}:log-group:([^:]+)(?::\*)?$/.exec(identifier);
  return arnMatch?.[1] ?? identifier;
}

function limitOf(input: Input, max: number): number {
  const limit = optionalNumber(input, 'limit');
  if (limit === undefined) return max;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw validationFailed([
      `Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value ${limit < 1 ? 'greater than or equal to 1' : `less than or equal to ${max}`}`,
    ]);
  }
  return limit;
}
