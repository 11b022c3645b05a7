import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { lambdaClient } from '../test/e2e/support/clients.js';
import { startEventide, stopAndClean } from '../test/e2e/support/eventide-process.js';
import { ROLE, zipOf } from '../test/e2e/support/fixtures.js';
import { startBaseline } from './baseline.js';
import { runLoad, type LoadResult, type LoadTarget } from './load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const COLD_STARTS = 5;
const NOOP_HANDLER = 'exports.handler = async () => ({});\n';

/**
 * A data dir inside this checkout, below its node_modules: like `./.eventide` in a user's project, where keeping a
 * function to its own packages needs a resolve hook (on Node before 22.15 a loader thread per environment).
 */
const PROJECT_DATA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', `.eventide-bench-${process.pid}`);

/** Median, min and max milliseconds of the first invoke after CreateFunction, over COLD_STARTS new functions. */
async function coldStarts(dataDir?: string): Promise<number[]> {
  const eventide = await startEventide({ dataDir });
  try {
    const lambda = lambdaClient(eventide.url);
    const zip = await zipOf({ 'index.js': NOOP_HANDLER });
    const times: number[] = [];
    for (let i = 0; i < COLD_STARTS; i++) {
      await lambda.send(new CreateFunctionCommand({ FunctionName: `cold-${i}`, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: zip } }));
      const started = performance.now();
      const result = await runOnce({ url: eventide.url, method: 'POST', path: `/2015-03-31/functions/cold-${i}/invocations`, headers: {}, body: Buffer.from('{}') });
      if (result.errors > 0) throw new Error('cold invoke failed');
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b);
  } finally {
    await stopAndClean(eventide);
  }
}

const describeColdStarts = (times: number[]): string =>
  `median ${(times[Math.floor(times.length / 2)] ?? NaN).toFixed(1)} ms, min ${times[0]?.toFixed(1)} ms, max ${times.at(-1)?.toFixed(1)} ms`;

/** Warm synchronous invokes of a no-op Node.js handler against a bare node:http server, in the same run. */
export async function invokeSyncBenchmark(): Promise<void> {
  const baseline = await startBaseline();
  const eventide = await startEventide({ args: ['--idle-timeout', '600'] });
  try {
    const lambda = lambdaClient(eventide.url);
    const zip = await zipOf({ 'index.js': NOOP_HANDLER });
    const create = (name: string) =>
      lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: zip } }));
    const invokeTarget = (name: string): LoadTarget => ({
      url: eventide.url,
      method: 'POST',
      path: `/2015-03-31/functions/${name}/invocations`,
      headers: { 'Content-Type': 'application/json' },
      body: Buffer.from('{}'),
    });

    await create('noop');
    const baseTarget: LoadTarget = { url: baseline.url, method: 'POST', path: '/', headers: { 'Content-Type': 'application/json' }, body: Buffer.from('{}') };
    const rows: [string, LoadResult, LoadResult][] = [];
    for (const concurrency of [1, 16]) {
      await runLoad(invokeTarget('noop'), concurrency, 1); // warm: start `concurrency` environments
      await runLoad(baseTarget, concurrency, 1);
      const base = await runLoad(baseTarget, concurrency, SECONDS);
      const ours = await runLoad(invokeTarget('noop'), concurrency, SECONDS);
      rows.push([`c=${concurrency}`, base, ours]);
    }

    console.log(`invoke-sync: warm RequestResponse of a no-op nodejs20.x handler, ${SECONDS}s per run`);
    console.log('| concurrency | bare node:http req/s | Eventide req/s | ratio | bare p50 / p99 ms | Eventide p50 / p99 ms | errors |');
    console.log('|---|---|---|---|---|---|---|');
    for (const [label, base, ours] of rows) {
      console.log(
        `| ${label} | ${base.requestsPerSecond.toFixed(0)} | ${ours.requestsPerSecond.toFixed(0)} | ${((ours.requestsPerSecond / base.requestsPerSecond) * 100).toFixed(1)} % | ` +
          `${base.p50Ms.toFixed(3)} / ${base.p99Ms.toFixed(3)} | ${ours.p50Ms.toFixed(3)} / ${ours.p99Ms.toFixed(3)} | ${ours.errors} |`,
      );
    }
  } finally {
    await stopAndClean(eventide);
    baseline.stop();
  }
  console.log(`cold start (first invoke after create, ${COLD_STARTS} functions), data dir in a temp dir: ${describeColdStarts(await coldStarts())}`);
  console.log(`cold start, data dir inside a project with node_modules above it: ${describeColdStarts(await coldStarts(PROJECT_DATA_DIR))}`);
}

const runOnce = (target: LoadTarget): Promise<LoadResult> => runLoad(target, 1, 0);

