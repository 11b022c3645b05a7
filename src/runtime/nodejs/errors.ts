import { types } from 'node:util';

/** errorType values the runtime reports for its own failures, named as AWS's Node.js runtime names them. */
export type RuntimeErrorType =
  | 'Runtime.MalformedHandlerName'
  | 'Runtime.ImportModuleError'
  | 'Runtime.UserCodeSyntaxError'
  | 'Runtime.HandlerNotFound'
  | 'Runtime.NodeJsExit'
  | 'Runtime.UnhandledPromiseRejection';

export class RuntimeError extends Error {
  constructor(type: RuntimeErrorType, message: string) {
    super(message);
    // Not an own enumerable field, so it does not show up among the error's fields in the log.
    Object.defineProperty(this, 'name', { value: type, writable: true, configurable: true });
  }
}

export function nodeJsExitError(): RuntimeError {
  return new RuntimeError(
    'Runtime.NodeJsExit',
    'The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a Promise that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes',
  );
}

/** Body of POST /runtime/invocation/{id}/error and /runtime/init/error. */
export interface ErrorResponse {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

export function toErrorResponse(thrown: unknown): ErrorResponse {
  try {
    if (isError(thrown)) {
      return { errorType: thrown.name, errorMessage: thrown.message, trace: stackLines(thrown) };
    }
    return { errorType: typeof thrown, errorMessage: String(thrown), trace: [] };
  } catch {
    // A hostile value (throwing getters, no toString) must not take the runtime down.
    return { errorType: 'handled', errorMessage: 'the thrown value could not be read', trace: [] };
  }
}

/** One-line JSON for the log, like AWS: errorType, errorMessage, the error's own fields, stack as an array. */
export function formatErrorForLog(thrown: unknown): string {
  try {
    if (isError(thrown)) {
      return JSON.stringify({
        errorType: thrown.name,
        errorMessage: thrown.message,
        ...thrown,
        stack: stackLines(thrown),
      });
    }
  } catch {
    // Own fields that cannot be serialized (cycles, BigInt): fall back to the basic shape.
  }
  const { errorType, errorMessage, trace } = toErrorResponse(thrown);
  return JSON.stringify({ errorType, errorMessage, stack: trace });
}

function isError(value: unknown): value is Error {
  return types.isNativeError(value) || value instanceof Error;
}

function stackLines(error: Error): string[] {
  return typeof error.stack === 'string' ? error.stack.split('\n') : [];
}

export function unhandledRejectionError(reason: unknown): RuntimeError {
  let description: string;
  try {
    description = String(reason);
  } catch {
    description = typeof reason;
  }
  return new RuntimeError('Runtime.UnhandledPromiseRejection', description);
}
