import path from 'node:path';
import { defaultCrf } from '../encode/ffmpeg-args.js';
import { parseSequencePattern } from '../encode/png-sequence.js';
import {
  ALPHA_CODECS, CODECS, FORMAT_CODECS, MAX_CRF, MAX_EVERY_NTH_FRAME, MAX_GIF_PIXELS, MAX_SCALE, MIN_SCALE, VIDEO_FORMATS,
  type Codec, type VideoFormat,
} from '../plan/spec-values.js';
import { InvalidOptionError } from '../shared/errors.js';
import { parseChoice, parseInteger, parsePositiveNumber } from '../shared/parse-values.js';

/** What the caller said about the output (all optional; typed, not yet checked against each other). */
export interface OutputRequest {
  output?: string;
  format?: VideoFormat;
  codec?: Codec;
  quality?: number;
  transparent?: boolean;
  /** Write a PNG image sequence; `output` is then its folder (or a pattern like frames/%05d.png). */
  sequence?: boolean;
  /**
   * `output` is a chunk's segment, named by the worker (segmentFileNames): the format is given,
   * and for GIF and PNG frames the file is their .mkv intermediate.
   */
  segment?: boolean;
  scale?: number;
  everyNthFrame?: number;
  gifLoops?: number;
}

/** The output, resolved: one format and codec that go together, and their settings. */
export interface OutputSettings {
  /** A file, or for png a pattern like `frames/%05d.png`. */
  output: string;
  format: VideoFormat;
  codec: Codec;
  /** null for codecs without one (prores, gif, png). */
  crf: number | null;
  transparent: boolean;
  scale: number;
  everyNthFrame: number;
  /** GIF: times it repeats after the first play; null loops forever. */
  gifLoops: number | null;
}

/** Default file name of an image sequence's frames: frame N is 00000N.png, as most editors expect. */
export const SEQUENCE_PATTERN = '%05d.png';

const EXTENSIONS: Readonly<Record<string, VideoFormat>> = { mp4: 'mp4', m4v: 'mp4', webm: 'webm', mov: 'mov', gif: 'gif', png: 'png' };

/** The format an output name says, if any (`frames/%05d.png` is png; a `.png` without a pattern is refused). */
function formatOfOutput(output: string | undefined): VideoFormat | undefined {
  if (!output) return undefined;
  const ext = path.extname(output).slice(1).toLowerCase();
  if (!ext) return undefined;
  const format = EXTENSIONS[ext];
  if (!format) {
    throw new InvalidOptionError(
      `cannot tell the format from the output's extension .${ext}: use .mp4, .webm, .mov, .gif, or frames/${SEQUENCE_PATTERN} for PNG frames, or pass {format}`,
      'output',
    );
  }
  if (format === 'png' && !parseSequencePattern(output)) {
    throw new InvalidOptionError(
      `${output} is one image, but a render writes one PNG per frame: use a pattern like frames/${SEQUENCE_PATTERN}, or {sequence} with a folder (helios still makes one image)`,
      'output',
    );
  }
  return format;
}

function resolveFormatAndOutput(r: OutputRequest): { format: VideoFormat; output: string } {
  if (r.segment && r.format !== undefined && r.output !== undefined) return { format: parseChoice('format', r.format, VIDEO_FORMATS), output: r.output };
  if (r.sequence) {
    if (r.format !== undefined && r.format !== 'png') throw new InvalidOptionError(`{sequence} writes PNG frames, not ${r.format}: drop one of them`, 'sequence');
    const folder = r.output ?? 'frames';
    const named = path.extname(folder) ? formatOfOutput(folder) : undefined;
    if (named !== undefined && named !== 'png') throw new InvalidOptionError(`{sequence} writes PNG frames, but the output ${folder} is a .${named} file: pass a folder`, 'sequence');
    return { format: 'png', output: named === 'png' ? folder : path.join(folder, SEQUENCE_PATTERN) };
  }
  const named = formatOfOutput(r.output);
  if (r.format !== undefined) {
    const format = parseChoice('format', r.format, VIDEO_FORMATS);
    if (named !== undefined && named !== format) {
      throw new InvalidOptionError(`{format} ${format} does not match the output ${r.output}: change one of them`, 'format');
    }
    if (format === 'png' && named === undefined) return { format, output: path.join(r.output ?? 'frames', SEQUENCE_PATTERN) };
    return { format, output: r.output ?? `out.${format}` };
  }
  // No format named: the codec may say (h265 -> mp4, prores -> mov, vp9 -> webm).
  const format = named ?? (r.codec ? VIDEO_FORMATS.find((f) => FORMAT_CODECS[f].includes(r.codec!)) : undefined) ?? 'mp4';
  if (format === 'png' && named === undefined) return { format, output: path.join(r.output ?? 'frames', SEQUENCE_PATTERN) };
  return { format, output: r.output ?? `out.${format}` };
}

function resolveCodec(requested: Codec | undefined, format: VideoFormat): Codec {
  const allowed = FORMAT_CODECS[format];
  if (requested === undefined) return allowed[0];
  const codec = parseChoice('codec', requested, CODECS);
  if (!allowed.includes(codec)) {
    const homes = VIDEO_FORMATS.filter((f) => FORMAT_CODECS[f].includes(codec)).map((f) => `.${f}`);
    throw new InvalidOptionError(`{codec} ${codec} cannot go into ${format}, which takes ${allowed.join(' or ')}: use ${homes.join(' or ')} for ${codec}`, 'codec');
  }
  return codec;
}

