import type { FrameCapturer } from '../browser/capture-frame.js';
import { createFrameWatchdog } from '../browser/frame-watchdog.js';
import { reachFrame } from '../browser/reach-frame.js';
import { seekFrame } from '../browser/seek-frame.js';
import type { LoadedComposition } from '../composition/load-composition.js';
import type { FrameEncoder } from '../encode/ffmpeg-process.js';
import { throwIfAborted } from '../shared/errors.js';
import type { ResolvedRenderOptions } from './render-options.js';

/**
 * Captures frames [startFrame, startFrame + frameCount) into the encoder: the page is
 * brought to the first frame (ticked on the way as --seek says), then every frame is
 * sought and captured, each step watched by the per-frame limit (--frame-timeout).
 */
export async function renderFrames(
  loaded: LoadedComposition,
  capturer: FrameCapturer,
  encoder: FrameEncoder,
  range: { startFrame: number; frameCount: number },
  o: ResolvedRenderOptions,
): Promise<void> {
  const mode = o.seek;
  const page = loaded.page.page;
  const watch = createFrameWatchdog(loaded.page.hangProbe, o.frameTimeoutMs);
  const { startFrame, frameCount } = range;
  if (startFrame > 0) {
    const started = Date.now();
    const ticks = await reachFrame(page, startFrame, mode, { watch, signal: o.signal });
    if (ticks > 0) o.logger.info(`reached frame ${startFrame} in ${((Date.now() - started) / 1000).toFixed(1)}s (--seek ${mode}: ${ticks} ticks without painting)`);
  }
  await watch(seekFrame(page, startFrame, mode), startFrame);
  await watch(capturer.warmUp(), startFrame);
  const firstFrameAt = Date.now();
  const end = startFrame + frameCount;
  for (let i = 0; i < frameCount; ) {
    throwIfAborted(o.signal);
    const frame = startFrame + i;
    let image: Buffer;
    let taken = 1;
    if (i > 0 && capturer.captureRange) {
      const r = await watch(capturer.captureRange(frame, end, mode), frame);
      image = r.data;
      taken = r.frames;
    } else if (i > 0 && capturer.seekAndCapture) {
      image = await watch(capturer.seekAndCapture(frame, mode, i + 1 < frameCount ? frame + 1 : null), frame);
    } else {
      if (i > 0) await watch(seekFrame(page, frame, mode), frame);
      image = await watch(capturer.capture(), frame);
    }
    // The write resolves once ffmpeg took the previous frame: capture of the next frame overlaps encoding.
    if (image.length > 0) await encoder.write(image);
    i += taken;
    const elapsed = (Date.now() - firstFrameAt) / 1000;
    const fps = elapsed > 0 ? i / elapsed : 0;
    o.onProgress({ renderedFrames: i, totalFrames: frameCount, fps, etaSeconds: fps > 0 ? (frameCount - i) / fps : null });
  }
  const rest = await capturer.finish?.();
  if (rest && rest.length > 0) await encoder.write(rest);
}
