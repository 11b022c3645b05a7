/**
 * The README's Quick start and Walkthrough, run as a reader runs them: `eventide` installed the README's way into a
 * temporary npm prefix, `eventide serve` started in a fresh directory (data in `./.eventide` there), and the
 * Walkthrough's shell blocks (its subsections included) run verbatim, in order, with Debian's AWS CLI v2 — only the
 * port differs, and Eventide runs with `EVENTIDE_TIME_SCALE=60` so Lambda's one-minute waits take a second (the
 * README says so). Each step must succeed, and the steps whose results the README promises are checked.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  describeStep,
  runWalkthrough,
  shellBlocks,
  walkthroughSteps,
  type StepOutput,
  type WalkthroughStep,
} from './readme-walkthrough-support.js';
import { logsClient } from './support/clients.js';
import { startEventide, type EventideProcess } from './support/eventide-process.js';

/** The checkout's root (this file is dist/test/e2e/readme-walkthrough.test.js). */
const CHECKOUT = fileURLToPath(new URL('../../../', import.meta.url));
const README_ENDPOINT = '127.0.0.1:4566';
/** Generous: the slowest step, the dead letter's wait, takes a few seconds at time scale 60. */
const STEP_TIMEOUT_MS = 90_000;
/** How long an asynchronous consequence (an upload's or an event's invocation) may take to reach the log. */
const LOG_WAIT_MS = 30_000;

interface Context {
  url: string;
  /** What another checked step printed. */
  outputOf(step: RegExp): StepOutput;
}

/** What the README promises for a step, found by its command; exactly one step must match. */
interface StepCheck {
  step: RegExp;
  check(output: StepOutput, context: Context): void | Promise<void>;
}

const json = (output: StepOutput): Record<string, unknown> => JSON.parse(output.stdout) as Record<string, unknown>;

interface EventsView {
  events: { requestId: string; state: string; approximateInvokeCount: number; attemptLog: { outcome: string; errorType?: string }[] }[];
}

interface DeadLetter {
  Messages: { Body: string; MessageAttributes: Record<string, { StringValue: string }> }[];
}

const DEAD_LETTER_RECEIVE = /sqs receive-message/;

