import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { lambdaClient } from '../test/e2e/support/clients.js';
import { startEventide, stopAndClean } from '../test/e2e/support/eventide-process.js';
import { ROLE, zipOf } from '../test/e2e/support/fixtures.js';

const FILES = Number(process.env.BENCH_FILES ?? 50);
const HANDLER_MS = 3_000;
const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const SLEEPING_HANDLER = `exports.handler = async (event) => { await new Promise((r) => setTimeout(r, ${HANDLER_MS})); return event.file; };\n`;

interface Run {
  seconds: number;
  output: string;
  code: number | null;
}

/** Runs a command to its end; its wall time in seconds and everything it printed. */
function timed(command: string, args: string[]): Promise<Run> {
  const started = performance.now();
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ seconds: (performance.now() - started) / 1000, output, code })));
}

/**
 * The seed's "process the files in parallel": `eventide invoke NAME --each 'dir/*.csv'` over FILES files of a handler
 * that takes 3 s, from the command's start to its summary (every event ended), against the same fan-out done bare in
 * the same run: FILES Node.js processes started at once, each waiting 3 s.
 */
export async function fanOutBenchmark(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'eventide-fan-out-'));
  const eventide = await startEventide();
  try {
    for (let i = 0; i < FILES; i++) await writeFile(path.join(dir, `part-${String(i).padStart(3, '0')}.csv`), `id,value\n${i},${i * 2}\n`);
    const lambda = lambdaClient(eventide.url);
    await lambda.send(
      new CreateFunctionCommand({ FunctionName: 'fan-out', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Timeout: 30, Code: { ZipFile: await zipOf({ 'index.js': SLEEPING_HANDLER }) } }),
    );
    lambda.destroy();

    const bareScript = `const n = ${FILES}; const { spawn } = require('node:child_process'); let left = n;
      for (let i = 0; i < n; i++) spawn(process.execPath, ['-e', 'setTimeout(() => {}, ${HANDLER_MS})']).on('exit', () => { if (--left === 0) process.exit(0); });`;
    const bare = await timed(process.execPath, ['-e', bareScript]);
    const ours = await timed(process.execPath, [CLI, 'invoke', 'fan-out', '--each', path.join(dir, '*.csv'), '--endpoint-url', eventide.url]);
    if (ours.code !== 0 || !ours.output.includes(`${FILES} events: ${FILES} succeeded`)) throw new Error(`eventide invoke --each did not finish every event:\n${ours.output}`);
    const progressLines = ours.output.split('\n').filter((line) => /running \d+/.test(line)).length;

    console.log(`fan-out: eventide invoke --each over ${FILES} files, a ${HANDLER_MS / 1000} s handler, default concurrency`);
    console.log('| run | wall s | ratio to bare | over one handler s |');
    console.log('|---|---|---|---|');
    console.log(`| bare: ${FILES} node processes waiting ${HANDLER_MS / 1000} s at once | ${bare.seconds.toFixed(2)} | 1.00 | ${(bare.seconds - HANDLER_MS / 1000).toFixed(2)} |`);
    console.log(
      `| eventide invoke --each (${progressLines} progress lines) | ${ours.seconds.toFixed(2)} | ${(ours.seconds / bare.seconds).toFixed(2)} | ${(ours.seconds - HANDLER_MS / 1000).toFixed(2)} |`,
    );
    console.log(ours.output.split('\n').filter((line) => /^(\d+ events|Accepted|Attempts)/.test(line)).join('\n'));
  } finally {
    await stopAndClean(eventide);
    await rm(dir, { recursive: true, force: true });
  }
}
