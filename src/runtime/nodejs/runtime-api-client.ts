import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import type { ErrorResponse } from './errors.js';

/** One event handed out by GET /runtime/invocation/next. */
export interface Invocation {
  requestId: string;
  deadlineMs: number;
  invokedFunctionArn: string;
  traceId: string | undefined;
  clientContext: string | undefined;
  cognitoIdentity: string | undefined;
  body: string;
}

interface RuntimeApiReply {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: string;
}

const API_VERSION = '2018-06-01';
const ERROR_CONTENT_TYPE = 'application/vnd.aws.lambda.error+json';

/** Client for the Lambda Runtime API 2018-06-01, over one kept-alive connection. */
export class RuntimeApiClient {
  // Node unrefs idle keep-alive sockets, so this connection never keeps the process alive on its own
  // (the empty-event-loop detection via 'beforeExit' relies on that). Nagle is off by default.
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  private readonly hostname: string;
  private readonly port: number;

  constructor(runtimeApiAddress: string) {
    const url = new URL(`http://${runtimeApiAddress}`);
    this.hostname = url.hostname.replace(/^\[(.*)\]$/, '$1'); // an IPv6 literal comes back bracketed
    this.port = Number(url.port || 80);
  }

  /** Long-polls for the next event; there is deliberately no timeout. */
  async nextInvocation(): Promise<Invocation> {
    const reply = await this.exchange('GET', '/runtime/invocation/next', {}, undefined);
    if (reply.statusCode !== 200) {
      throw new Error(`Runtime API GET /runtime/invocation/next answered ${reply.statusCode}: ${reply.body}`);
    }
    return toInvocation(reply.headers, reply.body);
  }

  async postInvocationResponse(requestId: string, jsonBody: string): Promise<void> {
    const path = `/runtime/invocation/${encodeURIComponent(requestId)}/response`;
    await this.exchange('POST', path, { 'Content-Type': 'application/json' }, jsonBody);
  }

  async postInvocationError(requestId: string, error: ErrorResponse): Promise<void> {
    await this.postError(`/runtime/invocation/${encodeURIComponent(requestId)}/error`, error);
  }

  async postInitError(error: ErrorResponse): Promise<void> {
    await this.postError('/runtime/init/error', error);
  }

  // The status of a POST is not checked: whether a late or oversized result is accepted is the Runtime API's call.
  private async postError(path: string, error: ErrorResponse): Promise<void> {
    const headers = {
      'Content-Type': ERROR_CONTENT_TYPE,
      'Lambda-Runtime-Function-Error-Type': toHeaderValue(error.errorType),
    };
    await this.exchange('POST', path, headers, JSON.stringify(error));
  }

  /** One request/response; the body is read in the response callback itself to avoid extra turns. */
  private exchange(
    method: 'GET' | 'POST',
    path: string,
    headers: Record<string, string>,
    body: string | undefined,
  ): Promise<RuntimeApiReply> {
    return new Promise((resolve, reject) => {
      const outgoing = request(
        {
          agent: this.agent,
          hostname: this.hostname,
          port: this.port,
          method,
          path: `/${API_VERSION}${path}`,
          headers: body === undefined ? headers : { ...headers, 'Content-Length': Buffer.byteLength(body) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body: joinChunks(chunks) }),
          );
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }
}

function joinChunks(chunks: Buffer[]): string {
  const first = chunks[0];
  return chunks.length === 1 && first !== undefined ? first.toString() : Buffer.concat(chunks).toString();
}

function toInvocation(headers: IncomingHttpHeaders, body: string): Invocation {
  return {
    requestId: singleHeader(headers, 'lambda-runtime-aws-request-id') ?? '',
    deadlineMs: Number(singleHeader(headers, 'lambda-runtime-deadline-ms')),
    invokedFunctionArn: singleHeader(headers, 'lambda-runtime-invoked-function-arn') ?? '',
    traceId: singleHeader(headers, 'lambda-runtime-trace-id'),
    clientContext: singleHeader(headers, 'lambda-runtime-client-context'),
    cognitoIdentity: singleHeader(headers, 'lambda-runtime-cognito-identity'),
    body,
  };
}

function singleHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Header values must be printable ASCII; an exotic error name must not make the POST throw. */
function toHeaderValue(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '_');
}
