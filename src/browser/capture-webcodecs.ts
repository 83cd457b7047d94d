import type { CDPSession, Page } from 'puppeteer-core';
import { CanvasNotFoundError, EncodeError, PageScriptError } from '../shared/errors.js';
import type { FrameCapturer } from './capture-frame.js';
import { pageScriptError } from './open-page.js';
import { createFrameTicker } from './capture-frame.js';
import { PAGE_ENCODER_SOURCE, type EncodedBatch, type PageEncoderConfig } from './page-encoder.js';

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
  await page.evaluate(PAGE_ENCODER_SOURCE);
  return (await page.evaluate(`window.__heliosEncoder.start(${JSON.stringify(config)})`)) as string | null;
}

function pageError(error: unknown, selector: string | undefined): Error {
  const message = String((error as Error).message);
  if (message.includes('HELIOS_NO_CANVAS')) {
    return new CanvasNotFoundError(`the canvas ${selector ? `"${selector}" ` : ''}disappeared from the page`);
  }
  const encoderFailure = /HELIOS_ENCODER (.*)/.exec(message);
  if (encoderFailure) {
    return new EncodeError(`the browser's H.264 encoder failed: ${encoderFailure[1]}. Pass --canvas-encoder jpeg to encode with ffmpeg instead.`);
  }
  return new PageScriptError(`could not encode the canvas: ${message}`, { cause: error });
}

/**
 * Canvas mode with the browser's encoder (start it first with startPageEncoder): each
 * capture queues the canvas in the page's VideoEncoder and returns whatever H.264
 * (Annex B) the encoder finished meanwhile, often an earlier frame's, sometimes nothing.
 * `finish` returns the rest and checks that every frame came out (an encoder that drops
 * frames would shift every later frame).
 */
export function createWebCodecsCapturer(page: Page, o: WebCodecsCaptureOptions): FrameCapturer {
  const begin = o.beginFrame && createFrameTicker(o.beginFrame.cdp, o.beginFrame.intervalMs);
  const selector = JSON.stringify(o.selector ?? null);
  let frames = 0;
  const run = async (expression: string): Promise<EncodedBatch> => {
    try {
      return (await page.evaluate(expression)) as EncodedBatch;
    } catch (error) {
      throw pageError(error, o.selector);
    }
  };
  const timestamp = () => Math.round(frames * o.frameDurationUs);
  const step = async (expression: string, doing: string): Promise<Buffer> => {
    const batch = await run(expression);
    if (batch.pageErrors !== undefined) throw pageScriptError(batch.pageErrors, doing);
    frames++;
    if (begin && batch.needsRendering) await begin(undefined);
    return Buffer.from(batch.data, 'base64');
  };
  return {
    method: 'webcodecs',
    output: 'h264',
    async warmUp() {},
    capture() {
      return step(`window.__heliosEncoder.encode(${selector}, ${timestamp()}, ${frames % o.gop === 0})`, 'while encoding');
    },
    seekAndCapture(frame, replay) {
      return step(`window.__heliosEncoder.seekAndEncode(${frame}, ${replay}, ${selector}, ${timestamp()}, ${frames % o.gop === 0})`, `at frame ${frame}`);
    },
    async finish() {
      const batch = await run('window.__heliosEncoder.finish()');
      if (batch.produced !== frames) {
        throw new EncodeError(
          `the browser's H.264 encoder returned ${batch.produced} frames for ${frames}: pass --canvas-encoder jpeg to encode with ffmpeg instead`,
        );
      }
      return Buffer.from(batch.data, 'base64');
    },
  };
}
