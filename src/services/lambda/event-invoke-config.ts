import type { DestinationConfigSettings, EventInvokeConfigs, EventInvokeSettings } from '../../core/functions/event-invoke-configs.js';
import { decodePageToken, encodePageToken } from '../../lib/page-token.js';
import { parseFunctionName } from '../../core/functions/function-name.js';
import type { FunctionRegistry } from '../../core/functions/function-registry.js';
import { functionArn, type AccountScope } from '../../lib/arn.js';
import type { DestinationRecord, EventInvokeConfigRecord } from '../../store/event-invoke-configs.js';
import { parseJsonObject } from '../json-body.js';
import type { RestRequest, RestRoute } from '../service.js';
import { optionalInteger, optionalObject, optionalString, Problems } from './validation.js';

const PATH = '/2019-09-25/functions/{FunctionName}/event-invoke-config';
const LIST_PAGE_LIMIT = 50;
const DESTINATION_MAX_LENGTH = 350;
const DESTINATION_PATTERN =
  '$|kafka://([^.]([a-zA-Z0-9\\-_.]{0,248}))|arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)';

export interface EventInvokeConfigRoutesDeps {
  eventInvokeConfigs: EventInvokeConfigs;
  registry: FunctionRegistry;
}

/** Put, Update, Get, Delete and List of functions' asynchronous-invocation settings (API version 2019-09-25). */
export function eventInvokeConfigRoutes({ eventInvokeConfigs, registry }: EventInvokeConfigRoutesDeps): RestRoute[] {
  const { scope } = registry;
  const refOf = (request: RestRequest) =>
    parseFunctionName(request.pathParams.FunctionName ?? '', request.query.get('Qualifier') ?? undefined, scope);
  const output = (config: EventInvokeConfigRecord) => ({ status: 200, body: eventInvokeConfigOutput(config, scope) });

  return [
    {
      operation: 'PutFunctionEventInvokeConfig',
      method: 'PUT',
      path: PATH,
      async handle(request) {
        const ref = refOf(request);
        return output(await eventInvokeConfigs.put(ref, readSettings(parseJsonObject(request.body))));
      },
    },
    {
      operation: 'UpdateFunctionEventInvokeConfig',
      method: 'POST',
      path: PATH,
      async handle(request) {
        const ref = refOf(request);
        return output(await eventInvokeConfigs.update(ref, readSettings(parseJsonObject(request.body))));
      },
    },
    {
      operation: 'GetFunctionEventInvokeConfig',
      method: 'GET',
      path: PATH,
      async handle(request) {
        return output(await eventInvokeConfigs.get(refOf(request)));
      },
    },
    {
      operation: 'DeleteFunctionEventInvokeConfig',
      method: 'DELETE',
      path: PATH,
      async handle(request) {
        await eventInvokeConfigs.delete(refOf(request));
        return { status: 204 };
      },
    },
    {
      operation: 'ListFunctionEventInvokeConfigs',
      method: 'GET',
      path: `${PATH}/list`,
      async handle(request) {
        const ref = parseFunctionName(request.pathParams.FunctionName ?? '', undefined, scope);
        const maxItems = request.query.get('MaxItems');
        const limit = maxItems === null ? LIST_PAGE_LIMIT : Number(maxItems);
        const problems = new Problems();
        if (!Number.isInteger(limit)) problems.add(maxItems, 'maxItems', 'Member must be an integer');
        else problems.range(limit, 'maxItems', 1, LIST_PAGE_LIMIT);
        problems.throwIfAny();
        const marker = request.query.get('Marker');
        const page = await eventInvokeConfigs.list(ref.name, marker === null ? undefined : decodePageToken(marker), limit);
        return {
          status: 200,
          body: {
            FunctionEventInvokeConfigs: page.items.map((config) => eventInvokeConfigOutput(config, scope)),
            ...(page.next !== undefined ? { NextMarker: encodePageToken(page.next) } : {}),
          },
        };
      },
    },
  ];
}

/** Put and Update bodies; model constraints first, as one ValidationException. */
function readSettings(body: Record<string, unknown>): EventInvokeSettings {
  const maximumRetryAttempts = optionalInteger(body, 'MaximumRetryAttempts');
  const maximumEventAgeInSeconds = optionalInteger(body, 'MaximumEventAgeInSeconds');
  const destinationConfig = readDestinationConfig(optionalObject(body, 'DestinationConfig'));
  const problems = new Problems();
  problems.range(maximumRetryAttempts, 'maximumRetryAttempts', 0, 2);
  problems.range(maximumEventAgeInSeconds, 'maximumEventAgeInSeconds', 60, 21_600);
  for (const [member, destination] of [
    ['destinationConfig.onSuccess.destination', destinationConfig?.onSuccess],
    ['destinationConfig.onFailure.destination', destinationConfig?.onFailure],
  ] as const) {
    problems.maxLength(destination?.destination, member, DESTINATION_MAX_LENGTH);
    problems.pattern(destination?.destination, member, DESTINATION_PATTERN);
  }
  problems.throwIfAny();
  return { maximumRetryAttempts, maximumEventAgeInSeconds, destinationConfig };
}

function readDestinationConfig(config: Record<string, unknown> | undefined): DestinationConfigSettings | undefined {
  if (config === undefined) return undefined;
  const destinationOf = (member: string): DestinationRecord | undefined => {
    const destination = optionalObject(config, member);
    return destination === undefined ? undefined : { destination: optionalString(destination, 'Destination') };
  };
  return { onSuccess: destinationOf('OnSuccess'), onFailure: destinationOf('OnFailure') };
}

/** FunctionEventInvokeConfig as Lambda shapes it: unset numbers omitted, both destinations always present. */
function eventInvokeConfigOutput(config: EventInvokeConfigRecord, scope: AccountScope) {
  const destinationOutput = (destination: DestinationRecord | undefined) =>
    destination?.destination === undefined ? {} : { Destination: destination.destination };
  return {
    LastModified: config.lastModified / 1000,
    FunctionArn: functionArn(scope, config.functionName, config.qualifier),
    ...(config.maximumRetryAttempts !== undefined ? { MaximumRetryAttempts: config.maximumRetryAttempts } : {}),
    ...(config.maximumEventAgeInSeconds !== undefined ? { MaximumEventAgeInSeconds: config.maximumEventAgeInSeconds } : {}),
    DestinationConfig: { OnSuccess: destinationOutput(config.onSuccess), OnFailure: destinationOutput(config.onFailure) },
  };
}