function resolveCrf(quality: number | undefined, codec: Codec): number | null {
  const max = MAX_CRF[codec];
  if (max === null) {
    if (quality !== undefined) throw new InvalidOptionError(`{quality} does not apply to ${codec}: it has no CRF (${codec === 'prores' ? 'ProRes 4444/422 HQ are fixed-quality profiles' : 'it is lossless or palette-based'})`, 'quality');
    return null;
  }
  return quality === undefined ? defaultCrf(codec) : parseInteger('quality', quality, 0, max);
}

function resolveTransparent(requested: boolean | undefined, format: VideoFormat, codec: Codec): boolean {
  // A PNG sequence is for compositing: it keeps the page's alpha unless told otherwise.
  if (requested === undefined) return format === 'png';
  if (requested && !ALPHA_CODECS.includes(codec)) {
    throw new InvalidOptionError(
      `{transparent}: ${format === 'gif' ? 'a GIF has no alpha channel (one transparent palette colour at most)' : `${codec} in ${format} cannot carry an alpha channel`}. ` +
        `Use a .mov {output} (ProRes 4444), a .webm {output} (VP9 with alpha) or a PNG sequence (frames/${SEQUENCE_PATTERN})`,
      'transparent',
    );
  }
  return requested;
}

function resolveGifSettings(r: OutputRequest, format: VideoFormat): Pick<OutputSettings, 'everyNthFrame' | 'gifLoops'> {
  if (format !== 'gif') {
    if (r.everyNthFrame !== undefined && r.everyNthFrame !== 1) throw new InvalidOptionError(`{everyNthFrame} is for GIFs only, and the output is ${format}`, 'everyNthFrame');
    if (r.gifLoops !== undefined) throw new InvalidOptionError(`{gifLoops} is for GIFs only, and the output is ${format}`, 'gifLoops');
  }
  return {
    everyNthFrame: r.everyNthFrame === undefined ? 1 : parseInteger('everyNthFrame', r.everyNthFrame, 1, MAX_EVERY_NTH_FRAME),
    gifLoops: r.gifLoops === undefined ? null : parseInteger('gifLoops', r.gifLoops, 0, 65535),
  };
}

/** Applies defaults and checks that the output's format, codec, quality, alpha and GIF settings go together (pure: no page needed). */
export function resolveOutputSettings(r: OutputRequest): OutputSettings {
  const { format, output } = resolveFormatAndOutput(r);
  const codec = resolveCodec(r.codec, format);
  return {
    output,
    format,
    codec,
    crf: resolveCrf(r.quality, codec),
    transparent: resolveTransparent(r.transparent, format, codec),
    scale: r.scale === undefined ? 1 : checkScale(r.scale),
    ...resolveGifSettings(r, format),
  };
}

function checkScale(scale: number): number {
  const value = parsePositiveNumber('scale', scale, MAX_SCALE);
  if (value < MIN_SCALE) throw new InvalidOptionError(`{scale} must be between ${MIN_SCALE} and ${MAX_SCALE}, got ${value}`, 'scale');
  return value;
}

/** The output's size: the layout's times the scale, rounded to even numbers (yuv420p needs them). */
export function scaledSize(width: number, height: number, scale: number): { width: number; height: number } {
  const even = (n: number) => Math.max(2, Math.round((n * scale) / 2) * 2);
  return { width: even(width), height: even(height) };
}

/**
 * The size of the images the encoder receives, when it is known before the first one: the
 * canvas's own pixels in canvas mode, the output size at scale 1. At any other scale a DOM
 * capture is Chromium's own rounding of width × scale (up, and never under 0.5x: a 256x64
 * page at 0.25 comes back 128x32), so it is left unknown (0x0) and the encoder scales
 * whatever arrives to the even output size.
 */
export function captureSize(canvas: { width: number; height: number } | null, output: { width: number; height: number }, scale: number): { width: number; height: number } {
  if (canvas) return canvas;
  return scale === 1 ? output : { width: 0, height: 0 };
}

/** Refuses a GIF larger than MAX_GIF_PIXELS, naming the --scale that fits. */
export function checkGifSize(format: VideoFormat, width: number, height: number, scale: number): void {
  if (format !== 'gif') return;
  const size = scaledSize(width, height, scale);
  if (size.width * size.height <= MAX_GIF_PIXELS) return;
  const fits = Math.floor(Math.sqrt(MAX_GIF_PIXELS / (width * height)) * 100) / 100;
  const smaller = scaledSize(width, height, fits);
  throw new InvalidOptionError(
    `a ${size.width}x${size.height} GIF is too large (at most 1280x720 pixels' worth: every frame is stored nearly uncompressed): ` +
      `pass {scale} ${fits} (${smaller.width}x${smaller.height}) or less, or a smaller {width} and {height}`,
    'scale',
  );
}

/** Browsers play GIF frames shorter than 2 cs as 10 cs: a GIF faster than 50 fps would play slowly. */
const MAX_GIF_FPS = 50;

/** Refuses a GIF whose frame rate after --every-nth-frame is above 50 fps, naming the N that fits. */
export function checkGifRate(format: VideoFormat, fps: { num: number; den: number }, everyNthFrame: number): void {
  if (format !== 'gif') return;
  const rate = fps.num / fps.den / everyNthFrame;
  if (rate <= MAX_GIF_FPS) return;
  const fits = Math.ceil(fps.num / fps.den / MAX_GIF_FPS);
  throw new InvalidOptionError(
    `a GIF at ${Math.round(rate * 100) / 100} fps would play slowly: browsers show frames shorter than 1/50 s for 1/10 s. Pass {everyNthFrame} ${fits} (or a lower {fps})`,
    'everyNthFrame',
  );
}
