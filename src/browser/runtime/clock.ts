/**
 * The virtual clock every time source in the page reads: performance.now(), Date and
 * new Date(), requestAnimationFrame timestamps and the timers. It moves only when the
 * renderer steps a frame (and for timers due in between), never with real time.
 */
export interface VirtualClock {
  /** Virtual time now, in ms from t = 0. */
  now: number;
  /** The last frame stepped to (-1 before the first). */
  frame: number;
  fpsNum: number;
  fpsDen: number;
  /** Time of a frame, in ms. */
  frameTime(frame: number): number;
  frameMs(): number;
}

export function createClock(fpsNum: number, fpsDen: number): VirtualClock {
  return {
    now: 0,
    frame: -1,
    fpsNum,
    fpsDen,
    frameTime(frame) {
      return (frame * 1000 * this.fpsDen) / this.fpsNum;
    },
    frameMs() {
      return (1000 * this.fpsDen) / this.fpsNum;
    },
  };
}

/** Real time in ms (performance.now is replaced on the instance, the prototype's stays real). */
export const realNow: () => number = Performance.prototype.now.bind(performance);

/** Replaces performance.now, Date.now and new Date() with readings of the virtual clock. */
export function installClockOverrides(clock: VirtualClock, epochMs: number): void {
  Object.defineProperty(performance, 'now', { value: () => clock.now, configurable: true, writable: true });
  const RealDate = Date;
  function FakeDate(this: unknown, ...args: unknown[]): unknown {
    if (!new.target) return new RealDate(epochMs + clock.now).toString();
    if (args.length === 0) return Reflect.construct(RealDate, [epochMs + clock.now], new.target);
    return Reflect.construct(RealDate, args, new.target);
  }
  FakeDate.prototype = RealDate.prototype;
  Object.setPrototypeOf(FakeDate, RealDate);
  (FakeDate as unknown as { now: () => number }).now = () => Math.floor(epochMs + clock.now);
  Object.defineProperty(RealDate.prototype, 'constructor', { value: FakeDate, configurable: true, writable: true });
  (window as unknown as { Date: unknown }).Date = FakeDate;
}
