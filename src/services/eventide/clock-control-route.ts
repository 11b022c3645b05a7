import { MAX_ADVANCE_SECONDS, type Clock } from '../../lib/clock.js';
import { invalidParameterValue, serviceError } from '../../lib/errors.js';
import { parseJsonObject, requireJsonContentType } from '../json-body.js';
import type { RestRequest, RestRoute } from '../service.js';

const EXAMPLE = 'Example: curl -X POST -H "Content-Type: application/json" -d \'{"seconds": 60}\' <eventide>/_eventide/clock/advance';

/**
 * `POST /_eventide/clock/advance {"seconds": S}`: moves the engine clock forward, so queued retries and
 * schedules come due and events age (tests use it to skip Lambda's waits). It expires events, so it is served
 * only with `--clock-control on`, and only to a JSON request. Bad input leaves the clock as it was.
 */
export function clockControlRoute(clock: Clock, enabled: boolean): RestRoute {
  return {
    operation: 'AdvanceClock',
    method: 'POST',
    path: '/_eventide/clock/advance',
    async handle(request) {
      if (!enabled) {
        throw serviceError(
          'AccessDeniedException',
          403,
          'Clock control is off: start Eventide with --clock-control on (or EVENTIDE_CLOCK_CONTROL=on) to advance the engine clock.',
          { type: 'User' },
        );
      }
      clock.advance(secondsOf(request) * 1000);
      return { status: 200, body: { now: new Date(clock.now()).toISOString() } };
    },
  };
}

function secondsOf(request: RestRequest): number {
  requireJsonContentType(request, 'The clock is advanced', EXAMPLE);
  const body = parseJsonObject(request.body);
  const { seconds, ...others } = body;
  const unknown = Object.keys(others);
  if (unknown.length > 0) throw invalidParameterValue(`Unknown member ${JSON.stringify(unknown[0])}: the body is {"seconds": S}. ${EXAMPLE}`);
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_ADVANCE_SECONDS) {
    throw invalidParameterValue(
      `"seconds" must be a number greater than 0 and at most ${MAX_ADVANCE_SECONDS} (ten years), got ${JSON.stringify(seconds ?? null)}. ${EXAMPLE}`,
    );
  }
  return seconds;
}
