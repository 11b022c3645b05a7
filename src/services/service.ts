/**
 * How an API surface describes itself to the gateway: its operations and their wire bindings, in plain data.
 * The gateway owns HTTP and the protocol codecs; a service sees decoded input and returns output values.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { AwsError } from '../lib/errors.js';

export interface RequestContext {
  /** Sent back as `x-amzn-RequestId`; for Invoke it is also the invocation's request id. */
  requestId: string;
}

export interface RestRequest extends RequestContext {
  pathParams: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface RestResponse {
  status: number;
  headers?: Record<string, string>;
  /** A Buffer goes out as is (Invoke's payload); anything else is serialised as JSON; undefined: no body. */
  body?: unknown;
}

export interface RestRoute {
  operation: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path template with `{Param}` segments, e.g. `/2015-03-31/functions/{FunctionName}/invocations`. */
  path: string;
  /** Largest request body accepted, and the error for a larger one. */
  maxBodyBytes?: { limit: number; error: () => AwsError };
  handle(request: RestRequest): Promise<RestResponse>;
}

/** A rest-json service (Lambda): matched by path. */
export interface RestJsonService {
  protocol: 'rest-json';
  /** The SigV4 signing name, e.g. `lambda`. */
  signingName: string;
  routes: RestRoute[];
}

export type JsonOperation = (input: Record<string, unknown>, context: RequestContext) => Promise<unknown>;

/** A json-1.0/1.1 service (CloudWatch Logs): matched by `X-Amz-Target: <targetPrefix>.<Operation>`. */
export interface JsonRpcService {
  protocol: 'json';
  signingName: string;
  targetPrefix: string;
  jsonVersion: '1.0' | '1.1';
  operations: Record<string, JsonOperation>;
}

export type Service = RestJsonService | JsonRpcService;
