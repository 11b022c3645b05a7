import { availableParallelism } from 'node:os';
import { ExecutionEnvironment, type EnvironmentContext } from './execution-environment.js';
import type { FunctionSpec, Invocation, InvocationResult } from './types.js';

export interface PoolOptions extends EnvironmentContext {
  /** An environment idle this long is stopped. */
  idleTimeoutMs: number;
}

/**
 * Environments of one function that may be initialising at once. More cold starts than cores only slow each
 * other down; an invocation that finds none idle and no start free takes the next environment to come free or
 * the next start, whichever comes first. Lambda scales out gradually too.
 */
const CONCURRENT_STARTS = Math.max(4, availableParallelism() * 2);

interface Waiter {
  revisionId: string;
  /** An environment handed over, or undefined: a start is free. */
  resolve: (env: ExecutionEnvironment | undefined) => void;
}

/**
 * The execution environments of every function. A warm, idle environment of the function's current revision
 * takes the next invocation; when none is free another one starts, so concurrent invocations run in parallel.
 * Environments of an older revision finish their invocation and stop.
 */
export class EnvironmentPool {
  private readonly byFunction = new Map<string, Set<ExecutionEnvironment>>();
  private readonly idle = new Map<ExecutionEnvironment, NodeJS.Timeout>();
  private readonly starting = new Map<string, number>();
  private readonly waiters = new Map<string, Waiter[]>();

  constructor(private readonly options: PoolOptions) {}

  async invoke(spec: FunctionSpec, invocation: Invocation): Promise<InvocationResult> {
    for (;;) {
      const env = this.takeIdle(spec) ?? (await this.environmentFor(spec));
      const result = await env.invoke(invocation);
      if (result === undefined) continue; // that environment died before taking the event: nothing ran
      this.release(env);
      return result;
    }
  }

  /** The function's execution environments alive now, busy or idle. */
  environmentCount(functionName: string): number {
    let count = 0;
    for (const env of this.byFunction.get(functionName) ?? []) if (!env.dead) count++;
    return count;
  }

  /** Stops the function's idle environments now and its busy ones when their invocation ends. */
  retire(functionName: string): void {
    for (const env of this.byFunction.get(functionName) ?? []) {
      if (!env.busy) env.stop();
    }
    this.byFunction.delete(functionName);
  }

  /** Stops every environment. */
  shutdown(): void {
    for (const envs of this.byFunction.values()) for (const env of envs) env.stop();
    this.byFunction.clear();
  }

  private takeIdle(spec: FunctionSpec): ExecutionEnvironment | undefined {
    for (const env of this.byFunction.get(spec.name) ?? []) {
      if (env.busy || env.dead) continue;
      if (env.spec.revisionId !== spec.revisionId) {
        env.stop();
        continue;
      }
      const timer = this.idle.get(env);
      if (timer === undefined) continue; // handed out already, its invocation not yet begun
      clearTimeout(timer);
      this.idle.delete(env);
      return env;
    }
    return undefined;
  }

  /** A new environment when a start is free; otherwise the first one to come free or the next free start. */
  private async environmentFor(spec: FunctionSpec): Promise<ExecutionEnvironment> {
    for (;;) {
      if ((this.starting.get(spec.name) ?? 0) < CONCURRENT_STARTS) return this.startEnvironment(spec);
      const handed = await new Promise<ExecutionEnvironment | undefined>((resolve) => {
        const queue = this.waiters.get(spec.name) ?? [];
        queue.push({ revisionId: spec.revisionId, resolve });
        this.waiters.set(spec.name, queue);
      });
      if (handed !== undefined) return handed;
      const idle = this.takeIdle(spec);
      if (idle !== undefined) return idle;
    }
  }

  private async startEnvironment(spec: FunctionSpec): Promise<ExecutionEnvironment> {
    this.starting.set(spec.name, (this.starting.get(spec.name) ?? 0) + 1);
    const startDone = () => {
      this.starting.set(spec.name, (this.starting.get(spec.name) ?? 1) - 1);
      this.waiters.get(spec.name)?.shift()?.resolve(undefined);
    };
    let env: ExecutionEnvironment;
    try {
      env = await ExecutionEnvironment.start(spec, this.options, (gone) => this.forget(gone));
    } catch (error) {
      startDone();
      throw error;
    }
    void env.initialized.then(startDone);
    let envs = this.byFunction.get(spec.name);
    if (envs === undefined) this.byFunction.set(spec.name, (envs = new Set()));
    envs.add(env);
    return env;
  }

  private release(env: ExecutionEnvironment): void {
    if (env.dead) return;
    if (this.byFunction.get(env.spec.name)?.has(env) !== true) return env.stop(); // retired meanwhile
    const queue = this.waiters.get(env.spec.name);
    const waiter = queue?.findIndex((candidate) => candidate.revisionId === env.spec.revisionId) ?? -1;
    if (queue !== undefined && waiter !== -1) {
      const [taker] = queue.splice(waiter, 1);
      return taker?.resolve(env);
    }
    this.idle.set(env, setTimeout(() => env.stop(), this.options.idleTimeoutMs).unref());
  }

  private forget(env: ExecutionEnvironment): void {
    const timer = this.idle.get(env);
    if (timer !== undefined) clearTimeout(timer);
    this.idle.delete(env);
    this.byFunction.get(env.spec.name)?.delete(env);
  }
}
