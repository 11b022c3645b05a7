import { Option, type Command } from 'commander';
import { functionPath, type RedriveAnswer } from '../api-types.js';
import { clientOptions, withClient, type ClientOptions } from '../client.js';
import { action, usageError } from '../errors.js';
import { print, printJson, stdoutStyle, table } from '../output.js';

/**
 * `eventide redrive NAME`: puts failed events back in the queue with their request id, payload and history, due now
 * with a fresh retry budget (`POST /_eventide/functions/{FunctionName}/redrive`).
 */

interface RedriveOptions extends ClientOptions {
  requestId?: string[];
  state?: 'failed';
  fromDlq?: string;
}

export function registerRedrive(program: Command): void {
  const command = program
    .command('redrive')
    .description('put failed events back in the queue with their original request id and payload, their history kept')
    .argument('<name>', 'the function')
    .addOption(new Option('--request-id <id...>', 'these failed events').conflicts(['state', 'fromDlq']))
    .addOption(new Option('--state <state>', "every failed event of the function").choices(['failed']).conflicts('fromDlq'))
    .option('--from-dlq <queue-url>', "the events whose dead letters wait in this SQS queue (the dead letters leave it)")
    .addHelpText('after', '\nGive exactly one of --request-id, --state failed or --from-dlq.\n\nExamples:\n  eventide redrive hello --state failed\n  eventide redrive hello --from-dlq http://127.0.0.1:4566/000000000000/hello-dlq');
  clientOptions(command).action(action(redrive));
}

async function redrive(name: string, options: RedriveOptions): Promise<void> {
  const selector =
    options.requestId !== undefined
      ? { requestIds: options.requestId }
      : options.state !== undefined
        ? { state: options.state }
        : options.fromDlq !== undefined
          ? { deadLetterQueueUrl: options.fromDlq }
          : undefined;
  if (selector === undefined) throw usageError('say which events to redrive: --request-id ID, --state failed or --from-dlq QUEUE_URL');
  const answer = await withClient(options, (client) => client.call<RedriveAnswer>('POST', functionPath(name, 'redrive'), selector));
  if (options.json === true) return printJson(answer);
  const style = stdoutStyle();
  print(`Redriven: ${answer.redriven.length} event(s) of ${name}${answer.skipped.length > 0 ? `; skipped: ${answer.skipped.length}` : ''}`);
  if (answer.redriven.length > 0) print(table(['REQUEST ID', 'FROM'], answer.redriven.map((event) => [event.requestId, event.from]), style));
  if (answer.skipped.length > 0) {
    print();
    print(table(['SKIPPED', 'REASON'], answer.skipped.map((event) => [event.requestId ?? '-', event.reason]), style));
  }
}
