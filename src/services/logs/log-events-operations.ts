import { compileFilterPattern } from '../../core/logs/filter-pattern.js';
import type { InputLogEvent, LogIngestion } from '../../core/logs/log-ingestion.js';
import type { JsonOperation } from '../service.js';
import { filterPatternOf, groupName, invalidParameters, optionalString, serializationError, streamName, type Input } from './logs-input.js';

/** PutLogEvents (events a client writes itself) and TestMetricFilter (a filter pattern tried on sample messages). */
export function eventsAndPatternOperations(ingestion: LogIngestion): Record<string, JsonOperation> {
  return {
    async PutLogEvents(input) {
      const group = groupName(input, 'logGroupName');
      const stream = streamName(input, 'logStreamName');
      // The sequence token is ignored, as by CloudWatch Logs today; a present one must still be a string.
      optionalString(input, 'sequenceToken');
      const result = await ingestion.putLogEvents(group, stream, inputLogEvents(input));
      return { nextSequenceToken: result.nextSequenceToken, ...(result.rejected === undefined ? {} : { rejectedLogEventsInfo: result.rejected }) };
    },
    async TestMetricFilter(input) {
      const pattern = filterPatternOf(input);
      if (pattern === undefined) throw invalidParameters(["Value null at 'filterPattern' failed to satisfy constraint: Member must not be null"]);
      const messages = testMessages(input);
      const compiled = compileFilterPattern(pattern);
      const matches = messages.flatMap((message, index) => {
        const extractedValues = compiled.extract(message);
        return extractedValues === undefined ? [] : [{ eventNumber: index + 1, eventMessage: message, extractedValues }];
      });
      return { matches };
    },
  };
}

function inputLogEvents(input: Input): InputLogEvent[] {
  const value = input.logEvents;
  if (value === undefined || value === null) throw invalidParameters(["Value null at 'logEvents' failed to satisfy constraint: Member must not be null"]);
  if (!Array.isArray(value)) throw serializationError('logEvents');
  if (value.length < 1 || value.length > 10_000) {
    throw invalidParameters([
      `Value '[…]' at 'logEvents' failed to satisfy constraint: Member must have length ${value.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 10000'}`,
    ]);
  }
  return value.map((item: unknown, index) => {
    const event = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    if (typeof event.timestamp !== 'number' || !Number.isInteger(event.timestamp)) {
      throw event.timestamp === undefined || event.timestamp === null
        ? invalidParameters([`Value null at 'logEvents.${index + 1}.member.timestamp' failed to satisfy constraint: Member must not be null`])
        : serializationError('timestamp');
    }
    if (typeof event.message !== 'string') {
      throw event.message === undefined || event.message === null
        ? invalidParameters([`Value null at 'logEvents.${index + 1}.member.message' failed to satisfy constraint: Member must not be null`])
        : serializationError('message');
    }
    if (event.message.length === 0) {
      throw invalidParameters([`Value '' at 'logEvents.${index + 1}.member.message' failed to satisfy constraint: Member must have length greater than or equal to 1`]);
    }
    return { timestamp: event.timestamp, message: event.message };
  });
}

/** TestMetricFilter's `logEventMessages`: 1 to 50 messages, none empty. */
function testMessages(input: Input): string[] {
  const value = input.logEventMessages;
  if (value === undefined || value === null) throw invalidParameters(["Value null at 'logEventMessages' failed to satisfy constraint: Member must not be null"]);
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw serializationError('logEventMessages');
  const messages = value as string[];
  if (messages.length < 1 || messages.length > 50) {
    throw invalidParameters([
      `Value '[${messages.join(', ')}]' at 'logEventMessages' failed to satisfy constraint: Member must have length ${messages.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 50'}`,
    ]);
  }
  if (messages.some((message) => message.length === 0)) {
    throw invalidParameters([`Value '[${messages.join(', ')}]' at 'logEventMessages' failed to satisfy constraint: Member must satisfy constraint: [Member must have length greater than or equal to 1]`]);
  }
  return messages;
}
