import type { DeclaredMeta } from '../browser/runtime/api.js';
import { InvalidOptionError } from '../shared/errors.js';
import { parseFrameRate, secondsToFrames, type FrameRate } from '../shared/fps.js';
import { parseInteger, parsePositiveNumber } from '../shared/parse-values.js';
import { MAX_DIMENSION } from '../plan/spec-values.js';

/** What the page declares in `window.helios` (values as the page wrote them), as the in-page runtime reads it. */
export type PageMeta = DeclaredMeta;

/** Metadata given by flags or action inputs; each overrides the page. */
export interface MetadataOverrides {
  fps?: string | number;
  duration?: string | number;
  frames?: string | number;
  width?: string | number;
  height?: string | number;
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

function dimension(name: string, value: string | number): number {
  const n = parseInteger(name, value, 2, MAX_DIMENSION);
  if (n % 2 !== 0) {
    throw new InvalidOptionError(`${name} is ${n}, but H.264/VP9 with yuv420p need an even size: use ${n - 1} or ${n + 1}`);
  }
  return n;
}

const has = (v: unknown): v is string | number => v !== undefined && v !== null && v !== '';

/**
 * Flags first, then `window.helios`, then defaults (30 fps, 1280x720). Width and height
 * must be even; duration comes from frames or seconds.
 */
export function resolveMetadata(flags: MetadataOverrides, page: PageMeta | null): CompositionMetadata {
  const p = page ?? { declared: false, fps: null, duration: null, frames: null, width: null, height: null };
  const fps = has(flags.fps) ? parseFrameRate(flags.fps, '--fps') : has(p.fps) ? parseFrameRate(p.fps, 'window.helios.fps') : parseFrameRate(DEFAULT_FPS);
  const width = has(flags.width) ? dimension('--width', flags.width) : has(p.width) ? dimension('window.helios.width', p.width) : DEFAULT_WIDTH;
  const height = has(flags.height) ? dimension('--height', flags.height) : has(p.height) ? dimension('window.helios.height', p.height) : DEFAULT_HEIGHT;
  if (has(flags.frames) && has(flags.duration)) {
    throw new InvalidOptionError('pass either --frames or --duration, not both');
  }
  let totalFrames: number | null = null;
  let durationSource: CompositionMetadata['sources']['duration'] = 'default';
  if (has(flags.frames)) {
    totalFrames = parseInteger('--frames', flags.frames, 1);
    durationSource = 'flag';
  } else if (has(flags.duration)) {
    totalFrames = secondsToFrames(parsePositiveNumber('--duration', flags.duration), fps);
    durationSource = 'flag';
  } else if (has(p.frames)) {
    totalFrames = parseInteger('window.helios.frames', p.frames, 1);
    durationSource = 'page';
  } else if (has(p.duration)) {
    totalFrames = secondsToFrames(parsePositiveNumber('window.helios.duration', p.duration), fps);
    durationSource = 'page';
  }
  if (totalFrames !== null && totalFrames < 1) {
    throw new InvalidOptionError('the duration is shorter than one frame: raise --duration or --frames');
  }
  return {
    fps,
    width,
    height,
    totalFrames,
    sources: {
      fps: has(flags.fps) ? 'flag' : has(p.fps) ? 'page' : 'default',
      size: has(flags.width) || has(flags.height) ? 'flag' : has(p.width) || has(p.height) ? 'page' : 'default',
      duration: durationSource,
    },
  };
}

/** The frame range to render, checked against the total. */
export interface FrameRange {
  startFrame: number;
  frameCount: number;
}

/** Resolves --start-frame / --frame-count against the composition's total frames. */
export function resolveFrameRange(total: number, startFrame?: string | number, frameCount?: string | number): FrameRange {
  const start = has(startFrame) ? parseInteger('--start-frame', startFrame, 0) : 0;
  if (start >= total) {
    throw new InvalidOptionError(`--start-frame ${start} is beyond the end: the composition has ${total} frames (0..${total - 1})`);
  }
  const count = has(frameCount) ? parseInteger('--frame-count', frameCount, 1) : total - start;
  if (start + count > total) {
    throw new InvalidOptionError(
      `frames ${start}..${start + count - 1} go beyond the end: the composition has ${total} frames (0..${total - 1}); use --frame-count ${total - start} or less`,
    );
  }
  return { startFrame: start, frameCount: count };
}
