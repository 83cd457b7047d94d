import { invalidValue } from './parse-values.js';

/** A frame rate as an exact fraction, so 30000/1001 never drifts. */
export interface FrameRate {
  num: number;
  den: number;
}

/** Decimal spellings that mean the NTSC rationals. */
const NTSC: Record<string, FrameRate> = {
  '23.976': { num: 24000, den: 1001 },
  '23.98': { num: 24000, den: 1001 },
  '29.97': { num: 30000, den: 1001 },
  '47.952': { num: 48000, den: 1001 },
  '59.94': { num: 60000, den: 1001 },
  '119.88': { num: 120000, den: 1001 },
};

const MAX_FPS = 240;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function reduce(num: number, den: number): FrameRate {
  const g = gcd(num, den);
  return { num: num / g, den: den / g };
}

/**
 * Parses `30`, `29.97`, `30000/1001` or `12.5` (or checks a fraction) into an exact fraction.
 * @param name the option (`fps`, spelled by each entry point) or value (`window.helios.fps`) it came from, for the message
 */
export function parseFrameRate(value: string | number | FrameRate, name = 'fps'): FrameRate {
  const text = typeof value === 'object' ? `${value.num}/${value.den}` : String(value).trim();
  const bad = () => invalidValue(name, `must be a positive frame rate such as 30, 29.97 or 30000/1001 (at most ${MAX_FPS}), got "${text}"`);
  let rate: FrameRate;
  const ratio = /^(\d+)\s*\/\s*(\d+)$/.exec(text);
  if (NTSC[text]) {
    rate = NTSC[text];
  } else if (ratio) {
    const num = Number(ratio[1]);
    const den = Number(ratio[2]);
    if (den === 0 || num === 0) throw bad();
    rate = reduce(num, den);
  } else if (/^\d+(\.\d+)?$/.test(text)) {
    const [whole, frac = ''] = text.split('.');
    const den = 10 ** frac.length;
    const num = Number(whole) * den + Number(frac || 0);
    if (num === 0) throw bad();
    rate = reduce(num, den);
  } else {
    throw bad();
  }
  if (rate.num / rate.den > MAX_FPS) throw bad();
  return rate;
}

/** The frame rate as a number (for display and arithmetic that tolerates rounding). */
export function fpsValue(rate: FrameRate): number {
  return rate.num / rate.den;
}

/** `30` or `30000/1001`: the form ffmpeg and the CLI accept. */
export function formatFrameRate(rate: FrameRate): string {
  return rate.den === 1 ? String(rate.num) : `${rate.num}/${rate.den}`;
}

/** Time of a frame in milliseconds, computed from the fraction (frame * 1000 * den / num). */
export function frameTimeMs(frame: number, rate: FrameRate): number {
  return (frame * 1000 * rate.den) / rate.num;
}

/** Number of whole frames in `seconds` at `rate`, rounded to the nearest frame. */
export function secondsToFrames(seconds: number, rate: FrameRate): number {
  return Math.round((seconds * rate.num) / rate.den);
}
