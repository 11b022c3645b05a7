import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateRoleCommand, EntityAlreadyExistsException } from '@aws-sdk/client-iam';
import { iamClient } from './clients.js';
import { LAMBDA_TRUST_POLICY, ROLE } from './fixtures.js';

const CLI = fileURLToPath(new URL('../../../src/cli/main.js', import.meta.url));

export interface EventideProcess {
  url: string;
  dataDir: string;
  process: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface StartOptions {
  /** Reuse a data dir (restart tests); a fresh temp dir otherwise. */
  dataDir?: string;
  args?: string[];
  env?: Record<string, string>;
  /** Create the tests' execution role `ROLE` through the IAM API once Eventide is up (default true). */
  lambdaRole?: boolean;
  /** Start with `--clock-control on`, so the test may `advanceClock` (default false, as for users). */
  clockControl?: boolean;
  /**
   * Run an installed `eventide` command in `cwd` as a user starts it, with its default data dir (`./.eventide`
   * there), instead of this checkout's build on a temp data dir.
   */
  installed?: { command: string; cwd: string };
}

/** Starts a real Eventide (`eventide serve`) on a free port and waits for its ready line. */
export async function startEventide(options: StartOptions = {}): Promise<EventideProcess> {
  const { installed } = options;
  const dataDir = installed !== undefined ? path.join(installed.cwd, '.eventide') : (options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'eventide-test-'))));
  const clockControl = options.clockControl === true ? ['--clock-control', 'on'] : [];
  const flags = [...clockControl, ...(options.args ?? [])];
  const [command, args] =
    installed !== undefined
      ? [installed.command, ['serve', '--port', '0', ...flags]]
      : [process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', dataDir, ...flags]];
  const child = spawn(command, args, {
    cwd: installed?.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Eventide did not start:\n${output}`)), 15_000);
    const check = () => {
      const ready = readyUrl(output);
      if (ready !== undefined) {
        clearTimeout(timer);
        resolve(ready);
      }
    };
    child.stdout.on('data', check);
    void exited.then(() => reject(new Error(`Eventide exited before it was ready:\n${output}`)));
  });
  if (options.lambdaRole !== false) await createLambdaRole(url);
  return {
    url,
    dataDir,
    process: child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/**
 * The URL of Eventide's ready line: `Eventide ready on URL` (pretty log format), or the JSON line
 * `{"msg":"Eventide ready","url":URL,…}` (`--log-format json`).
 */
function readyUrl(output: string): string | undefined {
  const lines = output.split('\n').slice(0, -1); // whole lines only: the last may still be arriving
  for (const line of lines) {
    const pretty = /^Eventide ready on (http:\/\/\S+)$/.exec(line);
    if (pretty?.[1] !== undefined) return pretty[1];
    if (!line.startsWith('{') || !line.includes('"Eventide ready"')) continue;
    const record = JSON.parse(line) as { msg?: unknown; url?: unknown };
    if (record.msg === 'Eventide ready' && typeof record.url === 'string') return record.url;
  }
  return undefined;
}

/** Creates `ROLE`, trusted by Lambda, as a user would before deploying functions; a restarted Eventide already has it. */
async function createLambdaRole(url: string): Promise<void> {
  const iam = iamClient(url);
  try {
    await iam.send(new CreateRoleCommand({ RoleName: ROLE.slice(ROLE.lastIndexOf('/') + 1), AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY }));
  } catch (error) {
    if (!(error instanceof EntityAlreadyExistsException)) throw error;
  } finally {
    iam.destroy();
  }
}

/** `POST /_eventide/clock/advance` as a test sends it (Eventide started with `clockControl`); resolves with the response. */
export function advanceClock(url: string, seconds: unknown, contentType = 'application/json'): Promise<Response> {
  return fetch(`${url}/_eventide/clock/advance`, { method: 'POST', headers: { 'Content-Type': contentType }, body: JSON.stringify({ seconds }) });
}

/** Stops Eventide and removes its data dir. */
export async function stopAndClean(eventide: EventideProcess): Promise<void> {
  await eventide.stop();
  await rm(eventide.dataDir, { recursive: true, force: true });
}
