/**
 * How the `eventide` command fails: one line on stderr, `eventide: <what went wrong>`, and a non-zero exit code —
 * 2 for bad usage (a flag, an argument, an input file), 1 for what went wrong once the command ran.
 */

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

/** Bad usage: a flag's value, an argument, a payload file or a glob the command cannot use. */
export const usageError = (message: string): CliError => new CliError(message, 2);

/** An error Eventide answered on one of its own `/_eventide/*` routes. */
export class EventideApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
};

/** The line that says what went wrong, naming where the command looked for Eventide when it found none. */
export function describeFailure(error: unknown, endpoint: string): CliError {
  if (error instanceof CliError) return error;
  const network = networkErrorCode(error);
  if (network !== undefined) {
    return new CliError(`no Eventide answers at ${endpoint} (${NETWORK_ERRORS[network] ?? network}); start one with \`eventide serve\` or pass --endpoint-url`);
  }
  if (error instanceof EventideApiError) return new CliError(`${error.code}: ${error.message}`);
  if (isAwsServiceError(error)) return new CliError(`${error.name}: ${error.message}`);
  return new CliError(error instanceof Error ? error.message : String(error));
}

/** fetch hides the socket's error in `cause`; the AWS SDK passes it on as it is. */
function networkErrorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 3; current = current.cause, depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    if (code !== undefined && code in NETWORK_ERRORS) return code;
  }
  return undefined;
}

const isAwsServiceError = (error: unknown): error is Error => error instanceof Error && '$metadata' in error && '$fault' in error;

/** A command's action: whatever it throws is printed as one line and sets the exit code. */
export function action<A extends unknown[]>(work: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args) => {
    try {
      await work(...args);
    } catch (error) {
      const failure = error instanceof CliError ? error : new CliError(error instanceof Error ? error.message : String(error));
      process.stderr.write(`eventide: ${failure.message}\n`);
      process.exitCode = failure.exitCode;
    }
  };
}
