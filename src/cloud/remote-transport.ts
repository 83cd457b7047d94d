import type { WorkerEnd } from '../jobs/worker-adapter.js';

/** What the platform allows one worker: the executor sizes chunks and estimates cost from it. */
export interface PlatformLimits {
  /** Longest one invocation or request may run (Lambda: the function's timeout, at most 900 s). */
  timeLimitSeconds: number;
  /** Memory of one worker in MB (billing). */
  memoryMb: number;
  /** vCPUs of one worker (billing on Cloud Run; Lambda derives CPU from memory). */
  vcpus: number;
}

/**
 * How chunk requests reach remote workers: one implementation per platform (Lambda's
 * InvokeWithResponseStream, an authenticated POST to Cloud Run or any `helios worker serve`).
 * The transport only carries bytes; the request and the worker messages are the same
 * documents everywhere (src/plan/chunk-request.ts, src/plan/worker-message.ts).
 */
export interface RemoteTransport {
  /** `Lambda function helios-render in us-east-1`, `Cloud Run service https://…`: for messages. */
  readonly name: string;
  /**
   * Checks, before any chunk, that the function or service exists and these credentials may
   * call it, and reads its limits. Throws CloudNotFoundError or CloudCredentialsError.
   */
  preflight(signal: AbortSignal): Promise<PlatformLimits>;
  /**
   * Sends one chunk request (JSON text) and passes the worker's message stream to `onText` as
   * it arrives. Resolves when the worker's stream ended (ok false when the platform reported
   * the invocation failed: a crash, a timeout). Rejects with WorkerFailedError, retryable, for
   * throttling (HTTP 429) and a dropped connection; with a Cloud* error for a missing target
   * or refused credentials (not retryable).
   */
  invoke(body: string, options: { signal: AbortSignal; onText(text: string): void }): Promise<WorkerEnd>;
}
