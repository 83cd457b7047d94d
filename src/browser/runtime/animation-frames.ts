import { describeError, pushPageError } from './page-errors.js';

/**
 * requestAnimationFrame on the virtual clock: callbacks run once per stepped frame with
 * the frame's time, never on the browser's own rendering loop.
 */
let queue = new Map<number, FrameRequestCallback>();
let seq = 1;

export function installAnimationFrames(): void {
  window.requestAnimationFrame = (cb) => {
    const id = seq++;
    queue.set(id, cb);
    return id;
  };
  window.cancelAnimationFrame = (id) => {
    queue.delete(id);
  };
}

/** Runs the callbacks requested so far with timestamp `now`; ones they request wait for the next frame. */
export function runAnimationFrame(now: number): void {
  const current = queue;
  queue = new Map();
  for (const cb of current.values()) {
    try {
      cb(now);
    } catch (e) {
      pushPageError(describeError(e));
    }
  }
}

export function hasAnimationFrames(): boolean {
  return queue.size > 0;
}
