import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { startEventide, stopAndClean } from '../test/e2e/support/eventide-process.js';
import { runLoad, type LoadTarget } from './load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CLIENTS = 64;
/** Messages put on the queue before the receive-and-delete run (moto scans the whole queue on every receive). */
const PREFILL = Number(process.env.BENCH_SQS_MESSAGES ?? 5_000);
const WAKE_ROUNDS = Number(process.env.BENCH_SQS_WAKES ?? 200);

/** Both servers get the same requests: json-1.0 with `X-Amz-Target`, and an (unchecked) SigV4 header naming sqs. */
const HEADERS = {
  'Content-Type': 'application/x-amz-json-1.0',
  Authorization: 'AWS4-HMAC-SHA256 Credential=AKIAEVENTIDEBENCH/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0',
};

interface Server {
  name: string;
  url: string;
  stop(): Promise<void>;
}

interface Figures {
  sendsPerSecond: number;
  sendErrors: number;
  receivedPerSecond: number;
  wakeP50Ms: number;
  wakeP99Ms: number;
  wakeAfterAnswerP50Ms: number;
}

/** SQS on Eventide beside moto (`python3 -m moto.server`), the same three measurements in the same run. */
export async function sqsBenchmark(): Promise<void> {
  const results: [string, Figures][] = [];
  for (const start of [startEventideServer, startMoto]) {
    const server = await start();
    try {
      results.push([server.name, await measure(server.url)]);
    } finally {
      await server.stop();
    }
  }
  const [[, ours], [, moto]] = results as [[string, Figures], [string, Figures]];
  const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
  console.log(`sqs: json-1.0 over keep-alive HTTP, ${CLIENTS} concurrent clients, ${SECONDS}s per run; receive+delete drains ${PREFILL} messages (at most ${SECONDS}s); ${WAKE_ROUNDS} long-poll wake-ups`);
  console.log('| | Eventide | moto | Eventide / moto |');
  console.log('|---|---|---|---|');
  console.log(`| SendMessage/s (answered once durable) | ${ours.sendsPerSecond.toFixed(0)} | ${moto.sendsPerSecond.toFixed(0)} | ${ratio(ours.sendsPerSecond, moto.sendsPerSecond)} |`);
  console.log(`| messages received+deleted/s | ${ours.receivedPerSecond.toFixed(0)} | ${moto.receivedPerSecond.toFixed(0)} | ${ratio(ours.receivedPerSecond, moto.receivedPerSecond)} |`);
  console.log(`| send → waiting long poll returns, p50 ms | ${ours.wakeP50Ms.toFixed(2)} | ${moto.wakeP50Ms.toFixed(2)} | ${ratio(moto.wakeP50Ms, ours.wakeP50Ms)} faster |`);
  console.log(`| send → waiting long poll returns, p99 ms | ${ours.wakeP99Ms.toFixed(2)} | ${moto.wakeP99Ms.toFixed(2)} | ${ratio(moto.wakeP99Ms, ours.wakeP99Ms)} faster |`);
  console.log(`| long poll returns after the send's answer, p50 ms | ${ours.wakeAfterAnswerP50Ms.toFixed(2)} | ${moto.wakeAfterAnswerP50Ms.toFixed(2)} | |`);
  if (ours.sendErrors + moto.sendErrors > 0) console.log(`send errors: Eventide ${ours.sendErrors}, moto ${moto.sendErrors}`);
}

async function measure(url: string): Promise<Figures> {
  const client = new JsonClient(url);
  try {
    const sendQueue = await client.createQueue('bench-send');
    const sendTarget: LoadTarget = { url, method: 'POST', path: '/', headers: { ...HEADERS, 'X-Amz-Target': 'AmazonSQS.SendMessage' }, body: Buffer.from(JSON.stringify({ QueueUrl: sendQueue, MessageBody: 'x'.repeat(200) })) };
    await runLoad(sendTarget, CLIENTS, 1);
    const sends = await runLoad(sendTarget, CLIENTS, SECONDS);

    const workQueue = await client.createQueue('bench-work');
    await prefill(client, workQueue);
    const received = await receiveAndDelete(client, workQueue);

    const wakeQueue = await client.createQueue('bench-wake');
    const wakes = await wakeLatencies(client, wakeQueue);
    return { sendsPerSecond: sends.requestsPerSecond, sendErrors: sends.errors, receivedPerSecond: received, ...wakes };
  } finally {
    client.close();
  }
}

