import type { ChunkManifest } from './chunk-manifest.js';
import type { JobSpec } from './job-spec.js';
import { estimateChunks, type ChunkEstimate, type EstimateVideo } from './pipeline-estimate.js';
import { DEFAULT_TIMINGS, REFERENCE_PIXELS, type PartialTimings, type PipelineTimings } from './pipeline-timings.js';

/** The video as the model sees it; mode `auto` counts as dom (the slower capture: the safer guess). */
export function estimateVideo(spec: Pick<JobSpec, 'render'>): EstimateVideo {
  const { totalFrames, width, height, mode } = spec.render;
  return { totalFrames, width, height, mode: mode === 'canvas' ? 'canvas' : 'dom' };
}

export interface RunFigures {
  spec: JobSpec;
  manifests: ChunkManifest[];
  /** From the job spec being written to the stitched video (seconds). */
  wallSeconds: number;
  stitchSeconds: number;
}

/**
 * What a finished run measured, as model figures: fetch = the legs' mean load time, render per
 * frame by capture mode (scaled to 1280x720), stitch per frame, and the job start-up left over
 * once the legs' and the stitch's own work is taken out of the wall time (each wave of legs and
 * the stitch job start one job each).
 */
export function measureTimings(run: RunFigures): PartialTimings {
  const { spec, manifests } = run;
  if (manifests.length === 0) return {};
  const pixels = (spec.render.width * spec.render.height) / REFERENCE_PIXELS;
  const renderSecondsPerFrame: { dom?: number; canvas?: number } = {};
  for (const mode of ['dom', 'canvas'] as const) {
    const legs = manifests.filter((m) => m.mode === mode);
    const frames = legs.reduce((sum, m) => sum + m.frames, 0);
    if (frames > 0) renderSecondsPerFrame[mode] = round(legs.reduce((sum, m) => sum + m.timings.renderSeconds, 0) / frames / pixels);
  }
  const fetchSeconds = manifests.reduce((sum, m) => sum + m.timings.loadSeconds, 0) / manifests.length;
  const concurrency = Math.min(spec.chunks.length, DEFAULT_TIMINGS.jobLimit);
  const sorted = manifests.slice().sort((a, b) => a.chunk.index - b.chunk.index);
  let legWork = 0;
  let waves = 0;
  for (let first = 0; first < sorted.length; first += concurrency) {
    waves++;
    legWork += Math.max(...sorted.slice(first, first + concurrency).map((m) => m.timings.totalSeconds));
  }
  const downloads = spec.chunks.length * DEFAULT_TIMINGS.segmentSeconds;
  const jobStartSeconds = Math.max(0, (run.wallSeconds - legWork - run.stitchSeconds - downloads) / (waves + 1));
  return {
    jobStartSeconds: round(jobStartSeconds),
    fetchSeconds: round(fetchSeconds),
    renderSecondsPerFrame,
    stitchSecondsPerFrame: round(run.stitchSeconds / spec.render.totalFrames),
  };
}

/** The default model's estimate of this run (legs all at once up to the job limit), for the summary's error figure. */
export function estimateRun(spec: JobSpec, timings: PipelineTimings = DEFAULT_TIMINGS): ChunkEstimate {
  const chunks = spec.chunks.length;
  return estimateChunks(estimateVideo(spec), chunks, Math.min(chunks, timings.jobLimit), timings);
}

function round(n: number): number {
  return Number(n.toPrecision(4));
}
