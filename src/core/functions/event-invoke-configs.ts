import type { Clock } from '../../lib/clock.js';
import { invalidParameterValue, resourceNotFound } from '../../lib/errors.js';
import type { DestinationRecord, EventInvokeConfigRecord } from '../../store/event-invoke-configs.js';
import type { Page, Store } from '../../store/store.js';
import type { EventSettings } from '../invoke/dispatcher.js';
import { DEFAULT_RETRY_SETTINGS } from '../invoke/retry-policy.js';
import { parseFunctionArn, type FunctionReference } from './function-name.js';
import { LATEST, type FunctionRegistry } from './function-registry.js';

export interface DestinationConfigSettings {
  onSuccess: DestinationRecord | undefined;
  onFailure: DestinationRecord | undefined;
}

/** What a Put or Update request asks for; undefined: not given. */
export interface EventInvokeSettings {
  maximumRetryAttempts: number | undefined;
  maximumEventAgeInSeconds: number | undefined;
  destinationConfig: DestinationConfigSettings | undefined;
}

type DestinationKind = 'OnSuccess' | 'OnFailure';

const SUPPORTED_DESTINATIONS: Record<DestinationKind, ReadonlySet<string>> = {
  OnSuccess: new Set(['sqs', 'sns', 'lambda', 'events']),
  OnFailure: new Set(['sqs', 'sns', 'lambda', 'events', 's3']),
};

/**
 * Functions' asynchronous-invocation settings (EventInvokeConfig): stored per qualifier, with Lambda's rules for
 * destinations, and read by the dispatcher for each event's retry settings.
 */
export class EventInvokeConfigs {
  constructor(
    private readonly store: Store,
    private readonly registry: FunctionRegistry,
    private readonly clock: Clock,
  ) {}

  /** Replaces the config: settings not given are removed. */
  async put(ref: FunctionReference, settings: EventInvokeSettings): Promise<EventInvokeConfigRecord> {
    requireSomeSetting(settings);
    const qualifier = await this.existingQualifier(ref);
    await this.checkDestinations(ref.name, settings.destinationConfig);
    const config: EventInvokeConfigRecord = {
      functionName: ref.name,
      qualifier,
      maximumRetryAttempts: settings.maximumRetryAttempts,
      maximumEventAgeInSeconds: settings.maximumEventAgeInSeconds,
      onSuccess: settings.destinationConfig?.onSuccess,
      onFailure: settings.destinationConfig?.onFailure,
      lastModified: this.clock.wallTime(),
    };
    await this.store.putEventInvokeConfig(config);
    return config;
  }

  /** Changes only the settings given; a destination given as `{}` loses its ARN. */
  async update(ref: FunctionReference, settings: EventInvokeSettings): Promise<EventInvokeConfigRecord> {
    requireSomeSetting(settings);
    const qualifier = await this.existingQualifier(ref);
    const current = await this.get({ name: ref.name, qualifier });
    await this.checkDestinations(ref.name, settings.destinationConfig);
    const config: EventInvokeConfigRecord = {
      ...current,
      maximumRetryAttempts: settings.maximumRetryAttempts ?? current.maximumRetryAttempts,
      maximumEventAgeInSeconds: settings.maximumEventAgeInSeconds ?? current.maximumEventAgeInSeconds,
      onSuccess: settings.destinationConfig?.onSuccess ?? current.onSuccess,
      onFailure: settings.destinationConfig?.onFailure ?? current.onFailure,
      lastModified: this.clock.wallTime(),
    };
    await this.store.putEventInvokeConfig(config);
    return config;
  }

  /** As on Lambda, a missing function and a missing config are the same error here. */
  async get(ref: FunctionReference): Promise<EventInvokeConfigRecord> {
    const qualifier = qualifierOf(ref.qualifier);
    const config = await this.store.getEventInvokeConfig(ref.name, qualifier);
    if (config === undefined) throw this.noConfig(ref.name, qualifier);
    return config;
  }

  async delete(ref: FunctionReference): Promise<void> {
    const qualifier = qualifierOf(ref.qualifier);
    if (!(await this.store.deleteEventInvokeConfig(ref.name, qualifier))) throw this.noConfig(ref.name, qualifier);
  }

