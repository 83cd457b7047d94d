/**
 * How many browsers one machine runs at once when nobody says: `helios render`'s default
 * `--concurrency` and the Actions render step's split of its chunk.
 *
 * The rule: workers = max(1, min(floor(cores / CORES_PER_WORKER), floor(free memory / MEMORY_PER_WORKER)))
 *
 * Why: one worker is not one core. A worker is a browser (its renderer, GPU and compositor
 * processes), an ffmpeg encoding the frames and the Node process driving them, all working at
 * once (capture of frame i+1 overlaps the encode of frame i). Rendered alone on the 2-core bench
 * machine (bench/RESULTS.md, "Concurrency", 300 frames at 720p), a worker keeps 1.35 to 1.45
 * cores busy: CPU seconds of its whole process tree / wall seconds at --concurrency 1, in the
 * quieter rounds (canvas-raf 1.45, dom-css 1.35). A second worker on 2 cores has about half a
 * core left, pays a planning browser launch, a second page load and a stitch, and the two
 * compete for the CPU: 2 workers took 0.94x (DOM, whose frames cost more) to 1.47x (canvas)
 * the time of 1. So a worker is counted as CORES_PER_WORKER = 1.5 cores: 2 cores give 1
 * worker (never slower than one), 3 or 4 give 2, 8 give 5, 16 give 10.
 *
 * Memory: a worker's process tree peaked at 0.73 to 0.87 GB at 720p and 0.84 to 0.93 GB at
 * 1080p (peak RSS summed, bench "memory"); MEMORY_PER_WORKER = 1 GiB of the memory free now,
 * so a busy machine does not swap.
 *
 * Pure arithmetic: the callers read the machine (src/jobs/machine-resources.ts).
 */

import { MAX_CHUNKS, planChunks, type Chunk } from './plan-chunks.js';

/** Cores one worker (browser + ffmpeg + node) keeps busy, measured at --concurrency 1 and rounded up. */
export const CORES_PER_WORKER = 1.5;

/** Memory one worker may take at its peak (0.66-0.93 GB measured at 720p-1080p), with room to spare. */
export const MEMORY_PER_WORKER_BYTES = 1024 ** 3;

/** What the rule reads of the machine. */
export interface MachineResources {
  /** CPUs this process may run on (os.availableParallelism()). */
  cores: number;
  /** Memory free for new processes now (os.freemem(), or the cgroup's limit if lower). */
  freeMemoryBytes: number;
}

export interface ConcurrencyChoice {
  workers: number;
  /** What set the number: the cores, or the free memory when it allows fewer workers than the cores. */
  limitedBy: 'cores' | 'memory';
  /** Why, in words: `2 cores, ~1.5 cores per worker`. */
  reason: string;
}

const gb = (bytes: number) => (bytes / 1024 ** 3).toFixed(1);

/** The rule above: how many workers the machine runs at once without one slowing the others. */
export function defaultConcurrency(machine: MachineResources): ConcurrencyChoice {
  const cores = Number.isFinite(machine.cores) && machine.cores > 0 ? machine.cores : 1;
  const byCores = Math.max(1, Math.floor(cores / CORES_PER_WORKER));
  const free = Number.isFinite(machine.freeMemoryBytes) ? Math.max(0, machine.freeMemoryBytes) : Infinity;
  const byMemory = Math.max(1, Math.floor(free / MEMORY_PER_WORKER_BYTES));
  const coresText = `${cores} core${cores === 1 ? '' : 's'}, ~${CORES_PER_WORKER} cores per worker`;
  if (byMemory < byCores) {
    return { workers: byMemory, limitedBy: 'memory', reason: `${coresText}, but ${gb(free)} GB free memory at ~1 GB per worker` };
  }
  return { workers: byCores, limitedBy: 'cores', reason: coresText };
}

/**
 * How many sub-ranges a range of `frameCount` frames splits into: the workers the machine
 * runs, but no range shorter than `minFrames`: each range pays its own browser launch and
 * page load (about 1.5 s, the time of 16 DOM or 55 canvas frames at 720p on the bench machine).
 * The planner's own limits (planChunks), applied to one chunk.
 */
export function splitCount(frameCount: number, workers: number, minFrames: number): number {
  return planChunks({ totalFrames: frameCount, chunks: clampCount(workers), minFramesPerChunk: Math.max(1, minFrames) }).length;
}

/** `chunk` cut into `parts` contiguous sub-ranges (indexed from 0), the first ones a frame longer when it does not divide evenly. */
export function splitChunk(chunk: Chunk, parts: number): Chunk[] {
  return planChunks({ totalFrames: chunk.frameCount, chunks: clampCount(parts), minFramesPerChunk: 1 }).map((c) => ({ ...c, startFrame: chunk.startFrame + c.startFrame }));
}

/** A part count planChunks takes: a whole number from 1 to MAX_CHUNKS. */
const clampCount = (n: number) => Math.max(1, Math.min(MAX_CHUNKS, Math.floor(n)));
