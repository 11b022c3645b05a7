import { connect, type Socket } from 'node:net';
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

/** Response headers, names lower-cased; a repeated header's values are joined with ", ". */
type ReplyHeaders = Record<string, string>;

interface RuntimeApiReply {
  statusCode: number;
  headers: ReplyHeaders;
  body: string;
}

interface PendingRequest {
  resolve: (reply: RuntimeApiReply) => void;
  reject: (error: Error) => void;
}

const API_VERSION = '2018-06-01';
const ERROR_CONTENT_TYPE = 'application/vnd.aws.lambda.error+json';
const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');
/** A response head larger than this means the peer is not speaking the Runtime API. */
const MAX_HEAD_BYTES = 256 * 1024;

/**
 * Client for the Lambda Runtime API 2018-06-01: a minimal HTTP/1.1 client over one kept-alive connection.
 *
 * Requests made in the same turn of the event loop go out in one write (the RIC asks for the next event
 * right behind posting a result, so the POST and the GET travel together and the server answers them in
 * order). The socket is referenced only while a request is outstanding, so an idle connection never keeps
 * the process alive on its own (the empty-event-loop detection via 'beforeExit' relies on that).
 */
export class RuntimeApiClient {
  private readonly hostname: string;
  private readonly port: number;
  private readonly hostHeader: string;
  private socket: Socket | undefined;
  /** Requests written (or about to be), oldest first: responses arrive in this order. */
  private readonly pending: PendingRequest[] = [];
  private outgoing = '';
  private flushScheduled = false;
  /** Received bytes not yet consumed as a complete response. */
  private received: Buffer | undefined;

  constructor(runtimeApiAddress: string) {
    const url = new URL(`http://${runtimeApiAddress}`);
    this.hostname = url.hostname.replace(/^\[(.*)\]$/, '$1'); // an IPv6 literal comes back bracketed
    this.port = Number(url.port || 80);
    this.hostHeader = url.host;
  }

  /** Long-polls for the next event; there is deliberately no timeout. */
  async nextInvocation(): Promise<Invocation> {
    const reply = await this.exchange('GET', '/runtime/invocation/next', '', undefined);
    if (reply.statusCode !== 200) {
      throw new Error(`Runtime API GET /runtime/invocation/next answered ${reply.statusCode}: ${reply.body}`);
    }
    return toInvocation(reply.headers, reply.body);
  }

  async postInvocationResponse(requestId: string, jsonBody: string): Promise<void> {
    const path = `/runtime/invocation/${encodeURIComponent(requestId)}/response`;
    await this.exchange('POST', path, 'Content-Type: application/json\r\n', jsonBody);
  }

  async postInvocationError(requestId: string, error: ErrorResponse): Promise<void> {
    await this.postError(`/runtime/invocation/${encodeURIComponent(requestId)}/error`, error);
  }

  async postInitError(error: ErrorResponse): Promise<void> {
    await this.postError('/runtime/init/error', error);
  }

  // The status of a POST is not checked: whether a late or oversized result is accepted is the Runtime API's call.
  private async postError(path: string, error: ErrorResponse): Promise<void> {
    const headers =
      `Content-Type: ${ERROR_CONTENT_TYPE}\r\n` +
      `Lambda-Runtime-Function-Error-Type: ${toHeaderValue(error.errorType)}\r\n`;
    await this.exchange('POST', path, headers, JSON.stringify(error));
  }

