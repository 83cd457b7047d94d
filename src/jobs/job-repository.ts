import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseJobSpec, serializeJobSpec, type JobSpec } from '../plan/job-spec.js';
import { HeliosError } from '../shared/errors.js';
import { writeJsonAtomic } from '../shared/write-json-atomic.js';

/** Where local jobs live unless told otherwise. */
export const DEFAULT_JOBS_DIR = '.helios/jobs';

export type ChunkStatus = 'pending' | 'running' | 'done' | 'failed';
export type JobStatus = 'planned' | 'running' | 'stitching' | 'done' | 'failed' | 'cancelled';

/** Progress of one chunk, persisted after every change. */
export interface ChunkState {
  index: number;
  status: ChunkStatus;
  attempts: number;
  /** Seconds the last successful attempt took. */
  seconds: number | null;
  /** Segment and manifest paths, relative to the job folder, once done. */
  segment: string | null;
  manifest: string | null;
  error: string | null;
}

/** A job's persisted state (job.json holds the spec, state.json this). */
export interface JobState {
  id: string;
  status: JobStatus;
  chunks: ChunkState[];
  output: string | null;
  error: string | null;
  updatedAt: string;
  /** Wall time of the last run, seconds. */
  wallSeconds: number | null;
}

/** The job was not found in the jobs folder. */
export class JobNotFoundError extends HeliosError {}

/** A job's folder: its spec, its state and its segments. */
export interface JobHandle {
  dir: string;
  spec: JobSpec;
  state: JobState;
  segmentsDir: string;
  /** Persists `state` atomically (a crash never leaves a half-written file). */
  save(): Promise<void>;
}

function initialState(spec: JobSpec): JobState {
  return {
    id: spec.id,
    status: 'planned',
    chunks: spec.chunks.map((c) => ({ index: c.index, status: 'pending', attempts: 0, seconds: null, segment: null, manifest: null, error: null })),
    output: null,
    error: null,
    updatedAt: new Date().toISOString(),
    wallSeconds: null,
  };
}

function handle(dir: string, spec: JobSpec, state: JobState): JobHandle {
  const h: JobHandle = {
    dir,
    spec,
    state,
    segmentsDir: path.join(dir, 'segments'),
    save: async () => {
      h.state.updatedAt = new Date().toISOString();
      await writeJsonAtomic(path.join(dir, 'state.json'), h.state);
    },
  };
  return h;
}

/** Creates the job's folder with its spec and a fresh state. */
export async function createJob(jobsDir: string, spec: JobSpec): Promise<JobHandle> {
  const dir = path.resolve(jobsDir, spec.id);
  await mkdir(path.join(dir, 'segments'), { recursive: true });
  await writeFile(path.join(dir, 'job.json'), serializeJobSpec(spec));
  const h = handle(dir, spec, initialState(spec));
  await h.save();
  return h;
}

/** Opens an existing job by id. */
export async function openJob(jobsDir: string, id: string): Promise<JobHandle> {
  const dir = path.resolve(jobsDir, id);
  // No readable job.json: no such job (JobNotFoundError below).
  const specText = await readFile(path.join(dir, 'job.json'), 'utf8').catch(() => undefined);
  if (specText === undefined) {
    throw new JobNotFoundError(`no job "${id}" in ${path.resolve(jobsDir)}: run \`helios jobs\` to list jobs (or pass --jobs-dir)`);
  }
  const spec = parseJobSpec(specText, path.join(dir, 'job.json'));
  // No state.json yet: nothing has run, the initial state holds.
  const stateText = await readFile(path.join(dir, 'state.json'), 'utf8').catch(() => undefined);
  let state = initialState(spec);
  if (stateText) {
    try {
      state = JSON.parse(stateText) as JobState;
    } catch {
      // A damaged state file only loses progress: every chunk is checked again on resume.
    }
  }
  return handle(dir, spec, state);
}

/** Every job in the folder, newest first. */
export async function listJobs(jobsDir: string): Promise<JobHandle[]> {
  // No jobs folder yet: no jobs.
  const names = await readdir(jobsDir).catch(() => [] as string[]);
  const jobs: JobHandle[] = [];
  for (const name of names) {
    // A folder without job.json is not a job.
    if (!(await stat(path.join(jobsDir, name, 'job.json')).catch(() => undefined))) continue;
    // A job whose files do not parse is left out of the list (filtered below); `helios jobs <id>` says what is wrong with it.
    jobs.push(await openJob(jobsDir, name).catch(() => undefined as never));
  }
  return jobs.filter(Boolean).sort((a, b) => b.spec.createdAt.localeCompare(a.spec.createdAt));
}
