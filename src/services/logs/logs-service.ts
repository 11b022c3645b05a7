import type { LogGroupSettings } from '../../core/logs/log-group-settings.js';
import type { LogIngestion } from '../../core/logs/log-ingestion.js';
import type { LogService } from '../../core/logs/log-service.js';
import { logGroupArn, logStreamArn, type AccountScope } from '../../lib/arn.js';
import { serviceError } from '../../lib/errors.js';
import type { LogEventRecord, LogGroupRecord, LogStreamRecord } from '../../store/store.js';
import type { JsonRpcService } from '../service.js';
import { logGroupSettingsOperations } from './log-group-settings-operations.js';
import { eventsAndPatternOperations } from './log-events-operations.js';
import {
  filterPatternOf,
  groupIdentifier,
  groupName,
  invalidParameters,
  limitOf,
  optionalNumber,
  optionalString,
  optionalStringList,
  streamName,
  tagMap,
} from './logs-input.js';

export interface LogsServiceParts {
  logs: LogService;
  settings: LogGroupSettings;
  ingestion: LogIngestion;
  scope: AccountScope;
}

/** CloudWatch Logs (json-1.1, `Logs_20140328.*`). */
export function logsService({ logs, settings, ingestion, scope }: LogsServiceParts): JsonRpcService {
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
      ...logGroupSettingsOperations(settings, scope),
      ...eventsAndPatternOperations(ingestion),
      async CreateLogGroup(input) {
        await logs.createLogGroup(groupName(input, 'logGroupName'), tagMap(input, 'tags', false) ?? {});
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
          throw invalidParameters([`Value '${orderBy}' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]`]);
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
          filterPattern: filterPatternOf(input),
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

