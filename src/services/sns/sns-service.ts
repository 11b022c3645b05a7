import type { Publisher } from '../../core/messaging/sns/publisher.js';
import type { Subscriptions } from '../../core/messaging/sns/subscriptions.js';
import type { Topics } from '../../core/messaging/sns/topics.js';
import type { QueryService } from '../service.js';
import { publishOperations } from './publish-operations.js';
import { subscriptionOperations } from './subscription-operations.js';
import { topicOperations } from './topic-operations.js';

export interface SnsDeps {
  topics: Topics;
  subscriptions: Subscriptions;
  publisher: Publisher;
}

/** Amazon SNS (query protocol, API version 2010-03-31): topics, SQS and Lambda subscriptions, publishing. */
export function snsService(deps: SnsDeps): QueryService {
  return {
    protocol: 'query',
    signingName: 'sns',
    xmlNamespace: 'http://sns.amazonaws.com/doc/2010-03-31/',
    operations: {
      ...topicOperations(deps.topics),
      ...subscriptionOperations(deps.subscriptions),
      ...publishOperations(deps.publisher),
    },
  };
}
