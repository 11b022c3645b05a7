/** What goes with a message: plain values (strings, numbers, booleans), and an unexpected failure under `err`. */
export type LogFields = Record<string, unknown>;

/**
 * Where Eventide says what happens: requests, function errors, events that fail or are delivered, refusals,
 * start and stop. Every layer speaks through this port; its form on the console (pretty lines or JSON lines, and
 * the level) is chosen at the composition root. Messages are short and fixed; what varies goes into the fields.
 */
export interface Logger {
  /** Every step of every event: for following one event closely. */
  trace(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** For parts assembled without a console, e.g. in a unit test. */
export const SILENT_LOGGER: Logger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
};
