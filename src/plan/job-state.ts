import { z } from 'zod';
import { checkDocument, choice, documentObject, formatProblems, nonEmptyString, nullableString, parseJson, wholeNumber } from './document.js';

/** The state file format this helios writes; files written before it had a version read as version 1. */
export const JOB_STATE_VERSION = 1;

export const CHUNK_STATUSES = ['pending', 'running', 'done', 'failed'] as const;

export const JOB_STATUSES = ['planned', 'running', 'stitching', 'done', 'failed', 'cancelled'] as const;

const secondsOrNull = z.number({ error: 'a number of seconds (0 or more) or null' })
  .min(0, { error: 'a number of seconds (0 or more) or null' })
  .nullable();
const messageOrNull = z.string({ error: 'a string or null' }).nullable();

/** Progress of one chunk, persisted after every change. */
export const chunkStateSchema = documentObject({
  index: wholeNumber(0),
  status: choice(CHUNK_STATUSES),
  attempts: wholeNumber(0),
  /** Seconds the last successful attempt took. */
  seconds: secondsOrNull,
  /** Segment and manifest paths, relative to the job folder, once done. */
  segment: nullableString('a file path or null'),
  manifest: nullableString('a file path or null'),
  error: messageOrNull,
});

/** A job's persisted state, state.json (job.json holds the spec). */
export const jobStateSchema = documentObject({
  version: z.literal(JOB_STATE_VERSION, { error: `the number ${JOB_STATE_VERSION}` }).default(JOB_STATE_VERSION),
  id: nonEmptyString('a job id'),
  status: choice(JOB_STATUSES),
  chunks: z.array(chunkStateSchema, { error: 'an array of chunk states' }),
  /** The stitched video, once done. */
  output: nullableString('a file path or null'),
  error: messageOrNull,
  updatedAt: nonEmptyString('an ISO 8601 date'),
  /** Wall time of the last run, seconds. */
  wallSeconds: secondsOrNull,
}, 'an object (a helios job state)');
export type JobState = z.infer<typeof jobStateSchema>;

/** What the state must agree with: its job's spec. */
export interface JobStateOwner {
  id: string;
  chunks: readonly { index: number }[];
}

/** The fresh state of a job nothing has run for yet. */
export function createJobState(spec: JobStateOwner): JobState {
  return {
    version: JOB_STATE_VERSION,
    id: spec.id,
    status: 'planned',
    chunks: spec.chunks.map((c) => ({ index: c.index, status: 'pending', attempts: 0, seconds: null, segment: null, manifest: null, error: null })),
    output: null,
    error: null,
    updatedAt: new Date().toISOString(),
    wallSeconds: null,
  };
}

/** Problems of a well-formed state that belongs to another job or another plan. */
function mismatches(state: JobState, spec: JobStateOwner): string[] {
  if (state.id !== spec.id) return [`id must be "${spec.id}" (the job's id), got "${state.id}"`];
  if (state.chunks.length !== spec.chunks.length) {
    return [`chunks must hold one state per chunk of the job (${spec.chunks.length}), got ${state.chunks.length}`];
  }
  return state.chunks.flatMap((c, i) => (c.index === i ? [] : [`chunks[${i}].index must be ${i} (its position in the list), got ${c.index}`]));
}

/**
 * Reads a job's state from JSON text. A state that cannot be used is not fatal (the segment
 * files decide what is done), so the caller gets a message to warn with, naming each bad field.
 */
export function readJobState(text: string, source: string, spec: JobStateOwner): { ok: true; state: JobState } | { ok: false; message: string } {
  const json = parseJson(text);
  if (!json.ok) return { ok: false, message: `${source}: not valid JSON (${json.reason})` };
  const result = checkDocument(jobStateSchema, json.value);
  const problems = result.ok ? mismatches(result.value, spec) : result.problems;
  if (result.ok && problems.length === 0) return { ok: true, state: result.value };
  return { ok: false, message: formatProblems(source, problems) };
}
