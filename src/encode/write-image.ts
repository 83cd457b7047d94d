import { startEncoder, runTool } from './ffmpeg-process.js';

/** Still image formats: PNG and WebP can keep alpha, JPEG cannot. */
export const IMAGE_FORMATS = ['png', 'jpeg', 'webp'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

/** File extensions of each format (the first is the one to suggest). */
export const IMAGE_EXTENSIONS: Readonly<Record<ImageFormat, readonly string[]>> = { png: ['png'], jpeg: ['jpg', 'jpeg'], webp: ['webp'] };

/** JPEG and WebP quality when none is given (1-100, higher is better). */
export const DEFAULT_IMAGE_QUALITY = 90;

/**
 * Where the frame comes from: an image the browser captured (JPEG or PNG bytes, as the
 * capturers hand them to the video encoder) or a moment of a rendered video.
 */
export type ImageSource = { image: Buffer } | { video: string; atSeconds: number; inputArgs?: readonly string[] };

export interface WriteImageOptions {
  ffmpeg: string;
  source: ImageSource;
  /** The file to write (the caller makes it atomic); its extension need not say the format. */
  output: string;
  format: ImageFormat;
  /** JPEG and WebP: 1-100, higher is better; default DEFAULT_IMAGE_QUALITY. */
  quality?: number;
  /** PNG and WebP: keep the frame's alpha channel. */
  transparent?: boolean;
  /** Resize to this (a missing height follows the width, even); default the frame's own size. */
  size?: { width: number; height?: number };
  signal?: AbortSignal;
}

/** The video encoder's conversion (ffmpeg-args.ts) and a player's conversion back to full-range RGB. */
const VIDEO_ROUND_TRIP =
  'scale=out_range=tv:out_color_matrix=bt709,format=yuv420p,scale=in_range=tv:in_color_matrix=bt709:out_range=pc:out_color_matrix=bt709,format=rgb24';

/** True for PNG bytes (the signature), else the capture is a JPEG. */
function isPng(data: Buffer): boolean {
  return data.length > 8 && data.readUInt32BE(0) === 0x89504e47;
}

/** ffmpeg's mjpeg -q:v runs 2 (best) to 31: quality 100 -> 2, 1 -> 31. */
export function jpegQscale(quality: number): number {
  return Math.round(2 + ((100 - quality) * 29) / 99);
}

function encoderArgs(o: Pick<WriteImageOptions, 'format' | 'quality' | 'transparent'>): string[] {
  const quality = o.quality ?? DEFAULT_IMAGE_QUALITY;
  switch (o.format) {
    case 'png':
      return ['-c:v', 'png', '-pix_fmt', o.transparent ? 'rgba' : 'rgb24'];
    case 'jpeg':
      return ['-c:v', 'mjpeg', '-q:v', String(jpegQscale(quality)), '-pix_fmt', 'yuvj420p'];
    case 'webp':
      return ['-c:v', 'libwebp', '-quality', String(quality), '-pix_fmt', o.transparent ? 'yuva420p' : 'yuv420p'];
  }
}

/**
 * ffmpeg arguments that write one image. The colours are converted as the video encoder's
 * input is read: a captured JPEG is full-range BT.601 (the mjpeg decoder says so), a PNG is
 * RGB, a rendered video says its own (BT.709, tagged), so the image shows the frame as the
 * video does. A resize uses the video encoder's bicubic, so a still at a --scale is the
 * video's frame, not a sharper or softer one.
 */
export function buildImageArgs(o: Omit<WriteImageOptions, 'ffmpeg' | 'signal'>): string[] {
  const input =
    'image' in o.source
      ? ['-f', 'image2pipe', '-c:v', isPng(o.source.image) ? 'png' : 'mjpeg', '-i', 'pipe:0']
      : ['-ss', o.source.atSeconds.toFixed(3), ...(o.source.inputArgs ?? []), '-i', o.source.video];
  const filters = o.size ? [`scale=${o.size.width}:${o.size.height ?? -2}`] : [];
  // An opaque captured frame goes through the video's own colour conversion (limited-range
  // BT.709 4:2:0) and back, so the image shows what the video shows, not the page's pixels.
  if ('image' in o.source && !o.transparent) filters.push(VIDEO_ROUND_TRIP);
  return [
    '-hide_banner', '-loglevel', 'error', '-y',
    ...input,
    '-frames:v', '1', ...(filters.length ? ['-vf', filters.join(',')] : []),
    ...encoderArgs(o),
    // One image, whatever the file's name says (image2 alone would want a %d pattern).
    '-f', 'image2', '-update', '1', o.output,
  ];
}

/**
 * Writes one frame as a PNG, JPEG or WebP file: `helios still` from the captured image, the
 * PR comment's poster from the middle of the rendered video. The one place images are made.
 */
export async function writeImage(o: WriteImageOptions): Promise<void> {
  const args = buildImageArgs(o);
  if (!('image' in o.source)) {
    await runTool(o.ffmpeg, args, o.signal);
    return;
  }
  const encoder = startEncoder(o.ffmpeg, args);
  const kill = () => encoder.kill();
  o.signal?.addEventListener('abort', kill, { once: true });
  try {
    await encoder.write(o.source.image);
    await encoder.finish();
  } catch (error) {
    encoder.kill();
    throw error;
  } finally {
    o.signal?.removeEventListener('abort', kill);
  }
}
