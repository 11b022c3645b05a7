import type { AsyncEventRecord, AttemptOutcome } from '../../store/async-events.js';
import type { MessageAttributes } from '../messaging/message-attributes.js';

/** "The first 1 KB of the error message." */
const ERROR_MESSAGE_LIMIT = 1024;

/** A failed event as Lambda writes it to a dead-letter queue or topic: the original payload, as is, with attributes. */
export interface DeadLetterMessage {
  body: string;
  attributes: MessageAttributes;
}

/**
 * `ErrorCode` is "the HTTP status code" of the last try: 200 for a function error (the function ran and
 * answered), 429 for a throttle or an event that never got concurrency, 500 for a failure of the platform.
 */
function errorCode(lastOutcome: AttemptOutcome | undefined, event: AsyncEventRecord): string {
  if (lastOutcome === 'function-error') return '200';
  if (lastOutcome === 'system-error') return '500';
  if (lastOutcome === undefined && event.lastErrorType === 'ResourceNotFoundException') return '404';
  return '429';
}

/** The function's own `errorMessage` when its error document has one; otherwise what is known of the failure. */
function errorMessage(event: AsyncEventRecord): string {
  let message: string | undefined;
  if (event.response !== undefined) {
    try {
      const document = JSON.parse(event.response.toString()) as { errorMessage?: unknown };
      if (typeof document.errorMessage === 'string') message = document.errorMessage;
    } catch {
      // not a JSON error document: fall through to the error type
    }
  }
  message ??= event.lastErrorType ?? event.condition ?? 'The event failed.';
  const bytes = Buffer.from(message);
  return bytes.length <= ERROR_MESSAGE_LIMIT ? message : bytes.subarray(0, ERROR_MESSAGE_LIMIT).toString().replace(/\uFFFD$/, '');
}

export function deadLetterMessage(event: AsyncEventRecord, lastOutcome: AttemptOutcome | undefined): DeadLetterMessage {
  return {
    body: event.payload.toString(),
    attributes: {
      RequestID: { DataType: 'String', StringValue: event.requestId },
      ErrorCode: { DataType: 'Number', StringValue: errorCode(lastOutcome, event) },
      ErrorMessage: { DataType: 'String', StringValue: errorMessage(event) },
    },
  };
}
