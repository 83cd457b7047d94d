import path from 'node:path';
import { IMAGE_EXTENSIONS, IMAGE_FORMATS, DEFAULT_IMAGE_QUALITY, type ImageFormat } from '../encode/write-image.js';
import { InvalidOptionError } from '../shared/errors.js';
import { parseInteger } from '../shared/parse-values.js';
import { resolveRenderOptions, type RenderOptions, type ResolvedRenderOptions } from './render-options.js';

/** What `helios still` takes: the composition's options as a render has them, one frame, and an image. */
export interface StillOptions
  extends Omit<
    RenderOptions,
    'output' | 'quality' | 'format' | 'codec' | 'sequence' | 'startFrame' | 'frameCount' | 'everyNthFrame' | 'gifLoops' | 'preset' | 'canvasEncoder' | 'segment' | 'muted' | 'audio' | 'onProgress'
  > {
  /** The image: .png, .jpg/.jpeg or .webp; default still.png. */
  output?: string;
  /** The frame to write (0 is the first). */
  frame: number;
  /** JPEG and WebP quality, 1-100 (higher is better); default 90. Not for PNG. */
  quality?: number;
}

/** The image to write, resolved. */
export interface StillImage {
  output: string;
  format: ImageFormat;
  /** null for PNG (lossless). */
  quality: number | null;
  transparent: boolean;
}

/** The render options the capture uses (as a render of this frame would), the frame and the image. */
export interface ResolvedStillOptions extends ResolvedRenderOptions {
  frame: number;
  image: StillImage;
}

export const DEFAULT_STILL_OUTPUT = 'still.png';

const supported = () => IMAGE_FORMATS.flatMap((f) => IMAGE_EXTENSIONS[f].map((e) => `.${e}`)).join(', ');

function imageFormatOf(output: string): ImageFormat {
  const ext = path.extname(output).slice(1).toLowerCase();
  const format = IMAGE_FORMATS.find((f) => IMAGE_EXTENSIONS[f].includes(ext));
  if (format) return format;
  throw new InvalidOptionError(
    `cannot tell the image format from ${ext ? `the extension .${ext}` : `${output}, which has no extension`}: helios still writes ${supported()} (for a video, use helios render)`,
    'output',
  );
}

/** Checks the image's name, quality and alpha against each other (pure). */
export function resolveStillImage(output: string | undefined, quality: number | undefined, transparent: boolean | undefined): StillImage {
  const file = output || DEFAULT_STILL_OUTPUT;
  const format = imageFormatOf(file);
  if (transparent && format === 'jpeg') {
    throw new InvalidOptionError(`{transparent}: a JPEG has no alpha channel: write a .png or .webp {output}`, 'transparent');
  }
  if (quality !== undefined && format === 'png') {
    throw new InvalidOptionError(`{quality} is for JPEG and WebP images: a PNG is lossless`, 'quality');
  }
  return {
    output: file,
    format,
    quality: format === 'png' ? null : quality === undefined ? DEFAULT_IMAGE_QUALITY : parseInteger('quality', quality, 1, 100),
    transparent: transparent ?? false,
  };
}

/** Applies defaults and checks every value that does not need the page (callers check with it before anything starts). */
export function resolveStillOptions(options: StillOptions): ResolvedStillOptions {
  const frame = parseInteger('frame', options.frame, 0);
  const image = resolveStillImage(options.output, options.quality, options.transparent);
  const render = resolveRenderOptions({
    ...options,
    output: undefined,
    quality: undefined,
    // Captured as a render of this frame would be: with alpha as for PNG frames when the image keeps it; never
    // through the page's H.264 encoder (one frame of H.264 is no image).
    format: image.transparent ? 'png' : 'mp4',
    transparent: image.transparent,
    canvasEncoder: 'jpeg',
  });
  return { ...render, output: image.output, frame, image };
}

/** Refuses a frame past the composition's end, once the page says how long it is (a page of unknown length takes any frame). */
export function checkStillFrame(frame: number, totalFrames: number | null): void {
  if (totalFrames === null || frame < totalFrames) return;
  throw new InvalidOptionError(`{frame} is ${frame}, past the end: the composition has ${totalFrames} frames (0 to ${totalFrames - 1})`, 'frame');
}
