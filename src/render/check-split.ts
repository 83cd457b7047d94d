import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unknownLengthError, type MetadataOverrides } from '../composition/metadata.js';
import { decodeFramesRgb } from '../encode/decode-frames.js';
import { findFfmpeg } from '../encode/find-ffmpeg.js';
import { RenderAbortedError, throwIfAborted } from '../shared/errors.js';
import { parseFrameRate } from '../shared/fps.js';
import { silentLogger, type Logger } from '../shared/logger.js';
import { parseChoice } from '../shared/parse-values.js';
import { pickSampleFrames } from './check-samples.js';
import { compareFrames, type FrameDifference } from './compare-frames.js';
import { probeComposition } from './probe-composition.js';
import { SEEK_MODES, type CaptureMode, type GlBackend, type RenderOptions, type SeekMode } from './render-options.js';
import { renderVideo } from './render-video.js';

export type SplitVerdict = 'safe' | 'needs-replay' | 'not-split-safe';

const SPLIT_ADVICE: Record<SplitVerdict, string> = {
  safe: 'split-safe: chunks starting at these frames show what a full render shows.',
  'needs-replay':
    "the page's state builds up frame by frame (physics, trails, frame counters such as p5.js frameCount): render with --seek replay.",
  'not-split-safe':
    'the page reads something the renderer does not control (a clock read relative to the first frame it drew in a Web Worker, ' +
    'network data, real time, unseeded randomness outside Math.random): make the picture a function of the time.',
};

export interface CheckSplitOptions extends MetadataOverrides {
  /** .html file, folder with index.html, or http(s) URL. */
  input: string;
  /** Capture mode as for render: auto (default), dom or canvas. */
  mode?: CaptureMode;
  canvasSelector?: string;
  /** The seek mode a chunk would use; default fast-forward (the renderer's default). */
  seek?: SeekMode;
  /** Range starts to check; default four frames spread over the first 10 s. */
  at?: readonly number[];
  browser?: string;
  ffmpeg?: string;
  timeout?: number;
  /** Seconds one frame may take (as for render). */
  frameTimeout?: number;
  /** WebGL backend (as for render). */
  gl?: GlBackend;
  /** JSON data the page reads as window.helios.props (as for render). */
  props?: unknown;
  headless?: boolean;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  onProgress?: (progress: CheckProgress) => void;
  signal?: AbortSignal;
}

/** One render of the check started: `step` of `steps` (steps grows when replay retries are added). */
export interface CheckProgress {
  step: number;
  steps: number;
  message: string;
}

export interface SampleCheck {
  frame: number;
  /** A render starting at `frame` under the tested seek mode, against the same frame of the render from 0. */
  difference: FrameDifference;
  /** The same with --seek replay; only for frames that differed under another mode. */
  replay?: FrameDifference;
}

export interface SplitCheckReport {
  input: string;
  fps: string;
  width: number;
  height: number;
  frames: number;
  mode: 'dom' | 'canvas';
  seek: SeekMode;
  samples: SampleCheck[];
  /** Sample frames that differ under the tested seek mode. */
  differing: number[];
  verdict: SplitVerdict;
  advice: string;
  seconds: number;
}

/** The verdict from the samples: replay is blamed only when it fixes every differing frame. */
export function splitVerdict(samples: readonly SampleCheck[]): SplitVerdict {
  const differing = samples.filter((s) => !s.difference.matches);
  if (differing.length === 0) return 'safe';
  return differing.every((s) => s.replay?.matches) ? 'needs-replay' : 'not-split-safe';
}

/**
 * Tells whether a chunk that starts mid-video shows what a full render shows: renders
 * frames 0..last sample in one sequence, then each sample frame alone on a fresh page (as
 * a chunk starting there would), and compares the pixels. Both are encoded losslessly
 * (JPEG frames into x264 at CRF 0), so identical pixels decode to identical bytes.
 */
