import { Option, type Command } from 'commander';
import type { ListedEvent } from '../api-types.js';
import { followEvents } from '../batch-progress.js';
import { endedEvent, summarize, summaryLines, type TrackedEvent } from '../batch-summary.js';
import { clientOptions, withClient, type ClientOptions, type EventideClient } from '../client.js';
import { CliError, action, usageError } from '../errors.js';
import { eventsForFiles, eventsFromLines, FILE_PLACEHOLDER, singlePayload, type BatchEvent } from '../event-sources.js';
import { print, printJson, stdoutStyle } from '../output.js';

/**
 * `eventide invoke NAME`: runs a function and prints its result and log tail, or (`--async`) queues an event and
 * prints its request id; `--each GLOB` and `--payloads FILE` queue many events and follow them to their end.
 */

interface InvokeOptions extends ClientOptions {
  payload?: string;
  qualifier?: string;
  async?: boolean;
  each?: string;
  template?: string;
  payloads?: string;
  wait: boolean;
}

/** Events being sent at once by a batch. */
const SEND_CONCURRENCY = 16;

export function registerInvoke(program: Command): void {
  const command = program
    .command('invoke')
    .description('invoke a function: its result and log tail, or with --async its request id; --each/--payloads queue many events and follow them')
    .argument('<name>', 'the function (name or ARN)')
    .addOption(new Option('--payload <json|@file>', 'the event: JSON, or @file to read it from a file').conflicts(['each', 'payloads']))
    .option('--qualifier <qualifier>', 'a version or alias')
    .option('--async', 'queue the event (InvocationType Event) and print its request id')
    .addOption(new Option('--each <glob>', `one asynchronous event per file the glob matches: {"file": "<absolute path>"}, or --template`).conflicts('payloads'))
    .option('--template <json>', `with --each: each event's JSON, where ${FILE_PLACEHOLDER} stands for the file's absolute path`)
    .option('--payloads <file>', 'one asynchronous event per line of a JSON Lines file')
    .option('--no-wait', 'with --each or --payloads: print the request ids and return without following the events')
    .addHelpText(
      'after',
      `
--each and --payloads queue asynchronous events (--async is implied) and check every event before the first is
sent; then a progress bar shows them accepted, running, retrying, succeeded and failed until each has ended, and a
summary follows. Without a terminal, plain progress lines come every few seconds.

Examples:
  eventide invoke hello --payload '{"name": "Ada"}'
  eventide invoke hello --async --payload @event.json
  eventide invoke process-file --each 'data/*.csv'
  eventide invoke process-file --each 'data/*.csv' --template '{"bucket": "local", "key": "${FILE_PLACEHOLDER}"}'
  eventide invoke hello --payloads events.jsonl --no-wait`,
    );
  clientOptions(command).action(action(invoke));
}

async function invoke(name: string, options: InvokeOptions, command: Command): Promise<void> {
  const batch = options.each !== undefined || options.payloads !== undefined;
  if (options.template !== undefined && options.each === undefined) throw usageError('--template goes with --each');
  if (!batch && command.getOptionValueSource('wait') === 'cli') throw usageError('--no-wait goes with --each or --payloads');
  if (batch) {
    const events = options.each !== undefined ? await eventsForFiles(options.each, options.template) : await eventsFromLines(options.payloads ?? '');
    return withClient(options, (client) => invokeBatch(client, name, events, options));
  }
  const payload = await singlePayload(options.payload);
  return withClient(options, (client) => (options.async === true ? invokeAsync(client, name, payload, options) : invokeSync(client, name, payload, options)));
}

