import type { PageEncoderConfig } from '../browser/runtime/api.js';
import { type FrameRate } from '../shared/fps.js';

/** H.264 levels the browser's encoder may be asked for: [level_idc hex, max macroblocks per frame, per second, max kbit/s (baseline)]. */
const LEVELS: ReadonlyArray<readonly [string, number, number, number]> = [
  ['1f', 3600, 108_000, 14_000], // 3.1
  ['20', 5120, 216_000, 20_000], // 3.2
  ['28', 8192, 245_760, 20_000], // 4.0
  ['2a', 8704, 522_240, 50_000], // 4.2
  ['32', 22_080, 589_824, 135_000], // 5.0
  ['33', 36_864, 983_040, 240_000], // 5.1
  ['34', 36_864, 2_073_600, 240_000], // 5.2
];

/**
 * Bits per pixel per frame at CRF 18. The browser's H.264 encoder (OpenH264, constrained
 * baseline) has no constant-quality mode, so --quality maps onto a bitrate: every 6 CRF
 * steps halve it, as they roughly do for x264. At 1280x720, 30 fps this asks for 8.3 Mbit/s.
 */
const BITS_PER_PIXEL_AT_CRF_18 = 0.3;

export interface WebCodecsSettings {
  width: number;
  height: number;
  fps: FrameRate;
  /** x264-style CRF (0-51); mapped onto a bitrate. */
  crf: number;
}

/** The smallest level that holds the size and rate, or null when none does. */
export function h264LevelFor(width: number, height: number, fps: FrameRate): { idc: string; maxKbps: number } | null {
  const perFrame = Math.ceil(width / 16) * Math.ceil(height / 16);
  const perSecond = (perFrame * fps.num) / fps.den;
  const level = LEVELS.find(([, f, s]) => perFrame <= f && perSecond <= s);
  return level ? { idc: level[0], maxKbps: level[3] } : null;
}

/** The VideoEncoder configuration for a render, or why the browser's encoder cannot take it. */
export function buildPageEncoderConfig(s: WebCodecsSettings): { config: PageEncoderConfig } | { reason: string } {
  if (s.width % 2 || s.height % 2) return { reason: `H.264 needs an even size, not ${s.width}x${s.height}` };
  const level = h264LevelFor(s.width, s.height, s.fps);
  if (!level) return { reason: `${s.width}x${s.height} at ${(s.fps.num / s.fps.den).toFixed(2)} fps is beyond H.264 level 5.2` };
  const fps = s.fps.num / s.fps.den;
  const wanted = BITS_PER_PIXEL_AT_CRF_18 * s.width * s.height * fps * 2 ** ((18 - s.crf) / 6);
  const bitrate = Math.round(Math.min(Math.max(wanted, 200_000), level.maxKbps * 1000));
  return { config: { codec: `avc1.4200${level.idc}`, width: s.width, height: s.height, bitrate, framerate: fps } };
}
