import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Chunk } from '../plan/plan-chunks.js';
import { describeChunk } from '../plan/plan-chunks.js';
import { createProgressRate, type RenderProgress } from '../shared/progress-rate.js';
import { CloudServiceError, HeliosError, RenderAbortedError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { ChunkManifest } from '../plan/chunk-manifest.js';
import { readChunkManifest, segmentFileNames } from '../plan/chunk-manifest.js';
import type { JobHandle } from './job-repository.js';
import { WorkerFailedError, type WorkerAdapter } from './worker-adapter.js';

/**
 * Whether another attempt may succeed: a worker that crashed, timed out, was throttled or
 * lost its connection, yes; a worker that reported the page's own error or a bad input, or
 * a missing bucket or function, or refused credentials, no. Errors of unknown kind are tried again.
 */
function isRetryable(error: unknown): boolean {
  if (error instanceof WorkerFailedError || error instanceof CloudServiceError) return error.retryable;
  return !(error instanceof HeliosError);
}

/** A chunk failed on every attempt. */
class ChunkFailedError extends HeliosError {}

export interface ExecuteJobOptions {
  job: JobHandle;
  adapter: WorkerAdapter;
  /** Chunks rendering at once (>= 1). */
  concurrency: number;
  /** Extra attempts after a chunk's first failure. */
  retries: number;
  /** Wait before the first retry; doubles for every further one (ms). */
  retryDelayMs: number;
  logger: Logger;
  onProgress?: (progress: RenderProgress) => void;
  signal?: AbortSignal;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

/** A chunk is done when its segment and its manifest exist (the manifest is written last, after the segment's atomic rename). */
async function segmentExists(job: JobHandle, chunk: Chunk): Promise<boolean> {
  const names = segmentFileNames(chunk.index, job.spec.render.format);
  try {
    await access(path.join(job.segmentsDir, names.segment));
    const read = readChunkManifest(await readFile(path.join(job.segmentsDir, names.manifest), 'utf8'), names.manifest);
    if (!read.ok) return false; // a damaged manifest means the chunk is rendered again
    const { manifest } = read;
    return manifest.jobId === job.spec.id && manifest.chunk.index === chunk.index && manifest.frames === chunk.frameCount;
  } catch {
    return false;
  }
}

/**
 * Runs a job's chunks through the adapter, at most `concurrency` at once. Chunks already
 * done (state and files) are skipped, so a resumed job renders only what is missing. A
 * failed chunk is retried with exponential backoff; when it fails for good the other
 * workers are stopped and the error names the chunk.
 */
export async function executeJob(o: ExecuteJobOptions): Promise<void> {
  const { job, logger } = o;
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const queue: Chunk[] = [];
  for (const chunk of job.spec.chunks) {
    // The files decide, not the state: a crash can land between a worker's last write and ours.
    if (await segmentExists(job, chunk)) {
      logger.info(`chunk ${chunk.index} (${describeChunk(chunk)}) already rendered: skipped`);
      job.state.chunks[chunk.index].status = 'done';
    } else {
      queue.push(chunk);
    }
  }
  const rendered = new Map<number, number>();
  // No start(): the rate counts from the first rendered frame, not from worker start-up.
  const rate = createProgressRate(queue.reduce((sum, c) => sum + c.frameCount, 0));
  const report = () => o.onProgress?.(rate.progress([...rendered.values()].reduce((a, b) => a + b, 0)));
  job.state.status = 'running';
  job.state.error = null;
  await job.save();
  let failure: Error | undefined;
  const runSlot = async (slot: number) => {
    for (let chunk = queue.shift(); chunk && !stop.signal.aborted; chunk = queue.shift()) {
      await runChunkWithRetries(o, chunk, slot, stop.signal, (n) => {
        rendered.set(chunk!.index, n);
        report();
      }).catch((error: Error) => {
        failure ??= error;
        stop.abort();
      });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(o.concurrency, queue.length) }, (_, slot) => runSlot(slot)));
    if (o.signal?.aborted) throw new RenderAbortedError();
    if (failure) throw failure;
  } catch (error) {
    job.state.status = error instanceof RenderAbortedError ? 'cancelled' : 'failed';
    job.state.error = (error as Error).message;
    await job.save();
    throw error;
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
}

async function runChunkWithRetries(o: ExecuteJobOptions, chunk: Chunk, slot: number, signal: AbortSignal, onFrames: (n: number) => void): Promise<void> {
  const { job, logger } = o;
  const state = job.state.chunks[chunk.index];
  const attempts = o.retries + 1;
  for (let attempt = 1; ; attempt++) {
    state.status = 'running';
    state.attempts += 1;
    state.error = null;
    await job.save();
    const t0 = Date.now();
    try {
      const manifest: ChunkManifest = await o.adapter.runChunk({
        spec: job.spec,
        specPath: path.join(job.dir, 'job.json'),
        chunk,
        attempt,
        outDir: job.segmentsDir,
        signal,
        onFrames,
        onLog: (level, message) => logger[level](`[Worker ${slot}] ${message}`),
        onLine: (line) => logger.info(`[Worker ${slot}] ${line}`),
      });
      Object.assign(state, {
        status: 'done',
        seconds: (Date.now() - t0) / 1000,
        segment: path.join('segments', manifest.segment),
        manifest: path.join('segments', segmentFileNames(chunk.index, job.spec.render.format).manifest),
      });
      await job.save();
      return;
    } catch (error) {
      onFrames(0);
      const reason = (error as Error).message;
      state.status = 'failed';
      state.error = reason;
      await job.save();
      if (signal.aborted) throw error instanceof RenderAbortedError ? error : new RenderAbortedError();
      if (attempt >= attempts || !isRetryable(error)) {
        const why = attempt < attempts ? ' (not retried: the page or the input is at fault, so another attempt would fail the same way)' : '';
        throw new ChunkFailedError(`chunk ${chunk.index} (${describeChunk(chunk)}) failed after ${attempt} attempt${attempt > 1 ? 's' : ''}${why}: ${reason}`);
      }
      const delay = o.retryDelayMs * 2 ** (attempt - 1);
      logger.warn(`chunk ${chunk.index} failed: ${reason.split('\n')[0]}. Attempt ${attempt} of ${attempts}; retrying in ${(delay / 1000).toFixed(1)}s`);
      await sleep(delay, signal);
      if (signal.aborted) throw new RenderAbortedError();
    }
  }
}