  /** Queues one request; `headers` is zero or more complete `Name: value\r\n` lines. */
  private exchange(
    method: 'GET' | 'POST',
    path: string,
    headers: string,
    body: string | undefined,
  ): Promise<RuntimeApiReply> {
    return new Promise((resolve, reject) => {
      const socket = this.socket ?? this.connect();
      if (this.pending.length === 0) {
        socket.ref();
      }
      this.pending.push({ resolve, reject });
      let request = `${method} /${API_VERSION}${path} HTTP/1.1\r\nHost: ${this.hostHeader}\r\nConnection: keep-alive\r\n${headers}`;
      if (body !== undefined) {
        request += `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
      } else {
        request += '\r\n';
      }
      this.outgoing += request;
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        process.nextTick(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const data = this.outgoing;
    this.outgoing = '';
    if (data !== '' && this.socket !== undefined) {
      this.socket.write(data);
    }
  }

  private connect(): Socket {
    const socket = connect({ host: this.hostname, port: this.port });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(socket, chunk));
    socket.on('error', (error) => this.fail(socket, error));
    socket.on('close', () =>
      this.fail(socket, new Error(`Runtime API connection to ${this.hostHeader} closed unexpectedly`)),
    );
    this.socket = socket;
    this.received = undefined;
    return socket;
  }

  /** The connection is unusable: every request on it fails, and the next one opens a new connection. */
  private fail(socket: Socket, error: Error): void {
    if (this.socket !== socket) {
      return;
    }
    this.socket = undefined;
    this.received = undefined;
    this.outgoing = '';
    socket.destroy();
    for (const request of this.pending.splice(0)) {
      request.reject(error);
    }
  }

  private onData(socket: Socket, chunk: Buffer): void {
    if (this.socket !== socket) {
      return;
    }
    let data = this.received === undefined ? chunk : Buffer.concat([this.received, chunk]);
    this.received = undefined;
    while (data.length > 0) {
      const headEnd = data.indexOf(HEAD_END);
      if (headEnd < 0) {
        if (data.length > MAX_HEAD_BYTES) {
          return this.fail(socket, new Error('Runtime API sent an oversized response head'));
        }
        break;
      }
      const head = parseHead(data.toString('latin1', 0, headEnd));
      if (head instanceof Error) {
        return this.fail(socket, head);
      }
      const bodyStart = headEnd + HEAD_END.length;
      const bodyEnd = bodyStart + head.contentLength;
      if (data.length < bodyEnd) {
        break;
      }
      if (head.statusCode < 200) {
        data = data.subarray(bodyEnd); // an interim (1xx) response precedes the real one
        continue;
      }
      const request = this.pending.shift();
      if (request === undefined) {
        return this.fail(socket, new Error('Runtime API sent a response nobody asked for'));
      }
      if (this.pending.length === 0) {
        socket.unref();
      }
      request.resolve({ statusCode: head.statusCode, headers: head.headers, body: data.toString('utf8', bodyStart, bodyEnd) });
      data = data.subarray(bodyEnd);
    }
    if (data.length > 0) {
      this.received = data;
    }
  }
}

interface ResponseHead {
  statusCode: number;
  headers: ReplyHeaders;
  contentLength: number;
}

function parseHead(head: string): ResponseHead | Error {
  const lines = head.split('\r\n');
  const statusLine = lines[0] ?? '';
  const statusMatch = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(statusLine);
  if (statusMatch === null) {
    return new Error(`Runtime API sent a malformed status line: ${JSON.stringify(statusLine.slice(0, 100))}`);
  }
  const headers: ReplyHeaders = {};
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const colon = line.indexOf(':');
    if (colon <= 0) {
      return new Error(`Runtime API sent a malformed header line: ${JSON.stringify(line.slice(0, 100))}`);
    }
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const previous = headers[name];
    headers[name] = previous === undefined ? value : `${previous}, ${value}`;
  }
  const statusCode = Number(statusMatch[1]);
  if (headers['transfer-encoding'] !== undefined) {
    return new Error(`Runtime API sent an unsupported Transfer-Encoding: ${headers['transfer-encoding']}`);
  }
  const lengthHeader = headers['content-length'];
  const contentLength = lengthHeader === undefined ? 0 : Number(lengthHeader);
  if (!Number.isSafeInteger(contentLength) || contentLength < 0 || (lengthHeader !== undefined && !/^\d+$/.test(lengthHeader))) {
    return new Error(`Runtime API sent an invalid Content-Length: ${JSON.stringify(lengthHeader)}`);
  }
  if (lengthHeader === undefined && statusCode !== 204 && statusCode !== 304 && statusCode >= 200) {
    return new Error(`Runtime API answered ${statusCode} without a Content-Length`);
  }
  return { statusCode, headers, contentLength };
}

function toInvocation(headers: ReplyHeaders, body: string): Invocation {
  return {
    requestId: headers['lambda-runtime-aws-request-id'] ?? '',
    deadlineMs: Number(headers['lambda-runtime-deadline-ms']),
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'] ?? '',
    traceId: headers['lambda-runtime-trace-id'],
    clientContext: headers['lambda-runtime-client-context'],
    cognitoIdentity: headers['lambda-runtime-cognito-identity'],
    body,
  };
}

/** Header values must be printable ASCII; an exotic error name must not make the POST throw. */
function toHeaderValue(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '_');
}
