import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { hashFile } from '../composition/hash-composition.js';
import { findFfmpeg, findFfprobe } from '../encode/find-ffmpeg.js';
import { countVideoFrames } from '../encode/probe-media.js';
import { concatSegments } from '../encode/stitch-segments.js';
import { segmentFileNames, type ChunkManifest, type MediaClip } from '../plan/chunk-manifest.js';
import { defaultConcurrency, splitChunk, splitCount, type MachineResources } from '../plan/default-concurrency.js';
import { DEFAULT_MIN_FRAMES_PER_CHUNK, describeChunk } from '../plan/plan-chunks.js';
import { tempPathBeside, writeJsonAtomic } from '../shared/atomic-output.js';
import { EncodeError } from '../shared/errors.js';
import { parseFrameRate } from '../shared/fps.js';
import { silentLogger, type Logger } from '../shared/logger.js';
import { checkCompositionHash, removeStalePartials, renderChunk, type RenderChunkOptions } from './render-chunk.js';

export interface SplitChunkOptions extends RenderChunkOptions {
  /** Browsers rendering parts of the chunk at once; default: the default-concurrency rule for `machine`. */
  concurrency?: number;
  /** The machine the rule reads (the caller reads it: see src/jobs/machine-resources.ts). */
  machine?: MachineResources;
  /** No part shorter than this (default 30 frames, the planner's smallest chunk): each pays a browser launch. */
  minFramesPerPart?: number;
}

/** How many parts the chunk splits into, and why (for the log). */
export function chunkParts(o: Pick<SplitChunkOptions, 'concurrency' | 'machine' | 'minFramesPerPart'>, frameCount: number): { parts: number; why: string } {
  const rule = o.concurrency === undefined ? defaultConcurrency(o.machine ?? { cores: 1, freeMemoryBytes: Infinity }) : undefined;
  const workers = o.concurrency ?? rule!.workers;
  const parts = splitCount(frameCount, workers, o.minFramesPerPart ?? DEFAULT_MIN_FRAMES_PER_CHUNK);
  const why = rule ? `concurrency ${workers} (${rule.reason})` : `concurrency ${workers}`;
  return { parts, why: parts < workers ? `${why}, at most one part per ${o.minFramesPerPart ?? DEFAULT_MIN_FRAMES_PER_CHUNK} frames` : why };
}

/** Each source and start once: a later part also reports media a former part played. */
function mergeMedia(manifests: ChunkManifest[]): MediaClip[] {
  const seen = new Map<string, MediaClip>();
  for (const clip of manifests.flatMap((m) => m.media)) seen.set(JSON.stringify(clip), clip);
  return [...seen.values()];
}

function prefixed(logger: Logger, prefix: string): Logger {
  return { debug: (m) => logger.debug(`${prefix} ${m}`), info: (m) => logger.info(`${prefix} ${m}`), warn: (m) => logger.warn(`${prefix} ${m}`) };
}

/**
 * Renders one chunk of a job with as many browsers as the machine supports (or
 * `concurrency`): the chunk is cut into contiguous parts, each rendered by renderChunk with
 * its own browser and ffmpeg at once, and the parts' segments are joined by stream copy into
 * the one segment + manifest the stitch step expects, as if one browser had rendered it.
 * Every part starts with a key frame (closed GOPs), so the join is what the stitch step does
 * across chunks. GIF and PNG jobs split too: their segments are the lossless FFV1
 * intermediate, joined the same way. One part: exactly renderChunk.
 */
