/**
 * Scheduled rules on the engine clock (`--time-scale 60`: a minute passes in a real second): `rate(1 minute)` and
 * `cron(* * * * ? *)` fire once per tick with the Scheduled Event, a disabled rule stays silent, and a restart
 * fires no tick twice.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PutRuleCommand, PutTargetsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { eventBridgeClient, sqsClient } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';

const ACCOUNT = '000000000000';
const ARGS = ['--time-scale', '60'];

interface ScheduledEvent {
  version: string;
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

let eventide: EventideProcess;
let events: EventBridgeClient;
let sqs: SQSClient;

const connect = (running: EventideProcess) => {
  eventide = running;
  events = eventBridgeClient(running.url);
  sqs = sqsClient(running.url);
};
const disconnect = () => {
  events.destroy();
  sqs.destroy();
};

before(async () => connect(await startEventide({ args: ARGS, lambdaRole: false })));
after(async () => {
  disconnect();
  await stopAndClean(eventide);
});

const queueUrl = (name: string) => `${eventide.url}/${ACCOUNT}/${name}`;

async function scheduleToQueue(rule: string, expression: string, queue: string, state: 'ENABLED' | 'DISABLED' = 'ENABLED'): Promise<string> {
  await sqs.send(new CreateQueueCommand({ QueueName: queue }));
  const arn = (await events.send(new PutRuleCommand({ Name: rule, ScheduleExpression: expression, State: state }))).RuleArn ?? '';
  await events.send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: 'q', Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:${queue}` }] }));
  return arn;
}

/** Reads the queue until it has given at least `count` events in all (or a generous deadline passes). */
async function collect(queue: string, seen: ScheduledEvent[], count: number): Promise<ScheduledEvent[]> {
  const deadline = Date.now() + 30_000;
  while (seen.length < count && Date.now() < deadline) {
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl(queue), MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    seen.push(...(received.Messages ?? []).map((message) => JSON.parse(message.Body ?? '') as ScheduledEvent));
  }
  return seen;
}

/** Each tick once, one engine minute after the one before. */
function assertConsecutiveTicks(received: ScheduledEvent[]): void {
  const times = received.map((event) => Date.parse(event.time)).sort((a, b) => a - b);
  assert.equal(new Set(times).size, times.length, `a tick fired twice: ${received.map((event) => event.time).join(', ')}`);
  for (let i = 1; i < times.length; i++) assert.equal((times[i] ?? 0) - (times[i - 1] ?? 0), 60_000, received.map((event) => event.time).join(', '));
}

test('rate(1 minute) and cron(* * * * ? *) fire the Scheduled Event once per tick; a disabled rule does not fire', async () => {
  const rateArn = await scheduleToQueue('every-minute-rate', 'rate(1 minute)', 'rate-ticks');
  const cronArn = await scheduleToQueue('every-minute-cron', 'cron(* * * * ? *)', 'cron-ticks');
  await scheduleToQueue('disabled-schedule', 'rate(1 minute)', 'disabled-ticks', 'DISABLED');

  const [rate, cron] = await Promise.all([collect('rate-ticks', [], 3), collect('cron-ticks', [], 3)]);
  assert.ok(rate.length >= 3 && cron.length >= 3, `rate ${rate.length}, cron ${cron.length}`);
  assertConsecutiveTicks(rate);
  assertConsecutiveTicks(cron);
  for (const time of cron.map((event) => event.time)) assert.match(time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/);
  for (const time of rate.map((event) => event.time)) assert.match(time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const [first] = rate;
  assert.deepEqual({ ...first, id: undefined, time: undefined }, {
    version: '0',
    id: undefined,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: ACCOUNT,
    time: undefined,
    region: 'us-east-1',
    resources: [rateArn],
    detail: {},
  });
  assert.deepEqual(cron[0]?.resources, [cronArn]);
  assert.equal(new Set([...rate, ...cron].map((event) => event.id)).size, rate.length + cron.length);

  const disabled = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl('disabled-ticks'), MaxNumberOfMessages: 10 }));
  assert.deepEqual(disabled.Messages ?? [], []);
});

test('a restart fires no tick twice, and the schedule goes on', async () => {
  await scheduleToQueue('across-restart', 'cron(* * * * ? *)', 'restart-ticks');
  const received = await collect('restart-ticks', [], 2);
  disconnect();
  await eventide.stop();
  connect(await startEventide({ dataDir: eventide.dataDir, args: ARGS, lambdaRole: false }));
  await collect('restart-ticks', received, received.length + 3);
  assert.ok(received.length >= 5, `${received.length} ticks`);
  const times = received.map((event) => event.time);
  assert.equal(new Set(times).size, times.length, `a tick fired twice: ${times.join(', ')}`);
});
