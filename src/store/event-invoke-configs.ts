/** Functions' asynchronous-invocation settings (Lambda's EventInvokeConfig), one per function and qualifier. */

/** A destination as configured: `{}` (given without an ARN) is kept apart from no destination at all. */
export interface DestinationRecord {
  destination: string | undefined;
}

export interface EventInvokeConfigRecord {
  functionName: string;
  /** `$LATEST`, a version or an alias. */
  qualifier: string;
  /** Undefined: not configured (Lambda's default applies). */
  maximumRetryAttempts: number | undefined;
  maximumEventAgeInSeconds: number | undefined;
  onSuccess: DestinationRecord | undefined;
  onFailure: DestinationRecord | undefined;
  /** Wall time, epoch milliseconds. */
  lastModified: number;
}

export interface EventInvokeConfigStore {
  /** Stores the config, replacing the one of the same function and qualifier. */
  putEventInvokeConfig(config: EventInvokeConfigRecord): Promise<void>;
  getEventInvokeConfig(functionName: string, qualifier: string): Promise<EventInvokeConfigRecord | undefined>;
  /** False when there was none. */
  deleteEventInvokeConfig(functionName: string, qualifier: string): Promise<boolean>;
  /** The function's configs in qualifier order, after the qualifier `afterQualifier`. */
  listEventInvokeConfigs(functionName: string, afterQualifier: string | undefined, limit: number): Promise<EventInvokeConfigRecord[]>;
  /** Removes every config of the function (it was deleted). */
  deleteEventInvokeConfigsOf(functionName: string): Promise<void>;
}
