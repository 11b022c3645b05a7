import type { Subscriptions, SubscriptionPage } from '../../core/messaging/sns/subscriptions.js';
import type { QueryOperation, XmlObject } from '../service.js';
import { attributesXml, entryMap, stringParam } from './query-shapes.js';

/** Subscribe, Unsubscribe, ListSubscriptions(ByTopic), Get/SetSubscriptionAttributes. */
export function subscriptionOperations(subscriptions: Subscriptions): Record<string, QueryOperation> {
  return {
    async Subscribe({ params }) {
      // ReturnSubscriptionArn changes nothing: SQS subscriptions are confirmed at once, so the ARN is always known.
      const arn = await subscriptions.subscribe({
        topicArn: stringParam(params, 'TopicArn'),
        protocol: stringParam(params, 'Protocol'),
        endpoint: stringParam(params, 'Endpoint'),
        attributes: entryMap(params, 'Attributes'),
      });
      return { SubscriptionArn: arn };
    },
    async Unsubscribe({ params }) {
      await subscriptions.unsubscribe(stringParam(params, 'SubscriptionArn'));
      return undefined;
    },
    async ListSubscriptions({ params }) {
      return pageXml(await subscriptions.list(stringParam(params, 'NextToken')));
    },
    async ListSubscriptionsByTopic({ params }) {
      return pageXml(await subscriptions.listByTopic(stringParam(params, 'TopicArn'), stringParam(params, 'NextToken')));
    },
    async GetSubscriptionAttributes({ params }) {
      return attributesXml(await subscriptions.attributes(stringParam(params, 'SubscriptionArn')));
    },
    async SetSubscriptionAttributes({ params }) {
      await subscriptions.setAttribute(
        stringParam(params, 'SubscriptionArn'),
        stringParam(params, 'AttributeName'),
        stringParam(params, 'AttributeValue'),
      );
      return undefined;
    },
  };
}

function pageXml(page: SubscriptionPage): XmlObject {
  return {
    Subscriptions: {
      member: page.subscriptions.map((subscription) => ({
        SubscriptionArn: subscription.arn,
        Owner: subscription.owner,
        Protocol: subscription.protocol,
        Endpoint: subscription.endpoint,
        TopicArn: subscription.topicArn,
      })),
    },
    NextToken: page.nextToken,
  };
}
