/**
 * Functions' fault injection settings (Eventide's own `/_eventide/functions/{name}/faults`), one per function. A
 * setting belongs to its function: deleting the function deletes it, and none is written for a missing function.
 */

/** What to inject into a function's asynchronous events; undefined: not set. */
export interface FaultSettings {
  /** Probability, 0 to 1, that an attempt which ran the function is delivered once more. */
  duplicateDelivery: number | undefined;
  /** Dispatch numbers (1 = the event's first) that end as a throttle without running the function. */
  throttleOnAttempts: number[] | undefined;
  /** Dispatch numbers that end as a system error without running the function. */
  systemErrorOnAttempts: number[] | undefined;
  /** Real milliseconds each dispatch waits before the function starts. */
  addedLatencyMs: number | undefined;
}

export interface FunctionFaultStore {
  /** Undefined when the function has none (fault injection is off). */
  getFaults(functionName: string): Promise<FaultSettings | undefined>;
  /** Replaces the function's settings; false, and nothing written, when the function does not exist. */
  putFaults(functionName: string, settings: FaultSettings): Promise<boolean>;
  /** Removes them; false when there were none. */
  deleteFaults(functionName: string): Promise<boolean>;
}
