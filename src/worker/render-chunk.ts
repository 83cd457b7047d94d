import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { hashComposition, hashFile } from '../composition/hash-composition.js';
import { resolveInput } from '../composition/resolve-input.js';
import { readFfmpegVersion } from '../encode/ffmpeg-version.js';
import { findFfmpeg } from '../encode/find-ffmpeg.js';
import type { JobSpec } from '../plan/job-spec.js';
import { describeChunk } from '../plan/plan-chunks.js';
import { renderVideo } from '../render/render-video.js';
import type { RenderProgress } from '../render/render-options.js';
import { InvalidOptionError, JobSpecError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { parseFrameRate } from '../shared/fps.js';
import { silentLogger } from '../shared/logger.js';
import { writeJsonAtomic } from '../shared/atomic-output.js';
import { segmentFileNames, type ChunkManifest } from '../plan/chunk-manifest.js';

export interface RenderChunkOptions {
  spec: JobSpec;
  chunkIndex: number;
  /** Folder the segment and its manifest are written to. */
  outDir: string;
  browser?: string;
  ffmpeg?: string;
  /** Attempt number recorded in the manifest (Actions: GITHUB_RUN_ATTEMPT; local: the executor's). */
  attempt?: number;
  /** Skip the check that the composition still has the planned content hash. */
  skipHashCheck?: boolean;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  onProgress?: (progress: RenderProgress) => void;
  signal?: AbortSignal;
}

/** A worker killed outright (SIGKILL, a lost runner) leaves its hidden partial file: drop it before trying again. */
export async function removeStalePartials(dir: string, segment: string): Promise<void> {
  const stem = `.${segment.replace(/\.[^.]+$/, '')}.`;
  for (const name of await readdir(dir)) {
    if (name.startsWith(stem) && name.includes('.partial.')) await rm(path.join(dir, name), { force: true });
  }
}

/** Refuses to render a composition (or props) that changed since the job was planned. */
export async function checkCompositionHash(spec: JobSpec): Promise<void> {
  if (!spec.composition.hash) return;
  const actual = await hashComposition(await resolveInput(spec.composition.input), undefined, spec.props);
  if (actual !== spec.composition.hash) {
    throw new JobSpecError(
      `the composition ${spec.composition.input} or its props changed since job ${spec.id} was planned (content hash ${actual} is not ${spec.composition.hash}): ` +
        'plan the job again, or render from the same checkout',
    );
  }
}

/**
 * Renders one chunk of a job into a segment plus its manifest. Every caller (the CLI's
 * render-chunk, the local executor's workers, the Actions render step) goes through here.
 */
export async function renderChunk(options: RenderChunkOptions): Promise<ChunkManifest> {
  const { spec, chunkIndex } = options;
  const logger = options.logger ?? silentLogger;
  const chunk = spec.chunks[chunkIndex];
  if (!Number.isInteger(chunkIndex) || !chunk) {
    throw new InvalidOptionError(`--chunk must be a chunk index from 0 to ${spec.chunks.length - 1} (job ${spec.id} has ${spec.chunks.length} chunks), got ${chunkIndex}`);
  }
  if (!options.skipHashCheck) await checkCompositionHash(spec);
  await mkdir(options.outDir, { recursive: true });
  const names = segmentFileNames(chunkIndex, spec.render.format);
  await removeStalePartials(options.outDir, names.segment);
  logger.info(`rendering chunk ${chunkIndex} of job ${spec.id}: ${describeChunk(chunk)}`);
  const ffmpegPath = findFfmpeg(options.ffmpeg, options.env ?? {}).path;
  const result = await renderVideo({
    input: spec.composition.input,
    output: path.join(options.outDir, names.segment),
    fps: parseFrameRate(spec.render.fps),
    width: spec.render.width,
    height: spec.render.height,
    frames: spec.render.totalFrames,
    startFrame: chunk.startFrame,
    frameCount: chunk.frameCount,
    mode: spec.render.mode,
    canvasSelector: spec.render.canvasSelector ?? undefined,
    canvasEncoder: spec.render.canvasEncoder,
    format: spec.render.format,
    codec: spec.render.codec,
    quality: spec.render.crf ?? undefined,
    preset: spec.render.preset,
    transparent: spec.render.transparent,
    scale: spec.render.scale,
    everyNthFrame: spec.render.everyNthFrame,
    gifLoops: spec.render.gifLoops ?? undefined,
    props: spec.props ?? undefined,
    jpegQuality: spec.render.jpegQuality,
    seek: spec.render.seek,
    timeout: spec.render.timeoutSeconds,
    frameTimeout: spec.render.frameTimeoutSeconds,
    gl: spec.render.gl,
    // A segment: video only (the stitcher encodes the sound once over the whole timeline: a
    // segment's own AAC track would start 1024 samples early and shift every frame at the
    // concat), and for GIF and PNG frames the lossless intermediate the stitcher finishes.
    segment: true,
    browser: options.browser,
    // Every chunk is drawn by the build the job was planned with, or fails before its first frame.
    browserBuild: spec.browser.build ?? undefined,
    ffmpeg: ffmpegPath,
    env: options.env,
    logger,
    onProgress: options.onProgress,
    signal: options.signal,
  });
  const manifest: ChunkManifest = {
    jobId: spec.id,
    chunk: { ...chunk },
    segment: names.segment,
    segmentSha256: await hashFile(path.join(options.outDir, names.segment)),
    frames: result.frameCount,
    mode: result.mode,
    captureMethod: result.captureMethod,
    browserVersion: result.browserVersion,
    ffmpegVersion: await readFfmpegVersion(ffmpegPath),
    timings: {
      loadSeconds: result.timings.loadMs / 1000,
      renderSeconds: result.timings.renderMs / 1000,
      totalSeconds: result.timings.totalMs / 1000,
    },
    attempt: options.attempt ?? 1,
    media: result.media,
    finishedAt: new Date().toISOString(),
  };
  await writeJsonAtomic(path.join(options.outDir, names.manifest), manifest);
  return manifest;
}
