import type { TopicRecord } from '../../../store/sns.js';
import { invalidParameter } from './sns-errors.js';
import { isJsonObject } from '../../../lib/json.js';

/** Topic attributes: which a user may set, their checks, and the full set GetTopicAttributes reports. */

const FEEDBACK_ATTRIBUTES = ['HTTP', 'Firehose', 'Lambda', 'Application', 'SQS'].flatMap((endpoint) => [
  `${endpoint}SuccessFeedbackRoleArn`,
  `${endpoint}SuccessFeedbackSampleRate`,
  `${endpoint}FailureFeedbackRoleArn`,
]);

/** What CreateTopic and SetTopicAttributes accept for a standard topic. */
const SETTABLE = new Set(['DeliveryPolicy', 'DisplayName', 'Policy', 'TracingConfig', 'KmsMasterKeyId', 'SignatureVersion', ...FEEDBACK_ATTRIBUTES]);

/** Attributes whose value is a JSON document; an empty value removes them (back to the default). */
const JSON_ATTRIBUTES = new Set(['DeliveryPolicy', 'Policy']);

const DEFAULT_HTTP_DELIVERY = {
  defaultHealthyRetryPolicy: {
    minDelayTarget: 20,
    maxDelayTarget: 20,
    numRetries: 3,
    numMaxDelayRetries: 0,
    numNoDelayRetries: 0,
    numMinDelayRetries: 0,
    backoffFunction: 'linear',
  },
  disableSubscriptionOverrides: false,
  defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' },
};

/** Where the attribute check runs: CreateTopic words its refusals `Attributes Reason: …`. */
export type AttributeContext = 'create' | 'set';

/**
 * Checks one attribute a user sets; returns the value to store, or undefined to remove it. FifoTopic is not
 * settable after creation and the other FIFO attributes do not apply to standard topics.
 */
export function checkTopicAttribute(name: string, value: string, context: AttributeContext): string | undefined {
  const refuse = (detail: string) => invalidParameter(context === 'create' ? `Attributes Reason: ${detail}` : detail);
  if (!SETTABLE.has(name)) throw context === 'create' ? refuse(`Invalid attribute name: ${name}`) : invalidParameter('AttributeName');
  if (JSON_ATTRIBUTES.has(name)) {
    if (value === '') return undefined;
    if (!isJsonObjectText(value)) throw refuse(`${name}: failed to parse JSON.`);
  }
  if (name === 'SignatureVersion' && value !== '1' && value !== '2') throw refuse(`SignatureVersion: Invalid value [${value}]. Must be 1 or 2.`);
  if (name === 'TracingConfig' && value !== 'PassThrough' && value !== 'Active') {
    throw refuse(`TracingConfig: Invalid value [${value}]. Must be PassThrough or Active.`);
  }
  if (name.endsWith('SampleRate') && !(/^\d{1,3}$/.test(value) && Number(value) <= 100)) {
    throw refuse(`${name}: Invalid value [${value}]. Must be an integer between 0 and 100.`);
  }
  return value;
}

/** GetTopicAttributes: what the user set, over the defaults and the computed attributes. */
export function topicAttributesView(topic: TopicRecord, owner: string, subscriptionsConfirmed: number): Record<string, string> {
  const { DisplayName, Policy, DeliveryPolicy, ...rest } = topic.attributes;
  return {
    Policy: Policy ?? defaultTopicPolicy(topic.arn, owner),
    Owner: owner,
    SubscriptionsPending: '0',
    TopicArn: topic.arn,
    EffectiveDeliveryPolicy: effectiveDeliveryPolicy(DeliveryPolicy),
    SubscriptionsConfirmed: String(subscriptionsConfirmed),
    DisplayName: DisplayName ?? '',
    SubscriptionsDeleted: '0',
    ...(DeliveryPolicy === undefined ? {} : { DeliveryPolicy }),
    ...rest,
  };
}

/** The value an attribute has when CreateTopic compares a repeated request with the existing topic. */
export const storedOrDefault = (topic: TopicRecord, name: string): string | undefined => topic.attributes[name] ?? (name === 'DisplayName' ? '' : undefined);

/** The policy AWS gives a new topic: the owner's account may do everything with it. */
function defaultTopicPolicy(topicArn: string, owner: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'SNS:GetTopicAttributes',
          'SNS:SetTopicAttributes',
          'SNS:AddPermission',
          'SNS:RemovePermission',
          'SNS:DeleteTopic',
          'SNS:Subscribe',
          'SNS:ListSubscriptionsByTopic',
          'SNS:Publish',
        ],
        Resource: topicArn,
        Condition: { StringEquals: { 'AWS:SourceOwner': owner } },
      },
    ],
  });
}

/** The topic's HTTP delivery policy over the system defaults. */
function effectiveDeliveryPolicy(deliveryPolicy: string | undefined): string {
  const http = deliveryPolicy === undefined ? undefined : (JSON.parse(deliveryPolicy) as { http?: unknown }).http;
  return JSON.stringify({ http: isJsonObject(http) ? deepMerge(DEFAULT_HTTP_DELIVERY, http) : DEFAULT_HTTP_DELIVERY });
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = merged[key];
    merged[key] = isJsonObject(current) && isJsonObject(value) ? deepMerge(current, value) : value;
  }
  return merged;
}

function isJsonObjectText(text: string): boolean {
  try {
    return isJsonObject(JSON.parse(text));
  } catch {
    return false;
  }
}

