/** Event buses: the `default` bus that always exists, and custom buses (CreateEventBus, DeleteEventBus, …). */
import type { AccountScope } from '../../lib/arn.js';
import type { Clock } from '../../lib/clock.js';
import { decodePageToken, encodePageToken } from '../../lib/page-token.js';
import type { EventBusRecord, EventBusStore } from '../../store/events.js';
import { busNameOf, DEFAULT_BUS, eventBusArn } from './event-bus-arns.js';
import { busAlreadyExists, busNotFound, eventsValidation } from './events-errors.js';
import type { RoutingTable } from './routing-table.js';

export interface EventBusView extends EventBusRecord {
  arn: string;
}

export interface EventBusPage {
  buses: EventBusView[];
  nextToken: string | undefined;
}

export class EventBuses {
  constructor(
    private readonly store: EventBusStore,
    private readonly routing: RoutingTable,
    private readonly scope: AccountScope,
    private readonly clock: Clock,
  ) {}

  /** The account's `default` bus is there from the start. */
  async ensureDefaultBus(): Promise<void> {
    await this.store.createBus({ name: DEFAULT_BUS, description: undefined, creationTime: this.clock.wallTime() });
  }

  async create(name: string, description: string | undefined): Promise<EventBusView> {
    const bus: EventBusRecord = { name, description, creationTime: this.clock.wallTime() };
    if (!(await this.store.createBus(bus))) throw busAlreadyExists(name);
    this.routing.invalidate(name);
    return this.view(bus);
  }

  /** Deletes a custom bus with its rules and their targets; a bus that does not exist is no error (as on AWS). */
  async delete(name: string): Promise<void> {
    if (name === DEFAULT_BUS) throw eventsValidation('Cannot delete event bus default.');
    await this.store.deleteBus(name);
    this.routing.invalidate(name);
  }

  /** The bus a name or ARN refers to (undefined: `default`). */
  async require(nameOrArn: string | undefined): Promise<EventBusView> {
    const name = busNameOf(nameOrArn);
    const bus = await this.store.getBus(name);
    if (bus === undefined) throw busNotFound(name);
    return this.view(bus);
  }

  async list(prefix: string | undefined, nextToken: string | undefined, limit: number): Promise<EventBusPage> {
    const after = nextToken === undefined ? undefined : decodePageToken(nextToken);
    const rows = await this.store.listBuses(prefix ?? '', after, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { buses: page.map((bus) => this.view(bus)), nextToken: rows.length > limit && last !== undefined ? encodePageToken(last.name) : undefined };
  }

  arn(name: string): string {
    return eventBusArn(this.scope, name);
  }

  private view(bus: EventBusRecord): EventBusView {
    return { ...bus, arn: this.arn(bus.name) };
  }
}
