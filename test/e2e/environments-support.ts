/**
 * Helpers shared by environments.test.ts and lifecycle.test.ts: creating Node.js functions, invoking them and
 * reading what they answered, file barriers, and checking whether a process is still there.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { CreateFunctionCommand, InvokeCommand, type FunctionConfiguration, type LambdaClient } from '@aws-sdk/client-lambda';

import { ROLE, zipOf } from './support/fixtures.js';

export { sleep };

export interface NodeFunction {
  name: string;
  /** The contents of `index.js`; the handler is `index.handler`. */
  code: string;
  timeout?: number;
  environment?: Record<string, string>;
  /** The execution role; `ROLE` unless given. */
  role?: string;
}

export async function createNodeFunction(lambda: LambdaClient, fn: NodeFunction): Promise<FunctionConfiguration> {
  return lambda.send(
    new CreateFunctionCommand({
      FunctionName: fn.name,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: fn.role ?? ROLE,
      Code: { ZipFile: await zipOf({ 'index.js': fn.code }) },
      Timeout: fn.timeout ?? 10,
      ...(fn.environment === undefined ? {} : { Environment: { Variables: fn.environment } }),
    }),
  );
}

/**
 * Says it started (a file in GATE_DIR), then holds until the test creates `release` there, and answers `answer`.
 */
export const gatedHandler = (answer: string): string => `const fs = require('node:fs');
const path = require('node:path');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
exports.handler = async (event, context) => {
  const dir = process.env.GATE_DIR;
  fs.writeFileSync(path.join(dir, 'started'), String(process.pid));
  while (!fs.existsSync(path.join(dir, 'release')) && context.getRemainingTimeInMillis() > 1000) await sleep(20);
  return { answer: ${JSON.stringify(answer)}, pid: process.pid, released: fs.existsSync(path.join(dir, 'release')) };
};
`;

export interface Invoked<T = unknown> {
  statusCode: number | undefined;
  functionError: string | undefined;
  /** The response payload, parsed as JSON. */
  body: T;
  /** The decoded `LogResult` (LogType Tail), '' when none was asked for. */
  log: string;
  /** The request id Eventide answered with (x-amzn-RequestId). */
  requestId: string | undefined;
}

export async function invoke<T = unknown>(lambda: LambdaClient, name: string, event: unknown = {}): Promise<Invoked<T>> {
  const out = await lambda.send(
    new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(event)), LogType: 'Tail' }),
  );
  const text = Buffer.from(out.Payload ?? new Uint8Array()).toString();
  return {
    statusCode: out.StatusCode,
    functionError: out.FunctionError,
    body: (text === '' ? undefined : JSON.parse(text)) as T,
    log: out.LogResult === undefined ? '' : Buffer.from(out.LogResult, 'base64').toString(),
    requestId: out.$metadata.requestId,
  };
}

/** Asserts nothing, returns the REPORT line of a Tail log (or undefined). */
export const reportLineOf = (log: string): string | undefined => log.split('\n').find((line) => line.startsWith('REPORT '));

/** A fresh temporary directory for file barriers; removed by `cleanup`. */
export async function barrierDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'eventide-barrier-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Waits until `check` is true, polling every 20 ms; fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(20);
  }
}

export const fileExists = (file: string): boolean => existsSync(file);

/**
 * True when no process has this pid any more (`kill(pid, 0)` fails with ESRCH). Eventide reaps the
 * environments it stops, so while Eventide runs a stopped environment is simply gone.
 */
export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true;
    throw error;
  }
}

/**
 * True when the process no longer runs: gone, or a zombie. Once Eventide itself has exited, an environment it
 * killed on the way out may not have been reaped by Eventide yet; it is then re-parented to PID 1, and in some
 * sandboxes PID 1 never reaps, leaving a dead `Z` entry. A zombie runs nothing, so it counts as stopped; a
 * process Eventide forgot to kill would be in state S or R and fail this check.
 */
export function processStopped(pid: number): boolean {
  if (processGone(pid)) return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X';
  } catch {
    return true; // vanished between the two looks
  }
}

/** Resolves true when a new TCP connection to the URL's host and port is refused, false when one is accepted. */
export function connectionRefused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    // A reset while connecting: the listener is closing with this connection still in its backlog; not refused yet.
    socket.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNREFUSED' ? resolve(true) : error.code === 'ECONNRESET' ? resolve(false) : reject(error),
    );
  });
}

/** Where `tsc` puts the CLI: dist/src/cli/main.js (this file is dist/test/e2e/environments-support.js). */
export const CLI_PATH = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node dist/src/cli/main.js ...args` to its end, in `cwd`. A run that does not end within `timeoutMs`
 * (e.g. a bad flag accepted, so Eventide serves) is killed and reported as such.
 */
export function runCli(args: string[], options: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 10_000);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
