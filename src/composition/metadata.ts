import type { DeclaredMeta } from '../browser/runtime/api.js';
import { InvalidOptionError } from '../shared/errors.js';
import { parseFrameRate, secondsToFrames, type FrameRate } from '../shared/fps.js';
import { invalidValue, parseInteger, parsePositiveNumber } from '../shared/parse-values.js';
import { MAX_DIMENSION } from '../plan/spec-values.js';

/** What the page declares in `window.helios` (values as the page wrote them), as the in-page runtime reads it. */
export type PageMeta = DeclaredMeta;

/**
 * Metadata given by flags or action inputs (parsed there); each overrides the page. A frame
 * rate may be a number (29.97 means 30000/1001) or an exact fraction.
 */
export interface MetadataOverrides {
  fps?: FrameRate | number;
  /** Seconds. */
  duration?: number;
  frames?: number;
  width?: number;
  height?: number;
}

/** Overrides once checked: the frame rate as a fraction. */
export interface CheckedOverrides extends MetadataOverrides {
  fps?: FrameRate;
}
/** Fully resolved metadata of a composition. */
export interface CompositionMetadata {
  fps: FrameRate;
  width: number;
  height: number;
  /** Total frames; null when neither flags nor the page say how long it is. */
  totalFrames: number | null;
  /** Where each value came from: 'flag', 'page' or 'default'. */
  sources: Record<'fps' | 'size' | 'duration', 'flag' | 'page' | 'default'>;
}

export const DEFAULT_FPS = 30;
export const DEFAULT_WIDTH = 1280;
export const DEFAULT_HEIGHT = 720;

/** `name` is an option (`width`) or a page value (`window.helios.width`), as parse-values.ts takes it. */
function dimension(name: string, value: string | number): number {
  const n = parseInteger(name, value, 2, MAX_DIMENSION);
  if (n % 2 !== 0) throw invalidValue(name, `is ${n}, but H.264/VP9 with yuv420p need an even size: use ${n - 1} or ${n + 1}`);
  return n;
}

const has = <T>(v: T | undefined | null | ''): v is T => v !== undefined && v !== null && v !== '';

/** The error when neither the options nor the page say how long the composition is. */
export function unknownLengthError(): InvalidOptionError {
  return new InvalidOptionError('the composition does not say how long it is: pass {duration} <seconds> or {frames} <count>, or set window.helios.duration in the page');
}

/** Checks the overrides without the page: even sizes, a valid frame rate, a length of at least one frame, not both lengths. */
export function checkMetadataOverrides(o: MetadataOverrides): CheckedOverrides {
  if (has(o.frames) && has(o.duration)) throw new InvalidOptionError('pass either {frames} or {duration}, not both', 'frames');
  return {
    fps: has(o.fps) ? parseFrameRate(o.fps, 'fps') : undefined,
    width: has(o.width) ? dimension('width', o.width) : undefined,
    height: has(o.height) ? dimension('height', o.height) : undefined,
    frames: has(o.frames) ? parseInteger('frames', o.frames, 1) : undefined,
    duration: has(o.duration) ? parsePositiveNumber('duration', o.duration) : undefined,
  };
}

/**
 * Overrides first, then `window.helios`, then defaults (30 fps, 1280x720). Width and height
 * must be even; duration comes from frames or seconds.
 */
export function resolveMetadata(overrides: MetadataOverrides, page: PageMeta | null): CompositionMetadata {
  const o = checkMetadataOverrides(overrides);
  const p = page ?? { declared: false, fps: null, duration: null, frames: null, width: null, height: null };
  const fps = o.fps ?? (has(p.fps) ? parseFrameRate(p.fps, 'window.helios.fps') : parseFrameRate(DEFAULT_FPS));
  const width = o.width ?? (has(p.width) ? dimension('window.helios.width', p.width) : DEFAULT_WIDTH);
  const height = o.height ?? (has(p.height) ? dimension('window.helios.height', p.height) : DEFAULT_HEIGHT);
  let totalFrames: number | null = null;
  let durationSource: CompositionMetadata['sources']['duration'] = 'default';
  if (o.frames !== undefined) {
    totalFrames = o.frames;
    durationSource = 'flag';
  } else if (o.duration !== undefined) {
    totalFrames = secondsToFrames(o.duration, fps);
    durationSource = 'flag';
  } else if (has(p.frames)) {
    totalFrames = parseInteger('window.helios.frames', p.frames, 1);
    durationSource = 'page';
  } else if (has(p.duration)) {
    totalFrames = secondsToFrames(parsePositiveNumber('window.helios.duration', p.duration), fps);
    durationSource = 'page';
  }
  if (totalFrames !== null && totalFrames < 1) {
    throw new InvalidOptionError('the duration is shorter than one frame: raise {duration} or {frames}', 'duration');
  }
  return {
    fps,
    width,
    height,
    totalFrames,
    sources: {
      fps: o.fps ? 'flag' : has(p.fps) ? 'page' : 'default',
      size: o.width !== undefined || o.height !== undefined ? 'flag' : has(p.width) || has(p.height) ? 'page' : 'default',
      duration: durationSource,
    },
  };
}

/** The frame range to render, checked against the total. */
export interface FrameRange {
  startFrame: number;
  frameCount: number;
}

/** Checks a start frame and frame count without the page: whole numbers, from 0 and at least 1. */
export function checkFrameRange(startFrame?: number, frameCount?: number): { startFrame?: number; frameCount?: number } {
  return {
    startFrame: has(startFrame) ? parseInteger('startFrame', startFrame, 0) : undefined,
    frameCount: has(frameCount) ? parseInteger('frameCount', frameCount, 1) : undefined,
  };
}

/** Resolves the start frame and frame count against the composition's total frames. */
export function resolveFrameRange(total: number, startFrame?: number, frameCount?: number): FrameRange {
  const checked = checkFrameRange(startFrame, frameCount);
  const start = checked.startFrame ?? 0;
  if (start >= total) {
    throw new InvalidOptionError(`{startFrame} ${start} is beyond the end: the composition has ${total} frames (0..${total - 1})`, 'startFrame');
  }
  const count = checked.frameCount ?? total - start;
  if (start + count > total) {
    throw new InvalidOptionError(
      `frames ${start}..${start + count - 1} go beyond the end: the composition has ${total} frames (0..${total - 1}); use {frameCount} ${total - start} or less`,
      'frameCount',
    );
  }
  return { startFrame: start, frameCount: count };
}
