import type { VirtualClock } from './clock.js';
import { realNow } from './clock.js';
import { describeError, pushPageError } from './page-errors.js';
import { MAX_TIMERS_PER_FRAME, TimerQueue, type VirtualTimer } from './timer-queue.js';
import { yieldTask } from './yield-task.js';

const realSetTimeout = window.setTimeout.bind(window);
const realClearTimeout = window.clearTimeout.bind(window);

export interface PageTimers {
  /** Fires every timer due up to virtual time `t` (ms) in order, the clock at each one's due time; then the clock is at t. */
  runUntil(t: number): Promise<void>;
  /**
   * Runs the page's timers in real time (each after its own delay) while `work` is
   * pending, the clocks held where they are: for the page's loading, before frame 0
   * (a ready promise resolved from a timer, lottie's font polling and DOMLoaded).
   */
  runInRealTimeDuring<T>(work: Promise<T>): Promise<T>;
}

/** Replaces setTimeout/setInterval with timers on the virtual clock. `afterEach` runs after every fired timer (animations it started). */
export function installTimers(clock: VirtualClock, afterEach: () => void): PageTimers {
  const queue = new TimerQueue();
  const w = window as unknown as Record<string, unknown>;
  const toFn = (fn: unknown) => (typeof fn === 'function' ? (fn as VirtualTimer['fn']) : (new Function(String(fn)) as VirtualTimer['fn']));
  w.setTimeout = (fn: unknown, delay?: unknown, ...args: unknown[]) => queue.add(toFn(fn), delay, args, false, clock.now, realNow());
  w.setInterval = (fn: unknown, delay?: unknown, ...args: unknown[]) => queue.add(toFn(fn), delay, args, true, clock.now, realNow());
  w.clearTimeout = (id: unknown) => queue.clear(id);
  w.clearInterval = (id: unknown) => queue.clear(id);

  const fire = async (timer: VirtualTimer) => {
    queue.take(timer, realNow());
    queue.nesting = timer.nesting;
    try {
      timer.fn.apply(window, timer.args);
    } catch (e) {
      pushPageError(describeError(e));
    }
    queue.nesting = 0;
    await yieldTask();
    afterEach();
  };

  return {
    async runUntil(t) {
      let count = 0;
      for (let next = queue.nextDue(t); next; next = queue.nextDue(t)) {
        if (++count > MAX_TIMERS_PER_FRAME) throw new Error(`more than ${MAX_TIMERS_PER_FRAME} timers fired before t = ${t} ms: a timer loop that never ends?`);
        clock.now = Math.max(clock.now, next.due);
        await fire(next);
      }
      clock.now = Math.max(clock.now, t);
    },
    async runInRealTimeDuring(work) {
      let settled = false;
      let wake: (() => void) | null = null;
      const result = work.finally(() => {
        settled = true;
        wake?.();
      });
      // Only marks the rejection handled while this loop waits: the caller awaits `work` itself and sees it.
      result.catch(() => undefined);
      while (!settled) {
        const next = queue.nextDueReal(realNow());
        if (next) {
          // Virtual time stays put: the timer fires "at" the current time, in real-time order,
          // and an interval keeps its virtual due time (take() moved it on by a period).
          const due = next.due;
          await fire(next);
          if (next.interval !== null) next.due = due;
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          const id = realSetTimeout(resolve, 4);
          void result.then(() => realClearTimeout(id), () => realClearTimeout(id));
        });
        wake = null;
      }
      return result;
    },
  };
}
