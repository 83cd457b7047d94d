import { FrameTimeoutError } from '../shared/errors.js';
import type { HangProbe } from './hang-probe.js';

/** Seconds a frame may take before the render fails (--frame-timeout). */
export const DEFAULT_FRAME_TIMEOUT_SECONDS = 30;

/**
 * Races a frame's work (seek, capture, a range of frames) against the per-frame limit.
 * On timeout it finds the frame and where the page's script was, and throws a
 * FrameTimeoutError; the caller closes the browser.
 */
export function createFrameWatchdog(probe: HangProbe, timeoutMs: number) {
  return async function watch<T>(work: Promise<T>, frame: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => resolve('expired'), timeoutMs);
    });
    try {
      const first = await Promise.race([work, expired]);
      if (first !== 'expired') return first as T;
    } finally {
      clearTimeout(timer);
    }
    // The frame is given up on: a late rejection is the hang reported below, not a second error.
    work.catch(() => undefined);
    const found = await probe.diagnose();
    const at = found.frame !== undefined && found.frame >= 0 ? found.frame : frame;
    const seconds = timeoutMs / 1000;
    const why = found.busyIn
      ? `the page's script was still running in ${found.busyIn} (an endless loop?)`
      : 'the page was waiting for something that never happened (a seek hook or a promise it awaits that never settles?)';
    throw new FrameTimeoutError(
      `frame ${at} did not finish within ${seconds}s: ${why}. Fix the page, or if a frame really needs longer, raise --frame-timeout (now ${seconds}).`,
      at,
      found.busyIn,
    );
  };
}

export type FrameWatchdog = ReturnType<typeof createFrameWatchdog>;
