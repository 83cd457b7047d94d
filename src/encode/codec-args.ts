import { FFV1_ARGS } from './intermediate.js';
import { FORMAT_CODECS, PRESETS, type Codec, type Preset, type VideoFormat } from '../plan/spec-values.js';

/** What the codec arguments depend on. */
export interface CodecChoice {
  format: VideoFormat;
  codec: Codec;
  /** null for codecs without one. */
  crf: number | null;
  preset: Preset;
  transparent: boolean;
  /** Keyframe interval in frames (every segment starts with one). */
  gop: number;
}

/** The codec a format gets when none is named. */
export function defaultCodec(format: VideoFormat): Codec {
  return FORMAT_CODECS[format][0];
}

/**
 * Default CRF per codec, each "visually clean" on motion graphics: x264 18 is the usual
 * transparent point; x265 is about 4-6 CRF more efficient, so 22 matches it at ~40% fewer
 * bytes; VP9 31 and SVT-AV1 30 are those encoders' documented near-transparent settings for
 * 720p-1080p (README, "Formats"). Codecs without a CRF have none (null).
 */
export function defaultCrf(codec: Codec): number | null {
  const crf: Record<Codec, number | null> = { h264: 18, h265: 22, vp9: 31, av1: 30, prores: null, gif: null, png: null };
  return crf[codec];
}

/** The pixel format the codec stores. */
export function pixelFormat(c: Pick<CodecChoice, 'codec' | 'transparent'>): string {
  switch (c.codec) {
    case 'prores':
      return c.transparent ? 'yuva444p10le' : 'yuv422p10le';
    case 'vp9':
      return c.transparent ? 'yuva420p' : 'yuv420p';
    case 'gif':
    case 'png':
      // The lossless intermediate GIF and PNG outputs are made from (FFV1 keeps RGB as it is).
      return c.transparent ? 'bgra' : 'bgr0';
    default:
      return 'yuv420p';
  }
}

/** True when the codec stores RGB (no conversion to limited-range BT.709 YUV). */
export function isRgb(codec: Codec): boolean {
  return codec === 'gif' || codec === 'png';
}

/**
 * x264's superfast switches macroblock-tree rate control off (no lookahead), which more
 * than doubles the file on motion graphics at the same CRF; with mbtree over 10 frames
 * (veryfast's lookahead) it matches veryfast's PSNR/SSIM within 0.3 dB at about 7% more
 * bytes, for about a third less encoder CPU (`npm run bench`, presets section: 720p frames
 * of the dom-css and canvas-raf examples). ultrafast stays as x264 has it (no lookahead).
 */
function x264Params(preset: Preset): string {
  return preset === 'superfast' ? 'open-gop=0:rc-lookahead=10:mbtree=1' : 'open-gop=0';
}

/** The preset's position, 0 (ultrafast) to 8 (veryslow), for encoders with numbered speeds. */
const speedIndex = (preset: Preset) => PRESETS.indexOf(preset);

function h264Args(c: CodecChoice, gop: string): string[] {
  return [
    '-c:v', 'libx264', '-preset', c.preset, '-crf', String(c.crf),
    '-g', gop, '-keyint_min', gop, '-sc_threshold', '0', '-x264-params', x264Params(c.preset),
    // CRF 0 is lossless, which x264 allows only in the High 4:4:4 Predictive profile (even for 4:2:0).
    '-profile:v', c.crf === 0 ? 'high444' : 'high',
  ];
}

function h265Args(c: CodecChoice, gop: string): string[] {
  // Closed GOPs of exactly `gop` frames and no scene-cut keyframes, as for x264: every
  // segment starts with an IDR and the stream copy at the seams stays valid. hvc1 (parameter
  // sets in the sample description) is the tag Apple's players require.
  return [
    '-c:v', 'libx265', '-preset', c.preset, '-crf', String(c.crf), '-tag:v', 'hvc1',
    '-x265-params', `keyint=${gop}:min-keyint=${gop}:scenecut=0:open-gop=0:log-level=error`,
  ];
}

function vp9Args(c: CodecChoice, gop: string): string[] {
  // The default preset (superfast) gives -cpu-used 6, libvpx's usual realtime speed.
  const cpuUsed = Math.max(0, 7 - speedIndex(c.preset));
  return [
    '-c:v', 'libvpx-vp9', '-crf', String(c.crf), '-b:v', '0',
    '-deadline', cpuUsed >= 5 ? 'realtime' : 'good', '-cpu-used', String(cpuUsed), '-row-mt', '1',
    '-g', gop, '-keyint_min', gop,
    ...(c.transparent ? ['-auto-alt-ref', '0', '-metadata:s:v:0', 'alpha_mode=1'] : []),
  ];
}

function av1Args(c: CodecChoice, gop: string): string[] {
  // SVT-AV1 presets run 0 (slowest) to 13; superfast maps to 10, each slower preset one less.
  const preset = Math.max(2, 12 - speedIndex(c.preset));
  return ['-c:v', 'libsvtav1', '-preset', String(preset), '-crf', String(c.crf), '-g', gop, '-svtav1-params', 'scd=0:irefresh-type=2'];
}

function proresArgs(c: CodecChoice): string[] {
  // 4444 carries alpha (16-bit in prores_ks); without alpha, 422 HQ is the usual mastering profile.
  return ['-c:v', 'prores_ks', '-profile:v', c.transparent ? '4444' : 'hq', '-vendor', 'apl0', ...(c.transparent ? ['-alpha_bits', '16'] : [])];
}


/** The encoder arguments for `c`, without pixel format and container. */
export function codecArgs(c: CodecChoice): string[] {
  const gop = String(c.gop);
  switch (c.codec) {
    case 'h264':
      return h264Args(c, gop);
    case 'h265':
      return h265Args(c, gop);
    case 'vp9':
      return vp9Args(c, gop);
    case 'av1':
      return av1Args(c, gop);
    case 'prores':
      return proresArgs(c);
    case 'gif':
    case 'png':
      // FFV1, the lossless intermediate of GIF and PNG outputs (settings and why: intermediate.ts).
      return [...FFV1_ARGS];
  }
}

/** The ffmpeg encoder each codec uses, to check it is there before a render starts. */
export function encoderName(c: Pick<CodecChoice, 'codec'>): string {
  const names: Record<Codec, string> = { h264: 'libx264', h265: 'libx265', vp9: 'libvpx-vp9', av1: 'libsvtav1', prores: 'prores_ks', gif: 'ffv1', png: 'ffv1' };
  return names[c.codec];
}
