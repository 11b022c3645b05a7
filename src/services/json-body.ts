import { invalidRequestContent } from '../lib/errors.js';
import { isJsonObject } from '../lib/json.js';
import type { RestRequest } from './service.js';

/** A rest-json request body as an object; an empty body is `{}`. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString());
  } catch (error) {
    throw invalidRequestContent(`Could not parse request body into json: ${(error as Error).message}`);
  }
  if (!isJsonObject(value)) {
    throw invalidRequestContent('Could not parse request body into json: the body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/**
 * A state-changing request of Eventide's own API must say it is JSON: a web page can post `text/plain` anywhere, but
 * not `application/json` without a CORS preflight, which Eventide does not grant. `action` says what the request does
 * ("The clock is advanced"), `example` shows a request that works.
 */
export function requireJsonContentType(request: RestRequest, action: string, example: string): void {
  const mediaType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw invalidRequestContent(`${action} by a JSON request (Content-Type: application/json), not ${mediaType ?? 'one without a Content-Type'}. ${example}`);
  }
}
