import type { IncomingHttpHeaders } from 'node:http';

/** What the request itself says about its service: the SigV4 credential scope and `X-Amz-Target`. */
export interface ServiceHints {
  /** The service of the SigV4 credential scope (`Credential=AKID/20240101/us-east-1/lambda/aws4_request`). */
  signingName: string | undefined;
  region: string | undefined;
  /** `X-Amz-Target: Logs_20140328.CreateLogGroup` → prefix `Logs_20140328`, operation `CreateLogGroup`. */
  targetPrefix: string | undefined;
  targetOperation: string | undefined;
}

const CREDENTIAL_SCOPE = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

export function serviceHints(headers: IncomingHttpHeaders, query: URLSearchParams): ServiceHints {
  const authorization = headers.authorization ?? query.get('X-Amz-Credential') ?? '';
  const scope = CREDENTIAL_SCOPE.exec(authorization.includes('Credential=') ? authorization : `Credential=${authorization}`);
  const target = headers['x-amz-target'];
  const targetText = Array.isArray(target) ? target[0] : target;
  const dot = targetText?.lastIndexOf('.') ?? -1;
  return {
    region: scope?.[1],
    signingName: scope?.[2],
    targetPrefix: targetText === undefined || dot === -1 ? undefined : targetText.slice(0, dot),
    targetOperation: targetText === undefined || dot === -1 ? undefined : targetText.slice(dot + 1),
  };
}

/** The wire protocol a caller speaks, as far as its request shows it; what its errors must look like. */
export type CallerProtocol = { protocol: 'json'; jsonVersion: string } | { protocol: 'query' } | { protocol: 'rest-xml' } | { protocol: 'rest-json' };

/** Signing names of AWS's rest-xml services: their GETs carry no body that would tell them from rest-json. */
const REST_XML_SIGNING_NAMES = new Set(['s3', 's3control', 'route53', 'cloudfront']);

const JSON_CONTENT_TYPE = /^application\/x-amz-json-(1\.[01])/;

/** json by its Content-Type or `X-Amz-Target`, query by its form body or `Action`, rest-xml by its signing name, else rest-json. */
export function callerProtocol(headers: IncomingHttpHeaders, query: URLSearchParams, hints: ServiceHints): CallerProtocol {
  const contentType = (headers['content-type'] ?? '').toLowerCase();
  const json = JSON_CONTENT_TYPE.exec(contentType);
  if (json?.[1] !== undefined) return { protocol: 'json', jsonVersion: json[1] };
  if (hints.targetPrefix !== undefined) return { protocol: 'json', jsonVersion: '1.1' };
  if (contentType.startsWith('application/x-www-form-urlencoded') || query.has('Action')) return { protocol: 'query' };
  if (hints.signingName !== undefined && REST_XML_SIGNING_NAMES.has(hints.signingName)) return { protocol: 'rest-xml' };
  return { protocol: 'rest-json' };
}
