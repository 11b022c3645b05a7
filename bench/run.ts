import { asyncAcceptBenchmark, asyncEndToEndBenchmark, queuedMemoryBenchmark } from './async.js';
import { invokeSyncBenchmark } from './invoke-sync.js';
import { s3TriggerBenchmark } from './s3-trigger.js';
import { sqsBenchmark } from './sqs.js';
import { eventBridgeBenchmark } from './eventbridge.js';
import { fanOutBenchmark } from './fan-out.js';

/** `npm run bench` runs every benchmark; `npm run bench -- <name>` runs one. */
const BENCHMARKS: Record<string, () => Promise<void>> = {
  'invoke-sync': invokeSyncBenchmark,
  'async-accept': asyncAcceptBenchmark,
  'async-e2e': asyncEndToEndBenchmark,
  'queued-memory': queuedMemoryBenchmark,
  sqs: sqsBenchmark,
  's3-trigger': s3TriggerBenchmark,
  eventbridge: eventBridgeBenchmark,
  'fan-out': fanOutBenchmark,
};

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}
for (const name of requested.length > 0 ? requested : Object.keys(BENCHMARKS)) {
  await (BENCHMARKS[name] as () => Promise<void>)();
}
