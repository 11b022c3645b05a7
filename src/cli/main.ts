#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { DEFAULT_OPTIONS, startEventide, type EventideOptions } from '../eventide.js';
import { LOG_FORMATS, LOG_LEVELS } from '../logging/console-logger.js';
import { emit, EMIT_USAGE } from './emit.js';

const USAGE = `Usage: eventide serve [options]

Options (each also as an environment variable EVENTIDE_<NAME>, e.g. EVENTIDE_PORT):
  --host <host>              address to listen on (default ${DEFAULT_OPTIONS.host})
  --port <port>              port to listen on (default ${DEFAULT_OPTIONS.port})
  --data-dir <dir>           where functions, code and logs are kept (default ${DEFAULT_OPTIONS.dataDir})
  --region <region>          the region Eventide acts as (default ${DEFAULT_OPTIONS.region})
  --account-id <id>          the 12-digit account Eventide acts as (default ${DEFAULT_OPTIONS.accountId})
  --time-scale <n>           engine waits shrink n times (default ${DEFAULT_OPTIONS.timeScale})
  --idle-timeout <seconds>   stop an execution environment idle this long (default ${DEFAULT_OPTIONS.idleTimeoutSeconds})
  --concurrency <n>          concurrent executions of the account (default ${DEFAULT_OPTIONS.concurrency}, from this machine's memory)
  --async-payload-limit <b>  largest asynchronous event in bytes (default ${DEFAULT_OPTIONS.asyncPayloadLimit}; 262144 as before 2025)
  --iam-enforcement <on|off> check execution roles and their permissions as AWS does (default on); off trusts every role
  --clock-control <on|off>   serve POST /_eventide/clock/advance, which moves the engine clock forward (default off; for tests)
  --log-level <level>        ${LOG_LEVELS.join('|')}: the least the console shows (default ${DEFAULT_OPTIONS.logLevel}; debug adds every request)
  --log-format <format>      ${LOG_FORMATS.join('|')}: one line for people, or one JSON object per line for machines (default ${DEFAULT_OPTIONS.logFormat})
`;

const FLAGS = ['host', 'port', 'data-dir', 'region', 'account-id', 'time-scale', 'idle-timeout', 'concurrency', 'async-payload-limit', 'iam-enforcement', 'clock-control', 'log-level', 'log-format'] as const;
type Flag = (typeof FLAGS)[number];

function fail(message: string): never {
  process.stderr.write(`eventide: ${message}\n\n${USAGE}`);
  process.exit(2);
}

/** Flags win over EVENTIDE_* variables, which win over defaults. */
function readOptions(argv: string[]): EventideOptions {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(FLAGS.map((flag) => [flag, { type: 'string' as const }])),
    strict: true,
  });
  const setting = (flag: Flag): string | undefined =>
    (values as Record<string, string | undefined>)[flag] ?? process.env[`EVENTIDE_${flag.toUpperCase().replaceAll('-', '_')}`];
  const number = (flag: Flag, fallback: number, valid: (n: number) => boolean): number => {
    const text = setting(flag);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!valid(value)) fail(`--${flag} must be a valid number, got '${text}'`);
    return value;
  };
  const accountId = setting('account-id') ?? DEFAULT_OPTIONS.accountId;
  if (!/^\d{12}$/.test(accountId)) fail(`--account-id must be 12 digits, got '${accountId}'`);
  const onOff = (flag: Flag, fallback: boolean): boolean => {
    const text = setting(flag) ?? (fallback ? 'on' : 'off');
    if (text !== 'on' && text !== 'off') fail(`--${flag} must be on or off, got '${text}'`);
    return text === 'on';
  };
  const oneOf = <T extends string>(flag: Flag, choices: readonly T[], fallback: T): T => {
    const text = setting(flag) ?? fallback;
    if (!(choices as readonly string[]).includes(text)) fail(`--${flag} must be one of ${choices.join(', ')}, got '${text}'`);
    return text as T;
  };
  const region = setting('region') ?? DEFAULT_OPTIONS.region;
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) fail(`--region must look like us-east-1, got '${region}'`);
  return {
    ...DEFAULT_OPTIONS,
    host: setting('host') ?? DEFAULT_OPTIONS.host,
    port: number('port', DEFAULT_OPTIONS.port, (n) => Number.isInteger(n) && n >= 0 && n < 65536),
    dataDir: setting('data-dir') ?? DEFAULT_OPTIONS.dataDir,
    region,
    accountId,
    timeScale: number('time-scale', DEFAULT_OPTIONS.timeScale, (n) => n > 0),
    idleTimeoutSeconds: number('idle-timeout', DEFAULT_OPTIONS.idleTimeoutSeconds, (n) => n > 0),
    concurrency: number('concurrency', DEFAULT_OPTIONS.concurrency, (n) => Number.isInteger(n) && n > 0),
    asyncPayloadLimit: number('async-payload-limit', DEFAULT_OPTIONS.asyncPayloadLimit, (n) => Number.isInteger(n) && n > 0),
    iamEnforcement: onOff('iam-enforcement', DEFAULT_OPTIONS.iamEnforcement),
    clockControl: onOff('clock-control', DEFAULT_OPTIONS.clockControl),
    logLevel: oneOf('log-level', LOG_LEVELS, DEFAULT_OPTIONS.logLevel),
    logFormat: oneOf('log-format', LOG_FORMATS, DEFAULT_OPTIONS.logFormat),
  };
}

async function serve(argv: string[]): Promise<void> {
  let options: EventideOptions;
  try {
    options = readOptions(argv);
  } catch (error) {
    fail((error as Error).message);
  }
  // It says on stdout that it is ready: `Eventide ready on URL`, or a JSON line in the JSON log format.
  const eventide = await startEventide(options);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    eventide.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('eventide: error while stopping:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'serve') {
  serve(rest).catch((error: unknown) => {
    console.error(`eventide: ${(error as Error).message}`);
    process.exit(1);
  });
} else if (command === 'emit') {
  emit(rest).then((code) => process.exit(code));
} else if (command === undefined || command === '--help' || command === 'help') {
  process.stdout.write(`${USAGE}\n${EMIT_USAGE}`);
} else {
  fail(`unknown command '${command}'`);
}
