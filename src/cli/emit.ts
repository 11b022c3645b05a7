import { parseArgs } from 'node:util';

/** `eventide emit`: puts an AWS service's event on a running Eventide's bus, as the service would. */

export const EMIT_USAGE = `Usage: eventide emit --source <aws.service> --detail-type <type> --detail <json> [options]

Puts an event on a running Eventide's default bus as an AWS service would (PutEvents refuses aws.* sources),
and prints its EventId.

Options:
  --source <source>          the service's source, e.g. aws.codepipeline
  --detail-type <type>       e.g. "CodePipeline Pipeline Execution State Change"
  --detail <json>            the event's detail, a JSON object
  --resources <arn,arn>      the resources the event is about, comma-separated
  --time <iso8601>           when it happened (default: now)
  --event-bus-name <name>    another bus than default
  --endpoint-url <url>       the Eventide to send to (default $AWS_ENDPOINT_URL or http://127.0.0.1:4566)
`;

const DEFAULT_ENDPOINT = 'http://127.0.0.1:4566';

/** Resolves with the process's exit code: 0 once Eventide has the event, 1 if it refused it, 2 for bad usage. */
export async function emit(argv: string[]): Promise<number> {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: Object.fromEntries(
        ['source', 'detail-type', 'detail', 'resources', 'time', 'event-bus-name', 'endpoint-url'].map((flag) => [flag, { type: 'string' as const }]),
      ),
      strict: true,
    }).values as Record<string, string | undefined>;
  } catch (error) {
    return usageError((error as Error).message);
  }
  const { source, detail } = values;
  const detailType = values['detail-type'];
  if (source === undefined || detailType === undefined || detail === undefined) return usageError('--source, --detail-type and --detail are required');
  let parsedDetail: unknown;
  try {
    parsedDetail = JSON.parse(detail);
  } catch (error) {
    return usageError(`--detail is not JSON: ${(error as Error).message}`);
  }
  const body = {
    source,
    'detail-type': detailType,
    detail: parsedDetail,
    ...(values.resources === undefined ? {} : { resources: values.resources.split(',').filter((resource) => resource !== '') }),
    ...(values.time === undefined ? {} : { time: values.time }),
    ...(values['event-bus-name'] === undefined ? {} : { 'event-bus-name': values['event-bus-name'] }),
  };
  const endpoint = (values['endpoint-url'] ?? process.env.AWS_ENDPOINT_URL ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
  let response: Response;
  try {
    response = await fetch(`${endpoint}/_eventide/service-events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (error) {
    process.stderr.write(`eventide emit: cannot reach Eventide at ${endpoint}: ${(error as Error).message}\n`);
    return 1;
  }
  const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const code = response.headers.get('x-amzn-ErrorType') ?? `HTTP ${response.status}`;
    process.stderr.write(`eventide emit: ${code}: ${String(answer.message ?? answer.Message ?? '')}\n`);
    return 1;
  }
  process.stdout.write(`${String(answer.EventId)}\n`);
  return 0;
}

function usageError(message: string): number {
  process.stderr.write(`eventide emit: ${message}\n\n${EMIT_USAGE}`);
  return 2;
}
