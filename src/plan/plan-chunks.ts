import { z } from 'zod';
import { InvalidOptionError } from '../shared/errors.js';
import { documentObject, wholeNumber as wholeNumberField } from './document.js';

/** GitHub Actions runs at most 256 jobs per matrix: the hard cap on chunks. */
export const MAX_CHUNKS = 256;

/** Fewer frames than this per chunk and browser start-up outweighs the parallelism. */
export const DEFAULT_MIN_FRAMES_PER_CHUNK = 30;

/** A contiguous range of frames rendered by one worker (one matrix leg, one child process). */
export const chunkSchema = documentObject({
  /** Position in the plan, from 0; the segments are stitched in this order. */
  index: wholeNumberField(0),
  /** First frame of the range (frame 0 is t = 0). */
  startFrame: wholeNumberField(0),
  /** Number of frames in the range, at least 1. */
  frameCount: wholeNumberField(1),
});
export type Chunk = z.infer<typeof chunkSchema>;

/** How to cut a video into chunks. Pass `chunks` or `framesPerChunk`, not both; neither means one chunk. */
export interface PlanChunksOptions {
  /** Frames in the whole video, at least 1. */
  totalFrames: number;
  /** Desired number of chunks, 1..256; fewer are made when the limits below require it. */
  chunks?: number;
  /** Desired frames per chunk (at least 1): the count is totalFrames / framesPerChunk, rounded up. */
  framesPerChunk?: number;
  /** No chunk gets fewer frames (the count is reduced instead); default 30. A shorter video is still one chunk. */
  minFramesPerChunk?: number;
  /** Upper limit on the count, 1..256; default 256. */
  maxChunks?: number;
}

function checkWholeNumber(name: string, value: number, min: number, max?: number): number {
  if (Number.isInteger(value) && value >= min && (max === undefined || value <= max)) return value;
  const range = max === undefined ? `of at least ${min}` : `between ${min} and ${max}`;
  throw new InvalidOptionError(`${name} must be a whole number ${range}, got ${String(value)}`);
}

/** The checked options and the chunk count they ask for, before the limits are applied. */
function resolve(o: PlanChunksOptions) {
  if (!Number.isInteger(o.totalFrames) || o.totalFrames < 1) {
    throw new InvalidOptionError(
      `the video must be a whole number of at least 1 frame long, got ${String(o.totalFrames)} frames: check --frames, --duration or window.helios`,
    );
  }
  const totalFrames = o.totalFrames;
  if (o.chunks !== undefined && o.framesPerChunk !== undefined) {
    throw new InvalidOptionError(
      `--chunks and --frames-per-chunk were both given (${o.chunks} and ${o.framesPerChunk}): pass only one of them`,
    );
  }
  const maxChunks = checkWholeNumber('--max-chunks', o.maxChunks ?? MAX_CHUNKS, 1, MAX_CHUNKS);
  const minFramesPerChunk = checkWholeNumber('--min-frames-per-chunk', o.minFramesPerChunk ?? DEFAULT_MIN_FRAMES_PER_CHUNK, 1);
  let requested = 1;
  if (o.chunks !== undefined) requested = checkWholeNumber('--chunks', o.chunks, 1, MAX_CHUNKS);
  if (o.framesPerChunk !== undefined) {
    requested = Math.ceil(totalFrames / checkWholeNumber('--frames-per-chunk', o.framesPerChunk, 1));
  }
  return { totalFrames, maxChunks, minFramesPerChunk, requested };
}

/** Most chunks the limits allow: at most maxChunks, and every chunk at least minFramesPerChunk long (but never 0 chunks). */
function allowedChunks(totalFrames: number, maxChunks: number, minFramesPerChunk: number): number {
  return Math.max(1, Math.min(maxChunks, Math.floor(totalFrames / minFramesPerChunk)));
}

/**
 * Cuts `totalFrames` into contiguous chunks that cover every frame exactly once. Sizes differ
 * by at most one frame (the larger ones first). The count is the one asked for, reduced when
 * it would exceed `maxChunks` or make a chunk shorter than `minFramesPerChunk`. Deterministic.
 * @throws InvalidOptionError naming the option and its allowed range
 */
export function planChunks(o: PlanChunksOptions): Chunk[] {
  const { totalFrames, maxChunks, minFramesPerChunk, requested } = resolve(o);
  const count = Math.min(requested, allowedChunks(totalFrames, maxChunks, minFramesPerChunk));
  const base = Math.floor(totalFrames / count);
  const larger = totalFrames % count;
  const chunks: Chunk[] = [];
  let startFrame = 0;
  for (let index = 0; index < count; index++) {
    const frameCount = base + (index < larger ? 1 : 0);
    chunks.push({ index, startFrame, frameCount });
    startFrame += frameCount;
  }
  return chunks;
}

/** `frames 0..74` (inclusive), for logs and job names. */
export function describeChunk(chunk: Chunk): string {
  return `frames ${chunk.startFrame}..${chunk.startFrame + chunk.frameCount - 1}`;
}

/**
 * One line for logs: `300 frames in 4 chunks of 75 frames`, `200 frames in 7 chunks of 29 or 28 frames`.
 * Given the options the plan was made from, it also says why fewer chunks were made than asked for.
 */
export function describePlan(chunks: readonly Chunk[], options?: PlanChunksOptions): string {
  const total = chunks.reduce((sum, c) => sum + c.frameCount, 0);
  const sizes = [...new Set(chunks.map((c) => c.frameCount))].sort((a, b) => b - a);
  const frames = (n: number) => `${n} frame${n === 1 ? '' : 's'}`;
  let text =
    chunks.length === 1
      ? `${frames(total)} in 1 chunk`
      : `${frames(total)} in ${chunks.length} chunks of ${sizes.length === 1 ? frames(sizes[0]) : `${sizes.join(' or ')} frames`}`;
  if (options) {
    const { totalFrames, maxChunks, minFramesPerChunk, requested } = resolve(options);
    if (requested > chunks.length) {
      const byMax = maxChunks <= Math.floor(totalFrames / minFramesPerChunk);
      const reason = byMax ? `at most ${maxChunks} chunks are allowed` : `each chunk needs at least ${frames(minFramesPerChunk)}`;
      text += ` (asked for ${requested}; ${reason})`;
    }
  }
  return text;
}
