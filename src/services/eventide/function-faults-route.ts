import { MAX_ADDED_LATENCY_MS, MAX_FAULT_ATTEMPT, type FunctionFaults } from '../../core/invoke/fault-injection.js';
import { parseFunctionName } from '../../core/functions/function-name.js';
import type { AccountScope } from '../../lib/arn.js';
import { invalidParameterValue } from '../../lib/errors.js';
import type { FaultSettings } from '../../store/function-faults.js';
import { parseJsonRequest } from '../json-body.js';
import type { RestRequest, RestRoute } from '../service.js';

const PATH = '/_eventide/functions/{FunctionName}/faults';
const MEMBERS = ['duplicateDelivery', 'throttleOnAttempts', 'systemErrorOnAttempts', 'addedLatencyMs'] as const;
const EXAMPLE =
  'Example: curl -X PUT -H "Content-Type: application/json" -d \'{"duplicateDelivery": 0.1, "throttleOnAttempts": [1]}\' <eventide>/_eventide/functions/NAME/faults';

export interface FunctionFaultsRouteDeps {
  faults: FunctionFaults;
  scope: AccountScope;
}

/**
 * `GET|PUT|DELETE /_eventide/functions/{FunctionName}/faults`: a function's fault injection settings for its
 * asynchronous events (`core/invoke/fault-injection.ts` says what each does). PUT replaces them, DELETE turns
 * injection off; each answers with the settings as stored, `{}` when there are none.
 */
export function functionFaultsRoutes({ faults, scope }: FunctionFaultsRouteDeps): RestRoute[] {
  const functionOf = (request: RestRequest) => parseFunctionName(request.pathParams.FunctionName ?? '', undefined, scope);
  return [
    {
      operation: 'GetFunctionFaults',
      method: 'GET',
      path: PATH,
      async handle(request) {
        return { status: 200, body: await faults.get(functionOf(request)) };
      },
    },
    {
      operation: 'PutFunctionFaults',
      method: 'PUT',
      path: PATH,
      async handle(request) {
        const ref = functionOf(request);
        // The body is checked before the function is looked up, as AWS does.
        const settings = faultSettingsOf(parseJsonRequest(request, 'Fault settings are set', EXAMPLE));
        return { status: 200, body: await faults.put(ref, settings) };
      },
    },
    {
      operation: 'DeleteFunctionFaults',
      method: 'DELETE',
      path: PATH,
      async handle(request) {
        await faults.delete(functionOf(request));
        return { status: 200, body: {} };
      },
    },
  ];
}

function faultSettingsOf(body: Record<string, unknown>): FaultSettings {
  const unknown = Object.keys(body).find((member) => !(MEMBERS as readonly string[]).includes(member));
  if (unknown !== undefined) throw refuse(`Unknown member ${JSON.stringify(unknown)}: the members are ${MEMBERS.join(', ')}`);
  if (Object.keys(body).length === 0) {
    throw refuse(`Give at least one of ${MEMBERS.join(', ')} (DELETE turns fault injection off)`);
  }
  const settings: FaultSettings = {
    duplicateDelivery: optional(body, 'duplicateDelivery', probability),
    throttleOnAttempts: optional(body, 'throttleOnAttempts', attemptNumbers),
    systemErrorOnAttempts: optional(body, 'systemErrorOnAttempts', attemptNumbers),
    addedLatencyMs: optional(body, 'addedLatencyMs', latency),
  };
  const both = settings.throttleOnAttempts?.find((attempt) => settings.systemErrorOnAttempts?.includes(attempt));
  if (both !== undefined) {
    throw refuse(`Attempt ${both} is in both throttleOnAttempts and systemErrorOnAttempts: an attempt ends as a throttle or as a system error, not both`);
  }
  return settings;
}

function optional<T>(body: Record<string, unknown>, member: string, parse: (member: string, value: unknown) => T): T | undefined {
  return member in body ? parse(member, body[member]) : undefined;
}

function probability(member: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw refuse(`${member} must be a probability from 0 to 1 (0.1 delivers one event in ten twice), got ${JSON.stringify(value)}`);
  }
  return value;
}

function attemptNumbers(member: string, value: unknown): number[] {
  const isAttempt = (item: unknown) => Number.isInteger(item) && (item as number) >= 1 && (item as number) <= MAX_FAULT_ATTEMPT;
  if (!Array.isArray(value) || !value.every(isAttempt)) {
    throw refuse(
      `${member} must be a list of attempt numbers, integers from 1 to ${MAX_FAULT_ATTEMPT} (1 is the event's first attempt), got ${JSON.stringify(value)}`,
    );
  }
  const attempts = value as number[];
  const repeated = attempts.find((attempt, index) => attempts.indexOf(attempt) !== index);
  if (repeated !== undefined) throw refuse(`${member} lists attempt ${repeated} twice`);
  return attempts;
}

function latency(member: string, value: unknown): number {
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > MAX_ADDED_LATENCY_MS) {
    throw refuse(`${member} must be an integer number of milliseconds from 0 to ${MAX_ADDED_LATENCY_MS} (15 minutes), got ${JSON.stringify(value)}`);
  }
  return value as number;
}

const refuse = (problem: string) => invalidParameterValue(`${problem}. ${EXAMPLE}`);
