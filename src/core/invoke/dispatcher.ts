import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../../lib/clock.js';
import { GroupCommit } from '../../lib/group-commit.js';
import { InFlight } from '../../lib/in-flight.js';
import type { Logger } from '../../lib/logger.js';
import type { AsyncEventRecord, AttemptOutcome, AttemptRecord, FinalCondition, InjectedFault, Settlement } from '../../store/async-events.js';
import type { FaultSettings } from '../../store/function-faults.js';
import type { Store } from '../../store/store.js';
import type { ConcurrencyLimiter } from './concurrency-limiter.js';
import { deliversTwice, dispatchNumber, faultForDispatch, type DispatchFault } from './fault-injection.js';
import type { InvocationMetrics } from './invocation-metrics.js';
import { countsAsAttempt, decideAfterAttempt, DEFAULT_RETRY_SETTINGS, isExpired, type RetrySettings } from './retry-policy.js';
import { WakeUp } from '../../lib/wake-up.js';

/** How a function's events are handled: its retry settings, and whether a success has a destination to go to. */
export interface EventSettings extends RetrySettings {
  successDestination: boolean;
}

const DEFAULT_EVENT_SETTINGS: EventSettings = { ...DEFAULT_RETRY_SETTINGS, successDestination: false };

/** What running one queued event came to, as the invoker reports it. */
export interface EventRun {
  outcome: AttemptOutcome;
  errorType: string | undefined;
  response: Buffer | undefined;
  /** Where its log lines went; undefined when it never reached an environment. */
  logGroup: string | undefined;
  logStream: string | undefined;
  /** The fault Eventide injected into this attempt, if any. */
  fault?: InjectedFault | undefined;
}

/** An attempt that never reached the function: a throttle or a failure of the platform, with Lambda's error types. */
const notRun = (outcome: 'throttle' | 'system-error', fault?: InjectedFault): EventRun => ({
  outcome,
  errorType: outcome === 'throttle' ? 'TooManyRequestsException' : 'ServiceException',
  response: undefined,
  logGroup: undefined,
  logStream: undefined,
  fault,
});

export interface DispatcherDeps {
  store: Store;
  clock: Clock;
  limiter: ConcurrencyLimiter;
  /** The function's settings for this qualifier (its event-invoke config, or Lambda's defaults). */
  eventSettings(functionName: string, qualifier: string): Promise<EventSettings>;
  /** The function's fault injection settings (`NO_FAULTS` when it has none). */
  faults(functionName: string): Promise<FaultSettings>;
  /** Whether the function still exists; events of a deleted function are dropped. */
  functionExists(functionName: string): Promise<boolean>;
  /** Runs the event in an execution environment (the caller holds its concurrency slot). */
  run(event: AsyncEventRecord): Promise<EventRun>;
  /** Failed events' outcomes wait in the outbox: whoever routes them should look. */
  outcomesPending(): void;
  metrics: InvocationMetrics;
  logger: Logger;
}

/** An attempt that never reached an environment: no response, no log lines. */

/** Real time a claim stays leased without a heartbeat: how soon another node (or a restart) takes over. */
const LEASE_MS = 10_000;
const HEARTBEAT_MS = 3_000;
const CLAIM_BATCH = 100;

/**
 * Takes due events from the queue and runs them. It claims in batches sized to the free concurrency, keeps
 * the leases of running events alive, and settles each attempt as the retry policy decides: done, retried
 * later, or failed for good. Events whose node died come back when their lease runs out.
 */
export class Dispatcher {
  private readonly running = new Map<number, AsyncEventRecord>();
  /** Claimed events not yet given (or refused) a concurrency slot: `pump` must not claim for those slots again. */
  private awaitingSlot = 0;
  private readonly wakeUp = new WakeUp(() => void this.pump());
  private pumping = false;
  private timer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly inFlight = new InFlight();
  /** Aborted on stop: cuts injected latencies short. */
  private readonly stopping = new AbortController();

  /** Attempts that end in the same turn are settled in one transaction. */
  private readonly settlements: GroupCommit<Settlement>;

  constructor(private readonly deps: DispatcherDeps) {
    this.settlements = new GroupCommit((batch) => deps.store.settleEvents(batch));
    deps.clock.onAdvance(() => this.wake());
  }

  start(): void {
    this.heartbeat = setInterval(() => void this.maintainLeases(), HEARTBEAT_MS);
    void this.maintainLeases().then(() => this.wake());
  }

  /** New events or free concurrency: look at the queue again soon. */
  wake(): void {
    this.wakeUp.request();
  }

