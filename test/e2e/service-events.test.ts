/**
 * AWS services' events against a real Eventide: `eventide emit` (and the `/_eventide/service-events` route behind
 * it) puts an `aws.*` event on the default bus with the envelope AWS gives it, routed like PutEvents; PutEvents
 * itself refuses `aws.*` sources, as on AWS; bad bodies are refused and put nothing.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PutEventsCommand, PutRuleCommand, PutTargetsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { eventBridgeClient, sqsClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { uniqueName } from './support/fixtures.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const ACCOUNT = '000000000000';
const DETAIL_TYPE = 'CodePipeline Pipeline Execution State Change';
const PIPELINE_ARN = `arn:aws:codepipeline:us-east-1:${ACCOUNT}:my-pipeline`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ENVELOPE_KEYS = ['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail'];

const executionDetail = (state: string) => ({ pipeline: 'my-pipeline', 'execution-id': '1620f6b6-6731-4d93-aa3c-123456789012', state, version: 1 });

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `eventide emit …` against the test's Eventide. */
function emit(url: string, args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'emit', ...args, '--endpoint-url', url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('AWS service events', () => {
  let eventide: EventideProcess;
  let events: EventBridgeClient;
  let sqs: SQSClient;
  /** The queue the FAILED-executions rule targets. */
  let queueUrl: string;

  before(async () => {
    eventide = await startEventide();
    events = eventBridgeClient(eventide.url);
    sqs = sqsClient(eventide.url);
    const queueName = uniqueName('pipeline-failures');
    queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: queueName }))).QueueUrl ?? '';
    const pattern = { source: ['aws.codepipeline'], 'detail-type': [DETAIL_TYPE], detail: { state: ['FAILED'] } };
    await events.send(new PutRuleCommand({ Name: 'pipeline-failed', EventPattern: JSON.stringify(pattern) }));
    const targets = await events.send(
      new PutTargetsCommand({ Rule: 'pipeline-failed', Targets: [{ Id: 'queue', Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:${queueName}` }] }),
    );
    assert.equal(targets.FailedEntryCount, 0);
  });

  after(async () => {
    for (const client of [events, sqs]) client?.destroy();
    if (eventide !== undefined) await stopAndClean(eventide);
  });

  /** Messages waiting in the rule's queue (an emit answers once its deliveries are durable). */
  const waiting = async (): Promise<number> => {
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
    return Number(Attributes?.ApproximateNumberOfMessages);
  };

  const receiveBody = async (): Promise<Record<string, unknown>> => {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }));
    assert.equal(Messages?.length, 1);
    return JSON.parse(Messages?.[0]?.Body ?? '') as Record<string, unknown>;
  };

  const postServiceEvent = (body: string) =>
    fetch(`${eventide.url}/_eventide/service-events`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });

  test('eventide emit: a FAILED execution reaches the rule on the default bus with the exact envelope; a SUCCEEDED one does not', async () => {
    const detailArgs = (state: string) => ['--source', 'aws.codepipeline', '--detail-type', DETAIL_TYPE, '--detail', JSON.stringify(executionDetail(state))];
    const failed = await emit(eventide.url, [...detailArgs('FAILED'), '--resources', PIPELINE_ARN]);
    assert.equal(failed.code, 0, failed.stderr);
    const eventId = failed.stdout.trim();
    assert.match(eventId, UUID);
    const succeeded = await emit(eventide.url, [...detailArgs('SUCCEEDED'), '--resources', PIPELINE_ARN]);
    assert.equal(succeeded.code, 0, succeeded.stderr);
    assert.match(succeeded.stdout.trim(), UUID);

    assert.equal(await waiting(), 1, 'only the FAILED execution matched');
    const event = await receiveBody();
    assert.deepEqual(Object.keys(event), ENVELOPE_KEYS, 'the envelope, in AWS order');
    assert.match(String(event.time), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.deepEqual(event, {
      version: '0',
      id: eventId,
      'detail-type': DETAIL_TYPE,
      source: 'aws.codepipeline',
      account: ACCOUNT,
      time: event.time,
      region: 'us-east-1',
      resources: [PIPELINE_ARN],
      detail: executionDetail('FAILED'),
    });
  });

  test('the route takes a time and answers the EventId; the event carries that time, in whole seconds', async () => {
    const response = await postServiceEvent(
      JSON.stringify({ source: 'aws.codepipeline', 'detail-type': DETAIL_TYPE, detail: executionDetail('FAILED'), time: '2026-03-04T05:06:07.890Z' }),
    );
    assert.equal(response.status, 200);
    const { EventId } = (await response.json()) as { EventId: string };
    assert.match(EventId, UUID);
    const event = await receiveBody();
    assert.equal(event.id, EventId);
    assert.equal(event.time, '2026-03-04T05:06:07Z');
    assert.deepEqual(event.resources, []);
  });

  test('PutEvents refuses aws.* sources entry by entry, and delivers the rest', async () => {
    const result = await events.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'aws.codepipeline', DetailType: DETAIL_TYPE, Detail: JSON.stringify(executionDetail('FAILED')) },
          { Source: 'my.app', DetailType: 'Order Placed', Detail: '{}' },
        ],
      }),
    );
    assert.equal(result.FailedEntryCount, 1);
    assert.deepEqual(result.Entries?.[0], { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' });
    assert.match(result.Entries?.[1]?.EventId ?? '', UUID);
    assert.equal(await waiting(), 0, 'the refused event reached no rule');
  });

  test('bad bodies are refused with a 400 JSON error and put nothing', async () => {
    const detail = executionDetail('FAILED');
    const refusals: [string, string, RegExp][] = [
      [JSON.stringify({ 'detail-type': DETAIL_TYPE, detail }), 'InvalidParameterValueException', /"source" is required/],
      [JSON.stringify({ source: 'aws.codepipeline', detail }), 'InvalidParameterValueException', /"detail-type" is required/],
      [JSON.stringify({ source: 'aws.codepipeline', 'detail-type': DETAIL_TYPE }), 'InvalidParameterValueException', /"detail" is required: a JSON object/],
      [JSON.stringify({ source: 'aws.codepipeline', 'detail-type': DETAIL_TYPE, detail: '{"state":"FAILED"}' }), 'InvalidParameterValueException', /"detail" is required: a JSON object/],
      [JSON.stringify({ source: 'aws.codepipeline', 'detail-type': DETAIL_TYPE, detail: [detail] }), 'InvalidParameterValueException', /"detail" is required: a JSON object/],
      [JSON.stringify({ source: 'my.app', 'detail-type': DETAIL_TYPE, detail }), 'InvalidParameterValueException', /not an AWS service's: service events have sources starting with "aws\."/],
      [JSON.stringify({ source: 'aws.codepipeline', 'detail-type': DETAIL_TYPE, detail, resources: 'arn' }), 'InvalidParameterValueException', /"resources" must be a list/],
      [JSON.stringify({ source: 'aws.codepipeline', 'detail-type': DETAIL_TYPE, detail, time: 'yesterday' }), 'InvalidParameterValueException', /"time" must be an ISO 8601/],
      [JSON.stringify({ source: 'aws.codepipeline', 'detail-type': DETAIL_TYPE, detail, 'event-bus-name': 'missing' }), 'ResourceNotFoundException', /^Event bus missing does not exist\.$/],
      ['{not json', 'InvalidRequestContentException', /Could not parse request body into json/],
    ];
    for (const [body, code, message] of refusals) {
      const response = await postServiceEvent(body);
      assert.equal(response.status, 400, body);
      assert.equal(response.headers.get('x-amzn-errortype'), code, body);
      assert.match(response.headers.get('content-type') ?? '', /application\/json/);
      const answer = (await response.json()) as { message: string };
      assert.match(answer.message, message, body);
    }
    assert.equal(await waiting(), 0);
  });

  test('eventide emit reports a refusal and exits non-zero', async () => {
    const refused = await emit(eventide.url, ['--source', 'my.app', '--detail-type', DETAIL_TYPE, '--detail', '{"state":"FAILED"}']);
    assert.equal(refused.code, 1);
    assert.equal(refused.stdout, '');
    assert.match(refused.stderr, /InvalidParameterValueException: The source "my\.app" is not an AWS service's/);
    const unusable = await emit(eventide.url, ['--source', 'aws.codepipeline', '--detail-type', DETAIL_TYPE, '--detail', '{state}']);
    assert.equal(unusable.code, 2);
    assert.match(unusable.stderr, /--detail is not JSON/);
    assert.equal(await waiting(), 0);
  });
});
