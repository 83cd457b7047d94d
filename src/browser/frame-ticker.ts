import type { CDPSession } from 'puppeteer-core';

/** What HeadlessExperimental.beginFrame answers: an image only when asked for one and something changed. */
export interface BeginFrameResult {
  hasDamage: boolean;
  screenshotData?: string;
}

/**
 * What a BeginFrame produces: a screenshot, a drawn frame without one ('display'), or
 * (undefined) only the page's rendering steps, no display update.
 */
export type FrameOutput = { format: 'jpeg'; quality: number } | 'display' | undefined;

/** Sends HeadlessExperimental.beginFrame with frame times that only ever increase. */
export function createFrameTicker(cdp: CDPSession, intervalMs: number) {
  let ticks = 10_000;
  return async (output: FrameOutput): Promise<BeginFrameResult> => {
    ticks += intervalMs;
    const screenshot = typeof output === 'object' ? output : undefined;
    return (await cdp.send('HeadlessExperimental.beginFrame', {
      frameTimeTicks: ticks,
      interval: intervalMs,
      noDisplayUpdates: output === undefined,
      ...(screenshot ? { screenshot } : {}),
    })) as BeginFrameResult;
  };
}
