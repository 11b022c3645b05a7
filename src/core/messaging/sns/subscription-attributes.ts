import type { SubscriptionRecord } from '../../../store/sns.js';
import { FilterPolicyError, parseFilterPolicy, type FilterPolicy } from './filter-policy.js';
import type { FilterPolicyScope } from './message-filter.js';
import { invalidParameter } from './sns-errors.js';
import { isJsonObject } from '../../../lib/json.js';

/** Subscription attributes: their checks, their defaults, and what GetSubscriptionAttributes reports. */

const SETTABLE = new Set(['DeliveryPolicy', 'FilterPolicy', 'FilterPolicyScope', 'RawMessageDelivery', 'RedrivePolicy', 'SubscriptionRoleArn']);

const DEFAULT_RAW_MESSAGE_DELIVERY = 'false';
const DEFAULT_FILTER_POLICY_SCOPE = 'MessageAttributes';
const DEFAULTS: Record<string, string> = { RawMessageDelivery: DEFAULT_RAW_MESSAGE_DELIVERY, FilterPolicyScope: DEFAULT_FILTER_POLICY_SCOPE };

/** Subscribe words its refusals `Attributes Reason: …`; SetSubscriptionAttributes names the attribute at once. */
export type AttributeContext = 'subscribe' | 'set';

/** Protocols whose subscribers can take the bare message instead of SNS's envelope. */
const RAW_DELIVERY_PROTOCOLS = new Set(['sqs', 'http', 'https', 'firehose']);

/**
 * Checks attributes a user sets on a subscription of this protocol whose attributes are now `current`; returns
 * the changes to store (undefined: remove). A filter policy is checked against the scope it will have.
 */
export function checkSubscriptionAttributes(
  changes: Record<string, string>,
  current: Record<string, string>,
  context: AttributeContext,
  protocol: string,
): Record<string, string | undefined> {
  const refuse = (detail: string) => invalidParameter(context === 'subscribe' ? `Attributes Reason: ${detail}` : detail);
  const checked: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(changes)) {
    if (!SETTABLE.has(name)) throw refuse('AttributeName');
    checked[name] = checkValue(name, value, refuse);
  }
  if (checked.RawMessageDelivery === 'true' && !RAW_DELIVERY_PROTOCOLS.has(protocol)) {
    throw refuse(`Delivery protocol [${protocol}] does not support raw message delivery.`);
  }
  const policy = 'FilterPolicy' in checked ? checked.FilterPolicy : current.FilterPolicy;
  const scope = ('FilterPolicyScope' in checked ? checked.FilterPolicyScope : current.FilterPolicyScope) ?? DEFAULT_FILTER_POLICY_SCOPE;
  if (policy !== undefined && parsePolicy(policy, refuse).nested && scope === 'MessageAttributes') {
    throw refuse('Filter policy scope MessageAttributes does not support nested filter policy');
  }
  return checked;
}

function parsePolicy(text: string, refuse: (detail: string) => Error): FilterPolicy {
  try {
    return parseFilterPolicy(text);
  } catch (error) {
    if (error instanceof FilterPolicyError) throw refuse(`FilterPolicy: ${error.message}`);
    throw error;
  }
}

function checkValue(name: string, value: string, refuse: (detail: string) => Error): string | undefined {
  switch (name) {
    case 'RawMessageDelivery': {
      const lower = value.toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw refuse(`RawMessageDelivery: Invalid value [${value}]. Must be true or false.`);
      return lower;
    }
    case 'FilterPolicyScope':
      if (value !== 'MessageAttributes' && value !== 'MessageBody') {
        throw refuse(`FilterPolicyScope: Invalid value [${value}]. Please use either MessageBody or MessageAttributes`);
      }
      return value;
    case 'RedrivePolicy': {
      if (value === '') return undefined;
      const target = parseJson(name, value, refuse).deadLetterTargetArn;
      if (typeof target !== 'string' || !/^arn:[^:]+:sqs:[^:]*:[^:]*:[^:]+$/.test(target)) {
        throw refuse('RedrivePolicy: deadLetterTargetArn is an invalid arn');
      }
      return value;
    }
    case 'DeliveryPolicy':
      if (value === '') return undefined;
      parseJson(name, value, refuse);
      return value;
    default:
      // FilterPolicy is checked with its scope; an empty one removes the filter.
      return value === '' ? undefined : value;
  }
}

function parseJson(name: string, value: string, refuse: (detail: string) => Error): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw refuse(`${name}: failed to parse JSON. ${(error as Error).message}`);
  }
  if (!isJsonObject(parsed)) throw refuse(`${name}: failed to parse JSON. Expected an object`);
  return parsed as Record<string, unknown>;
}

/** Whether a repeated Subscribe asks for what the subscription already has (given attributes only, defaults count). */
export function sameAttributes(requested: Record<string, string | undefined>, stored: Record<string, string>): boolean {
  return Object.entries(requested).every(([name, value]) => normalized(name, value) === normalized(name, stored[name] ?? DEFAULTS[name]));
}

/** JSON attributes compare by content, not spelling. */
function normalized(name: string, value: string | undefined): string | undefined {
  if (value === undefined || !name.endsWith('Policy')) return value;
  try {
    return JSON.stringify(JSON.parse(value));
  } catch {
    return value;
  }
}

export const filterPolicyScopeOf = (subscription: SubscriptionRecord): FilterPolicyScope =>
  subscription.attributes.FilterPolicyScope === 'MessageBody' ? 'MessageBody' : 'MessageAttributes';

/** GetSubscriptionAttributes. The filter's scope shows only with a filter policy, as on AWS. */
export function subscriptionAttributesView(subscription: SubscriptionRecord, principal: string): Record<string, string> {
  const { FilterPolicy, FilterPolicyScope, RawMessageDelivery, ...rest } = subscription.attributes;
  return {
    ConfirmationWasAuthenticated: 'true',
    Endpoint: subscription.endpoint,
    Owner: subscription.owner,
    PendingConfirmation: 'false',
    Protocol: subscription.protocol,
    RawMessageDelivery: RawMessageDelivery ?? DEFAULT_RAW_MESSAGE_DELIVERY,
    SubscriptionArn: subscription.arn,
    SubscriptionPrincipal: principal,
    TopicArn: subscription.topicArn,
    ...(FilterPolicy === undefined ? {} : { FilterPolicy, FilterPolicyScope: FilterPolicyScope ?? DEFAULT_FILTER_POLICY_SCOPE }),
    ...rest,
  };
}
