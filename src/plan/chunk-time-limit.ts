import { InvalidOptionError } from '../shared/errors.js';
import { DEFAULT_MIN_FRAMES_PER_CHUNK, planChunks, type Chunk, type PlanChunksOptions } from './plan-chunks.js';

/**
 * How long one remote worker may run (Lambda: the function's timeout, at most 15 minutes),
 * and the rate we assume it renders at, so no chunk is cut off by the platform.
 */
export interface ChunkTimeLimit {
  /** `Lambda`, `Cloud Run`: for messages. */
  platform: string;
  /** Longest one invocation may run, in seconds. */
  seconds: number;
  /** Frames one worker renders per second (an assumption the user can change with --worker-fps). */
  framesPerSecond: number;
  /** True when the user chose the chunks (--chunks, --frames-per-chunk): refuse rather than re-cut them. */
  explicit: boolean;
}

/**
 * Share of the time limit a chunk's frames may use. The rest covers a cold start (browser
 * launch, composition download), the page's load, the encoder's tail and the upload.
 */
export const TIME_LIMIT_SHARE = 0.6;

/**
 * Default frames per second one worker renders, for sizing chunks: a 1080p DOM page with
 * screenshots on a 2-vCPU Lambda renders 3-8 frames per second, so 2 leaves room for heavy
 * pages. Canvas pages and smaller frames are faster; pass --worker-fps to say so.
 */
export const DEFAULT_WORKER_FPS = 2;

/** Most frames one chunk may hold under the limit. */
export function maxFramesPerChunk(limit: ChunkTimeLimit): number {
  return Math.max(1, Math.floor(limit.seconds * TIME_LIMIT_SHARE * limit.framesPerSecond));
}

const largest = (chunks: Chunk[]) => Math.max(...chunks.map((c) => c.frameCount));

/**
 * Plans chunks that each fit the platform's time limit: when the asked-for count makes a
 * chunk too long, more chunks are made; when the user fixed the chunks, or the limits on
 * chunk count forbid enough of them, planning refuses and says what would fit.
 */
export function planChunksWithin(o: PlanChunksOptions, limit: ChunkTimeLimit | undefined): Chunk[] {
  let chunks = planChunks(o);
  if (!limit) return chunks;
  const max = maxFramesPerChunk(limit);
  if (largest(chunks) <= max) return chunks;
  if (!limit.explicit) chunks = planChunks({ ...o, chunks: undefined, framesPerChunk: max, minFramesPerChunk: Math.min(o.minFramesPerChunk ?? DEFAULT_MIN_FRAMES_PER_CHUNK, max) });
  if (largest(chunks) <= max) return chunks;
  const frames = largest(chunks);
  const minutes = (frames / limit.framesPerSecond / 60).toFixed(1);
  throw new InvalidOptionError(
    `a chunk of ${frames} frames would take about ${minutes} min at the assumed ${limit.framesPerSecond} frames per second per worker, ` +
      `more than ${Math.round(TIME_LIMIT_SHARE * 100)}% of ${limit.platform}'s ${limit.seconds} s limit per worker: ` +
      `use {framesPerChunk} ${max} or fewer (or {chunks} ${Math.ceil(o.totalFrames / max)} or more), or raise {workerFps} if your workers render faster`,
    'framesPerChunk',
  );
}