  /** Stops claiming; waits up to `graceMs` for running events (the rest come back when their lease runs out). */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    this.wakeUp.stop();
    clearTimeout(this.timer);
    clearInterval(this.heartbeat);
    await this.inFlight.drained(graceMs);
  }

  private async pump(): Promise<void> {
    if (this.pumping || this.stopped) return;
    this.pumping = true;
    try {
      const { store, clock, limiter } = this.deps;
      for (;;) {
        // Claimed events still on their way to a slot count as taken, or a busy dispatcher would over-claim and throttle.
        const wanted = Math.max(0, Math.min(limiter.free - this.awaitingSlot, CLAIM_BATCH));
        if (wanted === 0) return; // a finishing event wakes us
        const events = await store.claimDueEvents(clock.now(), clock.wallTime() + LEASE_MS, wanted, limiter.saturatedFunctions());
        for (const event of events) {
          this.running.set(event.id, event);
          this.inFlight.enter();
          this.awaitingSlot++;
          void this.process(event);
        }
        if (events.length < wanted) break;
      }
      await this.scheduleNextDue();
    } catch (error) {
      this.deps.logger.error('could not read the event queue', { err: error });
      this.timer = setTimeout(() => this.wake(), 1000);
    } finally {
      this.pumping = false;
    }
  }

  private async scheduleNextDue(): Promise<void> {
    clearTimeout(this.timer);
    const due = await this.deps.store.nextDueTime();
    if (due === undefined || this.stopped) return;
    this.timer = this.deps.clock.setTimeout(() => this.wake(), due - this.deps.clock.now());
  }

  private async process(event: AsyncEventRecord): Promise<void> {
    this.deps.metrics.eventClaimed(event.functionName, this.deps.clock.now() - event.enqueuedAt);
    this.deps.logger.trace('event claimed', { function: event.functionName, requestId: event.requestId, attemptsBefore: event.attempts });
    let settlement: Settlement;
    try {
      settlement = await this.attempt(event);
    } catch (error) {
      this.deps.logger.error('event failed inside Eventide', { function: event.functionName, requestId: event.requestId, err: error });
      const settings = await this.settingsOf(event).catch(() => DEFAULT_EVENT_SETTINGS);
      settlement = this.afterAttempt(event, settings, 'system-error', this.deps.clock.wallTime(), notRun('system-error'));
    }
    try {
      await this.settlements.add(settlement);
      this.report(event, settlement);
      if (settlement.kind === 'finish') this.deps.metrics.eventFinished(event.functionName, settlement.condition);
      if (settlement.kind === 'finish' && settlement.route) this.deps.outcomesPending();
    } catch (error) {
      // The lease runs out and the event is tried again: at-least-once, never lost.
      this.deps.logger.error('could not record the outcome of an event', { function: event.functionName, requestId: event.requestId, err: error });
    }
    this.running.delete(event.id);
    this.inFlight.leave();
    this.wake();
  }

  /** An event that failed for good is worth a warning; a retry is detail; its own successes say nothing. */
  private report(event: AsyncEventRecord, settlement: Settlement): void {
    const fields = {
      function: event.functionName,
      requestId: event.requestId,
      attempts: event.attempts + (settlement.countsAttempt ? 1 : 0),
      errorType: settlement.errorType,
    };
    if (settlement.kind === 'retry') this.deps.logger.debug('event will be retried', fields);
    else if (settlement.state === 'failed') this.deps.logger.warn('event failed', { ...fields, condition: settlement.condition });
  }

  private async attempt(event: AsyncEventRecord): Promise<Settlement> {
    const { clock, limiter, metrics } = this.deps;
    let settings: EventSettings;
    let faults: FaultSettings;
    let fault: DispatchFault | undefined;
    let slot: ReturnType<ConcurrencyLimiter['tryAcquire']>;
    const startedAt = clock.wallTime();
    try {
      settings = await this.settingsOf(event);
      const refusal = await this.refusalBeforeRun(event, settings, clock.now());
      if (refusal !== undefined) return refusal;
      faults = await this.deps.faults(event.functionName);
      fault = faultForDispatch(faults, dispatchNumber(event));
      if (fault !== undefined && fault.kind !== 'latency') {
        metrics.faultInjected(event.functionName, fault.kind);
        this.deps.logger.info('fault injected', { function: event.functionName, requestId: event.requestId, fault: fault.kind });
        if (fault.kind === 'throttle') metrics.throttled(event.functionName);
        return this.afterAttempt(event, settings, fault.kind, startedAt, notRun(fault.kind, fault.kind));
      }
      slot = limiter.tryAcquire(event.functionName);
    } finally {
      this.awaitingSlot--;
    }
    if (typeof slot === 'string') {
      metrics.throttled(event.functionName);
      this.deps.logger.info('throttled', { function: event.functionName, requestId: event.requestId, errorType: 'TooManyRequestsException', reason: slot });
      return this.afterAttempt(event, settings, 'throttle', startedAt, notRun('throttle'));
    }
    try {
      const run = fault === undefined ? await this.deps.run(event) : await this.runLate(event, fault.ms);
      const settlement = this.afterAttempt(event, settings, run.outcome, startedAt, run);
      return deliversTwice(faults, run.outcome, Math.random) ? { ...settlement, duplicate: await this.deliverAgain(event) } : settlement;
    } finally {
      slot.release();
    }
  }

  /** Injected latency: the function starts `ms` later (real time); a stop meanwhile ends the attempt as a system error. */
  private async runLate(event: AsyncEventRecord, ms: number): Promise<EventRun> {
    this.deps.metrics.faultInjected(event.functionName, 'latency');
    try {
      await sleep(ms, undefined, { signal: this.stopping.signal });
    } catch {
      return notRun('system-error', 'latency');
    }
    return { ...(await this.deps.run(event)), fault: 'latency' };
  }

  /**
   * An injected duplicate delivery: the same event runs once more, right after its attempt and in the same slot.
   * Its run is recorded, and decides nothing: the settlement stays the attempt's own.
   */
  private async deliverAgain(event: AsyncEventRecord): Promise<AttemptRecord> {
    const { clock, metrics } = this.deps;
    metrics.faultInjected(event.functionName, 'duplicate-delivery');
    const startedAt = clock.wallTime();
    const run = await this.deps.run(event).catch((error: unknown) => {
      this.deps.logger.error('the duplicate delivery of an event failed inside Eventide', { function: event.functionName, requestId: event.requestId, err: error });
      return notRun('system-error');
    });
    const { outcome, errorType, logGroup, logStream } = run;
    return {
      eventId: event.id,
      startedAt,
      endedAt: clock.wallTime(),
      engineEndedAt: clock.now(),
      outcome,
      errorType,
      logGroup,
      logStream,
      retryDueAt: undefined,
      fault: 'duplicate-delivery',
    };
  }

  /** An event that ends without running: its function is gone, it is too old, or it may never run. */
  private async refusalBeforeRun(event: AsyncEventRecord, settings: EventSettings, now: number): Promise<Settlement | undefined> {
    const endWithout = (condition: FinalCondition, errorType?: string): Settlement => ({
      kind: 'finish',
      id: event.id,
      state: 'failed',
      condition,
      finishedAt: this.deps.clock.wallTime(),
      route: true,
      attempt: undefined,
      countsAttempt: false,
      response: undefined,
      errorType,
    });
    if (!(await this.deps.functionExists(event.functionName))) return endWithout('RetriesExhausted', 'ResourceNotFoundException');
    if (isExpired(event.enqueuedAt, now, settings)) return endWithout('EventAgeExceeded');
    if (this.deps.limiter.reservation(event.functionName) === 0) return endWithout('ZeroReservedConcurrency');
    return undefined;
  }

  /** `startedAt`: real time the attempt began. The decision is taken on engine time, the record kept in real time. */
  private afterAttempt(event: AsyncEventRecord, settings: EventSettings, outcome: AttemptOutcome, startedAt: number, run: EventRun): Settlement {
    const now = this.deps.clock.now();
    const endedAt = this.deps.clock.wallTime();
    const decision = decideAfterAttempt({ outcome, attemptsBefore: event.attempts, backoffsBefore: event.backoffs, enqueuedAt: event.enqueuedAt, now, settings });
    const { logGroup, logStream } = run;
    const retryDueAt = decision.kind === 'retry' ? this.deps.clock.toWallTime(decision.at) : undefined;
    const common = {
      id: event.id,
      attempt: { eventId: event.id, startedAt, endedAt, engineEndedAt: now, outcome, errorType: run.errorType, logGroup, logStream, retryDueAt, fault: run.fault },
      countsAttempt: countsAsAttempt(outcome),
      response: run.response,
      errorType: run.errorType,
    };
    return decision.kind === 'retry'
      ? { ...common, kind: 'retry', nextAttemptAt: decision.at }
      : {
          ...common,
          kind: 'finish',
          state: decision.state,
          condition: decision.condition,
          finishedAt: endedAt,
          // Failures go to the dead-letter queue or the OnFailure destination; successes only where one is configured.
          route: decision.state === 'failed' || settings.successDestination,
        };
  }

  private settingsOf(event: AsyncEventRecord): Promise<EventSettings> {
    return this.deps.eventSettings(event.functionName, event.qualifier);
  }

  /** Heartbeat: keeps this node's leases alive and takes back events whose node stopped renewing theirs. */
  private async maintainLeases(): Promise<void> {
    const { store, clock } = this.deps;
    try {
      if (this.running.size > 0) await store.extendLeases([...this.running.keys()], clock.wallTime() + LEASE_MS);
      if ((await store.requeueExpiredLeases(clock.wallTime(), clock.now())) > 0) this.wake();
    } catch (error) {
      this.deps.logger.error('could not maintain the leases of running events', { err: error });
    }
  }
}
