/**
 * Shared by the event timeline and redrive end-to-end tests: Eventide's own JSON routes read with fetch, and a
 * function that fails until its `MODE` variable says `ok`, with a role allowed to reach its targets.
 */
import assert from 'node:assert/strict';
import { CreateRoleCommand, PutRolePolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import { CreateFunctionCommand, InvokeCommand, UpdateFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { LAMBDA_TRUST_POLICY, uniqueName, zipOf } from './support/fixtures.js';
import { waitFor } from './support/polling.js';

export interface TimelineEntry {
  at: string;
  kind: 'accepted' | 'attempt' | 'retry-scheduled' | 'finished' | 'delivery' | 'redrive';
  attempt?: number;
  endedAt?: string;
  durationMs?: number;
  outcome?: string;
  errorType?: string;
  logGroup?: string;
  logStream?: string;
  dueAt?: string;
  state?: string;
  condition?: string;
  destination?: string;
  target?: string;
  result?: string;
  reason?: string;
  from?: string;
}

export interface EventView {
  requestId: string;
  functionName: string;
  functionArn: string;
  qualifier: string;
  state: string;
  condition?: string;
  approximateInvokeCount: number;
  nextAttemptAt?: string;
  payload: string;
  response?: string;
  timeline: TimelineEntry[];
}

export interface JsonAnswer<T> {
  status: number;
  body: T;
}

async function answer<T>(response: Response): Promise<JsonAnswer<T>> {
  return { status: response.status, body: (await response.json()) as T };
}

export const getEvent = async (url: string, requestId: string): Promise<JsonAnswer<EventView>> =>
  answer(await fetch(`${url}/_eventide/events/${encodeURIComponent(requestId)}`));

export interface RedriveAnswer {
  redriven: { requestId: string; from: string }[];
  skipped: { requestId?: string; reason: string }[];
  message?: string;
}

export const redrive = async (url: string, functionName: string, body: unknown, contentType = 'application/json'): Promise<JsonAnswer<RedriveAnswer>> =>
  answer(
    await fetch(`${url}/_eventide/functions/${encodeURIComponent(functionName)}/redrive`, {
      method: 'POST',
      headers: { 'Content-Type': contentType },
      body: JSON.stringify(body),
    }),
  );

/** The event once `check` holds (polled; the retries of a 60× clock take seconds). */
export async function eventWhen(url: string, requestId: string, check: (event: EventView) => boolean, timeoutMs = 20_000): Promise<EventView> {
  const event = await waitFor(async () => (await getEvent(url, requestId)).body, check, timeoutMs);
  assert.ok(check(event), `the event never got there:\n${JSON.stringify(event, null, 2)}`);
  return event;
}

export const kinds = (event: EventView): string[] => event.timeline.map((entry) => entry.kind);
export const entriesOf = (event: EventView, kind: TimelineEntry['kind']): TimelineEntry[] => event.timeline.filter((entry) => entry.kind === kind);

/** Logs its request id, then fails unless `MODE` is `ok`; on success answers with the request id it saw. */
export const FLAKY_HANDLER = `exports.handler = async (event, context) => {
  console.log('handling ' + context.awsRequestId);
  if (process.env.MODE !== 'ok') throw new Error('not yet (this is intentional)');
  return { sawRequestId: context.awsRequestId, event };
};
`;

export class TimelineFixtures {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly sqs: SQSClient,
    private readonly iam: IAMClient,
  ) {}

  async createQueue(prefix: string): Promise<{ url: string; arn: string }> {
    const { QueueUrl: url } = await this.sqs.send(new CreateQueueCommand({ QueueName: uniqueName(prefix) }));
    assert.ok(url !== undefined);
    const { Attributes } = await this.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
    return { url, arn: Attributes?.QueueArn ?? '' };
  }

  /** A role Lambda may assume, allowed `sqs:SendMessage` on the given queues (inline policy `send`). */
  async createRole(queueArns: string[]): Promise<{ name: string; arn: string }> {
    const name = uniqueName('timeline-role');
    const { Role } = await this.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY }));
    if (queueArns.length > 0) {
      const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: queueArns }] });
      await this.iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'send', PolicyDocument: policy }));
    }
    return { name, arn: Role?.Arn ?? '' };
  }

  async createFunction(role: string, options: { deadLetterTarget?: string; mode?: string } = {}): Promise<string> {
    const name = uniqueName('timeline-fn');
    await this.lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: role,
        Code: { ZipFile: await zipOf({ 'index.js': FLAKY_HANDLER }) },
        Environment: { Variables: { MODE: options.mode ?? 'fail' } },
        ...(options.deadLetterTarget === undefined ? {} : { DeadLetterConfig: { TargetArn: options.deadLetterTarget } }),
      }),
    );
    return name;
  }

  /** From now on the function succeeds. */
  async fix(name: string): Promise<void> {
    await this.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Environment: { Variables: { MODE: 'ok' } } }));
  }

  async invokeEvent(name: string, payload: unknown): Promise<string> {
    const response = await this.lambda.send(new InvokeCommand({ FunctionName: name, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(payload)) }));
    assert.equal(response.StatusCode, 202);
    return response.$metadata.requestId ?? '';
  }
}
