/**
 * Dead-letter queues against a real Eventide: an event that fails its retries (Lambda's schedule, shortened with
 * --time-scale) reaches the function's SQS queue or SNS topic with Lambda's attributes, the execution role is
 * checked when the DLQ is configured and again at delivery, and a delivery that cannot happen counts
 * DeadLetterErrors.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateRoleCommand, DeleteRolePolicyCommand, PutRolePolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import {
  CreateFunctionCommand,
  InvalidParameterValueException,
  InvokeCommand,
  PutFunctionEventInvokeConfigCommand,
  UpdateFunctionConfigurationCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { CreateTopicCommand, SubscribeCommand, type SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { iamClient, lambdaClient, snsClient, sqsClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { LAMBDA_TRUST_POLICY, uniqueName, zipOf } from './support/fixtures.js';

const FAILING_HANDLER = `exports.handler = async () => { throw new Error('Test exception (this is intentional)'); };\n`;

const sendPolicy = (action: string, resource: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });

describe('dead-letter queues', () => {
  let eventide: EventideProcess;
  let lambda: LambdaClient;
  let sqs: SQSClient;
  let sns: SNSClient;
  let iam: IAMClient;

  before(async () => {
    // 60×: the 1- and 2-minute retries take 1 and 2 seconds.
    eventide = await startEventide({ args: ['--time-scale', '60'] });
    lambda = lambdaClient(eventide.url);
    sqs = sqsClient(eventide.url);
    sns = snsClient(eventide.url);
    iam = iamClient(eventide.url);
  });

  after(async () => {
    for (const client of [lambda, sqs, sns, iam]) client.destroy();
    await stopAndClean(eventide);
  });

  const createQueue = async (prefix: string): Promise<{ url: string; arn: string }> => {
    const { QueueUrl: url } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName(prefix) }));
    assert.ok(url !== undefined);
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
    return { url, arn: Attributes?.QueueArn ?? '' };
  };

  /** A role Lambda may assume, with one inline policy allowing `action` on `resource` (none when undefined). */
  const createRole = async (action?: string, resource?: string): Promise<{ name: string; arn: string }> => {
    const name = uniqueName('dlq-role');
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY }));
    if (action !== undefined && resource !== undefined) {
      await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'dead-letter', PolicyDocument: sendPolicy(action, resource) }));
    }
    return { name, arn: Role?.Arn ?? '' };
  };

  const createFunction = async (role: string, deadLetterTarget?: string): Promise<string> => {
    const name = uniqueName('dlq-fn');
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: role,
        Code: { ZipFile: await zipOf({ 'index.js': FAILING_HANDLER }) },
        ...(deadLetterTarget === undefined ? {} : { DeadLetterConfig: { TargetArn: deadLetterTarget } }),
      }),
    );
    return name;
  };

  const invokeEvent = async (name: string, payload: unknown): Promise<string> => {
    const response = await lambda.send(new InvokeCommand({ FunctionName: name, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(payload)) }));
    assert.equal(response.StatusCode, 202);
    return response.$metadata.requestId ?? '';
  };

  /** Long-polls until a message arrives (retries at 1 s and 2 s real, so a few polls at most). */
  const receiveOne = async (queueUrl: string): Promise<Message> => {
    for (let poll = 0; poll < 6; poll++) {
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 5, MessageAttributeNames: ['All'] }));
      const message = Messages?.[0];
      if (message !== undefined) return message;
    }
    throw new Error(`no message reached ${queueUrl}`);
  };

  test('after its three tries, a failed event reaches the SQS dead-letter queue as is, with RequestID, ErrorCode and ErrorMessage', async () => {
    const queue = await createQueue('dlq');
    const role = await createRole('sqs:SendMessage', queue.arn);
    const name = await createFunction(role.arn, queue.arn);
    const requestId = await invokeEvent(name, { order: 42 });

    const message = await receiveOne(queue.url);
    assert.equal(message.Body, '{"order":42}');
    assert.deepEqual(message.MessageAttributes, {
      RequestID: { DataType: 'String', StringValue: requestId },
      ErrorCode: { DataType: 'Number', StringValue: '200' },
      ErrorMessage: { DataType: 'String', StringValue: 'Test exception (this is intentional)' },
    });
    const events = (await (await fetch(`${eventide.url}/_eventide/functions/${name}/events?state=failed`)).json()) as { events: { approximateInvokeCount: number }[] };
    assert.equal(events.events[0]?.approximateInvokeCount, 3, 'the dead letter comes after the retries, not before');
  });

  test('an SNS topic as dead-letter target passes the event on to its subscribers with the attributes', async () => {
    const { TopicArn: topicArn = '' } = await sns.send(new CreateTopicCommand({ Name: uniqueName('dlq-topic') }));
    const subscriber = await createQueue('dlq-subscriber');
    await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: subscriber.arn }));
    const role = await createRole('sns:Publish', topicArn);
    const name = await createFunction(role.arn, topicArn);
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: name, MaximumRetryAttempts: 0 }));
    const requestId = await invokeEvent(name, { raise_error: 1 });

    const envelope = JSON.parse((await receiveOne(subscriber.url)).Body ?? '{}') as Record<string, unknown>;
    assert.equal(envelope.Type, 'Notification');
    assert.equal(envelope.TopicArn, topicArn);
    assert.equal(envelope.Message, '{"raise_error":1}');
    assert.deepEqual(envelope.MessageAttributes, {
      ErrorCode: { Type: 'Number', Value: '200' },
      ErrorMessage: { Type: 'String', Value: 'Test exception (this is intentional)' },
      RequestID: { Type: 'String', Value: requestId },
    });
  });

  test('a role without the permission is refused when the dead-letter target is configured, and nothing changes', async () => {
    const queue = await createQueue('dlq-denied');
    const { TopicArn: topicArn = '' } = await sns.send(new CreateTopicCommand({ Name: uniqueName('dlq-denied') }));
    const role = await createRole('sqs:SendMessage', 'arn:aws:sqs:us-east-1:000000000000:some-other-queue');

    await assert.rejects(createFunction(role.arn, queue.arn), (error: unknown) => {
      assert.ok(error instanceof InvalidParameterValueException);
      assert.equal(error.message, 'The provided execution role does not have permissions to call SendMessage on SQS');
      assert.equal(error.$metadata.httpStatusCode, 400);
      return true;
    });
    const name = await createFunction(role.arn);
    await assert.rejects(
      lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, DeadLetterConfig: { TargetArn: topicArn } })),
      (error: unknown) => error instanceof InvalidParameterValueException && error.message === 'The provided execution role does not have permissions to call Publish on SNS',
    );
    const configuration = await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Description: 'still without a DLQ' }));
    assert.equal(configuration.DeadLetterConfig, undefined);
  });

  test('a permission removed after configuration drops the event and counts DeadLetterErrors', async () => {
    const queue = await createQueue('dlq-revoked');
    const role = await createRole('sqs:SendMessage', queue.arn);
    const name = await createFunction(role.arn, queue.arn);
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: name, MaximumRetryAttempts: 0 }));
    await iam.send(new DeleteRolePolicyCommand({ RoleName: role.name, PolicyName: 'dead-letter' }));
    const requestId = await invokeEvent(name, { n: 1 });

    const series = `eventide_lambda_dead_letter_errors_total{function_name="${name}"} 1`;
    const deadline = Date.now() + 15_000;
    let metrics = '';
    while (!metrics.includes(series) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      metrics = await (await fetch(`${eventide.url}/metrics`)).text();
    }
    assert.ok(metrics.includes(series), `DeadLetterErrors was not counted:\n${metrics}`);
    assert.match(eventide.output(), new RegExp(`WARN +event delivery dropped function=${name} requestId=${requestId} destination=dead-letter target=\\S+ result=dropped .*not allowed to call sqs:SendMessage`));
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.url, WaitTimeSeconds: 0 }));
    assert.equal(Messages, undefined, 'nothing reached the queue');
  });
});

