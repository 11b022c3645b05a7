/**
 * Hands one rendered event to one target: a Lambda function (asynchronous invoke, so Lambda's retries and
 * dead-letter rules apply), an SQS queue, an SNS topic, or another event bus. A delivery that fails is logged and
 * counted, never thrown: it does not fail the PutEvents or the tick that caused it.
 */
import type { AccountScope } from '../../lib/arn.js';
import { AwsError } from '../../lib/errors.js';
import type { Logger } from '../../lib/logger.js';
import type { FunctionInvoker, QueueSender, TopicPublisher } from '../messaging/delivery-ports.js';
import { localBusOfArn } from './event-bus-arns.js';
import type { EventDeliveryMetrics } from './event-delivery-metrics.js';
import type { EventEnvelope } from './event-envelope.js';

export interface TargetDeliveryDeps {
  scope: AccountScope;
  queues: QueueSender;
  topics: TopicPublisher;
  functions: FunctionInvoker;
  /** Whoever counts failed deliveries (Prometheus); without one they are only logged. */
  metrics: EventDeliveryMetrics;
  logger: Logger;
}

/** Puts an event that a rule forwarded onto another bus of this account. */
export type BusForwarder = (busName: string, event: EventEnvelope, hops: number) => Promise<void>;

export interface Delivery {
  ruleArn: string;
  targetArn: string;
  body: string;
  /** The event itself, for a bus target (which receives it unchanged). */
  event: EventEnvelope;
  /** Buses the event has passed through: it stops before it could go round in circles. */
  hops: number;
}

/** An event travels through at most this many buses. */
const MAX_HOPS = 5;

export class TargetDelivery {
  constructor(
    private readonly deps: TargetDeliveryDeps,
    private readonly forward: BusForwarder,
  ) {}

  async deliver(delivery: Delivery): Promise<void> {
    try {
      await this.send(delivery);
    } catch (error) {
      this.deps.metrics.failedInvocation(delivery.ruleArn);
      this.deps.logger.warn('rule target delivery failed', {
        rule: delivery.ruleArn,
        eventId: delivery.event.id,
        target: delivery.targetArn,
        errorCode: error instanceof AwsError ? error.code : undefined,
        reason: (error as Error).message,
      });
    }
  }

  private async send({ ruleArn, targetArn, body, event, hops }: Delivery): Promise<void> {
    const service = targetArn.split(':')[2];
    switch (service) {
      case 'lambda':
        // EventBridge invokes as events.amazonaws.com: the function's policy must allow the rule.
        return this.deps.functions.invokeFunctionAsync(targetArn, body, {
          principal: 'events.amazonaws.com',
          sourceArn: ruleArn,
          sourceAccount: this.deps.scope.accountId,
        });
      case 'sqs':
        return this.deps.queues.sendToQueue(targetArn, body, {});
      case 'sns':
        return this.deps.topics.publishToTopic(targetArn, body, {});
      case 'events': {
        const busName = localBusOfArn(this.deps.scope, targetArn);
        if (busName === undefined) throw new Error('the target is not an event bus of this account and region');
        if (hops >= MAX_HOPS) throw new Error(`the event already passed through ${MAX_HOPS} buses`);
        return this.forward(busName, event, hops + 1);
      }
      default:
        throw new Error(`Eventide does not deliver to ${service ?? 'unknown'} targets`);
    }
  }
}