export async function renderChunkSplit(options: SplitChunkOptions): Promise<ChunkManifest> {
  const { spec, chunkIndex } = options;
  const chunk = spec.chunks[chunkIndex];
  const { parts, why } = chunk ? chunkParts(options, chunk.frameCount) : { parts: 1, why: '' };
  const logger = options.logger ?? silentLogger;
  if (chunk && parts < 2) logger.info(`chunk ${chunkIndex}: one browser (${why})`);
  if (!chunk || parts < 2) return renderChunk(options);
  const t0 = Date.now();
  if (!options.skipHashCheck) await checkCompositionHash(spec);
  const ranges = splitChunk(chunk, parts);
  logger.info(`chunk ${chunkIndex} (${describeChunk(chunk)}) in ${parts} parts rendered at once (${why}): ${ranges.map(describeChunk).join(', ')}`);
  const names = segmentFileNames(chunkIndex, spec.render.format);
  const partsDir = path.join(options.outDir, `.segment-${String(chunkIndex).padStart(4, '0')}.parts`);
  await rm(partsDir, { recursive: true, force: true });
  // One part failing stops the others: their browsers would only burn the runner's time.
  const abort = new AbortController();
  const stop = () => abort.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', stop, { once: true });
  const partSpec = { ...spec, chunks: ranges };
  try {
    const settled = await Promise.allSettled(
      ranges.map((range) =>
        renderChunk({ ...options, spec: partSpec, chunkIndex: range.index, outDir: partsDir, skipHashCheck: true, onProgress: undefined, logger: prefixed(logger, `[part ${range.index}]`), signal: abort.signal }).catch(
          (error: unknown) => {
            abort.abort(error);
            throw error;
          },
        ),
      ),
    );
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    const manifests = settled.map((s) => (s as PromiseFulfilledResult<ChunkManifest>).value);
    return await joinParts(options, manifests, partsDir, names, t0);
  } finally {
    options.signal?.removeEventListener('abort', stop);
    await rm(partsDir, { recursive: true, force: true });
  }
}

/** Joins the parts' segments into the chunk's segment (written under a hidden name, then renamed) and writes its manifest. */
async function joinParts(options: SplitChunkOptions, manifests: ChunkManifest[], partsDir: string, names: { segment: string; manifest: string }, t0: number): Promise<ChunkManifest> {
  const { spec, chunkIndex } = options;
  const chunk = spec.chunks[chunkIndex]!;
  const env = options.env ?? {};
  const ffmpeg = findFfmpeg(options.ffmpeg, env).path;
  const methods = new Set(manifests.map((m) => m.captureMethod));
  if (methods.size > 1) throw new EncodeError(`the parts of chunk ${chunkIndex} were captured differently (${[...methods].join(', ')}): they cannot share one stream`);
  await removeStalePartials(options.outDir, names.segment);
  const final = path.join(options.outDir, names.segment);
  const temp = tempPathBeside(final);
  try {
    const segments = manifests.map((m) => ({ path: path.join(partsDir, m.segment), frameCount: m.frames }));
    await concatSegments(ffmpeg, segments, { fps: parseFrameRate(spec.render.fps), format: spec.render.format, codec: spec.render.codec }, temp, options.signal);
    const frames = await countVideoFrames(findFfprobe(ffmpeg, env), temp, options.signal);
    if (frames !== chunk.frameCount) throw new EncodeError(`joining the ${manifests.length} parts of chunk ${chunkIndex} gave ${frames} frames, expected ${chunk.frameCount}`);
    await rename(temp, final);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  const totalSeconds = (Date.now() - t0) / 1000;
  const loadSeconds = Math.max(...manifests.map((m) => m.timings.loadSeconds));
  const manifest: ChunkManifest = {
    ...manifests[0]!,
    chunk: { ...chunk },
    segment: names.segment,
    segmentSha256: await hashFile(final),
    frames: chunk.frameCount,
    timings: { loadSeconds, renderSeconds: Math.max(0, totalSeconds - loadSeconds), totalSeconds },
    attempt: options.attempt ?? 1,
    media: mergeMedia(manifests),
    finishedAt: new Date().toISOString(),
  };
  await writeJsonAtomic(path.join(options.outDir, names.manifest), manifest);
  return manifest;
}
