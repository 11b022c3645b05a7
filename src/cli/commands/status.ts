import type { Command } from 'commander';
import type { Status } from '../api-types.js';
import { clientOptions, withClient, type ClientOptions } from '../client.js';
import { action } from '../errors.js';
import { formatDuration, print, printJson, stdoutStyle, table } from '../output.js';

/** `eventide status`: the server, its store, and each function with its queue depth and running environments. */
export function registerStatus(program: Command): void {
  const command = program
    .command('status')
    .description('show the server, its store, and each function with its queue depth and running execution environments')
    .addHelpText('after', '\nExample:\n  eventide status');
  clientOptions(command).action(action(status));
}

async function status(options: ClientOptions): Promise<void> {
  const answer = await withClient(options, (client) => client.get<Status>('/_eventide/status'));
  if (options.json === true) return printJson(answer);
  const style = stdoutStyle();
  print(`${style.bold(`Eventide ${answer.version}`)} at ${answer.endpoint}, up ${formatDuration(answer.uptimeSeconds * 1000)}`);
  print(`Store:       ${answer.store.kind} in ${answer.store.dataDir}`);
  print(`Concurrency: ${answer.concurrency.running} of ${answer.concurrency.limit} executions running`);
  print();
  if (answer.functions.length === 0) return print('No functions yet.');
  const rows = answer.functions.map((fn) => [
    fn.name,
    fn.runtime,
    String(fn.queued),
    String(fn.retrying),
    String(fn.running),
    fn.failed > 0 ? style.red(String(fn.failed)) : '0',
    String(fn.environments),
  ]);
  print(table(['FUNCTION', 'RUNTIME', 'QUEUED', 'RETRYING', 'RUNNING', 'FAILED', 'ENVIRONMENTS'], rows, style));
}
