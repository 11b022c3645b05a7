/**
 * How the console talks to Eventide: the same HTTP APIs as the CLI and the AWS SDKs. Eventide's own routes are
 * JSON; AWS operations go out in each service's own protocol (rest-json for Lambda, JSON with `X-Amz-Target` for
 * SQS, EventBridge and CloudWatch Logs, the query protocol for SNS).
 */

const REGION = 'us-east-1';

/** An API's refusal, with AWS's error code (`ResourceNotFoundException`) and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A SigV4-shaped Authorization header naming the service (the credential scope), with console credentials: it
 * tells Eventide which service a request is for; the console holds no secret to sign with.
 */
function authorization(service: string): Record<string, string> {
  const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const scope = `${amzDate.slice(0, 8)}/${REGION}/${service}/aws4_request`;
  return {
    'X-Amz-Date': amzDate,
    Authorization: `AWS4-HMAC-SHA256 Credential=EVENTIDECONSOLE/${scope}, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
  };
}

async function send(path: string, init: RequestInit): Promise<Response> {
  const response = await fetch(path, init);
  if (response.ok) return response;
  const text = await response.text();
  throw errorOf(response, text);
}

function errorOf(response: Response, text: string): ApiError {
  const headerCode = response.headers.get('x-amzn-errortype')?.split(':')[0];
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const code = String(body.__type ?? headerCode ?? response.status).split('#').pop() ?? '';
    return new ApiError(response.status, code, String(body.message ?? body.Message ?? text));
  } catch {
    const xml = new DOMParser().parseFromString(text, 'application/xml');
    const code = xml.querySelector('Code')?.textContent ?? headerCode ?? String(response.status);
    return new ApiError(response.status, code, xml.querySelector('Message')?.textContent ?? text);
  }
}

/** `GET`/`POST`/`PUT`/`DELETE` on Eventide's own API (`/_eventide/...`); a body goes as JSON. */
export async function eventide<T>(path: string, method = 'GET', body?: unknown): Promise<T> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.headers = { 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  return (await send(`/_eventide/${path}`, init)).json() as Promise<T>;
}

/** A Lambda rest-json read, e.g. `2015-03-31/functions/NAME/configuration`. */
export async function lambda<T>(path: string): Promise<T> {
  return (await send(`/${path}`, { headers: authorization('lambda') })).json() as Promise<T>;
}

/** Lambda's read, or undefined when Lambda answers that there is none (no policy, no event-invoke config). */
export async function lambdaOptional<T>(path: string): Promise<T | undefined> {
  try {
    return await lambda<T>(path);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

const JSON_TARGETS = {
  sqs: { prefix: 'AmazonSQS', version: '1.0' },
  events: { prefix: 'AWSEvents', version: '1.1' },
  logs: { prefix: 'Logs_20140328', version: '1.1' },
} as const;

/** An operation of a JSON-protocol service: `awsJson('sqs', 'ListQueues', {})`. */
export async function awsJson<T>(service: keyof typeof JSON_TARGETS, operation: string, input: object): Promise<T> {
  const { prefix, version } = JSON_TARGETS[service];
  const response = await send('/', {
    method: 'POST',
    headers: { ...authorization(service), 'Content-Type': `application/x-amz-json-${version}`, 'X-Amz-Target': `${prefix}.${operation}` },
    body: JSON.stringify(input),
  });
  return response.json() as Promise<T>;
}

/** An SNS operation (query protocol): its XML answer. */
export async function snsQuery(action: string, params: Record<string, string> = {}): Promise<Document> {
  const response = await send('/', {
    method: 'POST',
    headers: { ...authorization('sns'), 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: new URLSearchParams({ Action: action, Version: '2010-03-31', ...params }).toString(),
  });
  return new DOMParser().parseFromString(await response.text(), 'application/xml');
}

export const messageOf = (error: unknown): string => (error instanceof ApiError ? `${error.code}: ${error.message}` : String(error));
