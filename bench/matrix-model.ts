/**
 * Modelled wall time of a GitHub Actions render of a 3-minute 30 fps video (5400 frames) on
 * a matrix of N runners: plan job → N render legs at once → stitch job, each job paying a
 * fixed start-up cost. A leg renders its chunk (sizes from planChunks) at the measured
 * per-runner fps; the stitch job's work is the measured stitch time, scaled by frames.
 * Not modelled: artifact upload/download, queueing for free runners (N = 64 may wait),
 * runners faster or slower than this 2-core machine (GitHub's Linux runners have 2 or 4 cores).
 */
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
