/** SNS topics and their subscriptions, as stored. */

export interface TopicRecord {
  arn: string;
  name: string;
  /** The attributes a user set (DisplayName, Policy, DeliveryPolicy, …); computed ones are not stored. */
  attributes: Record<string, string>;
  /** In the order they were first set. */
  tags: Record<string, string>;
}

export interface SubscriptionRecord {
  arn: string;
  topicArn: string;
  protocol: string;
  endpoint: string;
  /** Account id of the subscriber. */
  owner: string;
  /** The attributes a user set (RawMessageDelivery, FilterPolicy, FilterPolicyScope, …). */
  attributes: Record<string, string>;
}

export interface SubscriptionPage {
  /** In subscription order (oldest first). */
  items: SubscriptionRecord[];
  /** Present when more follow: the last item's position (decimal digits), to pass back as `after`. */
  next: string | undefined;
}

export interface TopicStore {
  /** Stores a new topic; false (and nothing changes) when one with its ARN exists. */
  createTopic(topic: TopicRecord): Promise<boolean>;
  getTopic(arn: string): Promise<TopicRecord | undefined>;
  /** Topics in ARN order, after the ARN `after`. */
  listTopics(after: string | undefined, limit: number): Promise<TopicRecord[]>;
  /** Sets an attribute, or removes it (undefined); false when the topic does not exist. */
  setTopicAttribute(arn: string, name: string, value: string | undefined): Promise<boolean>;
  /** Adds tags, replacing the values of keys it has; false when the topic does not exist. */
  tagTopic(arn: string, tags: Record<string, string>): Promise<boolean>;
  /** Removes the tags with these keys (absent ones are ignored); false when the topic does not exist. */
  untagTopic(arn: string, keys: string[]): Promise<boolean>;
  /** Deletes the topic and its subscriptions; false when there was none. */
  deleteTopic(arn: string): Promise<boolean>;

  /**
   * Stores a new subscription. False (nothing changes) when its topic does not exist or already has a
   * subscription with this protocol and endpoint.
   */
  createSubscription(subscription: SubscriptionRecord): Promise<boolean>;
  getSubscription(arn: string): Promise<SubscriptionRecord | undefined>;
  /** The topic's subscription to this protocol and endpoint. */
  findSubscription(topicArn: string, protocol: string, endpoint: string): Promise<SubscriptionRecord | undefined>;
  /** Sets attributes, removing those given as undefined, in one write; false when the subscription does not exist. */
  setSubscriptionAttributes(arn: string, attributes: Record<string, string | undefined>): Promise<boolean>;
  /** False when there was none. */
  deleteSubscription(arn: string): Promise<boolean>;
  /** Subscriptions of one topic, or of all topics (undefined), a page at a time. */
  listSubscriptions(topicArn: string | undefined, after: string | undefined, limit: number): Promise<SubscriptionPage>;
  /** Every subscription of the topic (the ones a publish delivers to). */
  subscriptionsOf(topicArn: string): Promise<SubscriptionRecord[]>;
}
