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
 * The body of a state-changing `/_eventide/` request, which must say it is JSON: a web page can post `text/plain`
 * anywhere, but not `application/json` without a CORS preflight, which Eventide does not grant. `example` shows a
 * correct request.
 */
export function parseJsonRequest(request: RestRequest, what: string, example: string): Record<string, unknown> {
  const mediaType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw invalidRequestContent(`${what} by a JSON request (Content-Type: application/json), not ${mediaType ?? 'one without a Content-Type'}. ${example}`);
  }
  return parseJsonObject(request.body);
}
