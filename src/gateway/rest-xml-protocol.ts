import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type AwsError, serviceError } from '../lib/errors.js';
import { readBody } from '../lib/read-body.js';
import type { RestXmlRoute, RestXmlService, XmlObject } from '../services/service.js';
import { restXmlError, toAwsError } from './error-shape.js';
import { AwsChunkedDecoder } from './rest-xml-chunked.js';
import { parseXmlBody, xmlDocumentOf } from './rest-xml-codec.js';
import type { ServedRequest } from './served-request.js';
import { locate, matchRestXmlRoute, type RestXmlTarget, subresourcesOf } from './rest-xml-router.js';

/** Largest XML request body (DeleteObjects of 1,000 long keys, notification configurations). */
const XML_BODY_LIMIT = 2 * 1024 * 1024;

/** SigV4 streaming uploads frame their payload in chunks; the SDKs say so in either header. */
function isAwsChunked(req: IncomingMessage): boolean {
  const sha = String(req.headers['x-amz-content-sha256'] ?? '');
  return sha.startsWith('STREAMING-') || (req.headers['content-encoding'] ?? '').includes('aws-chunked');
}

async function requestBody(route: RestXmlRoute, req: IncomingMessage): Promise<{ xml?: XmlObject; bytes?: Buffer; body?: Readable }> {
  if (route.input === 'stream') return { xml: undefined, body: isAwsChunked(req) ? req.pipe(new AwsChunkedDecoder()) : req };
  if (route.input === 'none') {
    req.resume();
    return {};
  }
  const raw = await readBody(req, XML_BODY_LIMIT);
  if (raw === undefined) throw serviceError('MaxMessageLengthExceeded', 400, 'Your request was too big.');
  const bytes = isAwsChunked(req) ? await decodeChunked(raw) : raw;
  return route.input === 'bytes' ? { bytes } : { xml: parseXmlBody(bytes, route.root) };
}

async function decodeChunked(raw: Buffer): Promise<Buffer> {
  const decoder = new AwsChunkedDecoder();
  const parts: Buffer[] = [];
  decoder.on('data', (part: Buffer) => parts.push(part));
  decoder.end(raw);
  await new Promise<void>((resolve, reject) => decoder.on('end', resolve).on('error', reject));
  return Buffer.concat(parts);
}

const parseXml = (text: string, root: string): XmlObject | undefined => parseXmlBody(Buffer.from(text), root);

/** No operation has this shape (a subresource on the wrong method or target, or two subresources at once). */
function unmatched(method: string, where: RestXmlTarget, subresources: string[]): AwsError {
  const target = where.bucket === undefined ? 'the service' : where.key === undefined ? 'a bucket' : 'an object';
  const naming = subresources.length === 0 ? '' : ` with ?${subresources.join('&')}`;
  return serviceError('NotImplemented', 501, `Eventide implements no operation for ${method} on ${target}${naming}.`);
}

/** Serves one rest-xml (S3) request: finds the bucket, key and route, calls it, writes its answer or its error. */
export async function serveRestXml(service: RestXmlService, req: IncomingMessage, res: ServerResponse, served: ServedRequest, path: string, query: URLSearchParams): Promise<void> {
  const { requestId } = served;
  const method = req.method ?? 'GET';
  served.service = service.signingName;
  res.setHeader('x-amz-request-id', requestId);
  try {
    const where = locate(req.headers, path);
    const route = matchRestXmlRoute(service, method, where, query, req.headers);
    if (route === undefined) throw unmatched(method, where, subresourcesOf(query, service.subresources));
    served.operation = route.operation;
    const { xml, bytes, body } = await requestBody(route, req);
    const response = await route.handle({ requestId, ...where, query, headers: req.headers, xml, bytes, body, sourceIp: req.socket.remoteAddress ?? '127.0.0.1', parseXml });
    if (body !== undefined && !req.readableEnded) req.resume();
    const headers: Record<string, string> = { ...response.headers };
    if (response.stream !== undefined) {
      res.writeHead(response.status, headers);
      if (method === 'HEAD') {
        response.stream.destroy();
        return void res.end();
      }
      return await pipeline(response.stream, res);
    }
    const payload = response.xml === undefined ? undefined : xmlDocumentOf(response.xml.root, response.xml.content, service.xmlNamespace);
    if (payload !== undefined) headers['Content-Type'] = 'application/xml';
    // HEAD answers carry the object's Content-Length without its bytes.
    if (headers['Content-Length'] === undefined || payload !== undefined) headers['Content-Length'] = String(payload === undefined ? 0 : Buffer.byteLength(payload));
    res.writeHead(response.status, headers);
    res.end(payload);
  } catch (error) {
    // The body may be unread (the bucket is missing): drain it so the answer can go out on this connection.
    req.unpipe();
    if (!req.readableEnded) req.resume();
    if (res.headersSent) return void res.destroy();
    const wire = restXmlError(toAwsError(error, served), requestId, method);
    res.writeHead(wire.status, { ...wire.headers, 'Content-Length': Buffer.byteLength(wire.body) });
    res.end(wire.body);
  }
}
