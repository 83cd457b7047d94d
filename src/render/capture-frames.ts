import { performance } from 'node:perf_hooks';
import type { FrameCapturer } from '../browser/capture-frame.js';
import { createFrameWatchdog } from '../browser/frame-watchdog.js';
import { reachFrame } from '../browser/reach-frame.js';
import type { SeekMode } from '../browser/runtime/api.js';
import { seekFrame } from '../browser/seek-frame.js';
import type { LoadedComposition } from '../composition/load-composition.js';
import { throwIfAborted } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';

/** What one step of the capture loop took from the browser. */
export interface CapturedFrames {
  /** The first frame of the step. */
  frame: number;
  /** Frames the step covers: 1, more for a range of the page's encoder, 0 for the bytes the capturer held back until the end. */
  count: number;
  /** Frames captured so far, this step's included. */
  capturedFrames: number;
  /** A JPEG image, or H.264 bytes (possibly none: the page's encoder may hand them over later). */
  data: Buffer;
  /** ms in a separate seek (0 where one call seeks and captures) and in the capture call. */
  seekMs: number;
  captureMs: number;
}

export interface CaptureFramesOptions {
  seek: SeekMode;
  /** The per-frame limit, ms (--frame-timeout). */
  frameTimeoutMs: number;
  logger: Logger;
  signal: AbortSignal | undefined;
  /** Called once the page stands on the first frame and the capturer is warm, just before the first capture. */
  onFirstFrame?: () => void;
}

/**
 * THE capture loop (renderVideo, the bench and the tests all go through it): brings the
 * page to `startFrame` (ticked on the way as --seek says), then seeks and captures every
 * frame of [startFrame, startFrame + frameCount), each step watched by the per-frame
 * limit, and yields what each step took; last, whatever the capturer held back.
 *
 * Pipelining: the caller hands a step's bytes to the encoder before asking for the next
 * step, so the next capture overlaps the encoding of this one; where the capturer can, the
 * page seeks the next frame while this one is drawn (seekAndCapture's `next`).
 */
export async function* captureFrames(
  loaded: LoadedComposition,
  capturer: FrameCapturer,
  range: { startFrame: number; frameCount: number },
  o: CaptureFramesOptions,
): AsyncGenerator<CapturedFrames> {
  const mode = o.seek;
  const { page, hangProbe } = loaded.tab;
  const watch = createFrameWatchdog(hangProbe, o.frameTimeoutMs);
  const { startFrame, frameCount } = range;
  if (startFrame > 0) {
    const started = Date.now();
    const ticks = await reachFrame(page, startFrame, mode, { watch, signal: o.signal });
    if (ticks > 0) o.logger.info(`reached frame ${startFrame} in ${((Date.now() - started) / 1000).toFixed(1)}s (--seek ${mode}: ${ticks} ticks without painting)`);
  }
  await watch(seekFrame(page, startFrame, mode), startFrame);
  await watch(capturer.warmUp(), startFrame);
  o.onFirstFrame?.();
  const end = startFrame + frameCount;
  for (let i = 0; i < frameCount; ) {
    throwIfAborted(o.signal);
    const frame = startFrame + i;
    let data: Buffer;
    let count = 1;
    let seekMs = 0;
    const t0 = performance.now();
    if (i > 0 && capturer.captureRange) {
      const r = await watch(capturer.captureRange(frame, end, mode), frame);
      data = r.data;
      count = r.frames;
    } else if (i > 0 && capturer.seekAndCapture) {
      data = await watch(capturer.seekAndCapture(frame, mode, i + 1 < frameCount ? frame + 1 : null), frame);
    } else {
      if (i > 0) await watch(seekFrame(page, frame, mode), frame);
      seekMs = performance.now() - t0;
      data = await watch(capturer.capture(), frame);
    }
    const captureMs = performance.now() - t0 - seekMs;
    i += count;
    yield { frame, count, capturedFrames: i, data, seekMs, captureMs };
  }
  const t0 = performance.now();
  const rest = await capturer.finish?.();
  if (rest) yield { frame: end, count: 0, capturedFrames: frameCount, data: rest, seekMs: 0, captureMs: performance.now() - t0 };
}
