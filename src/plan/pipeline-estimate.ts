import { DEFAULT_MIN_FRAMES_PER_CHUNK, MAX_CHUNKS, planChunks } from './plan-chunks.js';
import { DEFAULT_TIMINGS, REFERENCE_PIXELS, type PipelineTimings } from './pipeline-timings.js';

/**
 * Wall-time model of the GitHub Actions pipeline (plan job -> matrix of render legs -> stitch
 * job), pure arithmetic. Every job pays `jobStartSeconds` (hosted runners are fresh machines).
 * Legs beyond the concurrency (the lower of the runners asked for and the account's job limit)
 * queue and run in waves: each wave pays start-up again and lasts as long as its longest leg.
 * The stitch job pays per segment (artifact download) and per frame. Not modelled: runner
 * start-up varying between legs, artifact upload, a leg's time limit.
 */
export interface EstimateVideo {
  totalFrames: number;
  width: number;
  height: number;
  mode: 'dom' | 'canvas';
}

export interface EstimateOptions {
  /** Runners (the matrix's max-parallel) the legs may use at once; the job limit caps it. */
  runners: number;
  timings?: PipelineTimings;
  maxChunks?: number;
  minFramesPerChunk?: number;
}

export interface ChunkEstimate {
  chunks: number;
  waves: number;
  /** Frames of the largest leg. */
  maxChunkFrames: number;
  planSeconds: number;
  /** All waves of legs, start-up included. */
  renderSeconds: number;
  /** The stitch job, start-up included. */
  stitchSeconds: number;
  /** From the plan's job spec being written to the video being stitched (what the job summary measures). */
  afterPlanSeconds: number;
  totalSeconds: number;
}

export interface PipelineEstimate {
  concurrency: number;
  timings: PipelineTimings;
  /** Candidate counts to show (1, powers of two, multiples of the concurrency, the best), ascending. */
  candidates: ChunkEstimate[];
  best: ChunkEstimate;
}

/** Seconds one leg spends per frame of this video (render figures are per 1280x720 frame). */
export function secondsPerFrame(video: EstimateVideo, timings: PipelineTimings): number {
  return timings.renderSecondsPerFrame[video.mode] * ((video.width * video.height) / REFERENCE_PIXELS);
}

/** The model's figures for one chunk count (cut the way planChunks cuts: larger chunks first). */
export function estimateChunks(video: EstimateVideo, chunkCount: number, concurrency: number, timings: PipelineTimings = DEFAULT_TIMINGS): ChunkEstimate {
  const chunks = planChunks({ totalFrames: video.totalFrames, chunks: chunkCount, minFramesPerChunk: 1 });
  const perFrame = secondsPerFrame(video, timings);
  const leg = (frames: number) => timings.jobStartSeconds + timings.fetchSeconds + frames * perFrame;
  let renderSeconds = 0;
  let waves = 0;
  for (let first = 0; first < chunks.length; first += concurrency) {
    waves++;
    renderSeconds += leg(chunks[first]!.frameCount);
  }
  const stitchSeconds = timings.jobStartSeconds + chunks.length * timings.segmentSeconds + video.totalFrames * timings.stitchSecondsPerFrame;
  const planSeconds = timings.jobStartSeconds + timings.fetchSeconds;
  const afterPlanSeconds = renderSeconds + stitchSeconds;
  return { chunks: chunks.length, waves, maxChunkFrames: chunks[0]!.frameCount, planSeconds, renderSeconds, stitchSeconds, afterPlanSeconds, totalSeconds: planSeconds + afterPlanSeconds };
}

/**
 * Estimates every chunk count the limits allow (at most maxChunks, each chunk at least
 * minFramesPerChunk frames) and returns the one with the least wall time (ties: fewer chunks).
 */
export function estimatePipeline(video: EstimateVideo, o: EstimateOptions): PipelineEstimate {
  const timings = o.timings ?? DEFAULT_TIMINGS;
  const concurrency = Math.max(1, Math.min(o.runners, timings.jobLimit));
  const minFrames = o.minFramesPerChunk ?? DEFAULT_MIN_FRAMES_PER_CHUNK;
  const allowed = Math.max(1, Math.min(o.maxChunks ?? MAX_CHUNKS, Math.floor(video.totalFrames / minFrames)));
  const all: ChunkEstimate[] = [];
  for (let c = 1; c <= allowed; c++) all.push(estimateChunks(video, c, concurrency, timings));
  const best = all.reduce((a, b) => (b.totalSeconds < a.totalSeconds - 1e-9 ? b : a));
  const shown = new Set([1, best.chunks, allowed]);
  for (let c = 2; c <= allowed; c *= 2) shown.add(c);
  for (let c = concurrency; c <= allowed; c += concurrency) shown.add(c);
  const candidates = all.filter((e) => shown.has(e.chunks));
  return { concurrency, timings, candidates, best };
}

const s1 = (n: number) => `${n.toFixed(1)}s`;

/** The estimate as text lines: one per candidate, then the best count and the figures used. */
export function describeEstimate(e: PipelineEstimate, timingsSource: string): string[] {
  const rows = e.candidates.map(
    (c) =>
      `${String(c.chunks).padStart(6)} ${String(c.waves).padStart(5)} ${String(c.maxChunkFrames).padStart(10)} ` +
      `${s1(c.renderSeconds).padStart(9)} ${s1(c.stitchSeconds).padStart(8)} ${s1(c.totalSeconds).padStart(8)}${c === e.best ? '  <- best' : ''}`,
  );
  const t = e.timings;
  return [
    `estimated wall time on ${e.concurrency} runners at once (job limit ${t.jobLimit}):`,
    'chunks waves max frames    render   stitch    total',
    ...rows,
    `best: ${e.best.chunks} chunk${e.best.chunks === 1 ? '' : 's'}, ${s1(e.best.totalSeconds)} (plan ${s1(e.best.planSeconds)} + render ${s1(e.best.renderSeconds)} + stitch ${s1(e.best.stitchSeconds)})`,
    `figures (${timingsSource}): job start ${t.jobStartSeconds}s, fetch ${t.fetchSeconds}s, render ${t.renderSecondsPerFrame.dom}s/frame dom, ` +
      `${t.renderSecondsPerFrame.canvas}s/frame canvas at 1280x720, stitch ${t.stitchSecondsPerFrame}s/frame + ${t.segmentSeconds}s/segment`,
  ];
}
