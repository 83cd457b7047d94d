import path from 'node:path';
import { DEFAULT_FRAME_TIMEOUT_SECONDS } from '../browser/frame-watchdog.js';
import { checkFrameRange, checkMetadataOverrides, type CheckedOverrides, type MetadataOverrides } from '../composition/metadata.js';
import { defaultCrf, PRESETS, VIDEO_FORMATS, type Preset, type VideoFormat } from '../encode/ffmpeg-args.js';
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
export interface RenderOptions extends MetadataOverrides {
  /** .html file, folder with index.html, or http(s) URL. */
  input: string;
  /** Output file; default `out.mp4` (or `.webm`). */
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
  /** CRF; default 18 for mp4, 31 for webm. */
  quality?: number;
  /** Encoder preset; default superfast (with macroblock-tree rate control, see ffmpeg-args.ts). */
  preset?: Preset;
  /** mp4 (H.264) or webm (VP9); default from the output's extension, else mp4. */
  format?: VideoFormat;
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
  /** A soundtrack file mixed in from t = 0, with the sound of the page's media elements. */
  audio?: string;
  /** Mix the page's sound into the output; default true (segments for stitching pass false). */
  withAudio?: boolean;
  /** Browser binary; else HELIOS_BROWSER, PUPPETEER_EXECUTABLE_PATH, then PATH. */
  browser?: string;
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
export interface ResolvedRenderOptions {
  input: string;
  output: string;
  metadata: CheckedOverrides;
  startFrame?: number;
  frameCount?: number;
  mode: CaptureMode;
  canvasSelector: string | undefined;
  canvasEncoder: CanvasEncoder;
  crf: number;
  preset: Preset;
  format: VideoFormat;
  jpegQuality: number;
  seek: SeekMode;
  frameTimeoutMs: number;
  gl: GlBackend;
  props: unknown;
  audio: string | undefined;
  withAudio: boolean;
  browser: string | undefined;
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

function resolveFormat(output: string | undefined, format: VideoFormat | undefined): VideoFormat {
  const ext = output ? path.extname(output).slice(1).toLowerCase() : '';
  if (format !== undefined) {
    const f = parseChoice('format', format, VIDEO_FORMATS);
    if (ext && (ext === 'mp4' || ext === 'webm') && ext !== f) {
      throw new InvalidOptionError(`{format} ${f} does not match the output's extension .${ext}: change one of them`, 'format');
    }
    return f;
  }
  if (ext === 'webm') return 'webm';
  if (ext && ext !== 'mp4' && ext !== 'm4v' && ext !== 'mov') {
    throw new InvalidOptionError(`cannot tell the format from the output's extension .${ext}: use .mp4 or .webm, or pass {format}`, 'output');
  }
  return 'mp4';
}

function resolveCanvasEncoder(value: CanvasEncoder | undefined, format: VideoFormat): CanvasEncoder {
  const encoder = parseChoice('canvasEncoder', value ?? 'auto', CANVAS_ENCODERS);
  if (encoder === 'webcodecs' && format !== 'mp4') {
    throw new InvalidOptionError('{canvasEncoder} webcodecs makes H.264 for mp4 only: use an .mp4 output, or {canvasEncoder} jpeg for webm', 'canvasEncoder');
  }
  return encoder;
}

/** Applies defaults and checks every value that does not need the page (pure: callers check options with it before starting anything). */
export function resolveRenderOptions(options: RenderOptions): ResolvedRenderOptions {
  const format = resolveFormat(options.output, options.format);
  const maxCrf = format === 'webm' ? 63 : 51;
  return {
    input: options.input,
    output: options.output ?? `out.${format}`,
    metadata: checkMetadataOverrides(options),
    ...checkFrameRange(options.startFrame, options.frameCount),
    mode: parseChoice('mode', options.mode ?? 'auto', CAPTURE_MODES),
    canvasSelector: options.canvasSelector || undefined,
    canvasEncoder: resolveCanvasEncoder(options.canvasEncoder, format),
    crf: options.quality === undefined ? defaultCrf(format) : parseInteger('quality', options.quality, 0, maxCrf),
    preset: parseChoice('preset', options.preset ?? DEFAULT_PRESET, PRESETS),
    format,
    jpegQuality: options.jpegQuality === undefined ? DEFAULT_JPEG_QUALITY : parseInteger('jpegQuality', options.jpegQuality, 1, 100),
    seek: parseChoice('seek', options.seek ?? 'fast-forward', SEEK_MODES),
    frameTimeoutMs: (options.frameTimeout === undefined ? DEFAULT_FRAME_TIMEOUT_SECONDS : parsePositiveNumber('frameTimeout', options.frameTimeout, 3600)) * 1000,
    gl: parseChoice('gl', options.gl ?? 'swiftshader', GL_BACKENDS),
    props: options.props ?? null,
    audio: options.audio || undefined,
    withAudio: options.withAudio ?? true,
    browser: options.browser,
    ffmpeg: options.ffmpeg,
    timeoutMs: (options.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : parsePositiveNumber('timeout', options.timeout, 3600)) * 1000,
    headless: options.headless ?? true,
    env: options.env ?? {},
    logger: options.logger ?? silentLogger,
    onProgress: options.onProgress ?? (() => {}),
    signal: options.signal,
  };
}
