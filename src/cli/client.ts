import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { Option, type Command } from 'commander';
import { describeFailure, EventideApiError } from './errors.js';

/**
 * How a client command reaches a running Eventide: its URL (`--endpoint-url`, else `$AWS_ENDPOINT_URL`, else the
 * default port), the AWS SDK v3 clients for the AWS APIs, and fetch for Eventide's own `/_eventide/*` routes.
 */

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:4566';

export interface ClientOptions {
  endpointUrl: string;
  json?: boolean;
}

/** `--endpoint-url` and `--json`, as every client command takes them. */
export function clientOptions(command: Command, { json = true } = {}): Command {
  command.addOption(
    new Option('--endpoint-url <url>', 'the Eventide to talk to').env('AWS_ENDPOINT_URL').default(DEFAULT_ENDPOINT),
  );
  if (json) command.option('--json', 'print JSON for scripts instead of tables');
  return command;
}

/**
 * Credentials and region from the environment as the SDK reads them, or Eventide's dummy `test`/`test` in
 * us-east-1 when none are set: Eventide accepts any signature, so a bare `eventide invoke` works.
 */
function sdkConfig(endpoint: string) {
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const fromEnvironment = process.env.AWS_ACCESS_KEY_ID !== undefined || process.env.AWS_PROFILE !== undefined;
  return {
    endpoint,
    region,
    // One attempt: the command reports what happened rather than trying again behind the user's back.
    maxAttempts: 1,
    ...(fromEnvironment ? {} : { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
  };
}

/**
 * The SDK warns on stderr that its releases of 2027 will need Node 22: a notice about the CLI's own runtime, which
 * would break the rule of one clear line on stderr. A user who wants it back sets the variable to false.
 */
function quietSdk(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

export class EventideClient {
  readonly endpoint: string;
  private lambdaClient: LambdaClient | undefined;
  private logsClient: CloudWatchLogsClient | undefined;

  constructor(endpointUrl: string) {
    this.endpoint = endpointUrl.replace(/\/+$/, '');
  }

  async lambda(): Promise<LambdaClient> {
    // The SDK loads when a command needs it: `eventide --help` stays quick.
    quietSdk();
    const { LambdaClient } = await import('@aws-sdk/client-lambda');
    return (this.lambdaClient ??= new LambdaClient(sdkConfig(this.endpoint)));
  }

  async logs(): Promise<CloudWatchLogsClient> {
    quietSdk();
    const { CloudWatchLogsClient } = await import('@aws-sdk/client-cloudwatch-logs');
    return (this.logsClient ??= new CloudWatchLogsClient(sdkConfig(this.endpoint)));
  }

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  /** A JSON request to one of Eventide's own routes; its error (`x-amzn-ErrorType`, `message`) thrown as `EventideApiError`. */
  async call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.endpoint}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const answer = parseJson(text);
    if (!response.ok) {
      const code = response.headers.get('x-amzn-ErrorType')?.split(':')[0] ?? `HTTP ${response.status}`;
      const message = typeof answer === 'object' && answer !== null ? ((answer as Record<string, unknown>).message ?? (answer as Record<string, unknown>).Message) : undefined;
      throw new EventideApiError(code, typeof message === 'string' ? message : text.slice(0, 200));
    }
    return answer as T;
  }

  close(): void {
    this.lambdaClient?.destroy();
    this.logsClient?.destroy();
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Runs a command's work with a client of the Eventide it names, closed after; failures become one clear line. */
export async function withClient<T>(options: ClientOptions, work: (client: EventideClient) => Promise<T>): Promise<T> {
  const client = new EventideClient(options.endpointUrl);
  try {
    return await work(client);
  } catch (error) {
    throw describeFailure(error, client.endpoint);
  } finally {
    client.close();
  }
}
