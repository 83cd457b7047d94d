import { stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { loadComposition, type LoadedComposition } from '../src/composition/load-composition.js';
import { buildEncodeArgs, type EncodeSettings } from '../src/encode/ffmpeg-args.js';
import { runTool, startEncoder } from '../src/encode/ffmpeg-process.js';
import { renderVideo } from '../src/render/render-video.js';
import { DEFAULT_PRESET, resolveRenderOptions, type RenderOptions } from '../src/render/render-options.js';
import { chooseCapturer } from '../src/render/choose-capturer.js';
import { captureFrames } from '../src/render/capture-frames.js';
import { createGrabber } from './page-encode.js';

/** What one case needs to run: the flags `helios render` would get. */
export interface CaseRun {
  input: string;
  browser: string | undefined;
  width: number | undefined;
  height: number | undefined;
  /** --mode; undefined = auto. */
  mode?: 'dom' | 'canvas';
  /** --canvas-encoder; undefined = auto. */
  canvasEncoder?: 'webcodecs' | 'jpeg';
  frames: number;
  env: NodeJS.ProcessEnv;
}

/**
 * The options `helios render <input> --frame-count N` passes to renderVideo with every
 * other flag at its CLI default (mode auto unless the case sets it, the default preset, JPEG 90, CRF default, jump seek).
 * `totalFrames` overrides the composition's length when it is shorter than the run.
 */
export function renderOptionsFor(run: CaseRun, output: string, totalFrames?: number): RenderOptions {
  return {
    input: run.input,
    output,
    width: run.width,
    height: run.height,
    frames: totalFrames,
    frameCount: run.frames,
    mode: run.mode ?? 'auto',
    canvasEncoder: run.canvasEncoder ?? 'auto',
    preset: DEFAULT_PRESET,
    jpegQuality: 90,
    seek: 'jump',
    timeout: 30,
    browser: run.browser,
    headless: true,
    env: run.env,
  };
}

export interface CaptureFigures {
  frames: number;
  fps: number;
  loopMs: number;
  /** Browser launch + page load + ready, as loadComposition does it. */
  loadMs: number;
  mode: 'dom' | 'canvas';
  method: string;
  browserPath: string;
  browserVersion: string;
  avgJpegKB: number;
  /** Mean ms per frame in seekFrame and in capturer.capture (they add up to 1000 / fps); seek is 0 where one call does both (canvas mode, and beginFrame, which seeks the next frame while this one is drawn). */
  seekMsPerFrame: number;
  captureMsPerFrame: number;
}

export interface CaptureOutcome {
  figures: CaptureFigures;
  /** A few captured frames spread over the run, to feed the encoder. */
  samples: Buffer[];
  encode: Omit<EncodeSettings, 'format' | 'crf' | 'preset'>;
  /** The composition's own frame count (null when it does not say). */
  totalFrames: number | null;
}

/** Opens the composition like the renderer, then seeks + captures `frames` frames through the renderer's loop and drops them. */
export async function measureCapture(run: CaseRun, keep: number): Promise<CaptureOutcome> {
  const o = resolveRenderOptions(renderOptionsFor(run, 'unused.mp4'));
  const t0 = performance.now();
  let loaded: LoadedComposition | undefined;
  try {
    loaded = await loadComposition({ ...o, metadata: o.metadata });
    const chosen = await chooseCapturer(loaded, o);
    // The page's encoder (webcodecs) turns capture into "take the canvas"; encoding is measured apart (page-encode.ts).
    const capturer = chosen.method === 'webcodecs' ? createGrabber(loaded, o.canvasSelector) : chosen;
    const loadMs = performance.now() - t0;
    const step = Math.max(1, Math.floor(run.frames / keep));
    const samples: Buffer[] = [];
    let bytes = 0;
    let seekMs = 0;
    let loopStart = performance.now();
    // The renderer's own loop (captureFrames), with the frames dropped instead of encoded.
    for await (const taken of captureFrames(loaded, capturer, { startFrame: 0, frameCount: run.frames }, { ...o, onFirstFrame: () => (loopStart = performance.now()) })) {
      seekMs += taken.seekMs;
      bytes += taken.data.length;
      if (taken.count > 0 && taken.frame % step === 0 && samples.length < keep) samples.push(taken.data);
    }
    const loopMs = performance.now() - loopStart;
    const { metadata } = loaded;
    const canvas = loaded.canvas ?? { width: metadata.width, height: metadata.height };
    return {
      figures: {
        frames: run.frames,
        fps: run.frames / (loopMs / 1000),
        loopMs,
        loadMs,
        mode: loaded.mode,
        method: chosen.method,
        browserPath: loaded.browser.executable.path,
        browserVersion: loaded.browser.version,
        avgJpegKB: bytes / run.frames / 1024,
        seekMsPerFrame: seekMs / run.frames,
        captureMsPerFrame: (loopMs - seekMs) / run.frames,
      },
      samples,
      encode: { fps: metadata.fps, width: metadata.width, height: metadata.height, inputWidth: canvas.width, inputHeight: canvas.height },
      totalFrames: metadata.totalFrames,
    };
  } finally {
    await loaded?.close();
  }
}

export interface EncodeFigures {
  frames: number;
  fps: number;
  /** ffmpeg start to finished file. */
  wallMs: number;
  outputKB: number;
}

/**
 * Feeds `frames` frames (cycling `samples`) from memory to ffmpeg with the renderer's
 * default settings, or with the arguments `argsFor` makes of them (another preset).
 */
export async function measureEncode(
  run: CaseRun,
  ffmpeg: string,
  samples: Buffer[],
  encode: CaptureOutcome['encode'],
  output: string,
  argsFor: (settings: EncodeSettings, output: string) => string[] = buildEncodeArgs,
): Promise<EncodeFigures> {
  const o = resolveRenderOptions(renderOptionsFor(run, output));
  const settings: EncodeSettings = { ...encode, format: o.format, crf: o.crf, preset: o.preset };
  const t0 = performance.now();
  const encoder = startEncoder(ffmpeg, argsFor(settings, output));
  try {
    for (let i = 0; i < run.frames; i++) await encoder.write(samples[i % samples.length]);
    await encoder.finish();
  } catch (error) {
    encoder.kill();
    throw error;
  }
  const wallMs = performance.now() - t0;
  const { size } = await stat(output);
  return { frames: run.frames, fps: run.frames / (wallMs / 1000), wallMs, outputKB: size / 1024 };
}

export interface EndToEndFigures {
  frames: number;
  /** frames / wall time of the whole renderVideo() call (browser launch included). */
  fpsTotal: number;
  /** frames / timings.renderMs (the frame loop, encoder start and finish). */
  fpsLoop: number;
  wallMs: number;
  timings: { loadMs: number; renderMs: number; totalMs: number };
  /** From the call until the first frame went to the encoder. */
  firstFrameMs: number | null;
  mode: string;
  method: string;
  browserVersion: string;
  /** Frames and size of the produced file, read back with ffprobe. */
  check: { frames: number; width: number; height: number };
}

/** renderVideo() exactly as `helios render` calls it. */
export async function measureEndToEnd(run: CaseRun, ffprobe: string, output: string, totalFrames?: number): Promise<EndToEndFigures> {
  let firstFrameMs: number | null = null;
  const t0 = performance.now();
  const result = await renderVideo({
    ...renderOptionsFor(run, output, totalFrames),
    onProgress: (p) => {
      if (p.renderedFrames === 1) firstFrameMs = performance.now() - t0;
    },
  });
  const wallMs = performance.now() - t0;
  const probe = JSON.parse(
    await runTool(ffprobe, ['-v', 'error', '-select_streams', 'v:0', '-count_packets', '-show_entries', 'stream=nb_read_packets,width,height', '-of', 'json', result.output]),
  ) as { streams: Array<{ nb_read_packets: string; width: number; height: number }> };
  const stream = probe.streams[0];
  return {
    frames: result.frameCount,
    fpsTotal: result.frameCount / (wallMs / 1000),
    fpsLoop: result.frameCount / (result.timings.renderMs / 1000),
    wallMs,
    timings: result.timings,
    firstFrameMs,
    mode: result.mode,
    method: result.captureMethod,
    browserVersion: result.browserVersion,
    check: { frames: Number(stream?.nb_read_packets ?? 0), width: stream?.width ?? 0, height: stream?.height ?? 0 },
  };
}
