/**
 * Typed errors. Every failure a client can see is one of these values, named with AWS's own error code.
 * The gateway turns them into the wire shape of the protocol at hand (see gateway/error-shape.ts): this
 * module knows nothing about HTTP bodies, only the facts AWS's shapes are built from.
 */

export type ErrorType = 'User' | 'Service';

export interface AwsErrorOptions {
  /** `Type` member of Lambda's error bodies; omitted for model-level ValidationException. */
  type?: ErrorType;
  /** Lambda's ResourceNotFoundException uses `Message`; most other shapes use `message`. */
  messageKey?: 'message' | 'Message';
  /** Extra members of the error shape, e.g. `Reason` of TooManyRequestsException. */
  fields?: Record<string, unknown>;
  /** Extra response headers, e.g. `Retry-After`. */
  headers?: Record<string, string>;
  /**
   * The code the query protocol uses when it differs from `code`: SQS's `QueueDoesNotExist` is
   * `AWS.SimpleQueueService.NonExistentQueue` in XML and in JSON's `x-amzn-query-error` header.
   */
  queryCode?: string;
}

export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  readonly type: ErrorType | undefined;
  readonly messageKey: 'message' | 'Message';
  readonly fields: Record<string, unknown>;
  readonly headers: Record<string, string>;
  readonly queryCode: string | undefined;

  constructor(code: string, status: number, message: string, options: AwsErrorOptions = {}) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = status;
    this.type = options.type;
    this.messageKey = options.messageKey ?? 'message';
    this.fields = options.fields ?? {};
    this.headers = options.headers ?? {};
    this.queryCode = options.queryCode;
  }
}

export const resourceNotFound = (message: string): AwsError =>
  new AwsError('ResourceNotFoundException', 404, message, { type: 'User', messageKey: 'Message' });

export const resourceConflict = (message: string): AwsError =>
  new AwsError('ResourceConflictException', 409, message, { type: 'User' });

export const invalidParameterValue = (message: string): AwsError =>
  new AwsError('InvalidParameterValueException', 400, message, { type: 'User' });

export const invalidRequestContent = (message: string): AwsError =>
  new AwsError('InvalidRequestContentException', 400, message, { type: 'User' });

export const preconditionFailed = (message: string): AwsError =>
  new AwsError('PreconditionFailedException', 412, message, { type: 'User' });

export const requestTooLarge = (limit: number, operation: string): AwsError =>
  new AwsError('RequestEntityTooLargeException', 413, `Request must be smaller than ${limit} bytes for the ${operation} operation`, {
    messageKey: 'Message',
  });

export const tooManyRequests = (reason: string): AwsError =>
  new AwsError('TooManyRequestsException', 429, 'Rate Exceeded.', { type: 'User', fields: { Reason: reason } });

export const serviceException = (message: string): AwsError =>
  new AwsError('ServiceException', 500, message, { type: 'Service' });

/**
 * Model-level validation failures, in AWS's generated wording:
 * `2 validation errors detected: Value '…' at '…' failed to satisfy constraint: …; …`.
 */
export const validationFailed = (problems: string[]): AwsError => {
  const n = problems.length;
  return new AwsError('ValidationException', 400, `${n} validation error${n === 1 ? '' : 's'} detected: ${problems.join('; ')}`);
};

/** Errors of a service other than Lambda: just a code, a status and a message (json-1.1 `__type`). */
export const serviceError = (code: string, status: number, message: string, options: AwsErrorOptions = {}): AwsError =>
  new AwsError(code, status, message, options);
