import { Option, type Command } from 'commander';
import { functionPath, LISTED_STATES, type EventList, type EventTimeline, type ListedState, type TimelineEntry } from '../api-types.js';
import { clientOptions, withClient, type ClientOptions } from '../client.js';
import { numberWhere } from '../arguments.js';
import { action } from '../errors.js';
import { formatDuration, formatTime, print, printJson, stdoutStyle, styleState, table, type Style } from '../output.js';

/** `eventide events NAME`: a function's latest asynchronous events; `eventide events show REQUEST_ID`: one event's timeline. */

interface ListOptions extends ClientOptions {
  state?: ListedState;
  limit: number;
}

export function registerEvents(program: Command): void {
  const events = program
    .command('events')
    .enablePositionalOptions()
    .description("list a function's latest asynchronous events, oldest of them first (`events show REQUEST_ID` for one event's timeline)")
    .argument('<name>', 'the function')
    .addOption(new Option('--state <state>', 'only events in this state').choices(LISTED_STATES))
    .addOption(new Option('--limit <n>', 'how many of the latest events').default(50).argParser(numberWhere((n) => Number.isInteger(n) && n >= 1 && n <= 1000, 'a whole number from 1 to 1000')))
    .addHelpText('after', '\nExamples:\n  eventide events hello --state failed\n  eventide events show 5f1c2a9e-0b7d-4c1e-9a57-0e4c6b3f2d11');
  clientOptions(events).action(action(list));

  const show = events
    .command('show')
    .description("print one event's timeline: accepted, each attempt, each retry, the finish, its dead-letter or destination deliveries, redrives")
    .argument('<request-id>', "the event's request id (Invoke's x-amzn-RequestId)")
    .addHelpText('after', '\nExample:\n  eventide events show 5f1c2a9e-0b7d-4c1e-9a57-0e4c6b3f2d11');
  clientOptions(show).action(action(showTimeline));
}

async function list(name: string, options: ListOptions): Promise<void> {
  const query = new URLSearchParams({ order: 'newest', limit: String(options.limit), ...(options.state === undefined ? {} : { state: options.state }) });
  const answer = await withClient(options, (client) => client.get<EventList>(`${functionPath(name, 'events')}?${query}`));
  const events = answer.events.reverse();
  if (options.json === true) return printJson(events);
  if (events.length === 0) return print(`No ${options.state ?? ''} events of ${name}.`.replace('  ', ' '));
  const style = stdoutStyle();
  const rows = events.map((event) => [
    event.requestId,
    styleState(event.state, style),
    formatTime(event.enqueuedAt),
    String(event.approximateInvokeCount),
    event.lastErrorType ?? '',
    event.condition ?? (event.nextAttemptAt === undefined ? '' : `next attempt ${formatTime(event.nextAttemptAt)}`),
  ]);
  print(table(['REQUEST ID', 'STATE', 'ACCEPTED', 'INVOCATIONS', 'LAST ERROR', 'CONDITION'], rows, style));
}

async function showTimeline(requestId: string, options: ClientOptions): Promise<void> {
  const event = await withClient(options, (client) => client.get<EventTimeline>(`/_eventide/events/${encodeURIComponent(requestId)}`));
  if (options.json === true) return printJson(event);
  const style = stdoutStyle();
  const condition = event.condition === undefined ? '' : ` (${event.condition})`;
  print(`${style.bold(`Event ${event.requestId}`)} of ${event.functionName} (${event.qualifier}): ${styleState(event.state, style)}${condition}, ${event.approximateInvokeCount} invocation(s)`);
  for (const entry of event.timeline) print(`  ${style.dim(formatTime(entry.at))}  ${describeEntry(entry, style)}`);
  if (event.nextAttemptAt !== undefined) print(`  next attempt at ${formatTime(event.nextAttemptAt)}`);
  print(`Payload:  ${event.payload}`);
  if (event.response !== undefined) print(`Response: ${event.response}`);
}

function describeEntry(entry: TimelineEntry, style: Style): string {
  switch (entry.kind) {
    case 'accepted':
      return 'accepted';
    case 'attempt': {
      const details = [
        styleState(entry.outcome, style),
        entry.errorType,
        formatDuration(entry.durationMs),
        entry.fault === undefined ? undefined : style.yellow(`injected ${entry.fault}`),
        entry.logStream === undefined ? undefined : `log ${entry.logGroup ?? ''} ${entry.logStream}`.trim(),
      ];
      return `attempt ${entry.attempt}: ${details.filter((detail) => detail !== undefined).join(', ')}`;
    }
    case 'retry-scheduled':
      return `retry due at ${formatTime(entry.dueAt)}`;
    case 'finished':
      return `finished ${styleState(entry.state, style)} (${entry.condition})`;
    case 'delivery': {
      const reason = entry.reason === undefined ? '' : ` (${entry.reason})`;
      return `${entry.destination} → ${entry.target}: ${styleState(entry.result, style)}${reason}`;
    }
    case 'redrive':
      return `redriven from ${entry.from}`;
  }
}
