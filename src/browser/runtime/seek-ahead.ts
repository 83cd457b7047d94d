import type { PageErrors } from './api.js';
import { pushPageError } from './page-errors.js';
import type { SeekMode } from './tick-plan.js';
import { yieldTask } from './yield-task.js';

const realRequestAnimationFrame = window.requestAnimationFrame.bind(window);
const realCancelAnimationFrame = window.cancelAnimationFrame.bind(window);

/**
 * A seek started ahead of its frame, so it overlaps the capture of the frame before:
 * right away after a canvas was taken (seekNext), or once the next rendering frame's
 * main-frame work is committed, from its real requestAnimationFrame (beginFrame capture,
 * seekPipelined): then what that frame shows is already fixed.
 */
export function createSeekAhead(seekNow: (frame: number, mode: SeekMode) => Promise<PageErrors>) {
  let ahead: { frame: number; rafId: number; promise: Promise<PageErrors> | null } | null = null;
  let count = 0;

  /** Drops a seek armed ahead that was not wanted after all, waiting for it if it already runs. */
  async function settle(): Promise<void> {
    const a = ahead;
    ahead = null;
    if (!a) return;
    realCancelAnimationFrame(a.rafId);
    const errors = a.promise && (await a.promise);
    if (typeof errors === 'string') pushPageError(errors);
  }

  return {
    get count() {
      return count;
    },
    start(next: number, mode: SeekMode, afterFrame: boolean): void {
      const b: NonNullable<typeof ahead> = { frame: next, rafId: 0, promise: null };
      const run = () => {
        b.promise = yieldTask()
          .then(() => seekNow(next, mode))
          .then((e) => {
            // Style and layout now, inside the seek, instead of in the rendering frame that follows.
            if (document.documentElement) void document.documentElement.getBoundingClientRect();
            return e;
          });
      };
      if (afterFrame) b.rafId = realRequestAnimationFrame(run);
      else run();
      ahead = b;
    },
    /** seekNow(frame), or the seek already started ahead for it. */
    async seek(frame: number, mode: SeekMode): Promise<PageErrors> {
      const a = ahead;
      if (a && a.frame === frame && a.promise) {
        ahead = null;
        count++;
        return a.promise;
      }
      await settle();
      return seekNow(frame, mode);
    },
    settle,
  };
}
