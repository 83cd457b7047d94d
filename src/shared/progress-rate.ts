/** Progress of a render, reported after every frame (or batch of frames). */
export interface RenderProgress {
  /** Frames captured and handed to the encoder so far. */
  renderedFrames: number;
  totalFrames: number;
  /** Throughput: frames rendered per second of wall time since the clock started (not the video's frame rate). */
  framesPerSecond: number;
  /** Estimated seconds left; null until a rate is known. */
  etaSeconds: number | null;
}

/**
 * Turns a count of rendered frames into a RenderProgress: rate and ETA over the wall time
 * since the clock started. The clock starts at `start()`, or else at the first report
 * with at least one frame (so worker start-up does not count against the rate).
 */
export function createProgressRate(totalFrames: number) {
  let startedAt: number | undefined;
  return {
    /** Starts the clock now (before the first frame is taken, so the first frame's time counts). */
    start(now: number = Date.now()): void {
      startedAt = now;
    },
    progress(renderedFrames: number, now: number = Date.now()): RenderProgress {
      if (renderedFrames > 0) startedAt ??= now;
      const elapsed = startedAt === undefined ? 0 : (now - startedAt) / 1000;
      const framesPerSecond = elapsed > 0 ? renderedFrames / elapsed : 0;
      return { renderedFrames, totalFrames, framesPerSecond, etaSeconds: framesPerSecond > 0 ? (totalFrames - renderedFrames) / framesPerSecond : null };
    },
  };
}

/** Which progress reports to pass on: at most one per `intervalMs`, or one per `steps`-th of the total; the last one always. */
export type ProgressThrottleOptions = { intervalMs: number } | { steps: number };

/**
 * A filter over progress reports, so a terminal is redrawn, a log gets a line or a parent
 * process gets a message only as often as it is useful. Returns true for a report to pass on.
 */
export function createProgressThrottle(o: ProgressThrottleOptions): (p: Pick<RenderProgress, 'renderedFrames' | 'totalFrames'>, now?: number) => boolean {
  if ('steps' in o) {
    let lastStep = -1;
    return (p) => {
      const step = Math.floor((p.renderedFrames / p.totalFrames) * o.steps);
      if (step === lastStep) return false;
      lastStep = step;
      return true;
    };
  }
  let last: number | undefined;
  return (p, now = Date.now()) => {
    if (last !== undefined && now - last < o.intervalMs && p.renderedFrames < p.totalFrames) return false;
    last = now;
    return true;
  };
}
