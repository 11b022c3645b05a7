import { randomUUID } from 'node:crypto';
import type { Buckets } from '../../core/s3/buckets.js';
import {
  EMPTY_NOTIFICATION_CONFIGURATION,
  type KeyFilterRule,
  type NotificationConfiguration,
  type NotificationTarget,
} from '../../core/s3/object-notifications.js';
import { invalidArgument, malformedXml } from '../../core/s3/s3-errors.js';
import type { RestXmlResponse, RestXmlRoute, XmlObject, XmlValue } from '../service.js';
import { bucketOf, elements, header } from './s3-shapes.js';

/** The XML names of each destination kind (spec §10.2): `<CloudFunctionConfiguration><CloudFunction>arn…`. */
const KINDS = [
  { member: 'topics', element: 'TopicConfiguration', arnElement: 'Topic' },
  { member: 'queues', element: 'QueueConfiguration', arnElement: 'Queue' },
  { member: 'lambdaFunctions', element: 'CloudFunctionConfiguration', arnElement: 'CloudFunction' },
] as const;

const ARN = /^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$/;

/** What each configuration may hold besides its ARN element (S3's schema): anything else is MalformedXML. */
const TARGET_ELEMENTS = ['Id', 'Event', 'Filter'];

/** An element of elements, holding only `allowed` ones; `<Filter/>` or layout alone is an empty one. */
function containerOf(value: XmlValue | undefined, allowed: readonly string[]): XmlObject {
  if (typeof value === 'string' && value.trim() === '') return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw malformedXml();
  if (Object.keys(value).some((name) => !allowed.includes(name))) throw malformedXml();
  return value;
}

/** An element that may occur once and holds text; undefined when absent. */
function singleText(value: XmlValue | undefined): string | undefined {
  if (value !== undefined && typeof value !== 'string') throw malformedXml();
  return value;
}

function filterRulesOf(filter: XmlValue | undefined): KeyFilterRule[] {
  if (filter === undefined) return [];
  const s3Key = containerOf(containerOf(filter, ['S3Key']).S3Key ?? '', ['FilterRule']);
  return elements(s3Key.FilterRule).map((element) => {
    const rule = containerOf(element, ['Name', 'Value']);
    const given = singleText(rule.Name);
    const value = singleText(rule.Value);
    if (given === undefined || value === undefined) throw malformedXml();
    const name = given.toLowerCase();
    if (name !== 'prefix' && name !== 'suffix') throw invalidArgument('filter rule name must be either prefix or suffix', 'FilterRule.Name', given);
    return { name, value };
  });
}

function targetOf(element: XmlValue, arnElement: string): NotificationTarget {
  const entry = containerOf(element, [...TARGET_ELEMENTS, arnElement]);
  const arn = singleText(entry[arnElement]);
  const events = elements(entry.Event).map((event) => singleText(event) ?? '');
  if (arn === undefined || events.length === 0 || events.includes('')) throw malformedXml();
  if (!ARN.test(arn)) throw invalidArgument('The ARN could not be parsed', arnElement, arn);
  const id = singleText(entry.Id);
  return { id: id === undefined || id === '' ? randomUUID() : id, arn, events, filterRules: filterRulesOf(entry.Filter) };
}

/**
 * PutBucketNotificationConfiguration's body as the domain's configuration, held to S3's schema: an element S3 does not
 * know, or one misplaced or repeated, is MalformedXML. A missing Id gets a random UUID.
 */
export function parseNotificationConfiguration(xml: XmlObject | undefined): NotificationConfiguration {
  if (xml === undefined) return EMPTY_NOTIFICATION_CONFIGURATION;
  const root = containerOf(xml, [...KINDS.map((kind) => kind.element), 'EventBridgeConfiguration']);
  const eventBridge = root.EventBridgeConfiguration !== undefined;
  // `<EventBridgeConfiguration/>` is empty and occurs once.
  if (eventBridge) containerOf(root.EventBridgeConfiguration, []);
  const configuration: NotificationConfiguration = { lambdaFunctions: [], queues: [], topics: [], eventBridge };
  for (const kind of KINDS) configuration[kind.member] = elements(root[kind.element]).map((entry) => targetOf(entry, kind.arnElement));
  return configuration;
}

/** GetBucketNotificationConfiguration's answer, in S3's element names; rule names come back capitalised, as S3 does. */
export function notificationConfigurationXml(configuration: NotificationConfiguration): XmlObject {
  const content: XmlObject = {};
  for (const kind of KINDS) {
    const targets = configuration[kind.member];
    if (targets.length === 0) continue;
    content[kind.element] = targets.map((target) => ({
      Id: target.id,
      [kind.arnElement]: target.arn,
      Event: target.events,
      Filter:
        target.filterRules.length === 0
          ? undefined
          : { S3Key: { FilterRule: target.filterRules.map((rule) => ({ Name: rule.name === 'prefix' ? 'Prefix' : 'Suffix', Value: rule.value })) } },
    }));
  }
  if (configuration.eventBridge) content.EventBridgeConfiguration = {};
  return content;
}

export function notificationRoutes(buckets: Buckets): RestXmlRoute[] {
  return [
    {
      operation: 'PutBucketNotificationConfiguration',
      method: 'PUT',
      target: 'bucket',
      query: 'notification',
      input: 'xml',
      root: 'NotificationConfiguration',
      async handle(request): Promise<RestXmlResponse> {
        const configuration = parseNotificationConfiguration(request.xml);
        const skip = (header(request.headers, 'x-amz-skip-destination-validation') ?? '').toLowerCase() === 'true';
        await buckets.putNotificationConfiguration(bucketOf(request), configuration, skip);
        return { status: 200 };
      },
    },
    {
      operation: 'GetBucketNotificationConfiguration',
      method: 'GET',
      target: 'bucket',
      query: 'notification',
      input: 'none',
      async handle(request): Promise<RestXmlResponse> {
        const bucket = await buckets.require(bucketOf(request));
        const configuration = bucket.notificationConfiguration ?? EMPTY_NOTIFICATION_CONFIGURATION;
        return { status: 200, xml: { root: 'NotificationConfiguration', content: notificationConfigurationXml(configuration) } };
      },
    },
  ];
}
