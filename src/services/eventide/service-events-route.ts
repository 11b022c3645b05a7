import type { ServiceEvent, ServiceEvents } from '../../core/events/service-events.js';
import { invalidParameterValue } from '../../lib/errors.js';
import { parseJsonObject } from '../json-body.js';
import type { RestRoute } from '../service.js';
import { isJsonObject } from '../../lib/json.js';

const EXAMPLE = '{"source": "aws.codepipeline", "detail-type": "CodePipeline Pipeline Execution State Change", "detail": {"state": "FAILED"}}';

/**
 * `POST /_eventide/service-events`: puts an event on a bus as an AWS service would (what `eventide emit` calls).
 * Body: `{"source", "detail-type", "detail", "resources"?, "time"?, "event-bus-name"?}`, the members named as in
 * the event itself; answers `{"EventId": …}`.
 */
export function serviceEventsRoute(serviceEvents: ServiceEvents): RestRoute {
  return {
    operation: 'PutServiceEvent',
    method: 'POST',
    path: '/_eventide/service-events',
    async handle(request) {
      const eventId = await serviceEvents.put(serviceEventOf(parseJsonObject(request.body)));
      return { status: 200, body: { EventId: eventId } };
    },
  };
}

function serviceEventOf(body: Record<string, unknown>): ServiceEvent {
  const { source, detail, resources, time } = body;
  const detailType = body['detail-type'];
  const eventBusName = body['event-bus-name'];
  if (typeof source !== 'string' || source === '') throw refuse('"source" is required: a string such as "aws.codepipeline"');
  if (typeof detailType !== 'string' || detailType === '') throw refuse('"detail-type" is required: a string');
  if (!isJsonObject(detail)) throw refuse('"detail" is required: a JSON object');
  if (resources !== undefined && !isStringList(resources)) throw refuse('"resources" must be a list of strings (ARNs)');
  if (eventBusName !== undefined && (typeof eventBusName !== 'string' || eventBusName === '')) throw refuse('"event-bus-name" must be a bus name or ARN');
  return {
    source,
    detailType,
    detail: detail as Record<string, unknown>,
    resources: resources ?? [],
    time: time === undefined ? undefined : timeOf(time),
    eventBusName,
  };
}

function timeOf(time: unknown): number {
  const epochMs = typeof time === 'string' ? Date.parse(time) : Number.NaN;
  if (Number.isNaN(epochMs)) throw refuse('"time" must be an ISO 8601 timestamp, e.g. "2024-05-01T12:00:00Z"');
  return epochMs;
}

const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

const refuse = (problem: string) => invalidParameterValue(`${problem}. Example: ${EXAMPLE}`);
