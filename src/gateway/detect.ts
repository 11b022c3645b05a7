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
