import { AwsError, serviceException } from '../lib/errors.js';

/**
 * The one place typed errors become AWS wire errors. Anything that is not an AwsError is a bug or an
 * infrastructure failure: it is logged and answered as the service's internal error, never as a stack trace.
 */
export interface WireError {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function toAwsError(error: unknown): AwsError {
  if (error instanceof AwsError) return error;
  console.error('eventide: unexpected error while serving a request:', error);
  return serviceException('Eventide hit an internal error while serving this request.');
}

/** rest-json (Lambda): code in `x-amzn-ErrorType`, `{Type, message|Message, …members}` in the body. */
export function restJsonError(error: AwsError): WireError {
  const body: Record<string, unknown> = {};
  if (error.type !== undefined) body.Type = error.type;
  body[error.messageKey] = error.message;
  Object.assign(body, error.fields);
  return {
    status: error.status,
    headers: { 'x-amzn-ErrorType': error.code, 'Content-Type': 'application/json', ...error.headers },
    body: JSON.stringify(body),
  };
}

/** json-1.0/1.1 (CloudWatch Logs, …): `{"__type": code, "message": …}`. */
export function jsonRpcError(error: AwsError, jsonVersion: string): WireError {
  return {
    status: error.status,
    headers: { 'x-amzn-ErrorType': error.code, 'Content-Type': `application/x-amz-json-${jsonVersion}`, ...error.headers },
    body: JSON.stringify({ __type: error.code, message: error.message, ...error.fields }),
  };
}
