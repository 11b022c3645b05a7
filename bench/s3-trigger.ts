import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AddPermissionCommand, CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { lambdaClient } from '../test/e2e/support/clients.js';
import { startEventide, stopAndClean } from '../test/e2e/support/eventide-process.js';
import { ROLE, zipOf } from '../test/e2e/support/fixtures.js';
import { runLoad, type LoadTarget } from './load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CLIENTS = 16;
const LATENCY_UPLOADS = Number(process.env.BENCH_S3_UPLOADS ?? 200);
const OBJECT = Buffer.alloc(1024, 'x');
const AUTHORIZATION = 'AWS4-HMAC-SHA256 Credential=AKIAEVENTIDEBENCH/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0';

/** Tells the benchmark, over HTTP, the key of the upload it started handling, the moment it starts. */
const REPORTING_HANDLER = `exports.handler = async (event) => {
  if (process.env.REPORT_URL === '') return;
  const key = event.Records[0].s3.object.key;
  await fetch(process.env.REPORT_URL, { method: 'POST', body: key });
};
`;

/**
 * S3 → Lambda: the time from a PutObject (1 KB) to the function's handler starting, one upload at a time, and
 * sustained PutObject throughput into a bucket whose uploads invoke a no-op function, beside the same PutObjects
 * into a bucket without notifications, in the same run.
 */
export async function s3TriggerBenchmark(): Promise<void> {
  const started = new Map<string, (at: number) => void>();
  const reports = createServer((req, res) => {
    let key = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (key += chunk));
    req.on('end', () => {
      started.get(key)?.(performance.now());
      res.end();
    });
  });
  const reportUrl = await listen(reports);
  const eventide = await startEventide();
  const lambda = lambdaClient(eventide.url);
  try {
    await createTriggeredFunction(eventide.url, lambda, 'bench-reporting', reportUrl, 'bench-latency');
    await createTriggeredFunction(eventide.url, lambda, 'bench-noop', '', 'bench-notified');
    await s3(eventide.url, 'PUT', '/bench-plain');

    // Latency: one upload at a time, from sending the PutObject to the handler's report.
    const latencies: number[] = [];
    for (let n = 0; n < LATENCY_UPLOADS + 10; n++) {
      const key = `object-${n}`;
      const begun = performance.now();
      const reached = new Promise<number>((resolve) => started.set(key, resolve));
      await s3(eventide.url, 'PUT', `/bench-latency/${key}`, OBJECT);
      const at = await reached;
      started.delete(key);
      if (n >= 10) latencies.push(at - begun); // the first ones start the environment
    }
    latencies.sort((a, b) => a - b);

    const put = (bucket: string): LoadTarget => ({
      url: eventide.url,
      method: 'PUT',
      path: `/${bucket}/object`,
      headers: { Authorization: AUTHORIZATION, 'Content-Type': 'application/octet-stream' },
      body: OBJECT,
      expectStatus: 200,
    });
    await runLoad(put('bench-plain'), CLIENTS, 1);
    await runLoad(put('bench-notified'), CLIENTS, 1);
    const plain = await runLoad(put('bench-plain'), CLIENTS, SECONDS);
    const notified = await runLoad(put('bench-notified'), CLIENTS, SECONDS);

    const at = (fraction: number) => (latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * fraction))] ?? 0).toFixed(2);
    console.log(`s3-trigger: 1 KB PutObject; latency over ${latencies.length} uploads one at a time; throughput ${CLIENTS} clients for ${SECONDS}s`);
    console.log(`| PutObject → handler starts | p50 ${at(0.5)} ms | p99 ${at(0.99)} ms |`);
    console.log('| | uploads/s | p50 ms | p99 ms | errors |');
    console.log('|---|---|---|---|---|');
    console.log(`| bucket without notifications | ${plain.requestsPerSecond.toFixed(0)} | ${plain.p50Ms.toFixed(2)} | ${plain.p99Ms.toFixed(2)} | ${plain.errors} |`);
    console.log(`| bucket invoking a function | ${notified.requestsPerSecond.toFixed(0)} | ${notified.p50Ms.toFixed(2)} | ${notified.p99Ms.toFixed(2)} | ${notified.errors} |`);
    console.log(`notifications cost: ${(100 * (1 - notified.requestsPerSecond / plain.requestsPerSecond)).toFixed(1)} % of plain PutObject throughput`);
  } finally {
    lambda.destroy();
    await stopAndClean(eventide);
    reports.close();
  }
}

/** A function invoked by uploads to `bucket`, allowed by its policy, as a user would set it up. */
async function createTriggeredFunction(url: string, lambda: ReturnType<typeof lambdaClient>, name: string, reportUrl: string, bucket: string): Promise<void> {
  const created = await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: ROLE,
      Code: { ZipFile: await zipOf({ 'index.js': REPORTING_HANDLER }) },
      Environment: { Variables: { REPORT_URL: reportUrl } },
    }),
  );
  await lambda.send(
    new AddPermissionCommand({ FunctionName: name, StatementId: 's3', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com', SourceArn: `arn:aws:s3:::${bucket}` }),
  );
  await s3(url, 'PUT', `/${bucket}`);
  const configuration = `<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><CloudFunctionConfiguration><Id>bench</Id><CloudFunction>${created.FunctionArn ?? ''}</CloudFunction><Event>s3:ObjectCreated:*</Event></CloudFunctionConfiguration></NotificationConfiguration>`;
  await s3(url, 'PUT', `/${bucket}?notification`, Buffer.from(configuration));
}

/** One signed-looking S3 request; fails unless it answers 200. */
function s3(url: string, method: string, path: string, body: Buffer = Buffer.alloc(0)): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, method, path, headers: { Authorization: AUTHORIZATION, 'Content-Length': body.length } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`${method} ${path}: ${res.statusCode ?? 0} ${text}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)));
}
