/**
 * Helpers of the `eventide` command's end-to-end tests: the built CLI (`node dist/src/cli/main.js …`) run as a child
 * process against a real Eventide, and the handler the tests deploy.
 */
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli, type CliRun } from './environments-support.js';

export { type CliRun };

/** Logs its event, fails when it holds `fail`, sleeps `sleep` ms (or 2 s for an event naming a `file`), returns it. */
export const CLI_HANDLER = `exports.handler = async (event) => {
  console.log('handling', JSON.stringify(event));
  if (event.fail) throw new Error('boom ' + event.fail);
  const sleep = event.sleep ?? (event.file ? 2000 : 0);
  if (sleep > 0) await new Promise((resolve) => setTimeout(resolve, sleep));
  return { handled: event };
};
`;

export const TIME = /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}/;

/** A folder to run the CLI in, for the files a test gives it. */
export const workDir = (): Promise<string> => mkdtemp(path.join(tmpdir(), 'eventide-cli-'));

/** Runs `eventide …args` in `cwd`; `endpoint` is passed as --endpoint-url when given. */
export function eventide(args: string[], options: { cwd: string; endpoint?: string; env?: Record<string, string>; timeoutMs?: number }): Promise<CliRun> {
  const endpoint = options.endpoint === undefined ? [] : ['--endpoint-url', options.endpoint];
  return runCli([...args, ...endpoint], { cwd: options.cwd, env: { NO_COLOR: '', ...options.env }, timeoutMs: options.timeoutMs ?? 20_000 });
}

/** The run succeeded; its stdout. */
export function succeeded(run: CliRun): string {
  assert.equal(run.code, 0, `exit code; stdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
  return run.stdout;
}

/** The run failed with this exit code and one line on stderr, `eventide: …`, matching `line`. */
export function failedWithOneLine(run: CliRun, code: number, line: RegExp): void {
  assert.equal(run.code, code, `exit code; stdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
  const lines = run.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got:\n${run.stderr}`);
  assert.match(lines[0] ?? '', /^eventide: /);
  assert.match(lines[0] ?? '', line);
}

/** Nothing a terminal would interpret: the CLI's output to a pipe is plain text. */
export const assertNoEscapes = (text: string): void => assert.ok(!text.includes('\u001b['), `no ANSI escape codes when not a terminal:\n${text}`);
