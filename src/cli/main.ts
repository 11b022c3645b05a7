#!/usr/bin/env node
import { Command } from 'commander';
import { packageVersion } from '../lib/package-version.js';
import { registerEmit } from './commands/emit.js';
import { registerEvents } from './commands/events.js';
import { registerFaults } from './commands/faults.js';
import { registerInvoke } from './commands/invoke.js';
import { registerLogs } from './commands/logs.js';
import { registerRedrive } from './commands/redrive.js';
import { registerServe } from './commands/serve.js';
import { registerStatus } from './commands/status.js';

/** `eventide`: `serve` runs Eventide; every other command talks to a running one over its HTTP APIs. */
const program = new Command('eventide')
  .description("Runs AWS Lambda functions with Lambda's asynchronous invocation semantics, speaking the AWS APIs.")
  .version(packageVersion(), '-v, --version', 'print the version')
  .helpOption('-h, --help', 'print help')
  .helpCommand('help [command]', 'print help for a command')
  .showSuggestionAfterError()
  // `events NAME --endpoint-url U` and `events show ID --endpoint-url U` each read their own options.
  .enablePositionalOptions()
  // Settings made here before the commands are added apply to every command.
  // Commander's errors as one line: `eventide: unknown command 'evnts' (did you mean events?)`.
  .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'eventide: ').replace('\n(Did you mean', ' (did you mean')) })
  // Help and --version exit 0; bad usage (unknown command or option, a bad or missing value) exits 2.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));

for (const register of [registerServe, registerInvoke, registerLogs, registerEvents, registerRedrive, registerFaults, registerStatus, registerEmit]) {
  register(program);
}

// Output piped into `head` that closed early is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

if (process.argv.length <= 2) program.outputHelp();
else await program.parseAsync();
