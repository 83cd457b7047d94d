import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { hashComposition } from '../composition/hash-composition.js';
import { loadComposition } from '../composition/load-composition.js';
import { unknownLengthError } from '../composition/metadata.js';
import { createJobSpec, type JobSpec } from '../plan/job-spec.js';
import type { VideoFormat } from '../plan/spec-values.js';
import { planChunksWithin, type ChunkTimeLimit } from '../plan/chunk-time-limit.js';
import { MAX_CHUNKS } from '../plan/plan-chunks.js';
import { checkGifRate, checkGifSize } from '../render/output-options.js';
import { resolveRenderOptions, type RenderOptions } from '../render/render-options.js';
import { InvalidOptionError } from '../shared/errors.js';
import { formatFrameRate } from '../shared/fps.js';
import { parseInteger } from '../shared/parse-values.js';

/** What `helios plan` (and a distributed render) needs: render options plus how to split. */
export interface PlanJobOptions extends RenderOptions {
  /** Number of chunks; default 1. */
  chunks?: number;
  /** Frames per chunk (instead of chunks). */
  framesPerChunk?: number;
  /** Upper bound on chunks (<= 256, the Actions matrix limit). */
  maxChunks?: number;
  /** Smallest chunk worth a browser start; default 30 frames. */
  minFramesPerChunk?: number;
  /** Remote workers' time limit: no chunk may take longer (more chunks are cut, or planning refuses). */
  timeLimit?: ChunkTimeLimit;
  /**
   * Record the browser build this plan opened the page with, so every chunk must be drawn by
   * it (default true). False when the workers' browser is not the planner's to choose (remote
   * workers run their image's; a leg on the runner's own Chrome): the stitch still refuses
   * segments of different builds.
   */
  pinBrowser?: boolean;
  /** Picks the chunk count when neither chunks nor framesPerChunk is given (the Actions plan step's estimate). */
  chooseChunks?: (video: { totalFrames: number; width: number; height: number; mode: 'dom' | 'canvas' }) => number;
}

/** How to split, checked. */
export type SplitOptions = Pick<PlanJobOptions, 'chunks' | 'framesPerChunk' | 'maxChunks' | 'minFramesPerChunk'>;

function slug(input: string): string {
  const base = /^https?:/i.test(input) ? new URL(input).hostname : path.basename(path.resolve(input)).replace(/\.html?$/i, '');
  return base.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'job';
}

const optionalInt = (name: string, v: number | undefined, min: number, max?: number) => (v === undefined ? undefined : parseInteger(name, v, min, max));

/** Checks how to split without the page (the counts against the length are planChunks' to check). */
export function checkSplitOptions(o: SplitOptions): SplitOptions {
  if (o.chunks !== undefined && o.framesPerChunk !== undefined) {
    throw new InvalidOptionError(`{chunks} and {framesPerChunk} were both given (${o.chunks} and ${o.framesPerChunk}): pass only one of them`, 'chunks');
  }
  return {
    chunks: optionalInt('chunks', o.chunks, 1, MAX_CHUNKS),
    framesPerChunk: optionalInt('framesPerChunk', o.framesPerChunk, 1),
    maxChunks: optionalInt('maxChunks', o.maxChunks, 1, MAX_CHUNKS),
    minFramesPerChunk: optionalInt('minFramesPerChunk', o.minFramesPerChunk, 1),
  };
}

/** Checks every plan option that needs no page; planJob calls it before opening the composition. */
export function checkPlanJobOptions(options: PlanJobOptions): void {
  resolveRenderOptions(options);
  checkSplitOptions(options);
}

/**
 * Which of a composition's files (relative to its folder) are the job's own output, so not
 * content: the output file, or for PNG frames everything in their folder.
 */
export function outputFilter(format: VideoFormat, output: string, root: string): (relative: string) => boolean {
  const absolute = path.resolve(output);
  return (relative) => {
    const file = path.join(root, relative);
    return format === 'png' ? path.dirname(file) === path.dirname(absolute) : file === absolute;
  };
}

/**
 * Opens the composition once to resolve its metadata and capture mode, hashes its files,
 * splits its frames into chunks, and returns the job spec every worker renders from.
 */
export async function planJob(options: PlanJobOptions): Promise<JobSpec> {
  const o = resolveRenderOptions(options);
  const split = checkSplitOptions(options);
  const loaded = await loadComposition(o);
  let totalFrames: number | null;
  const browserBuild = loaded.browser.version;
  try {
    totalFrames = loaded.metadata.totalFrames;
  } finally {
    await loaded.close();
  }
  if (totalFrames === null) {
    throw unknownLengthError();
  }
  const hash = await hashComposition(loaded.source, loaded.source.kind === 'file' ? outputFilter(o.format, o.output, loaded.source.root) : undefined, o.props);
  const m = loaded.metadata;
  const chosen = split.chunks === undefined && split.framesPerChunk === undefined && options.chooseChunks
    ? options.chooseChunks({ totalFrames, width: m.width, height: m.height, mode: loaded.mode })
    : split.chunks;
  const chunks = planChunksWithin({ totalFrames, ...split, chunks: chosen }, options.timeLimit);
  checkGifSize(o.format, m.width, m.height, o.scale);
  checkGifRate(o.format, m.fps, o.everyNthFrame);
  return createJobSpec({
    id: `${slug(options.input)}-${randomBytes(3).toString('hex')}`,
    composition: { input: options.input, kind: loaded.source.kind, hash },
    props: (o.props ?? null) as JobSpec['props'],
    render: {
      fps: formatFrameRate(m.fps),
      width: m.width,
      height: m.height,
      totalFrames,
      mode: loaded.mode,
      canvasSelector: o.canvasSelector ?? null,
      canvasEncoder: o.canvasEncoder,
      format: o.format,
      codec: o.codec,
      crf: o.crf,
      preset: o.preset,
      transparent: o.transparent,
      scale: o.scale,
      everyNthFrame: o.everyNthFrame,
      gifLoops: o.gifLoops,
      jpegQuality: o.jpegQuality,
      seek: o.seek,
      timeoutSeconds: o.timeoutMs / 1000,
      frameTimeoutSeconds: o.frameTimeoutMs / 1000,
      gl: o.gl,
    },
    browser: { build: options.pinBrowser === false ? null : browserBuild },
    audio: { file: o.audio ?? null, muted: o.muted },
    chunks,
    output: { path: o.output },
  });
}
