import { randomBytes } from 'node:crypto';
import type { AccountScope } from '../../lib/arn.js';
import { AwsError } from '../../lib/errors.js';
import type { Logger } from '../../lib/logger.js';
import type { ServiceEvents } from '../events/service-events.js';
import { parseFunctionArn, parseFunctionName, type FunctionReference } from '../functions/function-name.js';
import type { InvokeCaller, PolicyCheck } from '../functions/function-policy-check.js';
import type { FunctionInvoker, QueueSender, ServiceCaller, TopicPublisher } from '../messaging/delivery-ports.js';
import { evaluate } from '../policy/evaluate.js';
import type { PolicyDocument } from '../policy/policy-document.js';
import { checkNotificationRules, eventTypeCovers } from './notification-rules.js';
import type { NotificationConfiguration, NotificationTarget, ObjectEvent, ObjectNotifications } from './object-notifications.js';
import { bucketArn, s3BusEvent, s3EventRecord } from './s3-event-record.js';

export interface BucketNotificationDeps {
  scope: AccountScope;
  /** Whether a service may invoke a function, by its resource-based policy (a missing function throws). */
  policies: { check(ref: FunctionReference, caller: InvokeCaller): Promise<PolicyCheck> };
  functions: FunctionInvoker;
  queues: QueueSender;
  topics: TopicPublisher;
  /** The resource-based policies of queues and topics (a topic's default one when it has none); undefined: none. */
  destinationPolicies: {
    queuePolicy(queueArn: string): Promise<string | undefined>;
    topicPolicy(topicArn: string): Promise<string | undefined>;
  };
  serviceEvents: ServiceEvents;
  logger: Logger;
}

const QUEUE_REFUSED = 'Permissions on the destination queue do not allow S3 to publish notifications from this bucket';
const TOPIC_REFUSED = 'Permissions on the destination topic do not allow S3 to publish notifications from this bucket';

