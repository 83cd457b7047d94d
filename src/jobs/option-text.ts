import { PRESETS, VIDEO_FORMATS } from '../encode/ffmpeg-args.js';
import { CODECS } from '../plan/spec-values.js';
import { CANVAS_ENCODERS, CAPTURE_MODES, GL_BACKENDS, SEEK_MODES } from '../render/render-options.js';
import { parseFrameRate } from '../shared/fps.js';
import { parseChoice, parseInteger, parsePositiveNumber } from '../shared/parse-values.js';
import type { RenderJobOptions } from './render-job.js';

/*
 * Flags and action inputs are text; the engine takes numbers and enums. This is where one
 * becomes the other, for every entry point: the syntax is checked here (a whole number, a
 * number, a frame rate, one of the choices), the ranges by the engine's pure checks
 * (resolveRenderOptions, checkPlanJobOptions, checkRenderJobOptions), which entry points
 * call before anything starts.
 */

const WHOLE = [
  'width', 'height', 'frames', 'startFrame', 'frameCount', 'quality', 'jpegQuality', 'chunks', 'framesPerChunk', 'maxChunks', 'minFramesPerChunk', 'concurrency', 'retries',
  'everyNthFrame', 'gifLoops',
] as const;
const POSITIVE = ['duration', 'timeout', 'frameTimeout', 'retryDelay', 'scale'] as const;
const CHOICES = { mode: CAPTURE_MODES, canvasEncoder: CANVAS_ENCODERS, preset: PRESETS, format: VIDEO_FORMATS, codec: CODECS, seek: SEEK_MODES, gl: GL_BACKENDS } as const;

/** The options that are given as text and parsed: numbers, frame rate and enums. */
export type ParsedOptionName = (typeof WHOLE)[number] | (typeof POSITIVE)[number] | keyof typeof CHOICES | 'fps';
const PARSED_OPTION_NAMES: readonly ParsedOptionName[] = [...WHOLE, ...POSITIVE, ...(Object.keys(CHOICES) as (keyof typeof CHOICES)[]), 'fps'];

/** Those options as text, keyed by the engine's names (commander's flag keys and the action inputs' table keys). */
export type OptionText = Partial<Record<ParsedOptionName, string>>;
/** Those options typed. */
export type ParsedOptions = Pick<RenderJobOptions, ParsedOptionName>;

function parseOne(name: ParsedOptionName, text: string): unknown {
  if (name === 'fps') return parseFrameRate(text, name);
  if ((WHOLE as readonly string[]).includes(name)) return parseInteger(name, text);
  if ((POSITIVE as readonly string[]).includes(name)) return parsePositiveNumber(name, text);
  return parseChoice(name, text, CHOICES[name as keyof typeof CHOICES]);
}

/** Parses each option given as text; empty text counts as not given. Errors name the option (`{width}`). */
export function parseOptionText(text: OptionText): ParsedOptions {
  const parsed: Record<string, unknown> = {};
  for (const name of PARSED_OPTION_NAMES) {
    const value = text[name]?.trim();
    if (value) parsed[name] = parseOne(name, value);
  }
  return parsed as ParsedOptions;
}
