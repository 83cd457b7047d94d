import type { FrameCapturer } from '../browser/capture-frame.js';
import type { LoadedComposition } from '../composition/load-composition.js';
import type { FrameEncoder } from '../encode/ffmpeg-process.js';
import { createProgressRate } from '../shared/progress-rate.js';
import { captureFrames } from './capture-frames.js';
import type { ResolvedRenderOptions } from './render-options.js';

/**
 * Captures frames [startFrame, startFrame + frameCount) into the encoder (see
 * captureFrames), reporting progress after every step; the rate counts from the first
 * capture, not from browser start-up or the way to the first frame.
 */
export async function renderFrames(
  loaded: LoadedComposition,
  capturer: FrameCapturer,
  encoder: FrameEncoder,
  range: { startFrame: number; frameCount: number },
  o: ResolvedRenderOptions,
): Promise<void> {
  const rate = createProgressRate(range.frameCount);
  for await (const step of captureFrames(loaded, capturer, range, { ...o, onFirstFrame: () => rate.start() })) {
    // The write resolves once ffmpeg took the previous frame: capture of the next frame overlaps encoding.
    if (step.data.length > 0) await encoder.write(step.data);
    if (step.count > 0) o.onProgress(rate.progress(step.capturedFrames));
  }
}