async function prefill(client: JsonClient, queueUrl: string): Promise<void> {
  let next = 0;
  const loop = async () => {
    while (next < PREFILL) {
      const entries = Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: `message ${next + i}` }));
      next += 10;
      await client.call('SendMessageBatch', { QueueUrl: queueUrl, Entries: entries });
    }
  };
  await Promise.all(Array.from({ length: 16 }, loop));
}

/** `CLIENTS` consumers, each receiving one message at a time and deleting it, until the queue is drained or time is up. */
async function receiveAndDelete(client: JsonClient, queueUrl: string): Promise<number> {
  let handled = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  const consumer = async () => {
    while (performance.now() < deadline) {
      const { Messages } = (await client.call('ReceiveMessage', { QueueUrl: queueUrl, MaxNumberOfMessages: 1, VisibilityTimeout: 60 })) as { Messages?: { ReceiptHandle: string }[] };
      const message = Messages?.[0];
      if (message === undefined) return;
      await client.call('DeleteMessage', { QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle });
      handled++;
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, consumer));
  return handled / ((performance.now() - started) / 1000);
}

/** One long poll waits on an empty queue; a send follows; how long until the poll answers. */
async function wakeLatencies(client: JsonClient, queueUrl: string): Promise<Pick<Figures, 'wakeP50Ms' | 'wakeP99Ms' | 'wakeAfterAnswerP50Ms'>> {
  const sinceSend: number[] = [];
  const sinceAnswer: number[] = [];
  for (let round = 0; round < WAKE_ROUNDS; round++) {
    let returnedAt = 0;
    const poll = client.call('ReceiveMessage', { QueueUrl: queueUrl, WaitTimeSeconds: 20, VisibilityTimeout: 60 }).then((output) => {
      returnedAt = performance.now();
      return output as { Messages?: { ReceiptHandle: string }[] };
    });
    // Let the poll arrive and start waiting.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const sentAt = performance.now();
    await client.call('SendMessage', { QueueUrl: queueUrl, MessageBody: `wake ${round}` });
    const answeredAt = performance.now();
    const { Messages } = await poll;
    if (Messages?.[0] === undefined) throw new Error('the long poll returned without the message');
    sinceSend.push(returnedAt - sentAt);
    sinceAnswer.push(returnedAt - answeredAt);
    await client.call('DeleteMessage', { QueueUrl: queueUrl, ReceiptHandle: Messages[0].ReceiptHandle });
  }
  return { wakeP50Ms: percentile(sinceSend, 50), wakeP99Ms: percentile(sinceSend, 99), wakeAfterAnswerP50Ms: percentile(sinceAnswer, 50) };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

/** Raw json-1.0 calls over keep-alive connections. */
class JsonClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: CLIENTS * 2 });
  private readonly host: { hostname: string; port: string };

  constructor(url: string) {
    const { hostname, port } = new URL(url);
    this.host = { hostname, port };
  }

  async createQueue(name: string): Promise<string> {
    return ((await this.call('CreateQueue', { QueueName: name })) as { QueueUrl: string }).QueueUrl;
  }

  call(operation: string, input: unknown): Promise<unknown> {
    const body = Buffer.from(JSON.stringify(input));
    return new Promise((resolve, reject) => {
      const req = request(
        { agent: this.agent, ...this.host, method: 'POST', path: '/', headers: { ...HEADERS, 'X-Amz-Target': `AmazonSQS.${operation}`, 'Content-Length': body.length } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            if (res.statusCode !== 200) reject(new Error(`${operation}: ${res.statusCode ?? 0} ${text}`));
            else resolve(text === '' ? {} : JSON.parse(text));
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

async function startEventideServer(): Promise<Server> {
  const eventide = await startEventide();
  return { name: 'Eventide', url: eventide.url, stop: () => stopAndClean(eventide) };
}

async function startMoto(): Promise<Server> {
  const port = await freePort();
  const child = spawn('python3', ['-m', 'moto.server', '-p', String(port)], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilServing(url, child);
  return {
    name: 'moto',
    url,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitUntilServing(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('moto exited before it served');
    try {
      await fetch(`${url}/moto-api/`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error('moto did not start');
}
