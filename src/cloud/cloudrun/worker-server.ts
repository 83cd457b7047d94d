import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_CHUNK_REQUEST_BYTES, readChunkRequest } from '../../plan/chunk-request.js';
import { createWorkerChannel, workerErrorMessage } from '../../worker/message-channel.js';
import type { runRemoteChunk, RemoteWorkerOptions } from '../remote-worker.js';
import { hasToken, readLimitedBody, sendError } from './worker-http.js';

/**
 * `helios worker serve`: the HTTP worker for Cloud Run or any container platform. POST
 * /chunks takes a chunk request and answers with the worker's messages as JSON lines,
 * streamed (chunked) as they are sent, so progress arrives while the chunk renders and a
 * response never hits Cloud Run's 32 MiB limit for unstreamed bodies.
 *
 * One chunk at a time: a chunk uses the instance's CPUs fully, so Cloud Run runs the service
 * with concurrency 1 and a second request here is refused with 429 (Cloud Run then routes
 * it to another instance or answers 429 itself).
 */

/** `token`: callers send X-Helios-Token; `cloud-run-iam`: Cloud Run's IAM front already checked an ID token. */
export type WorkerAuth = { mode: 'token'; token: string } | { mode: 'cloud-run-iam' };

export interface WorkerServerOptions {
  auth: WorkerAuth;
  /** Passed to every chunk, with the chunk's own signal. */
  chunkOptions: Omit<RemoteWorkerOptions, 'signal'>;
  /** One line per request and the server's own lines (never a token). */
  log(line: string): void;
  /** The chunk runner: runRemoteChunk; tests pass a stand-in. */
  runChunk: typeof runRemoteChunk;
}

export interface WorkerServer {
  /** Starts listening; resolves with the address. */
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Stops accepting, aborts the running chunk, and resolves once its response has ended. */
  stop(): Promise<void>;
}

/** Seconds a refused caller should wait: about the time a short chunk takes. */
const RETRY_AFTER_SECONDS = '5';
/** Longest silence on a chunk's answer. */
const KEEP_ALIVE_MS = 30_000;
/** How long stop() waits for the aborted chunk's response before dropping every connection (Cloud Run kills 10 s after SIGTERM). */
const STOP_GRACE_MS = 8000;

export function createWorkerServer(options: WorkerServerOptions): WorkerServer {
  let running: { controller: AbortController; done: Promise<void> } | null = null;

  const authorized = (req: http.IncomingMessage) => options.auth.mode === 'cloud-run-iam' || hasToken(req, options.auth.token);

  const handle = (req: http.IncomingMessage, res: http.ServerResponse, note: { chunk?: string }): void => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/livez') {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok\n');
      return;
    }
    if (!authorized(req)) {
      sendError(res, 401, 'missing or wrong X-Helios-Token header: send the value of HELIOS_WORKER_TOKEN the worker was started with', { close: true });
      return;
    }
    if (req.method === 'GET' && path === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok: true, busy: running !== null }));
      return;
    }
    if (path !== '/chunks') {
      sendError(res, 404, `no route ${req.method} ${path}: POST /chunks takes a chunk request, GET /healthz checks the worker`, { close: true });
      return;
    }
    if (req.method !== 'POST') {
      sendError(res, 405, `${req.method} /chunks is not allowed: POST a chunk request`, { close: true, headers: { Allow: 'POST' } });
      return;
    }
    if (running) {
      sendError(res, 429, 'this worker is rendering another chunk (one chunk per instance): send the request to another instance or retry later', {
        close: true,
        headers: { 'Retry-After': RETRY_AFTER_SECONDS },
      });
      return;
    }
    const controller = new AbortController();
    running = { controller, done: serveChunk(req, res, controller, note) };
    void running.done.finally(() => {
      running = null;
    });
  };

  const serveChunk = async (req: http.IncomingMessage, res: http.ServerResponse, controller: AbortController, note: { chunk?: string }) => {
    // The caller hanging up (or the response failing) aborts the chunk: nobody would read its result.
    const finished = new Promise<void>((resolve) => res.on('close', resolve));
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    const body = await readLimitedBody(req, MAX_CHUNK_REQUEST_BYTES);
    if (!body.ok) {
      sendError(res, body.status, body.message, { close: true });
      return finished;
    }
    const parsed = readChunkRequest(body.text);
    if (!parsed.ok) {
      sendError(res, 400, parsed.message, { close: true });
      return finished;
    }
    note.chunk = `${parsed.request.chunk} of job ${parsed.request.spec.id}`;
    res.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
    res.flushHeaders();
    const channel = createWorkerChannel(res);
    // A blank line now and then (readers skip them) keeps quiet stretches, such as a long
    // upload, from tripping idle timeouts between here and the caller (fetch's is 300 s).
    const keepAlive = setInterval(() => res.writableEnded || res.write('\n'), KEEP_ALIVE_MS);
    try {
      await options.runChunk(body.text, channel, { ...options.chunkOptions, signal: controller.signal });
    } catch (error) {
      // runRemoteChunk sends its failures as messages; this catches a bug in it all the same.
      channel.send(workerErrorMessage(error));
    } finally {
      clearInterval(keepAlive);
    }
    // A response the caller dropped never finishes ending: its close is the end then.
    await Promise.race([channel.close(), finished]);
    return finished;
  };

  const server = http.createServer((req, res) => {
    const started = Date.now();
    const note: { chunk?: string } = {};
    res.on('close', () => {
      const seconds = ((Date.now() - started) / 1000).toFixed(2);
      const status = res.headersSent ? res.statusCode : 'none';
      const ended = res.writableFinished ? '' : ' (connection closed early)';
      options.log(`${req.method} ${(req.url ?? '/').split('?')[0]} ${status} chunk ${note.chunk ?? '-'} ${seconds}s${ended}`);
    });
    handle(req, res, note);
  });
  // Requests may run for an hour (Cloud Run's longest); the platform enforces its own timeout.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;

  return {
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve(server.address() as AddressInfo));
      }),
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const current = running;
      current?.controller.abort();
      const grace = new Promise<void>((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref());
      // The aborted chunk's connection goes idle once its response ends: drop it then.
      void current?.done.then(() => server.closeIdleConnections());
      await Promise.race([Promise.all([current?.done, closed]), grace]);
      server.closeAllConnections();
    },
  };
}
