import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseJobSpec, serializeJobSpec, type JobSpec } from '../plan/job-spec.js';
import { createJobState, readJobState, type JobState } from '../plan/job-state.js';
import { HeliosError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { writeFileAtomic, writeJsonAtomic } from '../shared/atomic-output.js';

/** Where local jobs live unless told otherwise. */
export const DEFAULT_JOBS_DIR = '.helios/jobs';

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
  await writeFileAtomic(path.join(dir, 'job.json'), serializeJobSpec(spec));
  const h = handle(dir, spec, createJobState(spec));
  await h.save();
  return h;
}

export interface OpenJobOptions {
  /** Told when the saved state cannot be used (the job still opens, from a fresh state). */
  logger?: Logger;
}

/** Opens an existing job by id. */
export async function openJob(jobsDir: string, id: string, options: OpenJobOptions = {}): Promise<JobHandle> {
  const dir = path.resolve(jobsDir, id);
  // No readable job.json: no such job (JobNotFoundError below).
  const specText = await readFile(path.join(dir, 'job.json'), 'utf8').catch(() => undefined);
  if (specText === undefined) {
    throw new JobNotFoundError(`no job "${id}" in ${path.resolve(jobsDir)}: run \`helios jobs\` to list jobs (or pass --jobs-dir)`);
  }
  const spec = parseJobSpec(specText, path.join(dir, 'job.json'));
  // No state.json yet: nothing has run, the initial state holds.
  const stateText = await readFile(path.join(dir, 'state.json'), 'utf8').catch(() => undefined);
  let state = createJobState(spec);
  if (stateText) {
    // A damaged state file only loses progress: the segment files decide what is done.
    const read = readJobState(stateText, path.join(dir, 'state.json'), spec);
    if (read.ok) state = read.state;
    else options.logger?.warn(`${read.message}${read.message.includes('\n') ? '\n' : ': '}ignoring the saved progress; every chunk is checked again`);
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
