import type { CDPSession } from 'puppeteer-core';
import { CanvasNotFoundError, PageScriptError } from '../shared/errors.js';
import { createFrameTicker } from './frame-ticker.js';
import { pageScriptError } from './open-page.js';
import type { CanvasStepResult } from './runtime/api.js';

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
 * The canvas capturers' shared half: `evaluate` runs an in-page call (callPage) and names its
 * failures (canvas gone, the capturer's own, anything else); `step` also throws the
 * page's own errors and runs the display-less BeginFrame when the frame needs one, so the
 * page's rendering steps (animation events, a seeked video's picture) land at the same
 * frame every run.
 */
export function createCanvasStep(o: CanvasStepOptions) {
  const begin = o.beginFrame && createFrameTicker(o.beginFrame.cdp, o.beginFrame.intervalMs);
  const evaluate = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      const message = String((error as Error).message);
      if (message.includes('HELIOS_NO_CANVAS')) {
        throw new CanvasNotFoundError(`the canvas ${o.selector ? `"${o.selector}" ` : ''}disappeared from the page`);
      }
      throw o.knownFailure?.(message) ?? new PageScriptError(`could not ${o.verb} the canvas: ${message}`, { cause: error });
    }
  };
  /** `doing` names the frame for the page's errors; a function when only the result knows it (a range of frames). */
  const step = async <T extends CanvasStepResult>(call: () => Promise<T>, doing: string | ((result: T) => string)): Promise<T> => {
    const result = await evaluate<T>(call);
    if (result.pageErrors !== undefined) throw pageScriptError(result.pageErrors, typeof doing === 'string' ? doing : doing(result));
    if (begin && result.needsRendering) await begin(undefined);
    return result;
  };
  return { evaluate, step };
}
