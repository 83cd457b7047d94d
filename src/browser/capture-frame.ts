import type { CDPSession, Page } from 'puppeteer-core';
import { CaptureError } from '../shared/errors.js';
import { callPage } from './call-page.js';
import { evaluateChecked } from './open-page.js';
import { createCanvasStep } from './canvas-step.js';
import type { CanvasStepResult, SeekMode } from './runtime/api.js';
import { createFrameTicker, type BeginFrameResult, type ImageFormat } from './frame-ticker.js';

/** How frames leave the browser. */
export type CaptureMethod = 'beginframe' | 'screenshot' | 'canvas-jpeg' | 'canvas-png' | 'webcodecs';

/** Takes the current frame: one JPEG or PNG image, or (output 'h264') the next bytes of an H.264 stream. */
export interface FrameCapturer {
  method: CaptureMethod;
  /** What the encoder receives: JPEG images, PNG images (with alpha), or an H.264 stream to mux as it is. */
  output: 'jpeg' | 'png' | 'h264';
  /** Called once before the first capture. */
  warmUp(): Promise<void>;
  capture(): Promise<Buffer>;
  /**
   * Seeks to `frame` and captures it (instead of seekFrame, then capture): in one round
   * trip (canvas), or with `next`, the frame after it, sought while this one is drawn
   * (beginFrame). `next` is null after the last frame.
   */
  seekAndCapture?(frame: number, mode: SeekMode, next: number | null): Promise<Buffer>;
  /**
   * Seeks and captures frames from `from` on in one round trip, the page looping (webcodecs):
   * up to `end` (exclusive) or the capturer's own cap, fewer when the call's time budget runs
   * out or a frame needs the page's rendering steps (sent before this returns). Returns the
   * encoder's bytes and how many frames were taken (≥ 1).
   */
  captureRange?(from: number, end: number, mode: SeekMode): Promise<{ data: Buffer; frames: number }>;
  /** After the last frame: the bytes still held back (h264 output). */
  finish?(): Promise<Buffer>;
}

/**
 * beginFrame on chromium-headless-shell: the compositor draws exactly when asked, after
 * the page's state for this frame is in place. A frame with no visual change comes back
 * without an image, so the last image is reused; the first BeginFrame after load may
 * return none, hence the warm-up.
 *
 * seekAndCapture pipelines: the page seeks the next frame as soon as this frame's
 * main-frame work is committed (seekPipelined in the runtime), so the seek runs while the
 * compositor draws, reads back and encodes this one, on the other core.
 */
export function createBeginFrameCapturer(page: Page, cdp: CDPSession, screenshot: ImageFormat, intervalMs: number): FrameCapturer {
  const begin = createFrameTicker(cdp, intervalMs);
  let last: Buffer | undefined;
  const keep = (result: BeginFrameResult) => {
    if (result.screenshotData) last = Buffer.from(result.screenshotData, 'base64');
  };
  return {
    method: 'beginframe',
    output: screenshot.format,
    async warmUp() {
      // The first frames after load come back without an image. One drawn frame without a
      // screenshot is enough for the next to have one, and costs a third of two screenshots
      // (the first draw rasters everything; at 1080p a screenshot adds ~100 ms on top).
      await begin('display');
    },
    async capture() {
      keep(await begin(screenshot));
      if (!last) {
        keep(await begin(screenshot));
        if (!last) {
          throw new CaptureError('the browser returned no image for the first frame, twice', {
            method: 'beginframe',
            nextStep: 'pass --browser with another Chromium build (chrome-headless-shell draws frames on request), or render in canvas mode',
          });
        }
      }
      return last;
    },
    async seekAndCapture(frame, mode, next) {
      await evaluateChecked(() => callPage(page, 'seekPipelined', frame, mode, next), `at frame ${frame}`);
      return this.capture();
    },
  };
}

/** Page.captureScreenshot: for Chromium builds without beginFrame. */
export function createScreenshotCapturer(cdp: CDPSession, image: ImageFormat): FrameCapturer {
  return {
    method: 'screenshot',
    output: image.format,
    async warmUp() {},
    async capture() {
      const { data } = await cdp.send('Page.captureScreenshot', {
        ...image,
        optimizeForSpeed: true,
        captureBeyondViewport: false,
        fromSurface: true,
      });
      return Buffer.from(data, 'base64');
    },
  };
}

/**
 * Reads one canvas's pixels inside the page as JPEG, or as PNG with the canvas's alpha
 * (transparent renders): no compositor, no screenshot. On a
 * beginFrame target (`cdp` given) a display-less BeginFrame runs after each frame while the
 * document has animations or a <video>, so the page's rendering steps happen (animation
 * events such as finish and animationend; a seeked video's new picture), and it completes
 * before the next frame is set up, so they land at the same frame every run. A page with
 * neither skips it (about 3 ms a frame): nothing would change.
 */
export function createCanvasCapturer(page: Page, selector: string | undefined, image: ImageFormat, beginFrame?: { cdp: CDPSession; intervalMs: number }): FrameCapturer {
  const sel = selector ?? null;
  const { step } = createCanvasStep({ selector, beginFrame, verb: 'read' });
  const read = async (call: () => Promise<CanvasStepResult>, doing: string) => Buffer.from((await step(call, doing)).data, 'base64');
  const type = `image/${image.format}`;
  // toDataURL ignores the quality for PNG.
  const quality = image.format === 'jpeg' ? image.quality / 100 : 1;
  return {
    method: image.format === 'png' ? 'canvas-png' : 'canvas-jpeg',
    output: image.format,
    async warmUp() {},
    capture: () => read(() => callPage(page, 'readCanvas', sel, type, quality), 'while reading the canvas'),
    seekAndCapture: (frame, mode, next) => read(() => callPage(page, 'seekAndReadCanvas', frame, mode, next, sel, type, quality), `at frame ${frame}`),
  };
}
