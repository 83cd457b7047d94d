import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { hashComposition } from '../composition/hash-composition.js';
import { loadComposition } from '../composition/load-composition.js';
import { createJobSpec, type JobSpec } from '../plan/job-spec.js';
import { planChunks } from '../plan/plan-chunks.js';
import { resolveRenderOptions, type RenderOptions } from '../render/render-options.js';
import { InvalidOptionError } from '../shared/errors.js';
import { formatFrameRate } from '../shared/fps.js';
import { parseInteger } from '../shared/parse-values.js';

/** What `helios plan` (and a distributed render) needs: render options plus how to split. */
export interface PlanJobOptions extends RenderOptions {
  /** Number of chunks; default 1. */
  chunks?: string | number;
  /** Frames per chunk (instead of chunks). */
  framesPerChunk?: string | number;
  /** Upper bound on chunks (<= 256, the Actions matrix limit). */
  maxChunks?: string | number;
  /** Smallest chunk worth a browser start; default 30 frames. */
  minFramesPerChunk?: string | number;
}

function slug(input: string): string {
  const base = /^https?:/i.test(input) ? new URL(input).hostname : path.basename(path.resolve(input)).replace(/\.html?$/i, '');
  return base.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'job';
}

const optionalInt = (name: string, v: string | number | undefined, min: number, max?: number) =>
  v === undefined || v === '' ? undefined : parseInteger(name, v, min, max);

/**
 * Opens the composition once to resolve its metadata and capture mode, hashes its files,
 * splits its frames into chunks, and returns the job spec every worker renders from.
 */
export async function planJob(options: PlanJobOptions): Promise<JobSpec> {
  const o = resolveRenderOptions(options);
  const loaded = await loadComposition(o);
  let totalFrames: number | null;
  try {
    totalFrames = loaded.metadata.totalFrames;
  } finally {
    await loaded.close();
  }
  if (totalFrames === null) {
    throw new InvalidOptionError('the composition does not say how long it is: pass --duration <seconds> or --frames <count>, or set window.helios.duration in the page');
  }
  const output = path.resolve(o.output);
  const hash = await hashComposition(loaded.source, (relative) => loaded.source.kind === 'file' && path.join(loaded.source.root, relative) === output);
  const chunks = planChunks({
    totalFrames,
    chunks: optionalInt('--chunks', options.chunks, 1, 256),
    framesPerChunk: optionalInt('--frames-per-chunk', options.framesPerChunk, 1),
    maxChunks: optionalInt('--max-chunks', options.maxChunks, 1, 256),
    minFramesPerChunk: optionalInt('--min-frames-per-chunk', options.minFramesPerChunk, 1),
  });
  const m = loaded.metadata;
  return createJobSpec({
    id: `${slug(options.input)}-${randomBytes(3).toString('hex')}`,
    composition: { input: options.input, kind: loaded.source.kind, hash },
    render: {
      fps: formatFrameRate(m.fps),
      width: m.width,
      height: m.height,
      totalFrames,
      mode: loaded.mode,
      canvasSelector: o.canvasSelector ?? null,
      canvasEncoder: o.canvasEncoder,
      format: o.format,
      crf: o.crf,
      preset: o.preset,
      jpegQuality: o.jpegQuality,
      seek: o.seek,
      timeoutSeconds: o.timeoutMs / 1000,
      frameTimeoutSeconds: o.frameTimeoutMs / 1000,
      gl: o.gl,
    },
    audio: { file: o.audio ?? null },
    chunks,
    output: { path: o.output },
  });
}
