import type { AwsError } from '../../lib/errors.js';
import type { NotificationConfiguration, NotificationTarget } from './object-notifications.js';
import { invalidArgument } from './s3-errors.js';

/**
 * The rules S3 holds a notification configuration to before it looks at any destination: documented event types,
 * at most one prefix and one suffix rule per filter, unique ids, and no two configurations that could both claim
 * one event on one key.
 */

/** S3's documented event types (the `Event` enumeration of its API). Eventide emits only `ObjectEventName`s. */
const NOTIFICATION_EVENT_TYPES: ReadonlySet<string> = new Set([
  's3:ReducedRedundancyLostObject',
  's3:ObjectCreated:*',
  's3:ObjectCreated:Put',
  's3:ObjectCreated:Post',
  's3:ObjectCreated:Copy',
  's3:ObjectCreated:CompleteMultipartUpload',
  's3:ObjectRemoved:*',
  's3:ObjectRemoved:Delete',
  's3:ObjectRemoved:DeleteMarkerCreated',
  's3:ObjectRestore:*',
  's3:ObjectRestore:Post',
  's3:ObjectRestore:Completed',
  's3:ObjectRestore:Delete',
  's3:Replication:*',
  's3:Replication:OperationFailedReplication',
  's3:Replication:OperationNotTracked',
  's3:Replication:OperationMissedThreshold',
  's3:Replication:OperationReplicatedAfterThreshold',
  's3:LifecycleTransition',
  's3:IntelligentTiering',
  's3:ObjectAcl:Put',
  's3:LifecycleExpiration:*',
  's3:LifecycleExpiration:Delete',
  's3:LifecycleExpiration:DeleteMarkerCreated',
  's3:ObjectTagging:*',
  's3:ObjectTagging:Put',
  's3:ObjectTagging:Delete',
]);

const MAX_FILTER_VALUE_BYTES = 1024;

/** Whether a configured event type (`s3:ObjectCreated:*`) takes in another (`s3:ObjectCreated:Put`, or itself). */
export function eventTypeCovers(configured: string, other: string): boolean {
  return configured === other || (configured.endsWith(':*') && other.startsWith(configured.slice(0, -1)));
}

const ruleValue = (target: NotificationTarget, name: 'prefix' | 'suffix'): string => target.filterRules.find((rule) => rule.name === name)?.value ?? '';

/** Whether some key could pass both targets' filters: one prefix starts the other, and one suffix ends the other. */
function filtersOverlap(a: NotificationTarget, b: NotificationTarget): boolean {
  const [prefixA, prefixB] = [ruleValue(a, 'prefix'), ruleValue(b, 'prefix')];
  const [suffixA, suffixB] = [ruleValue(a, 'suffix'), ruleValue(b, 'suffix')];
  return (prefixA.startsWith(prefixB) || prefixB.startsWith(prefixA)) && (suffixA.endsWith(suffixB) || suffixB.endsWith(suffixA));
}

function checkTarget(target: NotificationTarget): void {
  const unsupported = target.events.find((event) => !NOTIFICATION_EVENT_TYPES.has(event));
  if (unsupported !== undefined) throw invalidArgument('The event is not supported for notifications', 'Event', unsupported);
  for (const name of ['prefix', 'suffix'] as const) {
    if (target.filterRules.filter((rule) => rule.name === name).length > 1) {
      throw invalidArgument(`Cannot specify more than one ${name} rule in a filter.`, 'FilterRule.Name', name);
    }
  }
  const tooLong = target.filterRules.find((rule) => Buffer.byteLength(rule.value) > MAX_FILTER_VALUE_BYTES);
  if (tooLong !== undefined) throw invalidArgument('Size of filter rule value cannot exceed 1024 bytes in UTF-8 representation', 'FilterRule.Value', tooLong.value);
}

/** S3 names the two clashing event types; with no filter on either side it says they share one, else that filters overlap. */
function overlapError(a: NotificationTarget, b: NotificationTarget, eventA: string, eventB: string): AwsError {
  const message =
    a.filterRules.length === 0 && b.filterRules.length === 0
      ? 'Configurations overlap. Configurations on the same bucket cannot share a common event type.'
      : 'Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules if the prefixes are overlapping for the same event type.';
  return invalidArgument(message, 'Event', `${eventA}, ${eventB}`);
}

/** Throws S3's InvalidArgument for the first rule the configuration breaks. */
export function checkNotificationRules(configuration: NotificationConfiguration): void {
  const targets = [...configuration.topics, ...configuration.queues, ...configuration.lambdaFunctions];
  targets.forEach(checkTarget);
  const ids = new Set<string>();
  for (const target of targets) {
    if (ids.has(target.id)) throw invalidArgument('Same ID used for multiple configurations. IDs must be unique.', 'Id', target.id);
    ids.add(target.id);
  }
  targets.forEach((a, index) => {
    for (const b of targets.slice(index + 1)) {
      for (const eventA of a.events) {
        const eventB = b.events.find((event) => eventTypeCovers(eventA, event) || eventTypeCovers(event, eventA));
        if (eventB !== undefined && filtersOverlap(a, b)) throw overlapError(a, b, eventA, eventB);
      }
    }
  });
}
