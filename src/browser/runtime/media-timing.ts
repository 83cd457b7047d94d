/**
 * Which frame of a clip is on screen at a clip time, and which `currentTime` to seek to so
 * that Chromium shows exactly that frame, whatever time base the container rounded to.
 *
 * Pure: no DOM and no Node imports. It is bundled into the page runtime and unit-tested in Node.
 *
 * Why seek targets are not simply `t`: containers store rounded timestamps (WebM and MKV in
 * milliseconds, so frame 2 of a 30 fps clip sits at 67 ms, not 66.67 ms), and Chromium picks
 * the frame by comparing the seek target with those stored timestamps. Measured with
 * chromium-headless-shell 156: for H.264 in MP4 and MKV it shows the last frame whose
 * timestamp is <= the target; for VP8/VP9 in WebM it first rounds the target to the nearest
 * millisecond. A target in the middle of the frame's display interval is right under both.
 */

/** A clip's frame presentation times, as probed from its container (JSON-able). */
export interface FrameTimes {
  /** The clip's constant frame rate, or null when its frames are not evenly spaced (variable rate). */
  frameRate: { num: number; den: number } | null;
  /**
   * Each displayed frame's presentation time in seconds, ascending, in the terms of
   * HTMLMediaElement.currentTime. In Chromium that is the container's timestamp itself, not
   * relative to the stream's start: a clip whose first frame is stored at 0.5 s starts with
   * currentTime 0.5, and seeking anywhere before 0.5 shows that first frame.
   */
  times: number[];
  /** One unit of the stream's time base in seconds (0.001 for WebM), the rounding step of `times`. */
  timeBaseSeconds: number;
}

/** Slack (in frames) so that a time computed as j/fps in floating point never falls just short of frame j. */
const FRAME_EPSILON = 1e-6;

/** Index of the last element of the ascending `times` that is <= `t` (0 when none is). */
function lastAtOrBefore(times: number[], t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (times[mid] <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The index of the clip frame on screen at clip time `t` (seconds, currentTime terms).
 * Constant rate: the nominal frame floor((t - start) * fps), not the rounded stored timestamps,
 * so a 24 fps clip in a 30 fps composition shows frame floor(j * 24 / 30) at t = j / 30.
 * Variable rate: the last frame whose time is <= t + half a time-base unit.
 * Before the first frame this is 0, after the last it is the last.
 */
export function frameIndexAt(times: FrameTimes, t: number): number {
  const n = times.times.length;
  if (n === 0) return 0;
  let index: number;
  if (times.frameRate) {
    const fps = times.frameRate.num / times.frameRate.den;
    index = Math.floor((t - times.times[0]) * fps + FRAME_EPSILON);
  } else {
    index = lastAtOrBefore(times.times, t + times.timeBaseSeconds / 2);
  }
  return Math.min(n - 1, Math.max(0, index));
}

/**
 * A currentTime that shows the frame on screen at clip time `t`: the midpoint of that frame's
 * display interval (between its time and the next frame's), so rounding of the stored
 * timestamps or of the target, up to half an interval, cannot move it to a neighbour.
 * The last frame has no successor: its time plus half the interval before it.
 */
export function seekTargetFor(times: FrameTimes, t: number): number {
  const list = times.times;
  const k = frameIndexAt(times, t);
  if (list.length === 0) return fallbackSeekTarget(t);
  if (k + 1 < list.length) return (list[k] + list[k + 1]) / 2;
  if (k > 0) return list[k] + (list[k] - list[k - 1]) / 2;
  return list[0];
}

/**
 * Best effort for a clip without a frame table: half a millisecond past `t` (plus a hair).
 * Right for time bases of 1 ms and finer, both when Chromium compares the target with the
 * stored timestamps as they are and when it rounds it to the millisecond (WebM), because a
 * frame that starts at t is stored at most 0.5 ms later. Limits: a clip frame that starts
 * less than 0.5 ms after `t` (clip and composition frames that nearly but not exactly
 * coincide, such as a 60 fps clip in a 29.97 fps composition every 500 frames) shows one
 * frame early, and time bases coarser than 1 ms are not covered.
 */
export function fallbackSeekTarget(t: number): number {
  return Math.max(0, t) + 0.0005 + 1e-6;
}
