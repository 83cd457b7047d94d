/**
 * The page's setTimeout/setInterval on the virtual clock: timers fire in due order, ties
 * in creation order; nesting is clamped like browsers do (at least 4 ms from the fifth
 * nested level), which also bounds zero-delay chains within one frame. Pure: the clock is
 * passed in, nothing here touches the page.
 */
export interface VirtualTimer {
  id: number;
  /** Virtual time (ms) it is due at. */
  due: number;
  fn: (...args: unknown[]) => void;
  args: unknown[];
  /** Repeat period for intervals, null for timeouts. */
  interval: number | null;
  /** Nesting level its callback runs at. */
  nesting: number;
  /** Real time (ms) it was armed, for the load phase, when timers fire in real time. */
  armedAtReal: number;
  /** Delay asked for (after clamping), for the load phase. */
  delay: number;
}

/** Most timers that may fire before one frame: a loop that never ends is reported, not run forever. */
export const MAX_TIMERS_PER_FRAME = 100_000;

export class TimerQueue {
  private readonly timers = new Map<number, VirtualTimer>();
  private seq = 1;
  /** Nesting level of the callback running now (0 outside timers). */
  nesting = 0;

  add(fn: VirtualTimer['fn'], delay: unknown, args: unknown[], repeat: boolean, now: number, realNow: number): number {
    const id = this.seq++;
    let ms = Math.max(0, Number(delay) || 0);
    if (this.nesting >= 5) ms = Math.max(ms, 4);
    const interval = repeat ? Math.max(ms, 1) : null;
    this.timers.set(id, { id, due: now + ms, fn, args, interval, nesting: this.nesting + 1, armedAtReal: realNow, delay: interval ?? ms });
    return id;
  }

  clear(id: unknown): void {
    this.timers.delete(Number(id));
  }

  get size(): number {
    return this.timers.size;
  }

  /** The earliest timer due at or before `t` (ms), or null. */
  nextDue(t: number, epsilon = 1e-6): VirtualTimer | null {
    let next: VirtualTimer | null = null;
    for (const timer of this.timers.values()) {
      if (timer.due > t + epsilon) continue;
      if (!next || timer.due < next.due || (timer.due === next.due && timer.id < next.id)) next = timer;
    }
    return next;
  }

  /** The earliest timer whose delay has passed in real time (the load phase), or null. */
  nextDueReal(realNow: number): VirtualTimer | null {
    let next: VirtualTimer | null = null;
    for (const timer of this.timers.values()) {
      if (timer.armedAtReal + timer.delay > realNow) continue;
      if (!next || timer.armedAtReal + timer.delay < next.armedAtReal + next.delay) next = timer;
    }
    return next;
  }

  /** Takes a timer that is about to fire: a timeout leaves the queue, an interval is re-armed. */
  take(timer: VirtualTimer, realNow: number): void {
    if (timer.interval === null) this.timers.delete(timer.id);
    else {
      timer.due += timer.interval;
      timer.armedAtReal = realNow;
    }
  }
}
