import type { CaptureMethod } from '../browser/capture-frame.js';
import { chooseCapturer } from './choose-capturer.js';
import { callPage } from '../browser/call-page.js';
import { loadComposition, type LoadedComposition } from '../composition/load-composition.js';
import { resolveFrameRange, unknownLengthError, type CompositionMetadata } from '../composition/metadata.js';
import { buildEncodeArgs } from '../encode/ffmpeg-args.js';
import { startEncoder, type FrameEncoder } from '../encode/ffmpeg-process.js';
import { checkEncoder } from '../encode/check-encoder.js';
import { findFfmpeg, findFfprobe } from '../encode/find-ffmpeg.js';
import { addAudio } from './add-audio.js';
import { prepareRenderOutput, type RenderOutput } from './render-output.js';
import { captureSize, checkGifRate, checkGifSize, scaledSize } from './output-options.js';
import { RenderAbortedError } from '../shared/errors.js';
import { frameTimeMs } from '../shared/fps.js';
import { installFrameTimes } from './install-frame-times.js';
import { renderFrames } from './render-frames.js';
import type { MediaClip } from '../plan/chunk-manifest.js';
import { resolveRenderOptions, type RenderOptions } from './render-options.js';

export type { MediaClip } from '../plan/chunk-manifest.js';

async function readMediaTimeline(loaded: LoadedComposition): Promise<MediaClip[]> {
  const entries = await callPage(loaded.tab.page, 'mediaTimeline');
  return entries
    .filter((e) => e.src)
    .map((e) => ({ source: loaded.toLocalSource(e.src), tag: e.tag, startSeconds: e.start, volume: e.volume, muted: e.muted, loop: e.loop }));
}

/** ffprobe beside ffmpeg, or null (the frame times of <video> clips are then left out, with a warning). */
export function findFfprobeOrNull(ffmpeg: string, env: NodeJS.ProcessEnv): string | null {
  try {
    return findFfprobe(ffmpeg, env);
  } catch {
    return null;
  }
}

/** The --audio file as a clip at t = 0. */
export function soundtrack(file: string): MediaClip {
  return { source: file, tag: 'audio', startSeconds: 0, volume: 1, muted: false, loop: false };
}

export interface RenderResult {
  output: string;
  metadata: CompositionMetadata;
  startFrame: number;
  frameCount: number;
  mode: 'dom' | 'canvas';
  captureMethod: CaptureMethod;
  browserVersion: string;
  /** Audio and video elements the page played, with their start on the composition's timeline. */
  media: MediaClip[];
  /** Milliseconds spent loading (browser start, page load, readiness) and rendering frames. */
  timings: { loadMs: number; renderMs: number; totalMs: number };
}

/**
 * Renders frames [startFrame, startFrame + frameCount) of a composition into one video
 * file. Frame N shows the page at t = N / fps. The output appears only when complete.
 */
export async function renderVideo(options: RenderOptions): Promise<RenderResult> {
  const started = Date.now();
  const o = resolveRenderOptions(options);
  const ffmpeg = findFfmpeg(o.ffmpeg, o.env);
  await checkEncoder(ffmpeg.path, o.codec, o.signal);
  const out: RenderOutput = await prepareRenderOutput(o, ffmpeg.path);
  let loaded: LoadedComposition | undefined;
  let encoder: FrameEncoder | undefined;
  const onAbort = () => {
    encoder?.kill();
    void loaded?.close();
  };
  o.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    loaded = await loadComposition(o);
    const { metadata } = loaded;
    if (metadata.totalFrames === null) throw unknownLengthError();
    const range = resolveFrameRange(metadata.totalFrames, o.startFrame, o.frameCount);
    checkGifSize(o.format, metadata.width, metadata.height, o.scale);
    checkGifRate(o.format, metadata.fps, o.everyNthFrame);
    await installFrameTimes(loaded, findFfprobeOrNull(ffmpeg.path, o.env), o.logger, o.signal);
    const capturer = await chooseCapturer(loaded, o);
    o.logger.info(
      `rendering ${range.frameCount} frames (${range.startFrame}..${range.startFrame + range.frameCount - 1} of ${metadata.totalFrames}) ` +
        `at ${metadata.width}x${metadata.height}, ${metadata.fps.num}/${metadata.fps.den} fps, ${loaded.mode} mode (${capturer.method})`,
    );
    const loadMs = Date.now() - started;
    const size = scaledSize(metadata.width, metadata.height, o.scale);
    const input = captureSize(loaded.canvas, size, o.scale);
    const settings = {
      format: o.format, codec: o.codec, fps: metadata.fps, ...size, crf: o.crf, preset: o.preset, transparent: o.transparent,
      inputWidth: input.width, inputHeight: input.height, input: capturer.output,
    };
    encoder = startEncoder(ffmpeg.path, buildEncodeArgs(settings, out.video));
    await renderFrames(loaded, capturer, encoder, range, o);
    const media = await readMediaTimeline(loaded);
    await encoder.finish();
    await loaded.close();
    if (out.takesAudio && !o.muted) {
      // The sound of this range: clips shift so the range starts at 0 (a clip that started earlier is cut).
      const offset = frameTimeMs(range.startFrame, metadata.fps) / 1000;
      await addAudio({
        ffmpeg: ffmpeg.path,
        ffprobe: findFfprobe(ffmpeg.path, o.env),
        video: out.video,
        media: [...media, ...(o.audio ? [soundtrack(o.audio)] : [])].map((m) => ({ ...m, startSeconds: m.startSeconds - offset })),
        durationSeconds: frameTimeMs(range.frameCount, metadata.fps) / 1000,
        format: o.format,
        codec: o.codec,
        logger: o.logger,
        signal: o.signal,
      });
    }
    await out.finish({ fps: metadata.fps, startFrame: range.startFrame });
    const totalMs = Date.now() - started;
    return {
      output: out.path,
      metadata,
      ...range,
      mode: loaded.mode,
      captureMethod: capturer.method,
      browserVersion: loaded.browser.version,
      media,
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
