import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { FunctionSpec } from './types.js';

/** Runtimes Eventide runs, and how each starts its process. */
export const SUPPORTED_RUNTIMES = ['nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'provided', 'provided.al2', 'provided.al2023'] as const;

export const isSupportedRuntime = (runtime: string): boolean => (SUPPORTED_RUNTIMES as readonly string[]).includes(runtime);

const isNodeRuntime = (runtime: string): boolean => runtime.startsWith('nodejs');

/** Eventide's own Node.js runtime interface client, compiled beside this file. */
const NODE_RUNTIME_CLIENT = fileURLToPath(new URL('./nodejs/ric.js', import.meta.url));

export const RUNTIME_DIR = path.dirname(NODE_RUNTIME_CLIENT);

export interface LaunchCommand {
  command: string;
  args: string[];
  /** The runtime writes framed log records to file descriptor 3 (Eventide's own Node.js runtime does). */
  framedLogs: boolean;
}

/** The descriptor of the framed-log pipe, as the runtime finds it in `EVENTIDE_LOG_FD`. */
export const LOG_FD = 3;

export function launchCommand(spec: FunctionSpec): LaunchCommand {
  if (isNodeRuntime(spec.runtime)) {
    // MemorySize caps the heap, as on Lambda, so a handler that grows past it fails the same way.
    return { command: process.execPath, args: [`--max-old-space-size=${spec.memorySize}`, NODE_RUNTIME_CLIENT], framedLogs: true };
  }
  return { command: path.join(spec.codeDir, 'bootstrap'), args: [], framedLogs: false };
}

/** The value of `AWS_EXECUTION_ENV`; custom runtimes have none. */
export const executionEnv = (runtime: string): string | undefined =>
  isNodeRuntime(runtime) ? `AWS_Lambda_${runtime}` : undefined;
