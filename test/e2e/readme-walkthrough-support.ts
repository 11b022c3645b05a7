import { spawn, spawnSync } from 'node:child_process';

/** One command of the README's walkthrough as written there, continuation lines and here-documents included. */
export interface WalkthroughStep {
  index: number;
  command: string;
}

export interface StepOutput {
  stdout: string;
  stderr: string;
}

export interface WalkthroughRun {
  /** What each step that ran printed, by step index. */
  outputs: StepOutput[];
  /** The step that failed (it exited non-zero, or ran out of time), if one did. */
  failed?: { step: number; reason: string };
}

/** The ```sh blocks of a section of the README (its subsections included), in order. */
export function shellBlocks(readme: string, heading: string): string[] {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README.md has no "## ${heading}" section`);
  const rest = readme.slice(start + heading.length + 5);
  const end = rest.search(/^## /m);
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((block) => block[1] ?? '');
}

/** The Walkthrough section's shell blocks as the commands a reader types, in order. */
export function walkthroughSteps(readme: string): WalkthroughStep[] {
  return shellBlocks(readme, 'Walkthrough')
    .flatMap(commandsOf)
    .map((command, index) => ({ index, command }));
}

/** Splits a shell block into whole commands, leaving out comment lines between them. */
function commandsOf(block: string): string[] {
  const commands: string[] = [];
  let pending: string[] = [];
  for (const line of block.split('\n')) {
    if (pending.length === 0 && (line.trim() === '' || line.trimStart().startsWith('#'))) continue;
    pending.push(line);
    if (line.endsWith('\\')) continue;
    const command = pending.join('\n');
    if (isWholeCommand(command)) {
      commands.push(command);
      pending = [];
    }
  }
  if (pending.length > 0) throw new Error(`The README walkthrough has an unfinished command:\n${pending.join('\n')}`);
  return commands;
}

/** bash itself decides: `bash -n` fails on an open quote and warns on an open here-document. */
function isWholeCommand(text: string): boolean {
  const parsed = spawnSync('bash', ['-n'], { input: `${text}\n`, encoding: 'utf8' });
  return parsed.status === 0 && parsed.stderr === '';
}

const MARK = '::readme-walkthrough-step::';
const MARKS = new RegExp(`\\n${MARK}(\\w+)\\n`);

/** Before each step, a line on stdout and stderr saying which step starts, so its output can be told apart. */
const markStep = (id: number | 'end'): string => `printf '\\n${MARK}%s\\n' ${id}; printf '\\n${MARK}%s\\n' ${id} >&2`;

/**
 * Runs the steps in order in one `bash` with `set -euo pipefail` (so `export`s carry over, as in a reader's shell),
 * in `cwd`. A step that fails ends the run; so does one that takes longer than `stepTimeoutMs` (its process
 * group is killed).
 */
export function runWalkthrough(steps: WalkthroughStep[], options: { cwd: string; env: NodeJS.ProcessEnv; stepTimeoutMs: number }): Promise<WalkthroughRun> {
  const script = ['set -euo pipefail', ...steps.flatMap((step) => [markStep(step.index), step.command]), markStep('end')].join('\n');
  const child = spawn('bash', ['-c', script], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  let parts = 0;
  let timedOut = false;
  const killGroup = (): void => {
    timedOut = true;
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  };
  let timer = setTimeout(killGroup, options.stepTimeoutMs);
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    const seen = stdout.split(MARKS).length;
    if (seen === parts) return; // no new step started: the running step's time goes on
    parts = seen;
    clearTimeout(timer);
    timer = setTimeout(killGroup, options.stepTimeoutMs);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const outputs = mergeOutputs(byStep(stdout), byStep(stderr));
      const ended = stdout.includes(`\n${MARK}end\n`);
      if (code === 0 && ended) return resolve({ outputs });
      const reason = timedOut ? `took longer than ${options.stepTimeoutMs / 1000} s` : `exited with ${code ?? signal}`;
      resolve({ outputs, failed: { step: Math.max(0, outputs.length - 1), reason } });
    });
  });
}

/** The text each step printed on one stream, by step index. */
function byStep(text: string): Map<string, string> {
  const parts = text.split(MARKS);
  const steps = new Map<string, string>();
  for (let i = 1; i < parts.length; i += 2) steps.set(parts[i] ?? '', parts[i + 1] ?? '');
  return steps;
}

function mergeOutputs(stdout: Map<string, string>, stderr: Map<string, string>): StepOutput[] {
  const outputs: StepOutput[] = [];
  for (let index = 0; stdout.has(String(index)); index++) {
    outputs.push({ stdout: stdout.get(String(index)) ?? '', stderr: stderr.get(String(index)) ?? '' });
  }
  return outputs;
}

/** A step and what it printed, for a failure message. */
export function describeStep(step: WalkthroughStep, output: StepOutput | undefined): string {
  return [`$ ${step.command}`, '--- stdout ---', output?.stdout.trim() ?? '', '--- stderr ---', output?.stderr.trim() ?? ''].join('\n');
}
