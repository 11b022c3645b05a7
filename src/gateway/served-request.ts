/** One request as the gateway serves it: its id, and what it turned out to be, for its line on the console. */
export interface ServedRequest {
  readonly requestId: string;
  /** The service's signing name (`lambda`, `s3`, `eventide` for Eventide's own routes), once known. */
  service?: string;
  operation?: string;
  /** A failure that was no AwsError (a bug, or the disk failed): answered as an internal error, logged with its stack. */
  unexpected?: unknown;
}
