import type { SubscriptionRecord } from '../../../store/sns.js';
import type { MessageAttributes } from '../message-attributes.js';
import { parseFilterPolicy, type FilterPolicy } from './filter-policy.js';
import { acceptsMessage } from './message-filter.js';
import { filterPolicyScopeOf } from './subscription-attributes.js';

const MAX_CACHED_POLICIES = 1000;

/** Whether a subscription's filter policy lets a message through; each distinct policy is parsed once. */
export class SubscriptionFilter {
  private readonly policies = new Map<string, FilterPolicy>();

  accepts(subscription: SubscriptionRecord, message: string, attributes: MessageAttributes): boolean {
    const text = subscription.attributes.FilterPolicy;
    if (text === undefined) return true;
    let policy = this.policies.get(text);
    if (policy === undefined) {
      // The cache starts over rather than grow without bound.
      if (this.policies.size >= MAX_CACHED_POLICIES) this.policies.clear();
      policy = parseFilterPolicy(text);
      this.policies.set(text, policy);
    }
    return acceptsMessage(policy, filterPolicyScopeOf(subscription), message, attributes);
  }
}
