import { createBeginFrameCapturer, createCanvasCapturer, createScreenshotCapturer, type CaptureMethod, type FrameCapturer } from '../browser/capture-frame.js';
import { seekFrame } from '../browser/seek-frame.js';
import { loadComposition, type LoadedComposition } from '../composition/load-composition.js';
import { resolveFrameRange, type CompositionMetadata } from '../composition/metadata.js';
import { buildEncodeArgs } from '../encode/ffmpeg-args.js';
import { startEncoder, type FrameEncoder } from '../encode/ffmpeg-process.js';
import { findFfmpeg } from '../encode/find-ffmpeg.js';
import { prepareOutput } from '../shared/atomic-output.js';
import { InvalidOptionError, RenderAbortedError, throwIfAborted } from '../shared/errors.js';
import { frameTimeMs } from '../shared/fps.js';
import { resolveRenderOptions, type RenderOptions, type ResolvedRenderOptions } from './render-options.js';

/** What a finished render produced. */
export interface RenderResult {
  output: string;
  metadata: CompositionMetadata;
  startFrame: number;
  frameCount: number;
  mode: 'dom' | 'canvas';
  captureMethod: CaptureMethod;
  browserVersion: string;
  /** Milliseconds spent loading (browser start, page load, readiness) and rendering frames. */
  timings: { loadMs: number; renderMs: number; totalMs: number };
}

function chooseCapturer(loaded: LoadedComposition, o: ResolvedRenderOptions): FrameCapturer {
  const intervalMs = frameTimeMs(1, loaded.metadata.fps);
  if (loaded.mode === 'canvas') {
    return createCanvasCapturer(loaded.page.page, o.canvasSelector, o.jpegQuality, loaded.page.beginFrame ? { cdp: loaded.page.cdp, intervalMs } : undefined);
  }
  if (loaded.page.beginFrame) return createBeginFrameCapturer(loaded.page.cdp, o.jpegQuality, intervalMs);
  return createScreenshotCapturer(loaded.page.cdp, o.jpegQuality);
}

/**
 * Renders frames [startFrame, startFrame + frameCount) of a composition into one video
 * file. Frame N shows the page at t = N / fps. The output appears only when complete.
 */
export async function renderVideo(options: RenderOptions): Promise<RenderResult> {
  const started = Date.now();
  const o = resolveRenderOptions(options);
  const ffmpeg = findFfmpeg(o.ffmpeg, o.env);
  const out = await prepareOutput(o.output);
  let loaded: LoadedComposition | undefined;
  let encoder: FrameEncoder | undefined;
  const onAbort = () => {
    encoder?.kill();
    void loaded?.close();
  };
  o.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    loaded = await loadComposition({ ...o, metadata: o.metadata });
    const { metadata } = loaded;
    if (metadata.totalFrames === null) {
      throw new InvalidOptionError('the composition does not say how long it is: pass --duration <seconds> or --frames <count>, or set window.helios.duration in the page');
    }
    const range = resolveFrameRange(metadata.totalFrames, o.startFrame, o.frameCount);
    const capturer = chooseCapturer(loaded, o);
    o.logger.info(
      `rendering ${range.frameCount} frames (${range.startFrame}..${range.startFrame + range.frameCount - 1} of ${metadata.totalFrames}) ` +
        `at ${metadata.width}x${metadata.height}, ${metadata.fps.num}/${metadata.fps.den} fps, ${loaded.mode} mode (${capturer.method})`,
    );
    const loadMs = Date.now() - started;
    const canvas = loaded.canvas ?? { width: metadata.width, height: metadata.height };
    encoder = startEncoder(
      ffmpeg.path,
      buildEncodeArgs(
        { format: o.format, fps: metadata.fps, width: metadata.width, height: metadata.height, crf: o.crf, preset: o.preset, inputWidth: canvas.width, inputHeight: canvas.height },
        out.tempPath,
      ),
    );
    await renderFrames(loaded, capturer, encoder, range, o);
    await encoder.finish();
    await out.commit();
    const totalMs = Date.now() - started;
    return {
      output: out.path,
      metadata,
      ...range,
      mode: loaded.mode,
      captureMethod: capturer.method,
      browserVersion: loaded.browser.version,
      timings: { loadMs, renderMs: totalMs - loadMs, totalMs },
    };
  } catch (error) {
    encoder?.kill();
    await out.discard();
    if (o.signal?.aborted) throw new RenderAbortedError();
    throw error;
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    await loaded?.close();
    await out.discard();
  }
}

async function renderFrames(
  loaded: LoadedComposition,
  capturer: FrameCapturer,
  encoder: FrameEncoder,
  range: { startFrame: number; frameCount: number },
  o: ResolvedRenderOptions,
): Promise<void> {
  const replay = o.seek === 'replay';
  await seekFrame(loaded.page.page, range.startFrame, replay);
  await capturer.warmUp();
  const firstFrameAt = Date.now();
  for (let i = 0; i < range.frameCount; i++) {
    throwIfAborted(o.signal);
    if (i > 0) await seekFrame(loaded.page.page, range.startFrame + i, replay);
    const image = await capturer.capture();
    // The write resolves once ffmpeg took the previous frame: capture of the next frame overlaps encoding.
    await encoder.write(image);
    const elapsed = (Date.now() - firstFrameAt) / 1000;
    const fps = elapsed > 0 ? (i + 1) / elapsed : 0;
    o.onProgress({ renderedFrames: i + 1, totalFrames: range.frameCount, fps, etaSeconds: fps > 0 ? (range.frameCount - i - 1) / fps : null });
  }
}
