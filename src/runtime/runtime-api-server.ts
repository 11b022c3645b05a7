import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../lib/read-body.js';
import type { Invocation } from './types.js';

/** AWS's limit on a function's response, as its error message states it. */
export const MAX_RESPONSE_BYTES = 6_291_556;

const PREFIX = '/2018-06-01/runtime/';
const NEXT_PATH = `${PREFIX}invocation/next`;
const INIT_ERROR_PATH = `${PREFIX}init/error`;
const INVOCATION_PREFIX = `${PREFIX}invocation/`;

export interface RuntimeApiEvents {
  /** The runtime asked for its first event: initialisation is over. */
  onFirstNext(): void;
  /** The event went out to the runtime with this deadline: the invocation's Duration and timeout start now. */
  onEventSent(deadlineMs: number): void;
  onResponse(requestId: string, body: Buffer): void;
  onResponseTooLarge(requestId: string): void;
  onError(requestId: string, errorType: string, body: Buffer): void;
  onInitError(errorType: string, body: Buffer): void;
}

export interface NextEvent {
  invocation: Invocation;
  /** The function's timeout: the deadline is set when the runtime receives the event, after any init. */
  timeoutMs: number;
  traceId: string;
}

/**
 * The Runtime API (2018-06-01) of one execution environment, on its own loopback port, as
 * `AWS_LAMBDA_RUNTIME_API` tells the runtime. It holds a `next` long-poll open until the environment hands
 * it an event, and reports the runtime's posts to the environment.
 */
export class RuntimeApiServer {
  private readonly server: Server;
  private waitingNext: ServerResponse | undefined;
  private queued: NextEvent | undefined;
  private activeRequestId: string | undefined;
  private sawNext = false;

  constructor(private readonly events: RuntimeApiEvents) {
    this.server = createServer((req, res) => this.route(req, res));
    this.server.keepAliveTimeout = 0;
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    return `127.0.0.1:${port}`;
  }

  /** Hands an event to the runtime now if it is waiting in `next`, or as soon as it asks. */
  deliver(event: NextEvent): void {
    this.activeRequestId = event.invocation.requestId;
    const waiting = this.waitingNext;
    if (waiting === undefined) {
      this.queued = event;
      return;
    }
    this.waitingNext = undefined;
    this.send(waiting, event);
  }

  /** The current invocation has ended (answered, timed out or failed): posts for it are refused from now on. */
  finish(): void {
    this.activeRequestId = undefined;
    this.queued = undefined;
  }

  close(): void {
    this.waitingNext?.destroy();
    this.waitingNext = undefined;
    this.server.closeAllConnections();
    this.server.close();
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '';
    if (req.method === 'GET' && url === NEXT_PATH) return this.next(res);
    if (req.method === 'POST' && url === INIT_ERROR_PATH) {
      return void readBody(req, MAX_RESPONSE_BYTES).then((body) => {
        this.events.onInitError(errorTypeOf(req), body ?? Buffer.alloc(0));
        accepted(res);
      }, () => res.destroy());
    }
    if (req.method === 'POST' && url.startsWith(INVOCATION_PREFIX)) {
      const rest = url.slice(INVOCATION_PREFIX.length);
      const slash = rest.indexOf('/');
      const requestId = decodeURIComponent(rest.slice(0, slash));
      const action = rest.slice(slash + 1);
      if (action === 'response') return this.response(req, res, requestId);
      if (action === 'error') return this.error(req, res, requestId);
    }
    reply(res, 404, { errorType: 'NotFound', errorMessage: `No Runtime API route for ${req.method ?? ''} ${url}` });
  }

  private next(res: ServerResponse): void {
    if (!this.sawNext) {
      this.sawNext = true;
      this.events.onFirstNext();
    }
    const queued = this.queued;
    if (queued !== undefined) {
      this.queued = undefined;
      return this.send(res, queued);
    }
    this.waitingNext = res;
    res.on('close', () => {
      if (this.waitingNext === res) this.waitingNext = undefined;
    });
  }

  private send(res: ServerResponse, event: NextEvent): void {
    const deadlineMs = Date.now() + event.timeoutMs;
    sendEvent(res, event, deadlineMs);
    this.events.onEventSent(deadlineMs);
  }

  private response(req: IncomingMessage, res: ServerResponse, requestId: string): void {
    if (!this.checkRequestId(res, requestId)) return void req.resume();
    readBody(req, MAX_RESPONSE_BYTES).then((body) => {
      if (body === undefined) {
        this.events.onResponseTooLarge(requestId);
        return reply(res, 413, {
          errorType: 'RequestEntityTooLarge',
          errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
        });
      }
      accepted(res);
      this.events.onResponse(requestId, body);
    }, () => res.destroy());
  }

  private error(req: IncomingMessage, res: ServerResponse, requestId: string): void {
    if (!this.checkRequestId(res, requestId)) return void req.resume();
    readBody(req, MAX_RESPONSE_BYTES).then((body) => {
      accepted(res);
      this.events.onError(requestId, errorTypeOf(req), body ?? Buffer.alloc(0));
    }, () => res.destroy());
  }

  private checkRequestId(res: ServerResponse, requestId: string): boolean {
    if (this.activeRequestId === requestId) return true;
    reply(res, 400, { errorType: 'InvalidRequestID', errorMessage: `Invalid request ID: ${requestId}` });
    return false;
  }
}

function sendEvent(res: ServerResponse, event: NextEvent, deadlineMs: number): void {
  const { invocation } = event;
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json',
    'Content-Length': invocation.payload.length,
    'Lambda-Runtime-Aws-Request-Id': invocation.requestId,
    'Lambda-Runtime-Deadline-Ms': String(deadlineMs),
    'Lambda-Runtime-Invoked-Function-Arn': invocation.invokedFunctionArn,
    'Lambda-Runtime-Trace-Id': event.traceId,
  };
  if (invocation.clientContext !== undefined) headers['Lambda-Runtime-Client-Context'] = invocation.clientContext;
  res.writeHead(200, headers);
  res.end(invocation.payload);
}

/** The error type a runtime reports, normalised as Lambda does: `Category.Reason` or `Runtime.Unknown`. */
function errorTypeOf(req: IncomingMessage): string {
  const header = req.headers['lambda-runtime-function-error-type'];
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value === '') return 'Runtime.Unknown';
  return /^(Runtime|Function)\.[A-Z][a-zA-Z]+$/.test(value) || !value.includes('.') ? value : 'Runtime.Unknown';
}

const ACCEPTED = Buffer.from('{"status":"OK"}');

function accepted(res: ServerResponse): void {
  res.writeHead(202, { 'Content-Type': 'application/json', 'Content-Length': ACCEPTED.length });
  res.end(ACCEPTED);
}

function reply(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