export async function checkSplit(options: CheckSplitOptions): Promise<SplitCheckReport> {
  const started = Date.now();
  const seek = parseChoice('seek', options.seek ?? 'fast-forward', SEEK_MODES);
  const logger = options.logger ?? silentLogger;
  const ffmpeg = findFfmpeg(options.ffmpeg, options.env ?? {}).path;
  const base: RenderOptions = {
    input: options.input,
    fps: options.fps,
    duration: options.duration,
    frames: options.frames,
    width: options.width,
    height: options.height,
    mode: options.mode,
    canvasSelector: options.canvasSelector,
    browser: options.browser,
    ffmpeg,
    timeout: options.timeout,
    frameTimeout: options.frameTimeout,
    gl: options.gl,
    props: options.props,
    headless: options.headless,
    env: options.env,
    logger: innerLogger(logger),
    signal: options.signal,
    // Lossless, and JPEG frames even in canvas mode (the page's WebCodecs encoder is lossy).
    format: 'mp4',
    quality: 0,
    preset: 'ultrafast',
    canvasEncoder: 'jpeg',
    jpegQuality: 100,
    segment: true,
  };
  const probe = await probeComposition(base);
  if (probe.frames === null) {
    throw unknownLengthError();
  }
  const samples = pickSampleFrames(probe.frames, parseFrameRate(probe.fps), options.at);
  const size = { width: probe.width, height: probe.height };
  let step = 0;
  let steps = 1 + samples.length;
  const progress = (message: string) => options.onProgress?.({ step: ++step, steps, message });
  const dir = await mkdtemp(path.join(tmpdir(), 'helios-check-'));
  try {
    const last = samples[samples.length - 1];
    progress(`rendering frames 0..${last} in one sequence`);
    const sequence = path.join(dir, 'sequence.mp4');
    await renderVideo({ ...base, seek, output: sequence, startFrame: 0, frameCount: last + 1 });
    const reference = await decodeFramesRgb(ffmpeg, sequence, size, samples, options.signal);
    await rm(sequence, { force: true });

    /** Renders `frame` alone on a fresh page, as a chunk starting there would, and compares it with the sequence. */
    const rangeAt = async (frame: number, how: SeekMode): Promise<FrameDifference> => {
      throwIfAborted(options.signal);
      progress(`rendering frame ${frame} alone (--seek ${how})`);
      const file = path.join(dir, `frame-${frame}-${how}.mp4`);
      await renderVideo({ ...base, seek: how, output: file, startFrame: frame, frameCount: 1 });
      const [image] = (await decodeFramesRgb(ffmpeg, file, size, [0], options.signal)).values();
      await rm(file, { force: true });
      return compareFrames(reference.get(frame)!, image);
    };
    const results: SampleCheck[] = [];
    for (const frame of samples) results.push({ frame, difference: await rangeAt(frame, seek) });
    const differing = results.filter((r) => !r.difference.matches);
    if (differing.length > 0 && seek !== 'replay') {
      steps += differing.length;
      logger.info(`frames ${differing.map((r) => r.frame).join(', ')} differ: trying them again with --seek replay`);
      for (const r of differing) r.replay = await rangeAt(r.frame, 'replay');
    }
    const verdict = splitVerdict(results);
    return {
      input: options.input,
      fps: probe.fps,
      ...size,
      frames: probe.frames,
      mode: probe.mode,
      seek,
      samples: results,
      differing: differing.map((r) => r.frame),
      verdict,
      advice: SPLIT_ADVICE[verdict],
      seconds: (Date.now() - started) / 1000,
    };
  } catch (error) {
    if (options.signal?.aborted) throw new RenderAbortedError('check cancelled');
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The renders' own lines go to debug (the check reports its steps itself); each distinct warning is shown once. */
function innerLogger(logger: Logger): Logger {
  const warned = new Set<string>();
  return {
    debug: (m) => logger.debug(m),
    info: (m) => logger.debug(m),
    warn: (m) => {
      if (warned.has(m)) return;
      warned.add(m);
      logger.warn(m);
    },
  };
}
