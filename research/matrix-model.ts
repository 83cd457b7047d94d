/**
 * Modelled wall time of a GitHub Actions render of a 3-minute 30 fps video (5400 frames) on
 * a matrix of N runners: plan job → N render legs at once → stitch job, each job paying a
 * fixed start-up cost. A leg renders its chunk (sizes from planChunks) at the measured
 * per-runner fps; the stitch job's work is the measured stitch time, scaled by frames.
 * Not modelled: artifact upload/download, queueing for free runners (N = 64 may wait),
 * runners faster or slower than this 2-core machine (GitHub's Linux runners have 2 or 4 cores).
 * A model, not a measurement (it was the bench's "matrix" section): feed it a measured fps
 * (the bench's canvas-720p end-to-end fps) and stitch time (the bench's stitch section).
 *
 *   node --import tsx research/matrix-model.ts --fps 51.1 --stitch-seconds 1.67
 */
import { parseArgs } from 'node:util';
import { table } from '../bench/report-sections.js';
import { planChunks } from '../src/plan/plan-chunks.js';

/** Seconds from a job being queued to its first step running (runner allocation, boot). */
export const RUNNER_START_SECONDS = 45;
/** Seconds of set-up steps in every job: checkout, Node, `npm ci`, apt-get ffmpeg + fonts. */
export const JOB_SETUP_SECONDS = 20;
/** Jobs that run one after the other: plan, render matrix, stitch. */
export const SEQUENTIAL_JOBS = 3;
export const MODEL_FRAMES = 5400;
export const MODEL_FPS = 30;
export const MODEL_RUNNERS = [1, 4, 16, 64] as const;

export interface MatrixRow {
  runners: number;
  chunks: number;
  maxChunkFrames: number;
  renderSeconds: number;
  stitchSeconds: number;
  startupSeconds: number;
  totalSeconds: number;
  /** totalSeconds of N = 1 / this row's. */
  speedup: number;
}

export interface MatrixModel {
  frames: number;
  fps: number;
  /** Per-runner render fps used, and where it came from. */
  runnerFps: number;
  runnerFpsSource: string;
  /** Stitch seconds for the whole video, and where they came from. */
  stitchSeconds: number;
  stitchSource: string;
  runnerStartSeconds: number;
  jobSetupSeconds: number;
  sequentialJobs: number;
  rows: MatrixRow[];
  /** N = 1 without a matrix: one job renders the whole video, no plan or stitch job. */
  singleJobSeconds: number;
}

export function modelMatrix(runnerFps: number, runnerFpsSource: string, stitchSeconds: number, stitchSource: string): MatrixModel {
  const startupSeconds = SEQUENTIAL_JOBS * (RUNNER_START_SECONDS + JOB_SETUP_SECONDS);
  const rows: MatrixRow[] = MODEL_RUNNERS.map((runners) => {
    const chunks = planChunks({ totalFrames: MODEL_FRAMES, chunks: runners });
    const maxChunkFrames = Math.max(...chunks.map((c) => c.frameCount));
    const renderSeconds = maxChunkFrames / runnerFps;
    return { runners, chunks: chunks.length, maxChunkFrames, renderSeconds, stitchSeconds, startupSeconds, totalSeconds: startupSeconds + renderSeconds + stitchSeconds, speedup: 0 };
  });
  for (const row of rows) row.speedup = rows[0]!.totalSeconds / row.totalSeconds;
  return {
    frames: MODEL_FRAMES,
    fps: MODEL_FPS,
    runnerFps,
    runnerFpsSource,
    stitchSeconds,
    stitchSource,
    runnerStartSeconds: RUNNER_START_SECONDS,
    jobSetupSeconds: JOB_SETUP_SECONDS,
    sequentialJobs: SEQUENTIAL_JOBS,
    rows,
    singleJobSeconds: RUNNER_START_SECONDS + JOB_SETUP_SECONDS + MODEL_FRAMES / runnerFps,
  };
}

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);

export function describeMatrix(m: MatrixModel): string[] {
  const rows = m.rows.map((r) => [String(r.runners), String(r.chunks), String(r.maxChunkFrames), f1(r.renderSeconds), f2(r.stitchSeconds), r.startupSeconds.toFixed(0), f1(r.totalSeconds), f2(r.speedup)]);
  return [
    `## Model: GitHub Actions matrix, ${m.frames / m.fps / 60}-minute ${m.fps} fps video (${m.frames} frames)`,
    '',
    ...table(['runners', 'chunks', 'max chunk frames', 'render s', 'stitch s', 'start-up s', 'total s', 'speedup vs 1'], rows, 1),
    '',
    `Modelled, not measured: total = ${m.sequentialJobs} jobs (plan, render matrix, stitch) × (${m.runnerStartSeconds} s runner start + ${m.jobSetupSeconds} s set-up) ` +
      `+ max chunk frames (planChunks) / ${f1(m.runnerFps)} fps (${m.runnerFpsSource}) + ${f2(m.stitchSeconds)} s stitch (${m.stitchSource}). ` +
      `Artifact transfer and runner queueing are not included. One job rendering everything (no matrix, no stitch): ${f1(m.singleJobSeconds)} s.`,
  ];
}

const { values } = parseArgs({ options: { fps: { type: 'string' }, 'stitch-seconds': { type: 'string' } } });
const fps = Number(values.fps);
const stitchSeconds = Number(values['stitch-seconds']);
if (!(fps > 0) || !(stitchSeconds >= 0)) {
  process.stderr.write('usage: node --import tsx research/matrix-model.ts --fps <per-runner render fps> --stitch-seconds <stitch time of the whole video>\n');
  process.exit(1);
}
process.stdout.write(`${describeMatrix(modelMatrix(fps, 'given with --fps', stitchSeconds, 'given with --stitch-seconds')).join('\n')}\n`);
