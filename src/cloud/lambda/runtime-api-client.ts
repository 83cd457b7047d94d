import http from 'node:http';
import { CloudServiceError } from '../../shared/errors.js';

/**
 * The Lambda Runtime API (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html)
 * as a custom runtime calls it: plain HTTP to AWS_LAMBDA_RUNTIME_API on the environment's
 * own loopback interface. Nothing here reads the payload; it only carries it.
 */

const BASE = '/2018-06-01/runtime';

/** One invocation as `GET …/invocation/next` hands it over. */
export interface RuntimeInvocation {
  requestId: string;
  /** Epoch milliseconds when Lambda stops the invocation (the function's timeout). */
  deadlineMs: number;
  functionArn: string;
  payload: string;
}

/** A streamed response in progress: write lines to `out`; `fail` marks it failed (trailers) before it ends. */
export interface StreamingResponse {
  out: http.ClientRequest;
  fail(errorType: string, errorMessage: string): void;
  /** The Runtime API's status for the response (202 when accepted). */
  done: Promise<number>;
}

/** The error document the Runtime API takes (`/error`, `/init/error`, the error trailer). */
const errorDocument = (errorType: string, errorMessage: string) => JSON.stringify({ errorType, errorMessage, stackTrace: [] });

export function createRuntimeApiClient(api: string) {
  const colon = api.lastIndexOf(':');
  const host = colon > 0 ? api.slice(0, colon) : api;
  const port = colon > 0 ? Number(api.slice(colon + 1)) : 80;
  // One connection, kept alive between invocations (as the AWS runtimes do); destroyed on exit.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  const failed = (what: string, detail: string) =>
    new CloudServiceError(`the Lambda Runtime API at ${api} failed ${what} (${detail})`, 'Lambda', false);

  const post = (path: string, body: string, headers: http.OutgoingHttpHeaders = {}) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request({ host, port, path: `${BASE}${path}`, method: 'POST', agent, headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', (error) => reject(failed(`POST ${path}`, error.message)));
      req.end(body);
    });

  return {
    /** Waits for the next invocation; null when `signal` fired first (shutdown). */
    next(signal: AbortSignal): Promise<RuntimeInvocation | null> {
      return new Promise((resolve, reject) => {
        if (signal.aborted) return resolve(null);
        const req = http.get({ host, port, path: `${BASE}/invocation/next`, agent, signal }, (res) => {
          const pieces: Buffer[] = [];
          res.on('data', (piece: Buffer) => pieces.push(piece));
          res.on('error', (error) => (signal.aborted ? resolve(null) : reject(failed('GET next', error.message))));
          res.on('end', () => {
            const requestId = res.headers['lambda-runtime-aws-request-id'];
            if (res.statusCode !== 200 || typeof requestId !== 'string') {
              return reject(failed('GET next', `HTTP ${res.statusCode}, request id ${requestId ?? 'missing'}`));
            }
            resolve({
              requestId,
              deadlineMs: Number(res.headers['lambda-runtime-deadline-ms'] ?? 0),
              functionArn: String(res.headers['lambda-runtime-invoked-function-arn'] ?? ''),
              payload: Buffer.concat(pieces).toString('utf8'),
            });
          });
        });
        req.on('error', (error) => (signal.aborted ? resolve(null) : reject(failed('GET next', error.message))));
      });
    },

    /**
     * Starts the invocation's response in streaming mode: a chunked body that Lambda passes
     * to the caller piece by piece as it is written. An error after the first byte travels
     * in the trailers, as the Runtime API defines for streamed responses.
     */
    streamResponse(requestId: string): StreamingResponse {
      const req = http.request({
        host,
        port,
        path: `${BASE}/invocation/${encodeURIComponent(requestId)}/response`,
        method: 'POST',
        agent,
        headers: {
          'Content-Type': 'application/x-ndjson',
          'Lambda-Runtime-Function-Response-Mode': 'streaming',
          'Transfer-Encoding': 'chunked',
          Trailer: 'Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body',
        },
      });
      // Each line is written as the worker produces it: no coalescing of small writes.
      req.setNoDelay(true);
      const done = new Promise<number>((resolve, reject) => {
        req.on('response', (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', (error) => reject(failed('POST response', error.message)));
      });
      return {
        out: req,
        fail: (errorType, errorMessage) =>
          req.addTrailers({
            'Lambda-Runtime-Function-Error-Type': errorType,
            'Lambda-Runtime-Function-Error-Body': Buffer.from(errorDocument(errorType, errorMessage)).toString('base64'),
          }),
        done,
      };
    },

    /** Fails an invocation whose response has not started. */
    invocationError: (requestId: string, errorType: string, errorMessage: string) =>
      post(`/invocation/${encodeURIComponent(requestId)}/error`, errorDocument(errorType, errorMessage), { 'Lambda-Runtime-Function-Error-Type': errorType }),

    /** Reports that the runtime could not start; Lambda then stops the environment. */
    initError: (errorType: string, errorMessage: string) =>
      post('/init/error', errorDocument(errorType, errorMessage), { 'Lambda-Runtime-Function-Error-Type': errorType }),

    close: () => agent.destroy(),
  };
}

export type RuntimeApiClient = ReturnType<typeof createRuntimeApiClient>;
