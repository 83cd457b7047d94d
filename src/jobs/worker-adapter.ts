import type { Chunk } from '../plan/plan-chunks.js';
import type { JobSpec } from '../plan/job-spec.js';
import type { ChunkManifest } from '../plan/chunk-manifest.js';
import type { DecodedWorkerLine, WorkerErrorMessage, WorkerLogLevel } from '../plan/worker-message.js';
import { HeliosError } from '../shared/errors.js';

/** One chunk to render, as the executor hands it to an adapter. */
export interface ChunkRequest {
  spec: JobSpec;
  /** Path of the job spec on disk (child processes read it from there). */
  specPath: string;
  chunk: Chunk;
  /** 1-based attempt number. */
  attempt: number;
  /** Where the segment and its manifest go. */
  outDir: string;
  signal: AbortSignal;
  /** Frames of this chunk rendered so far (from the worker's `progress` messages). */
  onFrames(rendered: number): void;
  /** A line of the worker's log (from its `log` messages; not prefixed). */
  onLog(level: WorkerLogLevel, message: string): void;
  /** A line the worker printed on stdout or stderr, for people only (not prefixed). */
  onLine(line: string): void;
}

/** Runs chunks somewhere: child processes here, other machines elsewhere. */
export interface WorkerAdapter {
  runChunk(request: ChunkRequest): Promise<ChunkManifest>;
}

/** A worker ended without producing its segment. */
export class WorkerFailedError extends HeliosError {
  constructor(
    message: string,
    /** False when the worker said another attempt cannot help (its error is not retryable). */
    readonly retryable: boolean,
    /** The worker's own error (class name and exit status), when it sent one. */
    readonly workerError: { name: string; exitCode: number } | null = null,
  ) {
    super(message);
  }
}

/** The parent's copy of an `error` message: a WorkerFailedError that keeps the worker's error class and retryability. */
function errorFromWorkerMessage(message: WorkerErrorMessage, how: string): WorkerFailedError {
  return new WorkerFailedError(`the worker ${how}: ${message.message}`, message.retryable, { name: message.name, exitCode: message.exitCode });
}

/** How a worker ended, as transports see it. */
export interface WorkerEnd {
  /** True when the worker reported success (exit status 0, HTTP 200). */
  ok: boolean;
  /** `exited with code 1`, `was killed (SIGKILL)`: completes "the worker ...". */
  how: string;
}

/**
 * Follows one worker's messages for a request, whatever carries them (a pipe here, an HTTP
 * body for remote workers): progress and log lines go to the request's callbacks as they
 * come; when the worker has ended, `finish` gives its manifest or the error to fail with.
 */
export function followWorker(request: ChunkRequest) {
  let result: ChunkManifest | undefined;
  let error: WorkerErrorMessage | undefined;
  const problems: string[] = [];
  return {
    take(decoded: DecodedWorkerLine): void {
      if (!decoded.ok) {
        problems.push(decoded.problem);
        request.onLog('warn', decoded.problem);
        return;
      }
      const message = decoded.message;
      switch (message.type) {
        case 'hello':
          request.onLog('debug', `worker pid ${message.pid ?? 'unknown'} speaks worker protocol ${message.protocol}`);
          return;
        case 'progress':
          request.onFrames(message.frames);
          return;
        case 'log':
          request.onLog(message.level, message.message);
          return;
        case 'result':
          result = message.manifest;
          return;
        case 'error':
          error = message;
          return;
      }
    },
    finish(end: WorkerEnd): ChunkManifest {
      if (end.ok && result) {
        const { jobId, chunk } = result;
        if (jobId === request.spec.id && chunk.index === request.chunk.index) return result;
        throw new WorkerFailedError(`the worker sent the result of chunk ${chunk.index} of job ${jobId}, not of chunk ${request.chunk.index} of job ${request.spec.id}`, true);
      }
      if (error) throw errorFromWorkerMessage(error, end.how);
      // A bad result message explains a missing result; a crash explains itself.
      const why = end.ok && problems.length > 0 ? `: ${problems.join('; ')}` : '';
      throw new WorkerFailedError(`the worker ${end.how}${end.ok ? ' without sending its result' : ''}${why}`, true);
    },
  };
}
