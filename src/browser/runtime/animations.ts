/**
 * Web Animations, CSS animations and transitions: each is held paused and its currentTime
 * set from the virtual time at which it was first seen (its start). The runtime looks for
 * new ones after every timer and after each frame's callbacks, so an animation starts at
 * the same virtual time however the page was stepped there.
 */
const realAnimPause = Animation.prototype.pause;
const starts = new WeakMap<Animation, number>();
const finished = new WeakSet<Animation>();

/** Takes over animations not seen before: they started at `at` (ms). */
export function registerAnimations(at: number): void {
  for (const a of document.getAnimations()) {
    if (!starts.has(a)) {
      starts.set(a, at);
      realAnimPause.call(a);
    }
  }
}

/** Sets every animation to virtual time `now`; one past its end finishes for real, so its events fire. */
export function syncAnimations(now: number): void {
  for (const a of document.getAnimations()) {
    if (finished.has(a)) continue;
    if (!starts.has(a)) {
      starts.set(a, now);
      realAnimPause.call(a);
    }
    if (a.playState !== 'paused') realAnimPause.call(a);
    const t = (now - starts.get(a)!) * a.playbackRate;
    const end = a.effect ? Number(a.effect.getComputedTiming().endTime) : Infinity;
    if (a.playbackRate > 0 && Number.isFinite(end) && t >= end) {
      finished.add(a);
      a.finish();
    } else {
      a.currentTime = t;
    }
  }
}
