import { describePlan } from '../plan/plan-chunks.js';
import type { Logger } from '../shared/logger.js';
import { silentLogger } from '../shared/logger.js';
import { parseInteger, parsePositiveNumber } from '../shared/parse-values.js';
import { executeJob } from './execute-job.js';
import { createJob, DEFAULT_JOBS_DIR, openJob, type JobHandle } from './job-repository.js';
import { checkPlanJobOptions, planJob, type PlanJobOptions } from './plan-job.js';
import { stitchJob, type StitchJobResult } from './stitch-job.js';
import type { WorkerAdapter } from './worker-adapter.js';

export interface RenderJobOptions extends PlanJobOptions {
  /** Chunks rendering at once; default 1. */
  concurrency?: number;
  /** Extra attempts for a failed chunk; default 2. */
  retries?: number;
  /** Seconds before the first retry, doubling after; default 1. */
  retryDelay?: number;
  /** Folder of job folders; default .helios/jobs. */
  jobsDir?: string;
  /** Finish an earlier job instead of planning a new one. */
  resume?: string;
  adapter: WorkerAdapter;
  /** Called once the job folder exists (before any chunk renders). */
  onJob?: (job: JobHandle) => void;
}

export interface RenderJobResult extends Omit<StitchJobResult, 'seconds'> {
  job: JobHandle;
  /** Seconds the stitch took. */
  stitchSeconds: number;
  wallSeconds: number;
  /** Sum of the chunks' own render times (seconds), for the speedup. */
  chunkSeconds: number;
}

/** How the chunks run, checked and defaulted. */
export interface JobRunSettings {
  concurrency: number;
  retries: number;
  retryDelayMs: number;
}

/** Checks how the chunks run (concurrency, retries, retry delay) and applies the defaults. */
export function resolveJobRunSettings(o: Pick<RenderJobOptions, 'concurrency' | 'retries' | 'retryDelay'>): JobRunSettings {
  return {
    concurrency: o.concurrency === undefined ? 1 : parseInteger('concurrency', o.concurrency, 1),
    retries: o.retries === undefined ? 2 : parseInteger('retries', o.retries, 0, 20),
    retryDelayMs: (o.retryDelay === undefined ? 1 : parsePositiveNumber('retryDelay', o.retryDelay, 600)) * 1000,
  };
}

/** Checks every option that needs no page (a resumed job's render options are its spec's). */
export function checkRenderJobOptions(o: Omit<RenderJobOptions, 'adapter'>): void {
  resolveJobRunSettings(o);
  if (!o.resume) checkPlanJobOptions(o);
}

/**
 * The local pipeline: plan (or reopen) a job, render its chunks through the adapter with
 * at most `concurrency` at once, then stitch. State is kept in the job folder, so a job
 * cut short by a crash or Ctrl-C can be resumed.
 */
export async function renderJob(o: RenderJobOptions): Promise<RenderJobResult> {
  const started = Date.now();
  const logger: Logger = o.logger ?? silentLogger;
  const { concurrency, retries, retryDelayMs } = resolveJobRunSettings(o);
  const jobsDir = o.jobsDir ?? DEFAULT_JOBS_DIR;
  let job: JobHandle;
  if (o.resume) {
    job = await openJob(jobsDir, o.resume, { logger });
    const left = job.state.chunks.filter((c) => c.status !== 'done').map((c) => c.index);
    logger.info(`resuming job ${job.spec.id} (${job.dir}): chunks left ${left.length ? left.join(', ') : 'none'}`);
  } else {
    const spec = await planJob({ ...o, chunks: o.chunks ?? (o.framesPerChunk ? undefined : concurrency) });
    job = await createJob(jobsDir, spec);
    logger.info(`job ${spec.id} (${job.dir}): ${describePlan(spec.chunks)}, ${concurrency} at once`);
  }
  o.onJob?.(job);
  await executeJob({
    job,
    adapter: o.adapter,
    concurrency,
    retries,
    retryDelayMs,
    logger,
    onProgress: o.onProgress,
    signal: o.signal,
  });
  job.state.status = 'stitching';
  await job.save();
  try {
    const result = await stitchJob({ spec: job.spec, segmentsDir: job.segmentsDir, ffmpeg: o.ffmpeg, env: o.env, logger, signal: o.signal });
    const wallSeconds = (Date.now() - started) / 1000;
    Object.assign(job.state, { status: 'done', output: result.output, wallSeconds, error: null });
    await job.save();
    const chunkSeconds = result.manifests.reduce((sum, m) => sum + m.timings.totalSeconds, 0);
    const { seconds: stitchSeconds, ...stitched } = result;
    return { ...stitched, stitchSeconds, job, wallSeconds, chunkSeconds };
  } catch (error) {
    Object.assign(job.state, { status: 'failed', error: (error as Error).message });
    await job.save();
    throw error;
  }
}
