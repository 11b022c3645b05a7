/** EventBridge's request structures (Target, PutEventsRequestEntry) read into the core's terms. */
import type { PutEventsEntry } from '../../core/events/put-events.js';
import type { TargetRecord } from '../../store/events.js';
import { optionalObject, optionalString, optionalTimestamp, requiredString, stringList, stringMap, TARGET_ID, type Input } from './events-input.js';

export function targetOf(entry: Input): TargetRecord {
  const transformer = optionalObject(entry, 'InputTransformer');
  return {
    id: requiredString(entry, 'Id', TARGET_ID),
    arn: requiredString(entry, 'Arn', { min: 1, max: 1600 }),
    roleArn: optionalString(entry, 'RoleArn', { min: 1, max: 1600 }),
    input: optionalString(entry, 'Input', { max: 8192 }),
    inputPath: optionalString(entry, 'InputPath', { max: 256 }),
    inputTransformer:
      transformer === undefined
        ? undefined
        : {
            inputPathsMap: stringMap(transformer, 'InputPathsMap'),
            inputTemplate: requiredString(transformer, 'InputTemplate', { min: 1, max: 8192 }),
          },
  };
}

export function putEventsEntry(entry: Input): PutEventsEntry {
  return {
    source: optionalString(entry, 'Source'),
    detailType: optionalString(entry, 'DetailType'),
    detail: optionalString(entry, 'Detail'),
    resources: stringList(entry, 'Resources'),
    time: optionalTimestamp(entry, 'Time'),
    eventBusName: optionalString(entry, 'EventBusName'),
  };
}