async function invokeSync(client: EventideClient, name: string, payload: string | undefined, options: InvokeOptions): Promise<void> {
  const { InvokeCommand } = await import('@aws-sdk/client-lambda');
  const lambda = await client.lambda();
  const answer = await lambda.send(new InvokeCommand({ FunctionName: name, Qualifier: options.qualifier, Payload: payloadBytes(payload), LogType: 'Tail' }));
  const result = Buffer.from(answer.Payload ?? new Uint8Array()).toString('utf8');
  const logTail = answer.LogResult === undefined ? '' : Buffer.from(answer.LogResult, 'base64').toString('utf8');
  if (options.json === true) {
    printJson({
      requestId: answer.$metadata.requestId,
      statusCode: answer.StatusCode,
      executedVersion: answer.ExecutedVersion,
      functionError: answer.FunctionError,
      result: parsedOrText(result),
      logTail,
    });
  } else {
    const style = stdoutStyle();
    print(JSON.stringify(parsedOrText(result), null, 2));
    if (logTail !== '') {
      print(style.dim('── log tail ──'));
      print(style.dim(logTail.replace(/\n$/, '')));
    }
  }
  if (answer.FunctionError !== undefined) throw new CliError(`${name} returned a function error (${describeFunctionError(result, answer.FunctionError)})`);
}

async function invokeAsync(client: EventideClient, name: string, payload: string | undefined, options: InvokeOptions): Promise<void> {
  const requestId = await sendEvent(client, name, payload, options.qualifier);
  if (options.json === true) printJson({ requestId });
  else print(requestId);
}

async function sendEvent(client: EventideClient, name: string, payload: string | undefined, qualifier: string | undefined): Promise<string> {
  const { InvokeCommand } = await import('@aws-sdk/client-lambda');
  const lambda = await client.lambda();
  const answer = await lambda.send(new InvokeCommand({ FunctionName: name, Qualifier: qualifier, Payload: payloadBytes(payload), InvocationType: 'Event' }));
  return answer.$metadata.requestId ?? '';
}

async function invokeBatch(client: EventideClient, name: string, events: BatchEvent[], options: InvokeOptions): Promise<void> {
  const tracked = await sendAll(client, name, events, options.qualifier);
  if (!options.wait) {
    if (options.json === true) return printJson(tracked);
    return print(tracked.map((event) => `${event.requestId}  ${event.label}`).join('\n'));
  }
  const latest = await followEvents(client, name, tracked);
  const ended = tracked.map((event) => endedEvent(event, latest.get(event.requestId) as ListedEvent));
  const summary = summarize(ended, [...latest.values()]);
  if (options.json === true) printJson({ summary, events: ended });
  else {
    const style = stdoutStyle();
    const [headline, ...rest] = summaryLines(summary);
    print(style.bold(headline ?? ''));
    for (const line of rest) print(line);
    for (const event of ended.filter((candidate) => candidate.state === 'failed').slice(0, 10)) {
      print(style.red(`  failed: ${event.label}  ${event.requestId}  ${event.lastErrorType ?? event.condition ?? ''}`));
    }
    if (summary.failed > 10) print(`  … and ${summary.failed - 10} more: eventide events ${name} --state failed`);
  }
  if (summary.failed > 0) throw new CliError(`${summary.failed} of ${summary.total} events failed`);
}

/** Sends every event, a few at a time, in order; the first refusal stops the batch. */
async function sendAll(client: EventideClient, name: string, events: BatchEvent[], qualifier: string | undefined): Promise<TrackedEvent[]> {
  const tracked: TrackedEvent[] = new Array<TrackedEvent>(events.length);
  let next = 0;
  const worker = async () => {
    while (next < events.length) {
      const index = next++;
      const event = events[index] as BatchEvent;
      try {
        tracked[index] = { requestId: await sendEvent(client, name, event.payload, qualifier), label: event.label };
      } catch (error) {
        next = events.length;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, events.length) }, worker));
  return tracked;
}

const payloadBytes = (payload: string | undefined): Uint8Array | undefined => (payload === undefined ? undefined : Buffer.from(payload));

function parsedOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describeFunctionError(result: string, functionError: string): string {
  const document = parsedOrText(result) as { errorType?: unknown; errorMessage?: unknown } | null;
  if (typeof document !== 'object' || document === null) return functionError;
  return [document.errorType, document.errorMessage].filter((part) => typeof part === 'string').join(': ') || functionError;
}
