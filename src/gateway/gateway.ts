import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError, serviceError } from '../lib/errors.js';
import { newRequestId } from '../lib/ids.js';
import type { Logger } from '../lib/logger.js';
import { readBody } from '../lib/read-body.js';
import type { JsonRpcService, QueryService, RestJsonService, RestXmlService, Service } from '../services/service.js';
import { callerProtocol, serviceHints, type ServiceHints } from './detect.js';
import { callerError, jsonRpcError, queryError, restJsonError, toAwsError, type WireError } from './error-shape.js';
import { decodeQueryParams, queryResponse } from './query-protocol.js';
import { RestRouter } from './rest-router.js';
import { bucketOfHost } from './rest-xml-router.js';
import { serveRestXml } from './rest-xml-protocol.js';
import type { ServedRequest } from './served-request.js';
import { isJsonObject } from '../lib/json.js';

/** Largest body of a json-protocol request. */
const JSON_RPC_BODY_LIMIT = 16 * 1024 * 1024;
/** Largest body of a rest-json request whose route names no limit of its own. */
const REST_BODY_LIMIT = 16 * 1024 * 1024;
/** Largest form body of a query-protocol request (a 1 MiB SQS message, percent-encoded, with room to spare). */
const QUERY_BODY_LIMIT = 4 * 1024 * 1024;
const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

type Body = Buffer | string | undefined;

/**
 * The one HTTP port for every AWS service. It finds the service (X-Amz-Target, SigV4 credential scope,
 * path), decodes the request with that service's protocol, calls the operation, and encodes the answer or
 * the typed error. Every response carries `x-amzn-RequestId`. Each request gets one line on the console once
 * answered: at debug, or at error with the failure when it met one that was no AwsError.
 */
export class Gateway {
  private readonly restRouters: RestRouter[] = [];
  private readonly bySigningName = new Map<string, Service>();
  private readonly byTargetPrefix = new Map<string, JsonRpcService>();
  private readonly queryServices: QueryService[] = [];
  private restXml: RestXmlService | undefined;
  private internalRouter: RestRouter | undefined;

  constructor(
    services: Service[],
    internal: RestJsonService | undefined,
    private readonly logger: Logger,
  ) {
    for (const service of services) {
      if (service.protocol === 'json') this.byTargetPrefix.set(service.targetPrefix, service);
      else if (service.protocol === 'query') this.queryServices.push(service);
      else if (service.protocol === 'rest-xml') this.restXml = service;
      else this.restRouters.push(new RestRouter(service));
      // SQS speaks json and query under one signing name: json requests name their target, so query wins the name.
      if (service.protocol === 'query' || !this.bySigningName.has(service.signingName)) this.bySigningName.set(service.signingName, service);
    }
    if (internal !== undefined) this.internalRouter = new RestRouter(internal);
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    const startedAt = performance.now();
    const served: ServedRequest = { requestId: newRequestId() };
    res.setHeader('x-amzn-RequestId', served.requestId);
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    // The query string stays off the console: presigned URLs carry signatures there.
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    const query = new URLSearchParams(queryStart === -1 ? '' : url.slice(queryStart + 1));
    res.once('close', () => {
      const { requestId, service, operation, unexpected } = served;
      const fields = { method: req.method, path, service, operation, status: res.statusCode, durationMs: Math.round(performance.now() - startedAt), requestId };
      if (unexpected === undefined) this.logger.debug('request', fields);
      else this.logger.error('request failed inside Eventide', { ...fields, err: unexpected });
    });
    this.dispatch(req, res, served, path, query).catch((error: unknown) => {
      const wire = restJsonError(toAwsError(error, served));
      send(res, wire.status, wire.headers, wire.body);
    });
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse, served: ServedRequest, path: string, query: URLSearchParams): Promise<void> {
    const { requestId } = served;
    if (this.internalRouter !== undefined && path.startsWith('/_eventide/')) {
      return this.serveRest(this.internalRouter, req, res, served, path, query);
    }
    const hints = serviceHints(req.headers, query);
    if (hints.targetPrefix !== undefined) {
      const service = this.byTargetPrefix.get(hints.targetPrefix);
      if (service !== undefined) return this.serveJsonRpc(service, hints.targetOperation ?? '', req, res, served);
    }
    const named = hints.signingName === undefined ? undefined : this.bySigningName.get(hints.signingName);
    if (named?.protocol === 'query') return this.serveQuery(named, req, res, served, path, query);
    if (named?.protocol === 'rest-xml') return serveRestXml(named, req, res, served, path, query);
    // A virtual-hosted bucket (`bucket.localhost`) names S3 even unsigned.
    if (this.restXml !== undefined && hints.signingName === undefined && bucketOfHost(req.headers.host) !== undefined) {
      return serveRestXml(this.restXml, req, res, served, path, query);
    }
    // An unsigned query request (SNS's UnsubscribeURL, curl) is recognised by its Action.
    if (named === undefined && hints.signingName === undefined && (query.has('Action') || isForm(req))) {
      return this.serveQuery(undefined, req, res, served, path, query);
    }
    // A request naming no service goes to whichever serves its path, Eventide's own last (Prometheus scrapes `/metrics`).
    const router =
      named?.protocol === 'rest-json'
        ? this.restRouters.find((candidate) => candidate.service === named)
        : named === undefined && hints.signingName === undefined
          ? [...this.restRouters, this.internalRouter].find((candidate) => candidate?.ownsPath(path))
          : undefined;
    if (router !== undefined) return this.serveRest(router, req, res, served, path, query);
    // Unsigned reads of a path nobody else serves are S3's (a browser or curl fetching `/bucket/key`), and so are
    // browser form uploads (POST multipart/form-data); Lambda keeps its `/2015-03-31/…` paths, known or not.
    const claimed = this.restRouters.some((candidate) => candidate.service.routes.some((route) => firstSegment(route.path) === firstSegment(path)));
    const browserish = req.method === 'GET' || req.method === 'HEAD' || (req.method === 'POST' && isMultipartForm(req));
    if (this.restXml !== undefined && !claimed && named === undefined && hints.signingName === undefined && browserish) {
      return serveRestXml(this.restXml, req, res, served, path, query);
    }
    if (named?.protocol === 'json') return this.serveJsonRpc(named, hints.targetOperation ?? '', req, res, served);
    return refuseUnserved(req, res, requestId, hints, path, query);
  }

