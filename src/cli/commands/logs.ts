import type { FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { InvalidArgumentError, type Command } from 'commander';
import { clientOptions, withClient, type ClientOptions, type EventideClient } from '../client.js';
import { action } from '../errors.js';
import { formatTime, print, stdoutStyle } from '../output.js';

/** `eventide logs NAME`: a function's log lines (FilterLogEvents on `/aws/lambda/NAME`), once or followed. */

interface LogsOptions extends ClientOptions {
  since?: number;
  filter?: string;
  follow?: boolean;
}

const FOLLOW_INTERVAL_MS = 1000;
const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `10m`, `30s`, `2h`, `1d` before now, or an ISO time: the epoch milliseconds the lines start at. */
function sinceOf(text: string): number {
  const relative = /^(\d+)([smhd])$/.exec(text);
  if (relative !== null) return Date.now() - Number(relative[1]) * (UNITS[relative[2] ?? 's'] ?? 1000);
  const time = Date.parse(text);
  if (Number.isNaN(time)) throw new InvalidArgumentError('It must be a duration such as 30s, 10m, 2h or 1d, or an ISO time.');
  return time;
}

/** Plain text becomes a quoted term (an exact phrase: `logs-one` would be refused as a bare term); a pattern stays as it is. */
function filterPatternOf(text: string | undefined): string | undefined {
  if (text === undefined || /^\s*[{["?%]/.test(text)) return text;
  return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

export function registerLogs(program: Command): void {
  const command = program
    .command('logs')
    .description("print a function's log lines (its log group /aws/lambda/NAME)")
    .argument('<name>', 'the function')
    .option('--since <when>', 'lines from this long ago (30s, 10m, 2h, 1d) or this ISO time (default: 10m)', sinceOf)
    .option('--filter <text>', 'only lines holding this text; a CloudWatch Logs filter pattern ({ $.level = "ERROR" }, [...], "...", ?a ?b) is used as it is')
    .option('-f, --follow', 'keep printing new lines until interrupted')
    .addHelpText('after', '\nExamples:\n  eventide logs hello --since 1h --filter ERROR\n  eventide logs hello --follow');
  clientOptions(command).action(action(logs));
}

async function logs(name: string, options: LogsOptions): Promise<void> {
  await withClient(options, async (client) => {
    const seen = new Set<string>();
    let startTime = options.since ?? sinceOf('10m');
    for (;;) {
      for (const event of await filterAll(client, name, startTime, filterPatternOf(options.filter))) {
        if (event.eventId !== undefined && seen.has(event.eventId)) continue;
        if (event.eventId !== undefined) seen.add(event.eventId);
        printEvent(event, options.json === true);
        // Lines at the same millisecond may still come: the next look starts there, the seen ids skip repeats.
        startTime = Math.max(startTime, event.timestamp ?? startTime);
      }
      if (options.follow !== true) return;
      await new Promise((resolve) => setTimeout(resolve, FOLLOW_INTERVAL_MS));
    }
  });
}

async function filterAll(client: EventideClient, name: string, startTime: number, filterPattern: string | undefined): Promise<FilteredLogEvent[]> {
  const { FilterLogEventsCommand } = await import('@aws-sdk/client-cloudwatch-logs');
  const logs = await client.logs();
  const events: FilteredLogEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${name}`, startTime, filterPattern, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return events;
}

function printEvent(event: FilteredLogEvent, json: boolean): void {
  if (json) return print(JSON.stringify({ timestamp: event.timestamp, logStreamName: event.logStreamName, message: event.message }));
  const style = stdoutStyle();
  const time = event.timestamp === undefined ? '' : formatTime(new Date(event.timestamp).toISOString());
  print(`${style.dim(time)}  ${(event.message ?? '').replace(/\n$/, '')}`);
}
