import { InvalidOptionError } from '../shared/errors.js';
import { fpsValue, type FrameRate } from '../shared/fps.js';

/** How much of the start of a composition the default samples cover: state that goes wrong usually shows within seconds. */
const SAMPLE_WINDOW_SECONDS = 10;

/**
 * The frames a split check renders as range starts: a quarter, half, three quarters and
 * the last frame of the first min(total, 10 s) frames. Never frame 0 (every render starts
 * there, so it proves nothing); sorted, without duplicates.
 */
export function defaultSampleFrames(totalFrames: number, fps: FrameRate): number[] {
  const window = Math.min(totalFrames, Math.max(1, Math.round(SAMPLE_WINDOW_SECONDS * fpsValue(fps))));
  const picks = [Math.floor(window / 4), Math.floor(window / 2), Math.floor((3 * window) / 4), window - 1];
  return [...new Set(picks.filter((n) => n > 0))].sort((a, b) => a - b);
}

/** Parses the text of `--at 30,150,900`: whole frame numbers separated by commas (checked against the length by parseSampleFrames). */
export function parseFrameList(text: string): number[] {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new InvalidOptionError('{at} needs at least one frame number, e.g. {at} 30,150', 'at');
  return items.map((item) => {
    if (!/^\d+$/.test(item)) throw new InvalidOptionError(`{at} takes frame numbers separated by commas, e.g. {at} 30,150; "${item}" is not a whole number`, 'at');
    return Number(item);
  });
}

/** Checks `--at` frames against the composition's length: whole frames in 1..total-1, sorted, without duplicates. */
export function parseSampleFrames(value: string | readonly number[], totalFrames: number): number[] {
  const frames = typeof value === 'string' ? parseFrameList(value) : value;
  if (frames.length === 0) throw new InvalidOptionError('{at} needs at least one frame number, e.g. {at} 30,150', 'at');
  for (const n of frames) {
    if (!Number.isInteger(n) || n < 0) throw new InvalidOptionError(`{at} takes whole frame numbers, e.g. {at} 30,150; ${n} is not one`, 'at');
    if (n === 0) throw new InvalidOptionError('{at} 0 checks nothing: every render starts at frame 0. Pick frames after 0', 'at');
    if (n >= totalFrames) {
      throw new InvalidOptionError(`{at} ${n} is beyond the end: the composition has ${totalFrames} frames (0..${totalFrames - 1})`, 'at');
    }
  }
  return [...new Set(frames)].sort((a, b) => a - b);
}

/** The samples of a check: the user's `--at` frames, else the default spread. */
export function pickSampleFrames(totalFrames: number, fps: FrameRate, at?: readonly number[]): number[] {
  if (totalFrames < 2) throw new InvalidOptionError('the composition has a single frame: there is nothing to split');
  return at === undefined ? defaultSampleFrames(totalFrames, fps) : parseSampleFrames(at, totalFrames);
}