  private async serveRest(router: RestRouter, req: IncomingMessage, res: ServerResponse, served: ServedRequest, path: string, query: URLSearchParams): Promise<void> {
    served.service = router.service.signingName;
    const match = router.match(req.method ?? 'GET', path);
    if (match === undefined) {
      req.resume();
      const error = serviceError('UnknownOperationException', 404, `No ${router.service.signingName} operation is served at ${req.method ?? ''} ${path}`);
      const wire = restJsonError(error);
      return send(res, wire.status, wire.headers, wire.body);
    }
    const { route, pathParams } = match;
    served.operation = route.operation;
    try {
      const limit = route.maxBodyBytes?.limit ?? REST_BODY_LIMIT;
      const body = await readBody(req, limit);
      if (body === undefined) throw route.maxBodyBytes?.error() ?? tooLarge(limit);
      const response = await route.handle({ requestId: served.requestId, path, pathParams, query, headers: req.headers, body });
      const headers = { ...response.headers };
      let payload: Body;
      if (Buffer.isBuffer(response.body)) payload = response.body;
      else if (response.body !== undefined) {
        payload = JSON.stringify(response.body);
        headers['Content-Type'] ??= 'application/json';
      }
      send(res, response.status, headers, payload);
    } catch (error) {
      const wire = restJsonError(toAwsError(error, served));
      send(res, wire.status, wire.headers, wire.body);
    }
  }

  private async serveJsonRpc(service: JsonRpcService, operationName: string, req: IncomingMessage, res: ServerResponse, served: ServedRequest): Promise<void> {
    served.service = service.signingName;
    served.operation = operationName;
    const contentType = `application/x-amz-json-${service.jsonVersion}`;
    let wire: WireError;
    try {
      const operation = Object.hasOwn(service.operations, operationName) ? service.operations[operationName] : undefined;
      if (operation === undefined) {
        req.resume();
        throw serviceError('UnknownOperationException', 400, `Unknown operation ${service.targetPrefix}.${operationName}`);
      }
      const body = await readBody(req, JSON_RPC_BODY_LIMIT);
      if (body === undefined) throw tooLarge(JSON_RPC_BODY_LIMIT);
      const output = await operation(parseJsonRpcInput(body), { requestId: served.requestId });
      return send(res, 200, { 'Content-Type': contentType }, JSON.stringify(output ?? {}));
    } catch (error) {
      wire = jsonRpcError(toAwsError(error, served), service.jsonVersion, service.awsQueryCompatible);
    }
    send(res, wire.status, wire.headers, wire.body);
  }

