import type { CDPSession } from 'puppeteer-core';

/** What HeadlessExperimental.beginFrame answers: an image only when asked for one and something changed. */
export interface BeginFrameResult {
  hasDamage: boolean;
  screenshotData?: string;
}

/** Sends HeadlessExperimental.beginFrame with frame times that only ever increase. */
export function createFrameTicker(cdp: CDPSession, intervalMs: number) {
  let ticks = 10_000;
  return async (screenshot: { format: 'jpeg'; quality: number } | undefined): Promise<BeginFrameResult> => {
    ticks += intervalMs;
    return (await cdp.send('HeadlessExperimental.beginFrame', {
      frameTimeTicks: ticks,
      interval: intervalMs,
      noDisplayUpdates: !screenshot,
      ...(screenshot ? { screenshot } : {}),
    })) as BeginFrameResult;
  };
}
