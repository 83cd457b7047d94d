import type { CaptureMethod, FrameCapturer } from '../browser/capture-frame.js';
import { loadComposition, type LoadedComposition } from '../composition/load-composition.js';
import type { CompositionMetadata } from '../composition/metadata.js';
import { findFfmpeg } from '../encode/find-ffmpeg.js';
import { writeImage, type ImageFormat } from '../encode/write-image.js';
import { prepareOutput } from '../shared/atomic-output.js';
import { CaptureError, RenderAbortedError } from '../shared/errors.js';
import { captureFrames } from './capture-frames.js';
import { chooseCapturer } from './choose-capturer.js';
import { installFrameTimes } from './install-frame-times.js';
import { scaledSize } from './output-options.js';
import { findFfprobeOrNull } from './render-video.js';
import { checkStillFrame, resolveStillOptions, type ResolvedStillOptions, type StillOptions } from './still-options.js';

export type { StillOptions } from './still-options.js';

export interface StillResult {
  output: string;
  frame: number;
  format: ImageFormat;
  /** The image's size: the video's at the same --scale. */
  width: number;
  height: number;
  metadata: CompositionMetadata;
  mode: 'dom' | 'canvas';
  captureMethod: CaptureMethod;
  browserVersion: string;
  timings: { loadMs: number; totalMs: number };
}

/** Brings the page to the frame as a render starting there does (captureFrames, one frame) and returns the captured image. */
async function captureOne(loaded: LoadedComposition, capturer: FrameCapturer, o: ResolvedStillOptions): Promise<Buffer> {
  if (capturer.output === 'h264') throw new Error(`a still needs an image, but the capturer (${capturer.method}) makes H.264`);
  let image: Buffer | undefined;
  for await (const step of captureFrames(loaded, capturer, { startFrame: o.frame, frameCount: 1 }, o)) {
    if (step.count > 0 && step.data.length > 0) image = step.data;
  }
  if (!image) throw new CaptureError(`the browser returned no image for frame ${o.frame}`, { method: capturer.method });
  return image;
}

/**
 * Writes frame N of a composition as one PNG, JPEG or WebP image: the frame a render shows
 * at N (the same load, the same way to N, the same capture, the same colour conversion and
 * size as the video's encoder input), so a poster matches the video. The image appears
 * only when complete.
 */
export async function renderStill(options: StillOptions): Promise<StillResult> {
  const started = Date.now();
  const o = resolveStillOptions(options);
  const ffmpeg = findFfmpeg(o.ffmpeg, o.env);
  const out = await prepareOutput(o.image.output);
  let loaded: LoadedComposition | undefined;
  const onAbort = () => void loaded?.close();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    loaded = await loadComposition(o);
    const { metadata } = loaded;
    checkStillFrame(o.frame, metadata.totalFrames);
    await installFrameTimes(loaded, findFfprobeOrNull(ffmpeg.path, o.env), o.logger, o.signal);
    const capturer = await chooseCapturer(loaded, o);
    const loadMs = Date.now() - started;
    const image = await captureOne(loaded, capturer, o);
    const mode = loaded.mode;
    const browserVersion = loaded.browser.version;
    await loaded.close();
    // The video's size: the canvas's pixels, or a DOM capture Chromium rounded at a --scale, become the even output size.
    const size = scaledSize(metadata.width, metadata.height, o.scale);
    await writeImage({
      ffmpeg: ffmpeg.path, source: { image }, output: out.tempPath, format: o.image.format,
      quality: o.image.quality ?? undefined, transparent: o.image.transparent, size, signal: o.signal,
    });
    await out.commit();
    return {
      output: out.path, frame: o.frame, format: o.image.format, ...size, metadata, mode, captureMethod: capturer.method, browserVersion,
      timings: { loadMs, totalMs: Date.now() - started },
    };
  } catch (error) {
    await out.discard();
    if (o.signal?.aborted) throw new RenderAbortedError();
    throw error;
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    await loaded?.close();
  }
}
