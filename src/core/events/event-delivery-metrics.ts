/** What EventBridge delivery reports for whoever keeps metrics (AWS's `FailedInvocations` per rule). */
export interface EventDeliveryMetrics {
  /** An event matched a rule but could not be handed to one of its targets (say, its queue does not exist). */
  failedInvocation(ruleArn: string): void;
}
