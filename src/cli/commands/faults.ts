import { Option, type Command } from 'commander';
import { functionPath, type FaultSettings } from '../api-types.js';
import { numberList, numberWhere } from '../arguments.js';
import { clientOptions, withClient, type ClientOptions } from '../client.js';
import { action } from '../errors.js';
import { print, printJson } from '../output.js';

/**
 * `eventide faults NAME`: what Eventide injects into a function's asynchronous events to test its idempotency —
 * shown with no flag, replaced by the flags given, cleared by `--clear` (`/_eventide/functions/{FunctionName}/faults`).
 */

interface FaultOptions extends ClientOptions {
  duplicateDelivery?: number;
  throttleOnAttempts?: number[];
  systemErrorOnAttempts?: number[];
  addedLatencyMs?: number;
  clear?: boolean;
}

export function registerFaults(program: Command): void {
  const command = program
    .command('faults')
    .description("show, set or clear the faults injected into a function's asynchronous events (off by default; each shows on the timeline)")
    .argument('<name>', 'the function')
    .option('--duplicate-delivery <fraction>', 'deliver this fraction of events twice, e.g. 0.1', numberWhere(Number.isFinite, 'a number from 0 to 1'))
    .option('--throttle-on-attempts <n,n>', 'throttle these attempts, e.g. 1,2', numberList)
    .option('--system-error-on-attempts <n,n>', 'fail these attempts with a system error, e.g. 2', numberList)
    .option('--added-latency-ms <ms>', 'add this latency before each attempt', numberWhere(Number.isFinite, 'a number of milliseconds'))
    .addOption(new Option('--clear', 'inject nothing any more').conflicts(['duplicateDelivery', 'throttleOnAttempts', 'systemErrorOnAttempts', 'addedLatencyMs']))
    .addHelpText('after', '\nFlags given replace the function\'s fault settings as a whole.\n\nExamples:\n  eventide faults hello --duplicate-delivery 0.1 --throttle-on-attempts 1\n  eventide faults hello --clear');
  clientOptions(command).action(action(faults));
}

async function faults(name: string, options: FaultOptions): Promise<void> {
  const settings: FaultSettings = {
    ...(options.duplicateDelivery === undefined ? {} : { duplicateDelivery: options.duplicateDelivery }),
    ...(options.throttleOnAttempts === undefined ? {} : { throttleOnAttempts: options.throttleOnAttempts }),
    ...(options.systemErrorOnAttempts === undefined ? {} : { systemErrorOnAttempts: options.systemErrorOnAttempts }),
    ...(options.addedLatencyMs === undefined ? {} : { addedLatencyMs: options.addedLatencyMs }),
  };
  const changes = Object.keys(settings).length > 0;
  const path = functionPath(name, 'faults');
  const stored = await withClient(options, (client) =>
    options.clear === true ? client.call<FaultSettings>('DELETE', path) : changes ? client.call<FaultSettings>('PUT', path, settings) : client.get<FaultSettings>(path),
  );
  if (options.json === true) return printJson(stored);
  print(describeFaults(name, stored));
}

function describeFaults(name: string, settings: FaultSettings): string {
  const parts = [
    settings.duplicateDelivery === undefined ? undefined : `duplicate delivery of ${settings.duplicateDelivery * 100}% of events`,
    settings.throttleOnAttempts === undefined ? undefined : `throttle on attempt(s) ${settings.throttleOnAttempts.join(', ')}`,
    settings.systemErrorOnAttempts === undefined ? undefined : `system error on attempt(s) ${settings.systemErrorOnAttempts.join(', ')}`,
    settings.addedLatencyMs === undefined ? undefined : `${settings.addedLatencyMs} ms added latency`,
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? `No faults injected into ${name}'s events.` : `Faults injected into ${name}'s events: ${parts.join('; ')}.`;
}
