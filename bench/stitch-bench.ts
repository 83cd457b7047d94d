/**
 * Stitching 10 minutes of 1080p30 (20 segments × 900 frames = 18000 frames) next to the
 * time rendering them would take. Rendering 18000 frames through the browser takes far too
 * long here, so the segments are made directly:
 * - 30 frames captured from the canvas example at 1920x1080 (--mode canvas, as the
 *   canvas-1080p case: the 1280x720 canvas read back, scaled to 1080p by ffmpeg);
 * - one 900-frame segment encoded from them (cycled) through startEncoder(buildEncodeArgs(…))
 *   with the renderer's defaults (H.264 CRF 18, the default preset, IDR first, closed GOP);
 * - copied to 20 segment files. Stitching is stream copy plus ffprobe checks, whose cost
 *   depends on packet count and bytes, not on what the pictures show; encoding 20 distinct
 *   segments would take ~10 minutes of this machine's time and measure nothing more.
 * Then stitchJob() itself runs on a hand-written job spec and chunk manifests (checks every
 * segment's frame count, concatenates, verifies the result frame-exact, no audio), and
 * concatSegments() (the stream copy alone) is timed too. Files live under os.tmpdir().
 */
import { copyFile, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { concatSegments } from '../src/encode/stitch-segments.js';
import { stitchJob } from '../src/jobs/stitch-job.js';
import { createJobSpec, type JobSpec } from '../src/plan/job-spec.js';
import { planChunks } from '../src/plan/plan-chunks.js';
import { DEFAULT_PRESET } from '../src/render/render-options.js';
import { parseFrameRate } from '../src/shared/fps.js';
import { segmentFileNames, type ChunkManifest } from '../src/plan/chunk-manifest.js';
import { measureCapture, measureEncode, type CaseRun } from './measure.js';
import { loadAverage, medianOf } from './run-case.js';

export const STITCH_SEGMENTS = 20;
export const STITCH_FRAMES_PER_SEGMENT = 900;
const FPS = 30;

export interface StitchRound {
  stitchJobSeconds: number;
  concatSeconds: number;
  loadAverage: number[];
}

export interface StitchResult {
  segments: number;
  framesPerSegment: number;
  totalFrames: number;
  videoSeconds: number;
  width: number;
  height: number;
  /** Encoding the one real segment with the renderer's arguments. */
  encodeSegment: { frames: number; wallMs: number; fps: number };
  segmentMB: number;
  totalMB: number;
  bitrateMbps: number;
  rounds: StitchRound[];
  stitchJobSeconds: number;
  concatSeconds: number;
  /** Render time of the same 18000 frames, extrapolated from the measured 1080p end-to-end fps of each case. */
  renderEstimates: Array<{ caseId: string; e2eFps: number; renderSeconds: number; stitchPercent: number; chunkRenderSeconds: number; stitchPercentOfChunk: number }>;
}

export interface StitchOptions {
  tmp: string;
  ffmpeg: string;
  canvasInput: string;
  rounds: number;
  env: NodeJS.ProcessEnv;
}

function jobSpec(canvasInput: string, output: string): JobSpec {
  const totalFrames = STITCH_SEGMENTS * STITCH_FRAMES_PER_SEGMENT;
  return createJobSpec({
    id: 'bench-stitch',
    composition: { input: canvasInput, kind: 'file', hash: null },
    props: null,
    render: {
      fps: String(FPS), width: 1920, height: 1080, totalFrames, mode: 'canvas', canvasSelector: null, format: 'mp4', codec: 'h264',
      crf: 18, preset: DEFAULT_PRESET, jpegQuality: 90, canvasEncoder: 'auto', seek: 'jump', timeoutSeconds: 30, frameTimeoutSeconds: 30, gl: 'swiftshader',
      transparent: false, scale: 1, everyNthFrame: 1, gifLoops: null,
    },
    browser: { build: null },
    audio: { file: null, muted: false },
    chunks: planChunks({ totalFrames, chunks: STITCH_SEGMENTS }),
    output: { path: output },
  });
}

function manifest(spec: JobSpec, index: number): ChunkManifest {
  const chunk = spec.chunks[index]!;
  return {
    jobId: spec.id, chunk, segment: segmentFileNames(index, 'mp4').segment, frames: chunk.frameCount, mode: 'canvas', captureMethod: 'canvas-jpeg',
    browserVersion: 'bench', ffmpegVersion: 'bench', timings: { loadSeconds: 0, renderSeconds: 0, totalSeconds: 0 }, media: [], finishedAt: new Date().toISOString(),
  };
}

export async function runStitchBench(o: StitchOptions): Promise<StitchResult> {
  const dir = path.join(o.tmp, 'stitch');
  const segmentsDir = path.join(dir, 'segments');
  await mkdir(segmentsDir, { recursive: true });
  const output = path.join(dir, 'stitched.mp4');
  const log = (m: string) => process.stderr.write(`[stitch] ${m}\n`);
  try {
    const run: CaseRun = { input: o.canvasInput, browser: undefined, width: 1920, height: 1080, mode: 'canvas', frames: 180, env: o.env };
    log('capturing 30 frames of the canvas example at 1920x1080…');
    const captured = await measureCapture(run, 30);
    const spec = jobSpec(o.canvasInput, output);
    const first = path.join(segmentsDir, segmentFileNames(0, 'mp4').segment);
    log(`encoding one ${STITCH_FRAMES_PER_SEGMENT}-frame 1080p segment with the renderer's encoder arguments…`);
    const encoded = await measureEncode({ ...run, frames: STITCH_FRAMES_PER_SEGMENT }, o.ffmpeg, captured.samples, captured.encode, first);
    for (let i = 0; i < STITCH_SEGMENTS; i++) {
      if (i > 0) await copyFile(first, path.join(segmentsDir, segmentFileNames(i, 'mp4').segment));
      await writeFile(path.join(segmentsDir, segmentFileNames(i, 'mp4').manifest), JSON.stringify(manifest(spec, i)));
    }
    const segmentBytes = (await stat(first)).size;
    const rounds: StitchRound[] = [];
    for (let r = 0; r < o.rounds; r++) {
      const round = { loadAverage: loadAverage() } as StitchRound;
      let t0 = performance.now();
      const result = await stitchJob({ spec, segmentsDir, output, ffmpeg: o.ffmpeg, env: o.env });
      round.stitchJobSeconds = (performance.now() - t0) / 1000;
      if (result.frames !== spec.render.totalFrames) throw new Error(`stitched ${result.frames} frames, expected ${spec.render.totalFrames}`);
      await rm(output, { force: true });
      t0 = performance.now();
      const segments = spec.chunks.map((c) => ({ path: path.join(segmentsDir, segmentFileNames(c.index, 'mp4').segment), frameCount: c.frameCount }));
      await concatSegments(o.ffmpeg, segments, { fps: parseFrameRate(String(FPS)), format: 'mp4', codec: 'h264' }, output);
      round.concatSeconds = (performance.now() - t0) / 1000;
      await rm(output, { force: true });
      rounds.push(round);
      log(`round ${r + 1}/${o.rounds}: stitchJob ${round.stitchJobSeconds.toFixed(2)} s, concat only ${round.concatSeconds.toFixed(2)} s (load avg ${round.loadAverage[0]})`);
    }
    const totalFrames = spec.render.totalFrames;
    const totalBytes = segmentBytes * STITCH_SEGMENTS;
    return {
      segments: STITCH_SEGMENTS,
      framesPerSegment: STITCH_FRAMES_PER_SEGMENT,
      totalFrames,
      videoSeconds: totalFrames / FPS,
      width: 1920,
      height: 1080,
      encodeSegment: { frames: encoded.frames, wallMs: encoded.wallMs, fps: encoded.fps },
      segmentMB: segmentBytes / 2 ** 20,
      totalMB: totalBytes / 2 ** 20,
      bitrateMbps: (totalBytes * 8) / (totalFrames / FPS) / 1e6,
      rounds,
      stitchJobSeconds: medianOf(rounds.map((r) => r.stitchJobSeconds)),
      concatSeconds: medianOf(rounds.map((r) => r.concatSeconds)),
      renderEstimates: [],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Adds render-time estimates from measured 1080p end-to-end fps (frames / fps, extrapolated linearly). */
export function addRenderEstimates(result: StitchResult, e2e: Array<{ caseId: string; fps: number }>): void {
  result.renderEstimates = e2e.map(({ caseId, fps }) => {
    const renderSeconds = result.totalFrames / fps;
    const chunkRenderSeconds = result.framesPerSegment / fps;
    return {
      caseId,
      e2eFps: fps,
      renderSeconds,
      stitchPercent: (100 * result.stitchJobSeconds) / renderSeconds,
      chunkRenderSeconds,
      stitchPercentOfChunk: (100 * result.stitchJobSeconds) / chunkRenderSeconds,
    };
  });
}