const CHECKS: StepCheck[] = [
  {
    step: /lambda invoke --function-name hello --payload '\{"a":1\}'/,
    check(output) {
      const invoked = json(output);
      assert.equal(invoked.StatusCode, 200);
      assert.equal(invoked.FunctionError, undefined);
      assert.match(Buffer.from(String(invoked.LogResult), 'base64').toString('utf8'), /hello from hello \{"a":1\}/);
    },
  },
  { step: /^cat out\.json/, check: (output) => assert.equal(output.stdout.trim(), '{"sum":2}') },
  { step: /logs tail \/aws\/lambda\/hello$/, check: (output) => assert.match(output.stdout, /INFO\thello from hello \{"a":1\}/) },
  { step: /--invocation-type Event[\s\S]*'\{"a":2\}'/, check: (output) => assert.equal(json(output).StatusCode, 202) },
  {
    step: /\/_eventide\/functions\/hello\/events'/,
    check(output) {
      const { events } = json(output) as unknown as EventsView;
      assert.equal(events.length, 1, 'the queue shows the asynchronous event');
      assert.ok(['queued', 'running', 'succeeded'].includes(events[0]?.state ?? ''), output.stdout);
    },
  },
  { step: /--invocation-type Event[\s\S]*'\{"a":"two"\}'/, check: (output) => assert.equal(json(output).StatusCode, 202) },
  {
    step: DEAD_LETTER_RECEIVE,
    check(output) {
      const { Messages } = json(output) as unknown as DeadLetter;
      assert.equal(Messages.length, 1);
      const [letter] = Messages;
      assert.equal(letter?.Body, '{"a":"two"}', 'the dead letter is the failed event');
      assert.match(letter?.MessageAttributes.RequestID?.StringValue ?? '', /^[0-9a-f-]{36}$/);
      assert.equal(letter?.MessageAttributes.ErrorCode?.StringValue, '200');
      assert.equal(letter?.MessageAttributes.ErrorMessage?.StringValue, 'a must be a number, not "two"');
    },
  },
  {
    step: /events\?state=failed'/,
    check(output, context) {
      const { events } = json(output) as unknown as EventsView;
      const deadLetter = json(context.outputOf(DEAD_LETTER_RECEIVE)) as unknown as DeadLetter;
      assert.equal(events.length, 1);
      assert.equal(events[0]?.requestId, deadLetter.Messages[0]?.MessageAttributes.RequestID?.StringValue);
      assert.equal(events[0]?.approximateInvokeCount, 2, 'tried, then retried once');
      assert.deepEqual(events[0]?.attemptLog.map((attempt) => attempt.errorType), ['TypeError', 'TypeError']);
    },
  },
  {
    step: /logs tail \/aws\/lambda\/hello --filter-pattern '"Scheduled Event"'/,
    check: (output) => assert.match(output.stdout, /hello from hello \{.*"detail-type":"Scheduled Event".*rule\/every-minute/),
  },
  {
    step: /s3 cp report\.csv s3:\/\/uploads\/incoming\/report\.csv/,
    async check(output, context) {
      assert.match(output.stdout, /upload: \.\/report\.csv to s3:\/\/uploads\/incoming\/report\.csv/);
      const line = await helloLogLine(context.url, 'incoming/report.csv');
      assert.match(line, /"eventName":"ObjectCreated:Put"/, 'the upload invoked the function with S3 event record');
    },
  },
  {
    step: /policy\/check\?principal=s3\.amazonaws\.com/,
    check(output) {
      const decision = json(output);
      assert.equal(decision.decision, 'Allow');
      assert.equal(decision.statement, 's3-uploads');
    },
  },
  {
    step: /^eventide emit /,
    async check(output, context) {
      const eventId = output.stdout.trim();
      assert.match(eventId, /^[0-9a-f-]{36}$/, 'it prints the EventId');
      const line = await helloLogLine(context.url, eventId);
      assert.match(line, /"source":"aws\.codepipeline".*"pipeline":"my-pipeline"/, 'the rule invoked the function with the event');
    },
  },
];

/** The first line of hello's log that contains `text`, once one does. */
async function helloLogLine(url: string, text: string): Promise<string> {
  const logs = logsClient(url);
  try {
    const deadline = Date.now() + LOG_WAIT_MS;
    for (;;) {
      const found = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/hello', filterPattern: `"${text}"` }));
      const message = found.events?.[0]?.message;
      if (message !== undefined) return message;
      if (Date.now() > deadline) throw new Error(`no line of hello's log contains ${text}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    logs.destroy();
  }
}

/** Each check's step; a check that finds none or several means the README and this test disagree. */
function checkedSteps(steps: WalkthroughStep[]): { step: WalkthroughStep; check: StepCheck }[] {
  return CHECKS.map((check) => {
    const matching = steps.filter((step) => check.step.test(step.command));
    assert.equal(matching.length, 1, `the walkthrough has ${matching.length} steps matching ${check.step}, not one`);
    return { step: matching[0] as WalkthroughStep, check };
  });
}

/** The README's Quick start installs the command with `npm install -g .` and starts `eventide serve`: this test does the same. */
function assertQuickStart(readme: string): void {
  const quickStart = shellBlocks(readme, 'Quick start').join('\n');
  assert.match(quickStart, /\bnpm install -g \.\s/, 'the Quick start installs with `npm install -g .`, as this test does');
  assert.match(quickStart, /(^|&&\s*)eventide serve\s/m, 'the Quick start starts `eventide serve`, as this test does');
}

/**
 * `npm install -g .` from the checkout, into a temporary prefix. Without its `prepare` script: `npm test` has just
 * built dist/ (its `pretest`), and building again would rewrite dist/ under the tests running beside this one.
 */
async function installEventide(prefix: string): Promise<string> {
  await promisify(execFile)('npm', ['install', '-g', '--prefix', prefix, '--ignore-scripts', '--offline', '--no-audit', '--no-fund', CHECKOUT], {
    cwd: prefix,
  });
  return path.join(prefix, 'bin');
}

/**
 * The reader's shell: the installed `eventide`, the Node.js running this test (for `eventide`'s `#!/usr/bin/env
 * node`) and Debian's AWS CLI (/usr/bin) ahead of the rest of PATH; no AWS settings of this machine's.
 */
async function readerEnv(root: string, bin: string, home: string): Promise<NodeJS.ProcessEnv> {
  const nodeBin = path.join(root, 'node-bin');
  await mkdir(nodeBin);
  await symlink(process.execPath, path.join(nodeBin, 'node'));
  const inherited = Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') && !name.startsWith('EVENTIDE_'));
  return { ...Object.fromEntries(inherited), HOME: home, PATH: [bin, nodeBin, '/usr/bin', process.env.PATH ?? ''].join(':') };
}

test('the README walkthrough works verbatim against an Eventide installed and started as the Quick start says', { timeout: 600_000 }, async () => {
  const readme = await readFile(path.join(CHECKOUT, 'README.md'), 'utf8');
  assertQuickStart(readme);
  const steps = walkthroughSteps(readme);
  const checks = checkedSteps(steps);

  const root = await mkdtemp(path.join(tmpdir(), 'eventide-walkthrough-'));
  const [prefix, project, home] = ['npm-prefix', 'project', 'home'].map((dir) => path.join(root, dir)) as [string, string, string];
  let eventide: EventideProcess | undefined;
  try {
    await Promise.all([prefix, project, home].map((dir) => mkdir(dir)));
    const bin = await installEventide(prefix);
    eventide = await startEventide({ installed: { command: path.join(bin, 'eventide'), cwd: project }, env: { EVENTIDE_TIME_SCALE: '60' }, lambdaRole: false });
    assert.ok(existsSync(path.join(project, '.eventide', 'eventide.db')), 'the data is in ./.eventide');
    const endpoint = new URL(eventide.url).host;
    const onThisPort = steps.map((step) => ({ ...step, command: step.command.replaceAll(README_ENDPOINT, endpoint) }));
    const run = await runWalkthrough(onThisPort, { cwd: project, env: await readerEnv(root, bin, home), stepTimeoutMs: STEP_TIMEOUT_MS });
    if (run.failed !== undefined) {
      const { step, reason } = run.failed;
      const failed = onThisPort[step] as WalkthroughStep;
      const served = eventide.output();
      assert.fail(`walkthrough step ${step + 1} of ${steps.length} ${reason}:\n${describeStep(failed, run.outputs[step])}\n--- Eventide ---\n${served}`);
    }
    const context: Context = {
      url: eventide.url,
      outputOf: (pattern) => run.outputs[checks.find(({ step }) => pattern.test(step.command))?.step.index ?? -1] ?? { stdout: '', stderr: '' },
    };
    for (const { step, check } of checks) {
      const output = run.outputs[step.index] ?? { stdout: '', stderr: '' };
      try {
        await check.check(output, context);
      } catch (error) {
        assert.fail(`walkthrough step ${step.index + 1} does not do what the README says: ${(error as Error).message}\n${describeStep(step, output)}`);
      }
    }
  } finally {
    await eventide?.stop();
    await rm(root, { recursive: true, force: true });
  }
});
