/**
 * How an API surface describes itself to the gateway: its operations and their wire bindings, in plain data.
 * The gateway owns HTTP and the protocol codecs; a service sees decoded input and returns output values.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { AwsError } from '../lib/errors.js';

export interface RequestContext {
  /** Sent back as `x-amzn-RequestId`; for Invoke it is also the invocation's request id. */
  requestId: string;
}

export interface RestRequest extends RequestContext {
  /** The path as requested, before decoding (the console tells `/_eventide/console` from `/_eventide/console/`). */
  path: string;
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
  /**
   * awsQueryCompatible services (SQS) also serve the query protocol: errors carry `x-amzn-query-error:
   * <queryCode>;Sender|Receiver` so SDKs report the same code either way.
   */
  awsQueryCompatible?: boolean;
  operations: Record<string, JsonOperation>;
}

/**
 * A query-protocol parameter tree: `Attributes.entry.1.key=K` becomes `{ Attributes: { entry: [{ key: 'K' }] } }`.
 * Dotted names nest; a level whose names are all positive integers becomes an array in index order.
 */
export type QueryValue = string | QueryTree | QueryValue[];
export interface QueryTree {
  [name: string]: QueryValue;
}

export interface QueryRequest extends RequestContext {
  /** The decoded parameters, `Action` and `Version` included. */
  params: QueryTree;
  /** The request path: SQS clients may post to a queue URL (`/<account>/<queue>`) instead of naming `QueueUrl`. */
  path: string;
}

/**
 * XML-ready output: an object becomes child elements, an array under a key becomes that element repeated
 * (`{ Member: [a, b] }` → `<Member>a</Member><Member>b</Member>`), scalars become text.
 */
export type XmlValue = string | number | boolean | XmlObject | XmlValue[];
export interface XmlObject {
  [element: string]: XmlValue | undefined;
}

/** Returns the content of `<{Action}Result>`; undefined when the response has no Result element. */
export type QueryOperation = (request: QueryRequest) => Promise<XmlObject | undefined>;

/** A query-protocol service (SNS, IAM, STS; SQS for older clients): form-encoded `Action=…`, XML answers. */
export interface QueryService {
  protocol: 'query';
  signingName: string;
  /** `xmlns` of responses and errors, e.g. `http://sns.amazonaws.com/doc/2010-03-31/`. */
  xmlNamespace: string;
  operations: Record<string, QueryOperation>;
}

/** What a rest-xml route reads from the request body; `bytes`: the body read whole (PutBucketPolicy's JSON). */
export type RestXmlInput = 'none' | 'xml' | 'bytes' | 'stream';

export interface RestXmlRequest extends RequestContext {
  /** From the path (`/bucket/key`) or the virtual host (`bucket.localhost`); undefined for the service itself. */
  bucket: string | undefined;
  /** The decoded key; undefined when the request addresses the bucket. */
  key: string | undefined;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The decoded XML body (input `xml`), its root element's content; undefined when the body is empty. */
  xml: XmlObject | undefined;
  /** The body (input `bytes`), free of `aws-chunked` framing. */
  bytes?: Buffer;
  /** The payload (input `stream`), already free of `aws-chunked` framing. */
  body: Readable | undefined;
  sourceIp: string;
  /** The gateway's XML reading, for a document a request carries elsewhere than its body (PostObject's `tagging` field). */
  parseXml(text: string, root: string): XmlObject | undefined;
}

export interface RestXmlResponse {
  status: number;
  headers?: Record<string, string>;
  /**
   * `xml`: a document with this root element (text content stands alone in it, as GetBucketLocation's
   * `LocationConstraint`); `stream`: bytes as they are; neither: no body.
   */
  xml?: { root: string; content: XmlObject | string };
  stream?: Readable;
}

interface RestXmlRouteShape {
  operation: string;
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
  /** What the path addresses: the service (`/`), a bucket or an object. */
  target: 'service' | 'bucket' | 'object';
  /**
   * A query parameter that must be present, if any: a subresource (`uploads`, `policy`, `uploadId`), or another
   * parameter that tells operations apart (`list-type`). A route without a subresource only serves requests naming none.
   */
  query?: string;
  /** A header that must be present (`x-amz-copy-source`), if any. */
  header?: string;
  handle(request: RestXmlRequest): Promise<RestXmlResponse>;
}

/** An `xml` body always names the root element it must have (`NotificationConfiguration`): any other is MalformedXML. */
export type RestXmlRoute = RestXmlRouteShape & ({ input: 'xml'; root: string } | { input: Exclude<RestXmlInput, 'xml'>; root?: undefined });

/** A rest-xml service (S3): matched by method, target, subresource, and the query parameter or header a route requires. */
export interface RestXmlService {
  protocol: 'rest-xml';
  signingName: string;
  /** The query parameters that name a subresource: a request is routed on every one it names. */
  subresources: ReadonlySet<string>;
  /** `xmlns` of response documents. */
  xmlNamespace: string;
  routes: RestXmlRoute[];
}

export type Service = RestJsonService | JsonRpcService | QueryService | RestXmlService;