describe('execution roles', () => {
  let eventide: EventideProcess;
  let lenient: EventideProcess;
  let iam: IAMClient;

  before(async () => {
    [eventide, lenient] = await Promise.all([startEventide(), startEventide({ args: ['--iam-enforcement', 'off'], lambdaRole: false })]);
    iam = iamClient(eventide.url);
  });

  after(async () => {
    iam.destroy();
    await Promise.all([stopAndClean(eventide), stopAndClean(lenient)]);
  });

  const create = async (url: string, role: string) => {
    const lambda = lambdaClient(url);
    try {
      return await lambda.send(
        new CreateFunctionCommand({
          FunctionName: uniqueName('role-fn'),
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: role,
          Code: { ZipFile: await zipOf({ 'index.js': FAILING_HANDLER }) },
        }),
      );
    } finally {
      lambda.destroy();
    }
  };

  const cannotBeAssumed = (error: unknown) =>
    error instanceof InvalidParameterValueException && error.message === 'The role defined for the function cannot be assumed by Lambda.';

  test('CreateFunction refuses a role that does not exist, or that does not trust Lambda', async () => {
    await assert.rejects(create(eventide.url, 'arn:aws:iam::000000000000:role/no-such-role'), cannotBeAssumed);
    const name = uniqueName('ec2-role');
    const trustsEc2 = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustsEc2 }));
    await assert.rejects(create(eventide.url, Role?.Arn ?? ''), cannotBeAssumed);
  });

  test('with --iam-enforcement off, any well-formed role is accepted', async () => {
    const created = await create(lenient.url, 'arn:aws:iam::000000000000:role/no-such-role');
    assert.equal(created.Role, 'arn:aws:iam::000000000000:role/no-such-role');
  });
});
