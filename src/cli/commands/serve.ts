import { Option, type Command } from 'commander';
import { DEFAULT_OPTIONS, LOG_FORMATS, LOG_LEVELS, type EventideOptions, type LogFormat, type LogLevel } from '../../eventide-options.js';
import { matching, numberWhere } from '../arguments.js';
import { action } from '../errors.js';

/** `eventide serve`: runs Eventide. Each flag also reads `EVENTIDE_<FLAG>` (e.g. EVENTIDE_PORT); a flag wins. */

interface ServeFlags {
  host: string;
  port: number;
  dataDir: string;
  region: string;
  accountId: string;
  timeScale: number;
  idleTimeout: number;
  concurrency: number;
  asyncPayloadLimit: number;
  iamEnforcement: 'on' | 'off';
  clockControl: 'on' | 'off';
  logLevel: LogLevel;
  logFormat: LogFormat;
}

/** A flag with its `EVENTIDE_*` variable and default; `parse` checks a value given by either. */
function setting<T>(flags: string, description: string, fallback: T, parse?: (text: string) => T): Option {
  const name = /--([a-z-]+)/.exec(flags)?.[1] ?? '';
  const option = new Option(flags, description).env(`EVENTIDE_${name.toUpperCase().replaceAll('-', '_')}`).default(fallback);
  return parse === undefined ? option : option.argParser(parse);
}

const onOff = (flags: string, description: string, fallback: boolean): Option =>
  setting(flags, description, fallback ? 'on' : 'off').choices(['on', 'off']);

function serveOptions(): Option[] {
  const defaults = DEFAULT_OPTIONS;
  return [
    setting('--host <host>', 'address to listen on', defaults.host),
    setting('--port <port>', 'port to listen on (0: any free port)', defaults.port, numberWhere((n) => Number.isInteger(n) && n >= 0 && n < 65536, 'an integer from 0 to 65535')),
    setting('--data-dir <dir>', 'where functions, code, events and logs are kept', defaults.dataDir),
    setting('--region <region>', 'the region Eventide acts as', defaults.region, matching(/^[a-z]{2}(-[a-z]+)+-\d$/, 'look like us-east-1')),
    setting('--account-id <id>', 'the 12-digit account Eventide acts as', defaults.accountId, matching(/^\d{12}$/, 'be 12 digits')),
    setting('--time-scale <n>', 'engine waits (retries, backoff, idle timeouts) shrink n times', defaults.timeScale, numberWhere((n) => n > 0, 'a number above 0')),
    setting('--idle-timeout <seconds>', 'stop an execution environment idle this long', defaults.idleTimeoutSeconds, numberWhere((n) => n > 0, 'a number above 0')),
    setting('--concurrency <n>', "concurrent executions of the account (the default comes from this machine's memory)", defaults.concurrency, numberWhere((n) => Number.isInteger(n) && n > 0, 'a whole number above 0')),
    setting('--async-payload-limit <bytes>', 'largest asynchronous event in bytes (262144 as before 2025)', defaults.asyncPayloadLimit, numberWhere((n) => Number.isInteger(n) && n > 0, 'a whole number above 0')),
    onOff('--iam-enforcement <on|off>', 'check execution roles and their permissions as AWS does; off trusts every role', defaults.iamEnforcement),
    onOff('--clock-control <on|off>', 'serve POST /_eventide/clock/advance, which moves the engine clock forward (for tests)', defaults.clockControl),
    setting('--log-level <level>', 'the least the console shows (debug adds every request)', defaults.logLevel).choices(LOG_LEVELS),
    setting('--log-format <format>', 'pretty: one line for people; json: one JSON object per line for machines', defaults.logFormat).choices(LOG_FORMATS),
  ];
}

function eventideOptions(flags: ServeFlags): EventideOptions {
  return {
    ...DEFAULT_OPTIONS,
    host: flags.host,
    port: flags.port,
    dataDir: flags.dataDir,
    region: flags.region,
    accountId: flags.accountId,
    timeScale: flags.timeScale,
    idleTimeoutSeconds: flags.idleTimeout,
    concurrency: flags.concurrency,
    asyncPayloadLimit: flags.asyncPayloadLimit,
    iamEnforcement: flags.iamEnforcement === 'on',
    clockControl: flags.clockControl === 'on',
    logLevel: flags.logLevel,
    logFormat: flags.logFormat,
  };
}

export function registerServe(program: Command): void {
  const command = program
    .command('serve')
    .description('run Eventide: the AWS APIs (Lambda, SQS, SNS, S3, EventBridge, CloudWatch Logs, IAM, STS) on one port')
    .addHelpText('after', '\nEach flag can also be set as an environment variable EVENTIDE_<FLAG>, e.g. EVENTIDE_PORT=4566; a flag wins.\n\nExample:\n  eventide serve --port 4566 --data-dir ./.eventide');
  for (const option of serveOptions()) command.addOption(option);
  command.action(action(async (flags: ServeFlags) => serve(eventideOptions(flags))));
}

async function serve(options: EventideOptions): Promise<void> {
  // The engine loads only when it is to run: the client commands start quickly without it.
  const { startEventide } = await import('../../eventide.js');
  // It says on stdout that it is ready: `Eventide ready on URL`, or a JSON line in the JSON log format.
  const eventide = await startEventide(options);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    eventide.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`eventide: error while stopping: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
