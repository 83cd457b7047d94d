import { InvalidOptionError } from '../shared/errors.js';
import { formatFrameRate, type FrameRate } from '../shared/fps.js';
import { segmentExtension } from '../plan/chunk-manifest.js';
import { type Codec, type Preset, type VideoFormat } from '../plan/spec-values.js';
import { codecArgs, defaultCodec, isRgb, pixelFormat } from './codec-args.js';
import { INTERMEDIATE_FORMAT_ARGS } from './intermediate.js';

export { defaultCrf } from './codec-args.js';

// The lists are the job spec's (plan/ is their one source).
export { PRESETS, VIDEO_FORMATS, type Preset, type VideoFormat } from '../plan/spec-values.js';

/** Everything the encoder needs, fully resolved. */
export interface EncodeSettings {
  format: VideoFormat;
  /** Default: the format's own (h264, vp9, prores; FFV1 for gif and png, made at the end). */
  codec?: Codec;
  fps: FrameRate;
  width: number;
  height: number;
  /** Constant rate factor: lower is better quality (x264 0–51, VP9 0–63); null for codecs without one. */
  crf: number | null;
  preset: Preset;
  /** Keep the images' alpha channel (png input; prores, vp9 and the png/gif intermediate). */
  transparent?: boolean;
  /** Size of the incoming images when it differs from the output (canvas mode); 0x0 when not known in advance (DOM capture at a --scale): scaled to the output whatever it is. */
  inputWidth: number;
  inputHeight: number;
  /** jpeg or png: images to encode (default jpeg); h264: an Annex B stream from the page's encoder, muxed as it is. */
  input?: 'jpeg' | 'png' | 'h264';
}

/**
 * Track timescale: a multiple of the frame rate's numerator near 90 kHz, so every frame
 * step is an exact integer tick (3000 at 30 fps, 3003 at 30000/1001) and segments join
 * without rounding drift.
 */
export function timescaleFor(fps: FrameRate): number {
  return fps.num * Math.max(1, Math.ceil(90_000 / fps.num));
}

/** Keyframe interval: every 2 seconds, and never across a segment boundary (each segment starts with an IDR). */
export function gopFor(fps: FrameRate): number {
  return Math.max(1, Math.round((2 * fps.num) / fps.den));
}

/**
 * Muxer arguments of a segment (and of the stitched video, which must match it): the
 * frame-rate-exact track timescale for MP4/MOV, the hvc1 tag again for H.265 (a stream
 * copy does not carry it over on its own).
 */
export function containerArgs(format: VideoFormat, codec: Codec, fps: FrameRate): string[] {
  const timescale = ['-video_track_timescale', String(timescaleFor(fps))];
  const hvc1 = codec === 'h265' ? ['-tag:v', 'hvc1'] : [];
  switch (segmentExtension(format)) {
    case 'webm':
      return ['-f', 'webm'];
    case 'mkv':
      return [...INTERMEDIATE_FORMAT_ARGS];
    case 'mov':
      return ['-f', 'mov', '-movflags', '+faststart', ...timescale, ...hvc1];
    default:
      return ['-f', 'mp4', '-movflags', '+faststart', ...timescale, ...hvc1];
  }
}

/**
 * The one conversion from the captured images to what the codec stores. Chrome's JPEGs are
 * full-range BT.601 YCbCr; PNGs are RGB(A). YUV codecs get limited-range BT.709 (what players
 * assume for video); the RGB intermediate keeps RGB.
 */
function videoFilter(s: EncodeSettings, codec: Codec): string {
  const size = s.inputWidth !== s.width || s.inputHeight !== s.height ? `${s.width}:${s.height}:flags=bicubic:` : '';
  const from = s.input === 'png' ? '' : 'in_range=pc:in_color_matrix=bt601:';
  const to = isRgb(codec) ? '' : 'out_range=tv:out_color_matrix=bt709';
  const scale = `${size}${from}${to}`.replace(/:$/, '');
  const format = pixelFormat({ codec, transparent: s.transparent ?? false });
  return scale ? `scale=${scale},format=${format}` : `format=${format}`;
}

/** Colour tags of YUV outputs (an RGB intermediate has none to set). */
function colourTags(codec: Codec): string[] {
  if (isRgb(codec)) return [];
  return ['-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-color_range', 'tv'];
}

/**
 * ffmpeg arguments that read frames from stdin and write one segment to `output`: JPEG or PNG
 * images encoded with the format's codec, or (input h264) the page's H.264 stream copied
 * into MP4 with one frame per 1/fps. The page's stream already says its colours (full-range
 * BT.709 with sRGB transfer, as the browser converted them), so nothing is converted.
 */
export function buildEncodeArgs(s: EncodeSettings, output: string): string[] {
  const codec = s.codec ?? defaultCodec(s.format);
  const container = containerArgs(s.format, codec, s.fps);
  if (s.input === 'h264') {
    if (s.format !== 'mp4' || codec !== 'h264') {
      throw new InvalidOptionError(`the page's H.264 stream ({canvasEncoder} webcodecs) goes into mp4 as h264 only, not ${codec} in ${s.format}: pass {canvasEncoder} jpeg`, 'canvasEncoder');
    }
    // The raw H.264 reader's own timestamps drift by a tick every ~33 frames: number the frames exactly instead.
    const timescale = timescaleFor(s.fps);
    const step = (timescale * s.fps.den) / s.fps.num;
    return [
      '-hide_banner', '-loglevel', 'error', '-y',
      '-f', 'h264', '-framerate', formatFrameRate(s.fps), '-i', 'pipe:0',
      '-c:v', 'copy', '-bsf:v', `setts=ts=N*${step}:duration=${step}:time_base=1/${timescale}`,
      '-an', ...container, output,
    ];
  }
  const choice = { format: s.format, codec, crf: s.crf, preset: s.preset, transparent: s.transparent ?? false, gop: gopFor(s.fps) };
  return [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'image2pipe', '-c:v', s.input === 'png' ? 'png' : 'mjpeg', '-framerate', formatFrameRate(s.fps), '-i', 'pipe:0',
    '-vf', videoFilter(s, codec),
    ...codecArgs(choice),
    '-pix_fmt', pixelFormat(choice), ...colourTags(codec),
    '-an',
    ...container,
    output,
  ];
}
