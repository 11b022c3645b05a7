import { Agent, request } from 'node:http';

export interface LoadTarget {
  url: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  /** The status a good answer has (200 unless said). */
  expectStatus?: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * A closed-loop load generator: `concurrency` loops, each sending its next request when the previous one
 * answered, over keep-alive connections, for `seconds`. Latencies are measured with the high-resolution
 * clock, so sub-millisecond figures are real.
 */
export function runLoad(target: LoadTarget, concurrency: number, seconds: number): Promise<LoadResult> {
  const deadline = performance.now() + seconds * 1000;
  // Every loop sends at least one request, so `seconds = 0` measures a single one per loop.
  return drive(target, concurrency, (sent) => sent === 0 || performance.now() < deadline);
}

/** Sends exactly `total` requests from `concurrency` loops. */
export function sendRequests(target: LoadTarget, concurrency: number, total: number): Promise<LoadResult> {
  let claimed = 0;
  return drive(target, concurrency, () => claimed++ < total);
}

/** Runs `concurrency` loops; each sends its next request while `more(sentByThisLoop)` says so. */
async function drive(target: LoadTarget, concurrency: number, more: (sentByThisLoop: number) => boolean): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const { hostname, port } = new URL(target.url);
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();

  const once = () =>
    new Promise<void>((resolve) => {
      const sentAt = performance.now();
      const req = request(
        { agent, hostname, port, method: target.method, path: target.path, headers: { ...target.headers, 'Content-Length': target.body.length } },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', () => {
            if (res.statusCode !== (target.expectStatus ?? 200)) errors++;
            latencies.push(performance.now() - sentAt);
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(target.body);
    });

  const loop = async () => {
    for (let sent = 0; more(sent); sent++) await once();
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] ?? NaN;
  return {
    requests: latencies.length,
    errors,
    seconds: elapsed,
    requestsPerSecond: latencies.length / elapsed,
    p50Ms: percentile(50),
    p99Ms: percentile(99),
  };
}
