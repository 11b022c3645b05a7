import { invalidParameterValue } from '../../lib/errors.js';
import type { Logger } from '../../lib/logger.js';
import type { FunctionReference } from '../functions/function-name.js';
import type { FunctionRegistry } from '../functions/function-registry.js';
import type { ConcurrencyLimiter } from './concurrency-limiter.js';

/**
 * Functions' reserved concurrency (PutFunctionConcurrency): kept in each function's stored record, which is
 * the truth read back at startup, and in the limiter that enforces it.
 */
export class ReservedConcurrency {
  constructor(
    private readonly registry: FunctionRegistry,
    private readonly limiter: ConcurrencyLimiter,
    private readonly logger: Logger,
  ) {}

  get accountLimit(): number {
    return this.limiter.accountLimit;
  }

  /** What reservations leave for every other function (UnreservedConcurrentExecutions). */
  get unreservedLimit(): number {
    return this.limiter.unreservedLimit;
  }

  /** The least that reservations must leave unreserved: AWS's 100 of 1,000, and a tenth of a smaller limit. */
  get minimumUnreserved(): number {
    return Math.min(100, Math.floor(this.limiter.accountLimit / 10));
  }

  /** At startup: the limiter learns every stored reservation. */
  async load(): Promise<void> {
    for await (const fn of this.registry.all()) {
      if (fn.reservedConcurrency !== undefined) this.limiter.setReservation(fn.name, fn.reservedConcurrency);
    }
    if (this.unreservedLimit < this.minimumUnreserved) {
      this.logger.warn('reserved concurrency leaves less than the minimum for other functions', { unreserved: this.unreservedLimit, accountLimit: this.accountLimit });
    }
  }

  async get(ref: FunctionReference): Promise<number | undefined> {
    return (await this.registry.get(ref)).reservedConcurrency;
  }

  async put(ref: FunctionReference, reserved: number): Promise<void> {
    const fn = await this.registry.get(ref);
    const unreservedAfter = this.limiter.unreservedLimit + (this.limiter.reservation(fn.name) ?? 0) - reserved;
    if (unreservedAfter < this.minimumUnreserved) {
      throw invalidParameterValue(
        `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${this.minimumUnreserved}].`,
      );
    }
    // Taken before the write, so that a put running meanwhile is checked against this one.
    this.limiter.setReservation(fn.name, reserved);
    await this.store(fn.name, reserved);
  }

  async delete(ref: FunctionReference): Promise<void> {
    const fn = await this.registry.get(ref);
    await this.store(fn.name, undefined);
    this.limiter.setReservation(fn.name, undefined);
  }

  private async store(name: string, reserved: number | undefined): Promise<void> {
    try {
      await this.registry.setReservedConcurrency(name, reserved);
    } catch (error) {
      // The limiter follows what is stored: the reservation as it was, or none once the function is gone.
      this.limiter.setReservation(name, (await this.registry.find(name))?.reservedConcurrency);
      throw error;
    }
  }
}
