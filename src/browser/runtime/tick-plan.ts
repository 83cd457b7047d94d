import type { SeekMode } from '../../plan/spec-values.js';

/**
 * How a render that starts at frame S brings the page there: the frames to tick before S.
 * Pure: unit-tested in Node.
 *
 * Libraries keep clocks of their own on top of the browser's, measured from their first
 * tick and advanced by the time between ticks, and they treat a long gap as a stall:
 * GSAP counts a gap over 500 ms as 33 ms (lagSmoothing), PixiJS's ticker caps a step at
 * 100 ms (minFPS 10), three.js's Clock and lottie-web start at their first call. A single
 * jump from 0 to S is dropped by some and misread by others. So, by default
 * (fast-forward), the page is ticked at t = 0 (frame 0: where every such clock starts)
 * and then at frame-aligned times at most MAX_STEP_MS apart, without painting: every
 * library above sees the same start and no step it would clamp, and reaches S in the
 * state a full render has there. `replay` ticks every frame (for state that counts frames,
 * e.g. p5.js's frameCount, or physics with smaller step caps); `jump` ticks nothing.
 */
// The seek modes are the job spec's (plan/ is their one source; type only, nothing is bundled).
export type { SeekMode };

/** Longest virtual step between fast-forward ticks: PixiJS's default cap, the smallest stall threshold among the libraries covered. */
export const MAX_STEP_MS = 100;

/** Frames per fast-forward tick at this frame duration: as many as fit in MAX_STEP_MS, at least one. */
export function framesPerTick(frameMs: number): number {
  return Math.max(1, Math.floor(MAX_STEP_MS / frameMs + 1e-9));
}

/**
 * The next frame to tick (without painting) on the way from `current` (the last frame the
 * page was stepped to, -1 before the first) to `target`, or null when the next step is
 * the target itself.
 */
export function nextTick(current: number, target: number, mode: SeekMode, frameMs: number): number | null {
  if (mode === 'jump' || current + 1 >= target) return null;
  if (mode === 'replay') return current + 1;
  if (current < 0) return 0;
  const next = current + framesPerTick(frameMs);
  return next < target ? next : null;
}

/** How many ticks the whole way from `current` to `target` takes (for progress and the benchmark). */
export function countTicks(current: number, target: number, mode: SeekMode, frameMs: number): number {
  if (mode === 'jump' || current + 1 >= target) return 0;
  if (mode === 'replay') return target - current - 1;
  const start = current < 0 ? 0 : current;
  return (current < 0 ? 1 : 0) + Math.max(0, Math.ceil((target - start) / framesPerTick(frameMs)) - 1);
}
