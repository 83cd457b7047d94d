import type { DeclaredMeta, MetaValues } from '../browser/runtime/api.js';
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

const NO_PAGE: PageMeta = { declared: false, fps: null, duration: null, frames: null, width: null, height: null, derived: null, metadataError: null };

/** One value the page gave, with the name errors call it by. */
interface PageValue {
  value: number | string;
  name: string;
}

/** What the page gives for `key`: `window.helios.metadata(props)` over the static `window.helios` field. */
function pageValue(p: PageMeta, key: keyof MetaValues): PageValue | null {
  const derived = p.derived?.[key];
  if (has(derived)) return { value: derived, name: `window.helios.metadata(props).${key}` };
  const value = p[key];
  return has(value) ? { value, name: `window.helios.${key}` } : null;
}

/** The page's length in frames: what the metadata function returned (frames over duration), else the static fields. */
function pageFrames(p: PageMeta, fps: FrameRate): number | null {
  for (const source of [p.derived, p]) {
    if (!source) continue;
    const name = source === p ? 'window.helios' : 'window.helios.metadata(props)';
    if (has(source.frames)) return parseInteger(`${name}.frames`, source.frames, 1);
    if (has(source.duration)) return secondsToFrames(parsePositiveNumber(`${name}.duration`, source.duration), fps);
  }
  return null;
}

/**
 * Overrides first, then the page (what `window.helios.metadata(props)` returned, then the
 * static `window.helios` fields), then defaults (30 fps, 1280x720). Width and height must
 * be even; duration comes from frames or seconds.
 */
export function resolveMetadata(overrides: MetadataOverrides, page: PageMeta | null): CompositionMetadata {
  const o = checkMetadataOverrides(overrides);
  const p = page ?? NO_PAGE;
  const pageFps = pageValue(p, 'fps');
  const pageWidth = pageValue(p, 'width');
  const pageHeight = pageValue(p, 'height');
  const fps = o.fps ?? (pageFps ? parseFrameRate(pageFps.value, pageFps.name) : parseFrameRate(DEFAULT_FPS));
  const width = o.width ?? (pageWidth ? dimension(pageWidth.name, pageWidth.value) : DEFAULT_WIDTH);
  const height = o.height ?? (pageHeight ? dimension(pageHeight.name, pageHeight.value) : DEFAULT_HEIGHT);
  let totalFrames: number | null = null;
  let durationSource: CompositionMetadata['sources']['duration'] = 'default';
  if (o.frames !== undefined) {
    totalFrames = o.frames;
    durationSource = 'flag';
  } else if (o.duration !== undefined) {
    totalFrames = secondsToFrames(o.duration, fps);
    durationSource = 'flag';
  } else {
    totalFrames = pageFrames(p, fps);
    if (totalFrames !== null) durationSource = 'page';
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
      fps: o.fps ? 'flag' : pageFps ? 'page' : 'default',
      size: o.width !== undefined || o.height !== undefined ? 'flag' : pageWidth || pageHeight ? 'page' : 'default',
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
