import { InvalidOptionError } from '../shared/errors.js';
import { formatFrameRate, type FrameRate } from '../shared/fps.js';
import { PRESETS, type Preset, type VideoFormat } from '../plan/spec-values.js';

// The lists are the job spec's (plan/ is their one source).
export { PRESETS, VIDEO_FORMATS, type Preset, type VideoFormat } from '../plan/spec-values.js';

/** Everything the encoder needs, fully resolved. */
export interface EncodeSettings {
  format: VideoFormat;
  fps: FrameRate;
  width: number;
  height: number;
  /** Constant rate factor: lower is better quality (x264 0–51, VP9 0–63). */
  crf: number;
  preset: Preset;
  /** Size of the incoming images when it differs from the output (canvas mode). */
  inputWidth: number;
  inputHeight: number;
  /** jpeg: images to encode (default); h264: an Annex B stream from the page's encoder, muxed as it is. */
  input?: 'jpeg' | 'h264';
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

function videoFilter(s: EncodeSettings): string {
  // Chrome's JPEGs are full-range BT.601; convert once to limited-range BT.709 (what players assume for video).
  const size = s.inputWidth !== s.width || s.inputHeight !== s.height ? `${s.width}:${s.height}:flags=bicubic:` : '';
  return `scale=${size}in_range=pc:out_range=tv:in_color_matrix=bt601:out_color_matrix=bt709,format=yuv420p`;
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

function codecArgs(s: EncodeSettings): string[] {
  const gop = String(gopFor(s.fps));
  if (s.format === 'webm') {
    // The default preset (superfast) gives -cpu-used 6, libvpx's usual realtime speed.
    const cpuUsed = Math.max(0, 7 - PRESETS.indexOf(s.preset));
    return [
      '-c:v', 'libvpx-vp9', '-crf', String(s.crf), '-b:v', '0',
      '-deadline', cpuUsed >= 5 ? 'realtime' : 'good', '-cpu-used', String(cpuUsed), '-row-mt', '1',
      '-g', gop, '-keyint_min', gop,
    ];
  }
  return [
    '-c:v', 'libx264', '-preset', s.preset, '-crf', String(s.crf),
    '-g', gop, '-keyint_min', gop, '-sc_threshold', '0', '-x264-params', x264Params(s.preset),
    // CRF 0 is lossless, which x264 allows only in the High 4:4:4 Predictive profile (even for 4:2:0).
    '-profile:v', s.crf === 0 ? 'high444' : 'high',
  ];
}

/**
 * ffmpeg arguments that read frames from stdin and write one segment to `output`: JPEG
 * images encoded with the format's codec, or (input h264) the page's H.264 stream copied
 * into MP4 with one frame per 1/fps. The page's stream already says its colours (full-range
 * BT.709 with sRGB transfer, as the browser converted them), so nothing is converted.
 */
export function buildEncodeArgs(s: EncodeSettings, output: string): string[] {
  const container = s.format === 'webm' ? ['-f', 'webm'] : ['-f', 'mp4', '-movflags', '+faststart', '-video_track_timescale', String(timescaleFor(s.fps))];
  if (s.input === 'h264') {
    if (s.format !== 'mp4') {
      throw new InvalidOptionError(`the page's H.264 stream (--canvas-encoder webcodecs) goes into mp4 only, not ${s.format}`, {
        option: '--canvas-encoder',
        nextStep: 'pass --format mp4, or --canvas-encoder jpeg for webm',
      });
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
  return [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'image2pipe', '-c:v', 'mjpeg', '-framerate', formatFrameRate(s.fps), '-i', 'pipe:0',
    '-vf', videoFilter(s),
    ...codecArgs(s),
    '-pix_fmt', 'yuv420p', '-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-color_range', 'tv',
    '-an',
    ...container,
    output,
  ];
}

/** Default CRF per format: visually clean (x264 18 is the usual "transparent" point; VP9 31 is close to it). */
export function defaultCrf(format: VideoFormat): number {
  return format === 'webm' ? 31 : 18;
}
