import type { AdvanceResult, PageErrors } from './api.js';
import { registerAnimations, syncAnimations } from './animations.js';
import { runAnimationFrame } from './animation-frames.js';
import { realNow, type VirtualClock } from './clock.js';
import { snapshotCanvases } from './canvas.js';
import { adoptMedia, syncMedia } from './media.js';
import { describeError, pushPageError, takePageErrors } from './page-errors.js';
import { nextTick, type SeekMode } from './tick-plan.js';
import type { PageTimers } from './timers.js';
import { yieldTask } from './yield-task.js';

interface SeekHook {
  seek?: (frame: number, fps: number) => unknown;
}

/** Moves the page through frames: ticks on the way (see tick-plan.ts) and the frames it shows. */
export function createStepper(clock: VirtualClock, timers: PageTimers) {
  /**
   * One frame: due timers in order, animations, media (a shown frame), rAF callbacks, the
   * page's own seek hook (a shown frame, or every frame in replay), then new animations
   * are taken over at this frame's time.
   */
  async function step(frame: number, shown: boolean, hook: boolean): Promise<void> {
    const t = clock.frameTime(frame);
    await timers.runUntil(t);
    clock.now = t;
    clock.frame = frame;
    syncAnimations(t);
    if (shown) await syncMedia();
    runAnimationFrame(t);
    const h = (window as unknown as { helios?: SeekHook }).helios;
    if (hook && h && typeof h.seek === 'function') await h.seek(frame, clock.fpsNum / clock.fpsDen);
    if (shown) snapshotCanvases();
    await yieldTask();
    registerAnimations(t);
  }

  /** Ticks towards `target` (not including it) until done or `budgetMs` of real time has passed; returns the ticks run. */
  async function tickTowards(target: number, mode: SeekMode, budgetMs: number): Promise<number> {
    const started = realNow();
    // Whatever exists before time moves on started now (at load: t = 0).
    registerAnimations(clock.now);
    adoptMedia();
    let ticks = 0;
    for (let f = nextTick(clock.frame, target, mode, clock.frameMs()); f !== null; f = nextTick(clock.frame, target, mode, clock.frameMs())) {
      await step(f, false, mode === 'replay');
      ticks++;
      if (realNow() - started >= budgetMs) break;
    }
    return ticks;
  }

  /** Ticks towards `target` for at most `budgetMs` of real time (the renderer calls again until done). */
  async function advance(target: number, mode: SeekMode, budgetMs: number): Promise<AdvanceResult> {
    let ticks = 0;
    try {
      ticks = await tickTowards(target, mode, budgetMs);
    } catch (e) {
      pushPageError(describeError(e));
    }
    const done = nextTick(clock.frame, target, mode, clock.frameMs()) === null;
    return { frame: clock.frame, done, ticks, pageErrors: takePageErrors() };
  }

  /** Brings the page to `frame` (ticking on the way as `mode` says) and shows it; returns the page's errors. */
  async function seekNow(frame: number, mode: SeekMode): Promise<PageErrors> {
    try {
      await tickTowards(frame, mode, Infinity);
      await step(frame, true, true);
    } catch (e) {
      pushPageError(describeError(e));
    }
    return takePageErrors();
  }

  return { advance, seekNow };
}
