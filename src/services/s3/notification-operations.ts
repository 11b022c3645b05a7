import { randomUUID } from 'node:crypto';
import type { Buckets } from '../../core/s3/buckets.js';
import {
  EMPTY_NOTIFICATION_CONFIGURATION,
  type KeyFilterRule,
  type NotificationConfiguration,
  type NotificationTarget,
} from '../../core/s3/object-notifications.js';
import { invalidArgument } from '../../core/s3/s3-errors.js';
import { serviceError } from '../../lib/errors.js';
import type { RestXmlResponse, RestXmlRoute, XmlObject, XmlValue } from '../service.js';
import { elements, header, objectsOf, textOf } from './s3-shapes.js';

/** The XML names of each destination kind (spec §10.2): `<CloudFunctionConfiguration><CloudFunction>arn…`. */
const KINDS = [
  { member: 'topics', element: 'TopicConfiguration', arnElement: 'Topic' },
  { member: 'queues', element: 'QueueConfiguration', arnElement: 'Queue' },
  { member: 'lambdaFunctions', element: 'CloudFunctionConfiguration', arnElement: 'CloudFunction' },
] as const;

const ARN = /^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$/;

const malformed = () => serviceError('MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema');

function filterRulesOf(filter: XmlValue | undefined): KeyFilterRule[] {
  const s3Key = objectsOf(filter)[0]?.S3Key;
  return objectsOf(objectsOf(s3Key)[0]?.FilterRule).map((rule) => {
    const name = (textOf(rule.Name) ?? '').toLowerCase();
    const value = textOf(rule.Value) ?? '';
    if (name !== 'prefix' && name !== 'suffix') {
      throw invalidArgument('filter rule name must be either prefix or suffix', 'FilterRule.Name', textOf(rule.Name) ?? '');
    }
    return { name, value };
  });
}

function targetOf(entry: XmlObject, arnElement: string): NotificationTarget {
  const arn = textOf(entry[arnElement]);
  const events = elements(entry.Event).map((event) => (typeof event === 'string' ? event : ''));
  if (arn === undefined || events.length === 0 || events.includes('')) throw malformed();
  if (!ARN.test(arn)) throw invalidArgument('The ARN could not be parsed', arnElement, arn);
  const id = textOf(entry.Id);
  return { id: id === undefined || id === '' ? randomUUID() : id, arn, events, filterRules: filterRulesOf(entry.Filter) };
}

/** PutBucketNotificationConfiguration's body as the domain's configuration; a missing Id gets a random UUID. */
export function parseNotificationConfiguration(xml: XmlObject | undefined): NotificationConfiguration {
  if (xml === undefined) return EMPTY_NOTIFICATION_CONFIGURATION;
  const configuration: NotificationConfiguration = { lambdaFunctions: [], queues: [], topics: [], eventBridge: xml.EventBridgeConfiguration !== undefined };
  for (const kind of KINDS) configuration[kind.member] = objectsOf(xml[kind.element]).map((entry) => targetOf(entry, kind.arnElement));
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
      async handle(request): Promise<RestXmlResponse> {
        const configuration = parseNotificationConfiguration(request.xml);
        const skip = (header(request.headers, 'x-amz-skip-destination-validation') ?? '').toLowerCase() === 'true';
        await buckets.putNotificationConfiguration(request.bucket ?? '', configuration, skip);
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
        const bucket = await buckets.require(request.bucket ?? '');
        const configuration = bucket.notificationConfiguration ?? EMPTY_NOTIFICATION_CONFIGURATION;
        return { status: 200, xml: { root: 'NotificationConfiguration', content: notificationConfigurationXml(configuration) } };
      },
    },
  ];
}
