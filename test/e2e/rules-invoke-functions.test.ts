/**
 * EventBridge rules that invoke functions, against a real Eventide: a schedule and a rule on AWS service events
 * (the seed's CodePipeline FAILED case) each invoke the function once its resource-based policy lets the rule do so.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { PutRuleCommand, PutTargetsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { AddPermissionCommand, CreateFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { eventBridgeClient, lambdaClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';
import { ROLE, uniqueName, zipOf } from './support/fixtures.js';

/** Appends each event it receives, as a JSON line, to $OUT. */
const RECORDER = `const fs = require('node:fs');
exports.handler = async (event) => { fs.appendFileSync(process.env.OUT, JSON.stringify(event) + '\\n'); };
`;

interface Received {
  source: string;
  'detail-type': string;
  resources: string[];
  detail: Record<string, unknown>;
}

let eventide: EventideProcess;
let lambda: LambdaClient;
let events: EventBridgeClient;
let work: string;

before(async () => {
  // 60×: a rate(1 minute) schedule ticks about once a real second.
  eventide = await startEventide({ args: ['--time-scale', '60'] });
  lambda = lambdaClient(eventide.url);
  events = eventBridgeClient(eventide.url);
  work = await mkdtemp(path.join(tmpdir(), 'eventide-rules-'));
});

after(async () => {
  lambda?.destroy();
  events?.destroy();
  if (eventide !== undefined) await stopAndClean(eventide);
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

const createRecorder = async (out: string): Promise<{ name: string; arn: string }> => {
  const name = uniqueName('rule-fn');
  const created = await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: ROLE,
      Code: { ZipFile: await zipOf({ 'index.js': RECORDER }) },
      Environment: { Variables: { OUT: out } },
    }),
  );
  return { name, arn: created.FunctionArn ?? '' };
};

/** A rule targeting the function, and the permission that lets the rule invoke it. */
const ruleInvoking = async (fn: { name: string; arn: string }, rule: { EventPattern?: string; ScheduleExpression?: string }): Promise<string> => {
  const name = uniqueName('rule');
  const { RuleArn: ruleArn = '' } = await events.send(new PutRuleCommand({ Name: name, ...rule }));
  await lambda.send(
    new AddPermissionCommand({ FunctionName: fn.name, StatementId: name, Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com', SourceArn: ruleArn }),
  );
  await events.send(new PutTargetsCommand({ Rule: name, Targets: [{ Id: 'function', Arn: fn.arn }] }));
  return ruleArn;
};

const waitForEvents = async (file: string, count: number): Promise<Received[]> => {
  let received: Received[] = [];
  for (let tries = 0; tries < 100 && received.length < count; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const text = await readFile(file, 'utf8').catch(() => '');
    received = text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Received);
  }
  return received;
};

test('a scheduled rule invokes the function with the Scheduled Event', async () => {
  const out = path.join(work, 'scheduled.jsonl');
  const ruleArn = await ruleInvoking(await createRecorder(out), { ScheduleExpression: 'rate(1 minute)' });
  const [first] = await waitForEvents(out, 1);
  assert.ok(first !== undefined, 'the schedule invoked the function');
  assert.equal(first.source, 'aws.events');
  assert.equal(first['detail-type'], 'Scheduled Event');
  assert.deepEqual(first.resources, [ruleArn]);
  assert.deepEqual(first.detail, {});
});

test('a rule on failed CodePipeline executions invokes the function with the service event', async () => {
  const out = path.join(work, 'pipeline.jsonl');
  const pattern = { source: ['aws.codepipeline'], 'detail-type': ['CodePipeline Pipeline Execution State Change'], detail: { state: ['FAILED'] } };
  await ruleInvoking(await createRecorder(out), { EventPattern: JSON.stringify(pattern) });
  const emit = (state: string) =>
    fetch(`${eventide.url}/_eventide/service-events`, {
      method: 'POST',
      body: JSON.stringify({ source: 'aws.codepipeline', 'detail-type': 'CodePipeline Pipeline Execution State Change', detail: { pipeline: 'my-pipeline', state } }),
    });
  assert.equal((await emit('SUCCEEDED')).status, 200);
  assert.equal((await emit('FAILED')).status, 200);

  await waitForEvents(out, 1);
  // Give a wrongly matched SUCCEEDED event time to show up too.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const received = await waitForEvents(out, 1);
  assert.equal(received.length, 1, 'only the FAILED execution invoked the function');
  assert.equal(received[0]?.source, 'aws.codepipeline');
  assert.deepEqual(received[0]?.detail, { pipeline: 'my-pipeline', state: 'FAILED' });
});