  /** `service` undefined: an unsigned request, served by the one query service that has its Action. */
  private async serveQuery(
    named: QueryService | undefined,
    req: IncomingMessage,
    res: ServerResponse,
    served: ServedRequest,
    path: string,
    query: URLSearchParams,
  ): Promise<void> {
    const { requestId } = served;
    let namespace = named?.xmlNamespace ?? '';
    let wire: WireError;
    try {
      const body = await readBody(req, QUERY_BODY_LIMIT);
      if (body === undefined) throw serviceError('RequestEntityTooLarge', 413, `Request must be smaller than ${QUERY_BODY_LIMIT} bytes`);
      const params = new URLSearchParams(query);
      if (isForm(req)) for (const [name, value] of new URLSearchParams(body.toString())) params.append(name, value);
      const action = params.get('Action');
      if (action === null || action === '') throw serviceError('MissingAction', 400, 'The request must contain the parameter Action.');
      served.operation = action;
      const service = named ?? this.queryServices.find((candidate) => Object.hasOwn(candidate.operations, action));
      if (service === undefined) throw serviceError('InvalidAction', 400, `The action ${action} is not valid for this web service.`);
      namespace = service.xmlNamespace;
      served.service = service.signingName;
      const operation = Object.hasOwn(service.operations, action) ? service.operations[action] : undefined;
      if (operation === undefined) throw serviceError('InvalidAction', 400, `The action ${action} is not valid for this web service.`);
      const result = await operation({ requestId, params: decodeQueryParams(params), path });
      return send(res, 200, { 'Content-Type': 'text/xml' }, queryResponse(action, namespace, requestId, result));
    } catch (error) {
      wire = queryError(toAwsError(error, served), namespace, requestId);
    }
    send(res, wire.status, wire.headers, wire.body);
  }
}

/**
 * A request for a service Eventide does not serve (or cannot tell) is refused in the caller's own protocol, so its
 * client can read the error, with a 400 that SDKs do not retry (they retry 5xx and throttles), naming the service
 * and the operation.
 */
async function refuseUnserved(req: IncomingMessage, res: ServerResponse, requestId: string, hints: ServiceHints, path: string, query: URLSearchParams): Promise<void> {
  const caller = callerProtocol(req.headers, query, hints);
  const form = caller.protocol === 'query' ? await readBody(req, QUERY_BODY_LIMIT) : undefined;
  req.resume();
  const operation = hints.targetOperation ?? query.get('Action') ?? (form === undefined ? null : new URLSearchParams(form.toString()).get('Action'));
  const attempted = operation === null ? `${req.method ?? ''} ${path}` : `operation ${operation}`;
  const service = hints.signingName ?? hints.targetPrefix;
  const message =
    service !== undefined
      ? `Eventide does not serve the ${service} service (${attempted})`
      : `Eventide could not tell which AWS service this request is for (no X-Amz-Target, no SigV4 credential scope, and no service serves the path): ${attempted}`;
  const error = serviceError('UnknownOperationException', 400, message, { queryCode: 'InvalidAction' });
  const wire = callerError(caller, error, requestId, req.method ?? 'GET');
  send(res, wire.status, wire.headers, wire.body);
}

const firstSegment = (path: string): string => path.split('/')[1] ?? '';

function isMultipartForm(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
}

function isForm(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().startsWith(FORM_CONTENT_TYPE);
}

function parseJsonRpcInput(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString());
  } catch {
    throw serviceError('SerializationException', 400, 'The request body is not valid JSON.');
  }
  if (!isJsonObject(value)) {
    throw serviceError('SerializationException', 400, 'The request body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

function tooLarge(limit: number): AwsError {
  return serviceError('RequestEntityTooLargeException', 413, `Request must be smaller than ${limit} bytes`);
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: Body): void {
  if (res.headersSent) return void res.end();
  const length = body === undefined ? 0 : Buffer.byteLength(body);
  res.writeHead(status, { ...headers, 'Content-Length': length });
  res.end(body);
}