const S3_PRINCIPAL = 's3.amazonaws.com';
const QUEUE_ARN = /^arn:aws[a-zA-Z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$/;
const TOPIC_ARN = /^arn:aws[a-zA-Z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$/;

/** Where a refused destination is named in S3's error: the `ArgumentName{n}` / `ArgumentValue{n}` pairs. */
interface Refusal {
  arn: string;
  why: string;
}

const invalidArgument = (message: string, fields: Record<string, string>): AwsError =>
  new AwsError('InvalidArgument', 400, message, { fields });

/** Whether a configured event (`s3:ObjectCreated:*`, `s3:ObjectRemoved:Delete`) covers an event that happened. */
const eventSelected = (configured: string[], name: string): boolean => configured.some((entry) => eventTypeCovers(entry, `s3:${name}`));

function keySelected(target: NotificationTarget, key: string): boolean {
  return target.filterRules.every((rule) => (rule.name === 'prefix' ? key.startsWith(rule.value) : key.endsWith(rule.value)));
}

/**
 * A bucket's notifications, as S3 sends them: checked when configured (a function's policy must let S3 invoke it
 * from this bucket; queues and topics get an `s3:TestEvent`), then one record per matching destination for each
 * object event — functions are invoked asynchronously as `s3.amazonaws.com`, so their policy decides and Lambda's
 * retries, dead-letter queue and destinations apply. A destination that refuses an event does not fail the
 * object's write: it is logged.
 */
export class BucketNotifications implements ObjectNotifications {
  constructor(private readonly deps: BucketNotificationDeps) {}

  async validate(bucket: string, configuration: NotificationConfiguration, skipDestinationValidation: boolean): Promise<void> {
    checkNotificationRules(configuration);
    this.checkArns(configuration);
    if (skipDestinationValidation) return;
    const refusals: Refusal[] = [];
    for (const target of configuration.lambdaFunctions) {
      const check = await this.deps.policies.check(this.functionRef(target.arn), this.callerFor(bucket)).catch(() => undefined);
      if (check?.decision !== 'Allow') refusals.push({ arn: target.arn, why: `Not authorized to invoke function [${target.arn}]` });
    }
    // Test events go out only once every function is known to be allowed, as S3 checks functions first.
    if (refusals.length === 0) {
      const test = (at: number) => JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Time: new Date(at).toISOString(), Bucket: bucket, RequestId: randomHex(16), HostId: randomHex(32) });
      for (const target of configuration.queues) {
        const sent = (await this.queueAllows(bucket, target.arn)) && (await this.deps.queues.sendToQueue(target.arn, test(Date.now()), {}).then(() => true, () => false));
        if (!sent) refusals.push({ arn: target.arn, why: QUEUE_REFUSED });
      }
      for (const target of configuration.topics) {
        const sent = (await this.topicAllows(bucket, target.arn)) && (await this.deps.topics.publishToTopic(target.arn, test(Date.now()), {}).then(() => true, () => false));
        if (!sent) refusals.push({ arn: target.arn, why: TOPIC_REFUSED });
      }
    }
    if (refusals.length > 0) {
      const fields: Record<string, string> = {};
      refusals.forEach((refusal, index) => {
        fields[`ArgumentName${index + 1}`] = `${refusal.arn}, null`;
        fields[`ArgumentValue${index + 1}`] = refusal.why;
      });
      throw invalidArgument('Unable to validate the following destination configurations', fields);
    }
  }

  async objectEvent(configuration: NotificationConfiguration, event: ObjectEvent): Promise<void> {
    const selected = (target: NotificationTarget) => eventSelected(target.events, event.name) && keySelected(target, event.key);
    const payload = (target: NotificationTarget) => JSON.stringify({ Records: [s3EventRecord(this.deps.scope, event, target.id)] });
    const deliveries: Promise<void>[] = [];
    for (const target of configuration.lambdaFunctions.filter(selected)) {
      deliveries.push(this.attempt(target.arn, event, () => this.deps.functions.invokeFunctionAsync(target.arn, payload(target), this.callerFor(event.bucket))));
    }
    for (const target of configuration.queues.filter(selected)) {
      deliveries.push(
        this.attempt(target.arn, event, async () => {
          if (!(await this.queueAllows(event.bucket, target.arn))) throw new AwsError('AccessDenied', 403, QUEUE_REFUSED);
          await this.deps.queues.sendToQueue(target.arn, payload(target), {});
        }),
      );
    }
    for (const target of configuration.topics.filter(selected)) {
      deliveries.push(
        this.attempt(target.arn, event, async () => {
          if (!(await this.topicAllows(event.bucket, target.arn))) throw new AwsError('AccessDenied', 403, TOPIC_REFUSED);
          await this.deps.topics.publishToTopic(target.arn, payload(target), {});
        }),
      );
    }
    if (configuration.eventBridge) {
      const { detailType, detail } = s3BusEvent(this.deps.scope, event);
      const busEvent = { source: 'aws.s3', detailType, detail, resources: [bucketArn(event.bucket)], time: event.time, eventBusName: undefined };
      deliveries.push(this.attempt('the default event bus', event, async () => void (await this.deps.serviceEvents.put(busEvent))));
    }
    await Promise.all(deliveries);
  }

  /** One delivery; a refusal (no permission, destination gone) is logged, Eventide's own failures propagate. */
  private async attempt(destination: string, event: ObjectEvent, send: () => Promise<void>): Promise<void> {
    try {
      await send();
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      this.deps.logger.warn('S3 notification not delivered', {
        bucket: event.bucket,
        key: event.key,
        event: event.name,
        target: destination,
        errorCode: error.code,
        reason: error.message,
      });
    }
  }

  /** Whether the queue's policy lets S3 send to it from this bucket (no policy: only the account's own identities may). */
  private async queueAllows(bucket: string, queueArn: string): Promise<boolean> {
    const policy = await this.deps.destinationPolicies.queuePolicy(queueArn).catch(() => undefined);
    return this.policyAllows(policy, 'sqs:SendMessage', queueArn, bucket);
  }

  private async topicAllows(bucket: string, topicArn: string): Promise<boolean> {
    const policy = await this.deps.destinationPolicies.topicPolicy(topicArn).catch(() => undefined);
    return this.policyAllows(policy, 'sns:Publish', topicArn, bucket);
  }

  private policyAllows(policy: string | undefined, action: string, resource: string, bucket: string): boolean {
    if (policy === undefined) return false;
    let document: PolicyDocument;
    try {
      document = JSON.parse(policy) as PolicyDocument;
    } catch {
      return false;
    }
    const context = { 'aws:SourceArn': bucketArn(bucket), 'aws:SourceAccount': this.deps.scope.accountId };
    const request = { action, resource, principal: { type: 'Service' as const, id: S3_PRINCIPAL }, context };
    return evaluate(request, [{ name: resource, document }]).decision === 'Allow';
  }

  private checkArns(configuration: NotificationConfiguration): void {
    const kinds: [NotificationTarget[], (arn: string) => boolean, string][] = [
      [configuration.lambdaFunctions, (arn) => parseFunctionArn(arn) !== undefined, 'CloudFunction'],
      [configuration.queues, (arn) => QUEUE_ARN.test(arn), 'Queue'],
      [configuration.topics, (arn) => TOPIC_ARN.test(arn), 'Topic'],
    ];
    for (const [targets, wellFormed, argument] of kinds) {
      const bad = targets.find((target) => !wellFormed(target.arn));
      if (bad !== undefined) throw invalidArgument('The ARN could not be parsed', { ArgumentName: argument, ArgumentValue: bad.arn });
    }
  }

  private functionRef(arn: string): FunctionReference {
    return parseFunctionName(arn, undefined, this.deps.scope);
  }

  private callerFor(bucket: string): ServiceCaller {
    return { principal: S3_PRINCIPAL, sourceArn: bucketArn(bucket), sourceAccount: this.deps.scope.accountId };
  }
}

const randomHex = (bytes: number): string => randomBytes(bytes).toString('hex').toUpperCase();
