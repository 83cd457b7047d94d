import type { Page } from 'puppeteer-core';
import { throwIfAborted } from '../shared/errors.js';
import { callPage } from './call-page.js';
import type { FrameWatchdog } from './frame-watchdog.js';
import { pageScriptError } from './open-page.js';
import type { SeekMode } from './runtime/api.js';

/** Real time one advance call may run in the page: short, so Ctrl-C, progress and the frame limit stay prompt. */
const ADVANCE_BUDGET_MS = 250;

export interface ReachFrameOptions {
  watch: FrameWatchdog;
  signal?: AbortSignal;
  /** After each call: the last frame ticked so far. */
  onAdvance?: (frame: number) => void;
}

/**
 * Brings a freshly loaded page to just before `target` the way `mode` says (see
 * tick-plan.ts): ticks without painting, in calls of at most ADVANCE_BUDGET_MS, each
 * watched by the per-frame limit. Returns how many ticks it ran; the caller then seeks
 * `target` itself and captures it.
 */
export async function reachFrame(page: Page, target: number, mode: SeekMode, o: ReachFrameOptions): Promise<number> {
  let ticks = 0;
  for (;;) {
    throwIfAborted(o.signal);
    const r = await o.watch(callPage(page, 'advance', target, mode, ADVANCE_BUDGET_MS), Math.max(0, target - 1));
    ticks += r.ticks;
    if (r.pageErrors !== null) throw pageScriptError(r.pageErrors, `at frame ${r.frame} (on the way to frame ${target})`);
    o.onAdvance?.(r.frame);
    if (r.done) return ticks;
  }
}