  /** The function's configs of every qualifier, in qualifier order; `next` is the qualifier to continue after. */
  async list(functionName: string, afterQualifier: string | undefined, limit: number): Promise<Page<EventInvokeConfigRecord>> {
    if ((await this.registry.find(functionName)) === undefined) throw functionMissing();
    const configs = await this.store.listEventInvokeConfigs(functionName, afterQualifier, limit + 1);
    const items = configs.slice(0, limit);
    const last = items[items.length - 1];
    return { items, next: configs.length > limit && last !== undefined ? last.qualifier : undefined };
  }

  /** How events for `qualifier` ('' is $LATEST) are handled: the configured settings, else Lambda's defaults. */
  async eventSettings(functionName: string, qualifier: string): Promise<EventSettings> {
    const config = await this.find(functionName, qualifier);
    return {
      maximumRetryAttempts: config?.maximumRetryAttempts ?? DEFAULT_RETRY_SETTINGS.maximumRetryAttempts,
      maximumEventAgeInSeconds: config?.maximumEventAgeInSeconds ?? DEFAULT_RETRY_SETTINGS.maximumEventAgeInSeconds,
      successDestination: config?.onSuccess?.destination !== undefined,
    };
  }

  /** The config for `qualifier` ('' is $LATEST), if any. */
  find(functionName: string, qualifier: string): Promise<EventInvokeConfigRecord | undefined> {
    return this.store.getEventInvokeConfig(functionName, qualifierOf(qualifier));
  }

  /** The qualifier a Put or Update addresses; only $LATEST exists until versions and aliases are published. */
  private async existingQualifier(ref: FunctionReference): Promise<string> {
    const qualifier = qualifierOf(ref.qualifier);
    if (qualifier !== LATEST || (await this.registry.find(ref.name)) === undefined) throw functionMissing();
    return qualifier;
  }

  private async checkDestinations(functionName: string, destinations: DestinationConfigSettings | undefined): Promise<void> {
    if (destinations === undefined) return;
    let unsupported = false;
    const given: [DestinationKind, DestinationRecord | undefined][] = [
      ['OnFailure', destinations.onFailure],
      ['OnSuccess', destinations.onSuccess],
    ];
    for (const [kind, destination] of given) {
      const arn = destination?.destination;
      if (arn === undefined || arn === '') continue;
      const service = arn.split(':')[2] ?? '';
      if (service === 'lambda') await this.checkLambdaDestination(functionName, arn);
      else if (!SUPPORTED_DESTINATIONS[kind].has(service)) unsupported = true;
    }
    if (unsupported) {
      const describe = (kind: DestinationKind, destination: DestinationRecord | undefined) =>
        destination === undefined ? 'null' : `${kind}(destination=${destination.destination ?? 'null'})`;
      throw invalidParameterValue(
        `The provided destination config DestinationConfig(onSuccess=${describe('OnSuccess', destinations.onSuccess)}, onFailure=${describe('OnFailure', destinations.onFailure)}) is invalid.`,
      );
    }
  }

  private async checkLambdaDestination(functionName: string, arn: string): Promise<void> {
    const { region, accountId } = this.registry.scope;
    const { region: arnRegion, accountId: arnAccount, name, qualifier } = parseFunctionArn(arn) ?? {};
    const here = arnRegion === region && arnAccount === accountId;
    if (here && name === functionName) throw invalidParameterValue("You can't specify the function as a destination for itself.");
    const exists = here && name !== undefined && qualifierOf(qualifier) === LATEST && (await this.registry.find(name)) !== undefined;
    if (!exists) throw invalidParameterValue(`The destination ARN ${arn} is invalid.`);
  }

  private noConfig(functionName: string, qualifier: string) {
    return resourceNotFound(`The function ${this.registry.arn(functionName, qualifier)} doesn't have an EventInvokeConfig`);
  }
}

const qualifierOf = (qualifier: string | undefined): string => (qualifier === undefined || qualifier === '' ? LATEST : qualifier);

const functionMissing = () => resourceNotFound("The function doesn't exist.");

function requireSomeSetting(settings: EventInvokeSettings): void {
  if (settings.maximumRetryAttempts === undefined && settings.maximumEventAgeInSeconds === undefined && settings.destinationConfig === undefined) {
    throw invalidParameterValue('You must specify at least one of error handling or destination setting.');
  }
}
