import { DEFAULT_FRAME_TIMEOUT_SECONDS } from '../browser/frame-watchdog.js';
import { checkFrameRange, checkMetadataOverrides, type CheckedOverrides, type MetadataOverrides } from '../composition/metadata.js';
import { PRESETS, type Preset } from '../encode/ffmpeg-args.js';
import type { Codec, VideoFormat } from '../plan/spec-values.js';
import { checkGifRate, checkGifSize, resolveOutputSettings, type OutputRequest, type OutputSettings } from './output-options.js';
import { InvalidOptionError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { silentLogger } from '../shared/logger.js';
import { parseChoice, parseInteger, parsePositiveNumber } from '../shared/parse-values.js';

// The render choices are the job spec's (plan/ is their one source).
import {
  CANVAS_ENCODERS, CAPTURE_MODES, GL_BACKENDS, SEEK_MODES, type CanvasEncoder, type CaptureMode, type GlBackend, type SeekMode,
} from '../plan/spec-values.js';
export { CANVAS_ENCODERS, CAPTURE_MODES, GL_BACKENDS, SEEK_MODES, type CanvasEncoder, type CaptureMode, type GlBackend, type SeekMode };

import type { RenderProgress } from '../shared/progress-rate.js';

/** Progress of a render (throughput and ETA): defined with its calculator in shared/progress-rate.ts. */
export type { RenderProgress };

/**
 * What a caller may set; everything is optional and defaulted in `resolveRenderOptions`. Values
 * are typed: entry points parse text (flags, action inputs) before they get here.
 */
export interface RenderOptions extends MetadataOverrides, OutputRequest {
  /** .html file, folder with index.html, or http(s) URL. */
  input: string;
  /** Output file (or for PNG frames a pattern like frames/%05d.png); default `out.<format>`. */
  output?: string;
  /** First frame to render; default 0. */
  startFrame?: number;
  /** Frames to render from startFrame; default to the end. */
  frameCount?: number;
  /** dom (viewport), canvas (one canvas's pixels) or auto (default). */
  mode?: CaptureMode;
  /** CSS selector of the canvas for canvas mode; default the largest canvas. */
  canvasSelector?: string;
  /**
   * Canvas mode's encoder: webcodecs (H.264 encoded in the page, muxed without re-encoding),
   * jpeg (JPEG frames encoded by ffmpeg) or auto (default: webcodecs for mp4 when the browser
   * can, else jpeg).
   */
  canvasEncoder?: CanvasEncoder;
  /** CRF; default per codec (see defaultCrf in ffmpeg-args.ts). */
  quality?: number;
  /** Encoder preset; default superfast (with macroblock-tree rate control, see ffmpeg-args.ts). */
  preset?: Preset;
  /** mp4, webm, mov, gif or png (frames); default from the output's extension, else mp4. */
  format?: VideoFormat;
  /** Video codec; default the format's first (h264, vp9, prores, gif, png). */
  codec?: Codec;
  /** JPEG quality of captured frames (1-100); default 90. */
  jpegQuality?: number;
  /** fast-forward (default), replay or jump: how a render starting mid-video reaches its first frame. */
  seek?: SeekMode;
  /** Seconds one frame may take before the render fails (a page that hangs); default 30. */
  frameTimeout?: number;
  /** WebGL backend: swiftshader (default) or gpu. */
  gl?: GlBackend;
  /** JSON data the page reads as window.helios.props (a JSON object); default none. */
  props?: unknown;
  /** No sound at all in the output: neither the page's media nor --audio. */
  muted?: boolean;
  /** A soundtrack file mixed in from t = 0, with the sound of the page's media elements. */
  audio?: string;
  /**
   * Write a segment for stitching (render-chunk does): video only, without sound, and for
   * GIF and PNG outputs their lossless intermediate (FFV1 in .mkv), which the stitcher finishes.
   */
  segment?: boolean;
  /** Browser binary; else HELIOS_BROWSER, PUPPETEER_EXECUTABLE_PATH, then PATH. */
  browser?: string;
  /**
   * The only browser build allowed, as the browser reports it (`HeadlessChrome/148.0.7778.97`):
   * a chunk of a job is refused on any other, before its first frame.
   */
  browserBuild?: string;
  /** ffmpeg binary; else FFMPEG_PATH, ffmpeg-static, then PATH. */
  ffmpeg?: string;
  /** Seconds to wait for the page to load and become ready; default 30. */
  timeout?: number;
  /** Show the browser window; default true (headless). */
  headless?: boolean;
  /** Environment used to find the browser and ffmpeg (the engine never reads process.env itself). */
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  onProgress?: (progress: RenderProgress) => void;
  signal?: AbortSignal;
}

/** Options with every default applied and every value checked. */
export interface ResolvedRenderOptions extends OutputSettings {
  input: string;
  metadata: CheckedOverrides;
  startFrame?: number;
  frameCount?: number;
  mode: CaptureMode;
  canvasSelector: string | undefined;
  canvasEncoder: CanvasEncoder;
  preset: Preset;
  jpegQuality: number;
  seek: SeekMode;
  frameTimeoutMs: number;
  gl: GlBackend;
  props: unknown;
  muted: boolean;
  audio: string | undefined;
  segment: boolean;
  browser: string | undefined;
  browserBuild: string | undefined;
  ffmpeg: string | undefined;
  timeoutMs: number;
  headless: boolean;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  onProgress: (progress: RenderProgress) => void;
  signal: AbortSignal | undefined;
}

export const DEFAULT_PRESET: Preset = 'superfast';
export const DEFAULT_JPEG_QUALITY = 90;
export const DEFAULT_TIMEOUT_SECONDS = 30;

function resolveCanvasEncoder(value: CanvasEncoder | undefined, out: OutputSettings): CanvasEncoder {
  const encoder = parseChoice('canvasEncoder', value ?? 'auto', CANVAS_ENCODERS);
  if (encoder === 'webcodecs' && (out.format !== 'mp4' || out.codec !== 'h264' || out.scale !== 1)) {
    throw new InvalidOptionError(
      `{canvasEncoder} webcodecs makes H.264 at the canvas's size for mp4 only (the output is ${out.codec} in ${out.format}${out.scale !== 1 ? `, scaled ${out.scale}x` : ''}): use {canvasEncoder} jpeg`,
      'canvasEncoder',
    );
  }
  return encoder;
}

/** True when the page's own H.264 encoder could make this output (canvas mode decides the rest). */
export function pageEncoderFits(o: Pick<ResolvedRenderOptions, 'format' | 'codec' | 'scale' | 'transparent'>): boolean {
  return o.format === 'mp4' && o.codec === 'h264' && o.scale === 1 && !o.transparent;
}

/** Applies defaults and checks every value that does not need the page (pure: callers check options with it before starting anything). */
export function resolveRenderOptions(options: RenderOptions): ResolvedRenderOptions {
  const out = resolveOutputSettings(options);
  if (options.muted && options.audio) throw new InvalidOptionError(`{muted} drops all sound, and {audio} ${options.audio} adds some: pass one of them`, 'muted');
  const metadata = checkMetadataOverrides(options);
  // A GIF's size is known before the page when the flags give it.
  if (metadata.width !== undefined && metadata.height !== undefined) checkGifSize(out.format, metadata.width, metadata.height, out.scale);
  if (metadata.fps !== undefined) checkGifRate(out.format, metadata.fps, out.everyNthFrame);
  return {
    ...out,
    input: options.input,
    metadata,
    ...checkFrameRange(options.startFrame, options.frameCount),
    mode: parseChoice('mode', options.mode ?? 'auto', CAPTURE_MODES),
    canvasSelector: options.canvasSelector || undefined,
    canvasEncoder: resolveCanvasEncoder(options.canvasEncoder, out),
    preset: parseChoice('preset', options.preset ?? DEFAULT_PRESET, PRESETS),
    jpegQuality: options.jpegQuality === undefined ? DEFAULT_JPEG_QUALITY : parseInteger('jpegQuality', options.jpegQuality, 1, 100),
    seek: parseChoice('seek', options.seek ?? 'fast-forward', SEEK_MODES),
    frameTimeoutMs: (options.frameTimeout === undefined ? DEFAULT_FRAME_TIMEOUT_SECONDS : parsePositiveNumber('frameTimeout', options.frameTimeout, 3600)) * 1000,
    gl: parseChoice('gl', options.gl ?? 'swiftshader', GL_BACKENDS),
    props: options.props ?? null,
    muted: options.muted ?? false,
    audio: options.audio || undefined,
    segment: options.segment ?? false,
    browser: options.browser,
    browserBuild: options.browserBuild || undefined,
    ffmpeg: options.ffmpeg,
    timeoutMs: (options.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : parsePositiveNumber('timeout', options.timeout, 3600)) * 1000,
    headless: options.headless ?? true,
    env: options.env ?? {},
    logger: options.logger ?? silentLogger,
    onProgress: options.onProgress ?? (() => {}),
    signal: options.signal,
  };
}
