import type { Command } from 'commander';
import { clientOptions, withClient, type ClientOptions } from '../client.js';
import { action, usageError } from '../errors.js';
import { print } from '../output.js';

/** `eventide emit`: puts an AWS service's event on a running Eventide's bus, as the service would (`POST /_eventide/service-events`). */

interface EmitOptions extends ClientOptions {
  source: string;
  detailType: string;
  detail: string;
  resources?: string;
  time?: string;
  eventBusName?: string;
}

export function registerEmit(program: Command): void {
  const command = program
    .command('emit')
    .description("put an AWS service's event on a running Eventide's default bus, as the service would (PutEvents refuses aws.* sources), and print its EventId")
    .requiredOption('--source <source>', "the service's source, e.g. aws.codepipeline")
    .requiredOption('--detail-type <type>', 'e.g. "CodePipeline Pipeline Execution State Change"')
    .requiredOption('--detail <json>', "the event's detail, a JSON object")
    .option('--resources <arn,arn>', 'the resources the event is about, comma-separated')
    .option('--time <iso8601>', 'when it happened (default: now)')
    .option('--event-bus-name <name>', 'another bus than default')
    .addHelpText('after', `\nExample:\n  eventide emit --source aws.codepipeline --detail-type "CodePipeline Pipeline Execution State Change" --detail '{"state":"FAILED"}'`);
  clientOptions(command, { json: false }).action(action(emit));
}

async function emit(options: EmitOptions): Promise<void> {
  let detail: unknown;
  try {
    detail = JSON.parse(options.detail);
  } catch (error) {
    throw usageError(`--detail is not JSON: ${(error as Error).message}`);
  }
  const body = {
    source: options.source,
    'detail-type': options.detailType,
    detail,
    ...(options.resources === undefined ? {} : { resources: options.resources.split(',').filter((resource) => resource !== '') }),
    ...(options.time === undefined ? {} : { time: options.time }),
    ...(options.eventBusName === undefined ? {} : { 'event-bus-name': options.eventBusName }),
  };
  const answer = await withClient(options, (client) => client.call<{ EventId: string }>('POST', '/_eventide/service-events', body));
  print(answer.EventId);
}
