import { CreateEventBusCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { eventBridgeClient, sqsClient } from '../test/e2e/support/clients.js';
import { startEventide, stopAndClean } from '../test/e2e/support/eventide-process.js';
import { runLoad, type LoadTarget } from './load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CLIENTS = 32;
const RULES = 100;
/** Rule i matches events of kind `k<i mod GROUPS>`: each event matches RULES / GROUPS rules. */
const GROUPS = 10;
const BATCH = 10;
const ACCOUNT = '000000000000';

const HEADERS = {
  'Content-Type': 'application/x-amz-json-1.1',
  'X-Amz-Target': 'AWSEvents.PutEvents',
  Authorization: 'AWS4-HMAC-SHA256 Credential=AKIAEVENTIDEBENCH/20260101/us-east-1/events/aws4_request, SignedHeaders=host, Signature=0',
};

/**
 * PutEvents (batches of 10) on a bus with 100 rules, 10 of which match each event and send it to an SQS queue,
 * beside the same PutEvents on a bus without rules, in the same run.
 */
export async function eventBridgeBenchmark(): Promise<void> {
  const eventide = await startEventide({ lambdaRole: false });
  const events = eventBridgeClient(eventide.url);
  const sqs = sqsClient(eventide.url);
  try {
    await events.send(new CreateEventBusCommand({ Name: 'bench-rules' }));
    await events.send(new CreateEventBusCommand({ Name: 'bench-empty' }));
    for (let group = 0; group < GROUPS; group++) await sqs.send(new CreateQueueCommand({ QueueName: `bench-target-${group}` }));
    for (let i = 0; i < RULES; i++) {
      const group = i % GROUPS;
      const pattern = { source: ['bench'], detail: { kind: [`k${group}`] } };
      await events.send(new PutRuleCommand({ Name: `rule-${i}`, EventBusName: 'bench-rules', EventPattern: JSON.stringify(pattern) }));
      await events.send(
        new PutTargetsCommand({ Rule: `rule-${i}`, EventBusName: 'bench-rules', Targets: [{ Id: 'q', Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:bench-target-${group}` }] }),
      );
    }

    const target = (busName: string): LoadTarget => ({
      url: eventide.url,
      method: 'POST',
      path: '/',
      headers: HEADERS,
      body: Buffer.from(
        JSON.stringify({
          Entries: Array.from({ length: BATCH }, (_, i) => ({
            Source: 'bench',
            DetailType: 'Bench',
            Detail: JSON.stringify({ kind: `k${i % GROUPS}`, payload: 'x'.repeat(200) }),
            EventBusName: busName,
          })),
        }),
      ),
    });
    const empty = target('bench-empty');
    const ruled = target('bench-rules');
    await runLoad(empty, CLIENTS, 1);
    await runLoad(ruled, CLIENTS, 1);
    const withoutRules = await runLoad(empty, CLIENTS, SECONDS);
    const withRules = await runLoad(ruled, CLIENTS, SECONDS);

    const perSecond = (requests: number) => requests * BATCH;
    const matching = RULES / GROUPS;
    console.log(`eventbridge: PutEvents of ${BATCH} entries, ${CLIENTS} concurrent clients, ${SECONDS}s per run; answered once every delivery is durable`);
    console.log('| | events/s | SQS deliveries/s | p50 ms | p99 ms | errors |');
    console.log('|---|---|---|---|---|---|');
    console.log(`| bus without rules | ${perSecond(withoutRules.requestsPerSecond).toFixed(0)} | 0 | ${withoutRules.p50Ms.toFixed(2)} | ${withoutRules.p99Ms.toFixed(2)} | ${withoutRules.errors} |`);
    console.log(
      `| bus with ${RULES} rules, ${matching} matching each event | ${perSecond(withRules.requestsPerSecond).toFixed(0)} | ${(perSecond(withRules.requestsPerSecond) * matching).toFixed(0)} | ${withRules.p50Ms.toFixed(2)} | ${withRules.p99Ms.toFixed(2)} | ${withRules.errors} |`,
    );
    console.log(`with rules / without: ${(withRules.requestsPerSecond / withoutRules.requestsPerSecond).toFixed(2)}`);
  } finally {
    events.destroy();
    sqs.destroy();
    await stopAndClean(eventide);
  }
}
