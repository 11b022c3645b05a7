import { parseFunctionName } from '../../core/functions/function-name.js';
import type { FunctionRegistry } from '../../core/functions/function-registry.js';
import type { Redrive, RedriveSelector } from '../../core/invoke/redrive.js';
import { AwsError, invalidParameterValue, resourceNotFound } from '../../lib/errors.js';
import { parseJsonRequest } from '../json-body.js';
import type { RestRoute } from '../service.js';
import { queueNameOfUrl } from '../sqs/queue-url.js';

const SELECTORS = ['requestIds', 'state', 'deadLetterQueueUrl'] as const;
const MAX_REQUEST_IDS = 1000;
const EXAMPLE = `Example: curl -X POST -H "Content-Type: application/json" -d '{"state": "failed"}' <eventide>/_eventide/functions/NAME/redrive`;

export interface RedriveRouteDeps {
  registry: FunctionRegistry;
  redrive: Redrive;
  accountId: string;
}

/**
 * `POST /_eventide/functions/{FunctionName}/redrive` with exactly one of `{"requestIds": [...]}`,
 * `{"state": "failed"}` or `{"deadLetterQueueUrl": "..."}`: puts failed events back in the queue
 * (`core/invoke/redrive.ts`) → `{"redriven": [{requestId, from}], "skipped": [{requestId?, reason}]}`.
 */
export function redriveRoute({ registry, redrive, accountId }: RedriveRouteDeps): RestRoute {
  return {
    operation: 'RedriveAsyncEvents',
    method: 'POST',
    path: '/_eventide/functions/{FunctionName}/redrive',
    async handle(request) {
      const ref = parseFunctionName(request.pathParams.FunctionName ?? '', undefined, registry.scope);
      const selector = parseSelector(parseJsonRequest(request, 'Events are redriven', EXAMPLE), accountId);
      return { status: 200, body: await redrive.redrive(ref, selector) };
    },
  };
}

function parseSelector(body: Record<string, unknown>, accountId: string): RedriveSelector {
  const unknown = Object.keys(body).find((key) => !(SELECTORS as readonly string[]).includes(key));
  if (unknown !== undefined) throw invalidParameterValue(`Unknown member ${JSON.stringify(unknown)}: give one of ${SELECTORS.join(', ')}. ${EXAMPLE}`);
  const given = SELECTORS.filter((key) => body[key] !== undefined);
  if (given.length !== 1) {
    const found = given.length === 0 ? 'none' : given.join(' and ');
    throw invalidParameterValue(`Give exactly one of requestIds, state or deadLetterQueueUrl (got ${found}). ${EXAMPLE}`);
  }
  const { requestIds, state, deadLetterQueueUrl } = body;
  if (requestIds !== undefined) {
    const valid = Array.isArray(requestIds) && requestIds.every((id) => typeof id === 'string' && id !== '');
    if (!valid || requestIds.length === 0 || requestIds.length > MAX_REQUEST_IDS) {
      throw invalidParameterValue(`"requestIds" must be a list of 1 to ${MAX_REQUEST_IDS} request ids (strings), got ${JSON.stringify(requestIds)}.`);
    }
    return { requestIds: requestIds as string[] };
  }
  if (state !== undefined) {
    if (state !== 'failed') throw invalidParameterValue(`"state" must be "failed" (only failed events are redriven), got ${JSON.stringify(state)}.`);
    return { state };
  }
  if (typeof deadLetterQueueUrl !== 'string' || deadLetterQueueUrl === '') {
    throw invalidParameterValue(`"deadLetterQueueUrl" must be a queue URL, got ${JSON.stringify(deadLetterQueueUrl)}.`);
  }
  return { deadLetterQueueName: queueNameOf(deadLetterQueueUrl, accountId) };
}

function queueNameOf(url: string, accountId: string): string {
  try {
    return queueNameOfUrl(url, accountId);
  } catch (error) {
    if (!(error instanceof AwsError)) throw error;
    if (error.code === 'QueueDoesNotExist') throw resourceNotFound(`Queue not found: ${url} (not a queue of account ${accountId})`);
    throw invalidParameterValue(`"deadLetterQueueUrl" ${JSON.stringify(url)} is not a queue URL: http://<host>:<port>/${accountId}/<queue name>.`);
  }
}
