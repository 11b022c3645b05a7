import { invalidRequestContent } from '../lib/errors.js';
import { isJsonObject } from '../lib/json.js';

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
