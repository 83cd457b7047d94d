import type { CDPSession, Page } from 'puppeteer-core';
import { CanvasNotFoundError } from '../shared/errors.js';
import { PageScriptError } from '../shared/errors.js';

/** How frames leave the browser. */
export type CaptureMethod = 'beginframe' | 'screenshot' | 'canvas';

/** Takes one encoded image (JPEG) of the current frame. */
export interface FrameCapturer {
  method: CaptureMethod;
  /** Called once before the first capture. */
  warmUp(): Promise<void>;
  capture(): Promise<Buffer>;
}

interface BeginFrameResult {
  hasDamage: boolean;
  screenshotData?: string;
}

/**
 * beginFrame on chromium-headless-shell: the compositor draws exactly when asked, after
 * the page's state for this frame is in place. frameTimeTicks must only increase; a frame
 * with no visual change comes back without an image, so the last image is reused.
 */
export function createBeginFrameCapturer(cdp: CDPSession, quality: number, intervalMs: number): FrameCapturer {
  let ticks = 10_000;
  let last: Buffer | undefined;
  const begin = async (withImage: boolean) => {
    ticks += intervalMs;
    return (await cdp.send('HeadlessExperimental.beginFrame', {
      frameTimeTicks: ticks,
      interval: intervalMs,
      noDisplayUpdates: false,
      ...(withImage ? { screenshot: { format: 'jpeg', quality } } : {}),
    })) as BeginFrameResult;
  };
  return {
    method: 'beginframe',
    async warmUp() {
      // The first BeginFrame after load returns no image; keep one for frames without damage.
      const first = await begin(true);
      if (first.screenshotData) last = Buffer.from(first.screenshotData, 'base64');
      const second = await begin(true);
      if (second.screenshotData) last = Buffer.from(second.screenshotData, 'base64');
    },
    async capture() {
      const result = await begin(true);
      if (result.screenshotData) last = Buffer.from(result.screenshotData, 'base64');
      if (!last) {
        // No damage and nothing captured yet: force a full frame.
        const retry = await begin(true);
        if (!retry.screenshotData) throw new Error('the browser returned no image for the first frame');
        last = Buffer.from(retry.screenshotData, 'base64');
      }
      return last;
    },
  };
}

/** Page.captureScreenshot: for Chromium builds without beginFrame. */
export function createScreenshotCapturer(cdp: CDPSession, quality: number): FrameCapturer {
  return {
    method: 'screenshot',
    async warmUp() {},
    async capture() {
      const { data } = await cdp.send('Page.captureScreenshot', {
        format: 'jpeg',
        quality,
        optimizeForSpeed: true,
        captureBeyondViewport: false,
        fromSurface: true,
      });
      return Buffer.from(data, 'base64');
    },
  };
}

/** Reads one canvas's pixels inside the page as JPEG: no compositor, no screenshot. */
export function createCanvasCapturer(page: Page, selector: string | undefined, quality: number): FrameCapturer {
  const expression = `window.__helios.readCanvas(${JSON.stringify(selector ?? null)}, 'image/jpeg', ${quality / 100})`;
  return {
    method: 'canvas',
    async warmUp() {},
    async capture() {
      let data: string;
      try {
        data = (await page.evaluate(expression)) as string;
      } catch (error) {
        if (String((error as Error).message).includes('HELIOS_NO_CANVAS')) {
          throw new CanvasNotFoundError(`the canvas ${selector ? `"${selector}"` : ''} disappeared from the page`);
        }
        throw new PageScriptError(`could not read the canvas: ${(error as Error).message}`, { cause: error });
      }
      return Buffer.from(data, 'base64');
    },
  };
}
