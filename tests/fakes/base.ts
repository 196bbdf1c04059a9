// What the fake trackers share: an HTTP server on a free port that answers only the routes a fake
// declares, refuses whatever does not match the documented shape (400/401/404/415, as the real
// services do), lets a test make the next requests fail (a status with headers, or a dropped
// connection after the work was done: "the answer was lost"), and posts webhooks.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  rawBody: Buffer;
  /** The parsed JSON body, or undefined when there was none. */
  body: unknown;
}

export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Thrown inside a handler: answered as is. */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`refused with ${status}`);
  }
}

export type Route = (request: FakeRequest, match: RegExpMatchArray) => FakeAnswer | Promise<FakeAnswer>;

/** A planned failure for the next matching request. `drop`: do the work, then destroy the socket. */
export type Injected = { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> } | { kind: 'drop' };

export abstract class FakeServer {
  private server: http.Server | null = null;
  private readonly injected: Injected[] = [];
  /** Every request that reached a route (refused ones included), for assertions. */
  readonly requests: FakeRequest[] = [];
  /** Where webhooks go (the Debrief server's webhook URL). */
  webhookUrl = '';

  protected abstract routes(): [method: string, pattern: RegExp, route: Route][];
  /** Refuses a request whose authentication is not as documented (throws a Refusal). */
  protected abstract authenticate(request: FakeRequest): void;

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('Fake not started');
    return `http://127.0.0.1:${address.port}`;
  }

  /** Makes the next request (of any route) fail this way. */
  failNext(failure: Injected): void {
    this.injected.push(failure);
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://fake');
    const send = (answer: FakeAnswer) => {
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    };
    let body: unknown;
    if (rawBody.length > 0) {
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return send({ status: 415, body: { message: 'Unsupported Media Type: send application/json' } });
      }
      try {
        body = JSON.parse(rawBody.toString('utf8'));
      } catch {
        return send({ status: 400, body: { message: 'Problems parsing JSON' } });
      }
    }
    const request: FakeRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, rawBody, body };
    for (const [method, pattern, route] of this.routes()) {
      const match = request.path.match(pattern);
      if (!match || method !== request.method) continue;
      this.requests.push(request);
      try {
        this.authenticate(request);
        const injected = this.injected.shift();
        if (injected?.kind === 'status') return send({ status: injected.status, body: injected.body ?? { message: 'injected' }, ...(injected.headers ? { headers: injected.headers } : {}) });
        const answer = await route(request, match);
        if (injected?.kind === 'drop') {
          req.socket.destroy();
          return;
        }
        return send(answer);
      } catch (error) {
        if (error instanceof Refusal) return send({ status: error.status, body: error.body });
        throw error;
      }
    }
    send({ status: 404, body: { message: 'Not Found' } });
  }

  /** Posts a webhook to `webhookUrl` with these headers; resolves the HTTP status it got. */
  protected async deliver(headers: Record<string, string>, rawBody: string): Promise<number> {
    if (!this.webhookUrl) return 0;
    const response = await fetch(this.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: rawBody });
    return response.status;
  }
}

/** Requires a field of a JSON object to be a non-empty string (422 otherwise, as the services answer). */
export function requireString(body: unknown, field: string, status = 422, shape: (message: string) => unknown = (message) => ({ message })): string {
  const value = (body as Record<string, unknown> | undefined)?.[field];
  if (typeof value !== 'string' || value.trim() === '') throw new Refusal(status, shape(`${field} is missing or not a string`));
  return value;
}
