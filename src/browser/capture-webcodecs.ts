import type { CDPSession, Page } from 'puppeteer-core';
import { EncodeError } from '../shared/errors.js';
import type { FrameCapturer } from './capture-frame.js';
import { createCanvasStep } from './canvas-step.js';
import { callPage } from './call-page.js';
import type { EncodedBatch, PageEncoderConfig } from './runtime/api.js';

/**
 * Real time one captureRange call may take in the page before it hands over: long enough
 * that the round trip to the page is paid once per many frames (about a third more frames
 * per second on the canvas example), short enough for progress and Ctrl-C to stay prompt.
 */
export const RANGE_BUDGET_MS = 250;
/** Frames one captureRange call may take at most (the budget usually ends it first). */
export const RANGE_MAX_FRAMES = 60;

export interface WebCodecsCaptureOptions {
  selector: string | undefined;
  config: PageEncoderConfig;
  /** Frames between keyframes; the first frame is always one. */
  gop: number;
  /** Microseconds per frame (timestamps the encoder's rate control sees). */
  frameDurationUs: number;
  /** On a beginFrame target: a display-less BeginFrame after each frame while animations run (see createCanvasCapturer). */
  beginFrame?: { cdp: CDPSession; intervalMs: number };
}

/**
 * Starts the page's encoder. Returns null when it runs, else the reason it cannot (no
 * WebCodecs, no H.264 encoder, size or rate out of range): the caller falls back to JPEG.
 */
export async function startPageEncoder(page: Page, config: PageEncoderConfig): Promise<string | null> {
  return callPage(page, 'encoderStart', config);
}

/** The page encoder's own failure, said with the way out. */
function encoderFailure(message: string): Error | undefined {
  const failure = /HELIOS_ENCODER (.*)/.exec(message);
  return failure ? new EncodeError(`the browser's H.264 encoder failed: ${failure[1]}. Pass --canvas-encoder jpeg to encode with ffmpeg instead.`) : undefined;
}

/**
 * Canvas mode with the browser's encoder (start it first with startPageEncoder): each
 * capture queues the canvas in the page's VideoEncoder and returns whatever H.264
 * (Annex B) the encoder finished meanwhile, often an earlier frame's, sometimes nothing.
 * `finish` returns the rest and checks that every frame came out (an encoder that drops
 * frames would shift every later frame).
 */
export function createWebCodecsCapturer(page: Page, o: WebCodecsCaptureOptions): FrameCapturer {
  const { evaluate, step } = createCanvasStep({ selector: o.selector, beginFrame: o.beginFrame, verb: 'encode', knownFailure: encoderFailure });
  const selector = o.selector ?? null;
  let frames = 0;
  const timestamp = () => Math.round(frames * o.frameDurationUs);
  const encode = async (call: () => Promise<EncodedBatch | { pageErrors: string }>, doing: string): Promise<Buffer> => {
    const batch = await step(call as () => Promise<EncodedBatch>, doing);
    frames++;
    return Buffer.from(batch.data, 'base64');
  };
  return {
    method: 'webcodecs',
    output: 'h264',
    async warmUp() {},
    capture() {
      return encode(() => callPage(page, 'encodeCanvas', selector, timestamp(), frames % o.gop === 0), 'while encoding');
    },
    seekAndCapture(frame, mode, next) {
      return encode(() => callPage(page, 'seekAndEncode', frame, mode, next, selector, timestamp(), frames % o.gop === 0), `at frame ${frame}`);
    },
    async captureRange(from, end, mode) {
      const count = Math.min(RANGE_MAX_FRAMES, end - from);
      const batch = await step(
        () => callPage(page, 'seekAndEncodeRange', from, count, end, mode, selector, frames, o.frameDurationUs, o.gop, RANGE_BUDGET_MS),
        (r) => `at frame ${r.frame ?? from}`,
      );
      // Only a page error ends a call before its first frame, and step threw for that.
      if (batch.frames < 1) throw new EncodeError(`the page took no frame from frame ${from} on`);
      frames += batch.frames;
      return { data: Buffer.from(batch.data, 'base64'), frames: batch.frames };
    },
    async finish() {
      const batch = await evaluate(() => callPage(page, 'encoderFinish'));
      if (batch.produced !== frames) {
        throw new EncodeError(
          `the browser's H.264 encoder returned ${batch.produced} frames for ${frames}: pass --canvas-encoder jpeg to encode with ffmpeg instead`,
        );
      }
      return Buffer.from(batch.data, 'base64');
    },
  };
}
