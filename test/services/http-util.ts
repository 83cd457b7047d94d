/**
 * Small HTTP helpers shared by the local protocol services (results-service, github-api).
 * Everything listens on 127.0.0.1 with an OS-assigned port.
 */
import http from 'node:http';
import { listenOnLoopback } from '../../src/shared/listen-on-loopback.js';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => Promise<void> | void;

export interface Listening {
  server: http.Server;
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  url: string;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1:0; handler errors become 500 JSON answers (never crash the test). */
export async function listen(handler: Handler): Promise<Listening> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    Promise.resolve()
      .then(() => handler(req, res, url))
      .catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { message: `test service error: ${String((error as Error)?.stack ?? error)}` });
        else res.destroy();
      });
  });
  // Clients keep connections alive (undici / http-client agents): listenOnLoopback stops them holding close().
  const url = await listenOnLoopback(server);
  return {
    server,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export function sendBytes(res: http.ServerResponse, status: number, body: Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-length': String(body.length), ...headers });
  res.end(body);
}

/** The value of `Authorization: Bearer x` / `token x`, or undefined. */
export function authToken(req: http.IncomingMessage): string | undefined {
  const m = /^(?:bearer|token)\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return m?.[1].trim();
}

/** Matches `pattern` like `/repos/:owner/:repo` against a path; returns decoded params or undefined. */
export function match(pattern: string, path: string): Record<string, string> | undefined {
  const p = pattern.split('/');
  const s = path.split('/');
  if (p.length !== s.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) params[p[i].slice(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return undefined;
  }
  return params;
}

/** One-shot fault injection: `add(key, status, times, msg)` makes the next `times` requests of `key` fail. */
export interface Fault {
  status: number;
  msg?: string;
}

export class Faults {
  private pending = new Map<string, (Fault & { times: number })[]>();

  add(key: string, status: number, times = 1, msg?: string): void {
    const list = this.pending.get(key) ?? [];
    list.push({ status, times, msg });
    this.pending.set(key, list);
  }

  /** Consumes and returns the failure for this request, if one is pending for `key`. */
  take(key: string): Fault | undefined {
    const list = this.pending.get(key);
    const head = list?.[0];
    if (!head) return undefined;
    if (--head.times <= 0) list!.shift();
    return { status: head.status, msg: head.msg };
  }
}
