import type { CDPSession, Page } from 'puppeteer-core';
import { CanvasNotFoundError, PageScriptError } from '../shared/errors.js';
import { createFrameTicker } from './frame-ticker.js';
import { pageScriptError } from './open-page.js';

/** What an in-page canvas call (read or encode) returns for one frame. */
export interface CanvasStepResult {
  /** Base64 bytes for the encoder: a JPEG, or H.264 finished so far. */
  data: string;
  /** A rendering step must follow this frame (animations, video; see needsRendering in the runtime). */
  needsRendering: boolean;
  /** Set instead of the rest when the page's own script threw while seeking. */
  pageErrors?: string;
}

export interface CanvasStepOptions {
  selector: string | undefined;
  /** On a beginFrame target: a display-less BeginFrame after a frame that needs rendering. */
  beginFrame?: { cdp: CDPSession; intervalMs: number };
  /** What the call does, for other failures: "read" or "encode". */
  verb: string;
  /** Turns a failure message this capturer knows into its own error; undefined for the others. */
  knownFailure?: (message: string) => Error | undefined;
}

/**
 * The canvas capturers' shared half: `evaluate` runs an in-page call and names its
 * failures (canvas gone, the capturer's own, anything else); `step` also throws the
 * page's own errors and runs the display-less BeginFrame when the frame needs one, so the
 * page's rendering steps (animation events, a seeked video's picture) land at the same
 * frame every run.
 */
export function createCanvasStep(page: Page, o: CanvasStepOptions) {
  const begin = o.beginFrame && createFrameTicker(o.beginFrame.cdp, o.beginFrame.intervalMs);
  const evaluate = async <T>(expression: string): Promise<T> => {
    try {
      return (await page.evaluate(expression)) as T;
    } catch (error) {
      const message = String((error as Error).message);
      if (message.includes('HELIOS_NO_CANVAS')) {
        throw new CanvasNotFoundError(`the canvas ${o.selector ? `"${o.selector}" ` : ''}disappeared from the page`);
      }
      throw o.knownFailure?.(message) ?? new PageScriptError(`could not ${o.verb} the canvas: ${message}`, { cause: error });
    }
  };
  /** `doing` names the frame for the page's errors; a function when only the result knows it (a range of frames). */
  const step = async <T extends CanvasStepResult>(expression: string, doing: string | ((result: T) => string)): Promise<T> => {
    const result = await evaluate<T>(expression);
    if (result.pageErrors !== undefined) throw pageScriptError(result.pageErrors, typeof doing === 'string' ? doing : doing(result));
    if (begin && result.needsRendering) await begin(undefined);
    return result;
  };
  return { evaluate, step };
}
