import { AwsError, serviceException } from '../lib/errors.js';
import type { CallerProtocol } from './detect.js';
import type { ServedRequest } from './served-request.js';
import { xmlDocument } from './query-protocol.js';
import { xmlDocumentOf } from './rest-xml-codec.js';

/**
 * The one place typed errors become AWS wire errors. Anything that is not an AwsError is a bug or an
 * infrastructure failure: it is kept on the request for its log line and answered as the service's internal
 * error, never as a stack trace.
 */
export interface WireError {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function toAwsError(error: unknown, served: ServedRequest): AwsError {
  if (error instanceof AwsError) return error;
  served.unexpected = error;
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

const faultOf = (error: AwsError): 'Sender' | 'Receiver' => (error.status < 500 ? 'Sender' : 'Receiver');

/**
 * json-1.0/1.1 (CloudWatch Logs, SQS, …): `{"__type": code, "message": …}`. An awsQueryCompatible service
 * (SQS) also names the query protocol's code in `x-amzn-query-error`, which SDKs report as the error code.
 */
export function jsonRpcError(error: AwsError, jsonVersion: string, awsQueryCompatible = false): WireError {
  const headers: Record<string, string> = { 'x-amzn-ErrorType': error.code, 'Content-Type': `application/x-amz-json-${jsonVersion}` };
  if (awsQueryCompatible) headers['x-amzn-query-error'] = `${error.queryCode ?? error.code};${faultOf(error)}`;
  return {
    status: error.status,
    headers: { ...headers, ...error.headers },
    body: JSON.stringify({ __type: error.code, message: error.message, ...error.fields }),
  };
}

/** query (SNS, IAM, STS, SQS): `<ErrorResponse><Error><Type>Sender|Receiver</Type><Code>…</Code><Message>…`. */
export function queryError(error: AwsError, namespace: string, requestId: string): WireError {
  const body = xmlDocument('ErrorResponse', namespace, {
    Error: { Type: faultOf(error), Code: error.queryCode ?? error.code, Message: error.message },
    RequestId: requestId,
  });
  return { status: error.status, headers: { 'Content-Type': 'text/xml', ...error.headers }, body };
}

/**
 * rest-xml (S3): `<Error><Code>…</Code><Message>…</Message>…members…<RequestId>…</RequestId></Error>`, no namespace.
 * A HEAD answer has no body, so there only the status tells the error.
 */
export function restXmlError(error: AwsError, requestId: string, method: string): WireError {
  const headers = { 'Content-Type': 'application/xml', 'x-amz-request-id': requestId, ...error.headers };
  if (method === 'HEAD') return { status: error.status, headers, body: '' };
  const members: Record<string, string> = {};
  for (const [name, value] of Object.entries(error.fields)) members[name] = String(value);
  const body = xmlDocumentOf('Error', { Code: error.code, Message: error.message, ...members, RequestId: requestId });
  return { status: error.status, headers, body };
}

/** An error in whichever protocol the caller speaks, when no service of Eventide's decoded its request. */
export function callerError(caller: CallerProtocol, error: AwsError, requestId: string, method: string): WireError {
  switch (caller.protocol) {
    case 'json':
      return jsonRpcError(error, caller.jsonVersion);
    case 'query':
      return queryError(error, '', requestId);
    case 'rest-xml':
      return restXmlError(error, requestId, method);
    case 'rest-json':
      return restJsonError(error);
  }
}
