import { ExecutionEnvironment, type EnvironmentContext } from './execution-environment.js';
import type { FunctionSpec, Invocation, InvocationResult } from './types.js';

export interface PoolOptions extends EnvironmentContext {
  /** An environment idle this long is stopped. */
  idleTimeoutMs: number;
}

/**
 * The execution environments of every function. A warm, idle environment of the function's current revision
 * takes the next invocation; when none is free another one starts, so concurrent invocations run in parallel.
 * Environments of an older revision finish their invocation and stop.
 */
export class EnvironmentPool {
  private readonly byFunction = new Map<string, Set<ExecutionEnvironment>>();
  private readonly idle = new Map<ExecutionEnvironment, NodeJS.Timeout>();

  constructor(private readonly options: PoolOptions) {}

  async invoke(spec: FunctionSpec, invocation: Invocation): Promise<InvocationResult> {
    for (;;) {
      const env = this.takeIdle(spec) ?? (await this.startEnvironment(spec));
      const result = await env.invoke(invocation);
      if (result === undefined) continue; // that environment died before taking the event: nothing ran
      this.release(env);
      return result;
    }
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

  private async startEnvironment(spec: FunctionSpec): Promise<ExecutionEnvironment> {
    const env = await ExecutionEnvironment.start(spec, this.options, (gone) => this.forget(gone));
    let envs = this.byFunction.get(spec.name);
    if (envs === undefined) this.byFunction.set(spec.name, (envs = new Set()));
    envs.add(env);
    return env;
  }

  private release(env: ExecutionEnvironment): void {
    if (env.dead) return;
    if (this.byFunction.get(env.spec.name)?.has(env) !== true) return env.stop(); // retired meanwhile
    this.idle.set(env, setTimeout(() => env.stop(), this.options.idleTimeoutMs).unref());
  }

  private forget(env: ExecutionEnvironment): void {
    const timer = this.idle.get(env);
    if (timer !== undefined) clearTimeout(timer);
    this.idle.delete(env);
    this.byFunction.get(env.spec.name)?.delete(env);
  }
}
