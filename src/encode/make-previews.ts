import { runTool } from './ffmpeg-process.js';
import { writeImage } from './write-image.js';

export interface PreviewFiles {
  /** A still frame from the middle of the video (PNG). */
  poster: string;
  /** A short animated GIF: a few seconds, small, loops. */
  animation: string;
}

/**
 * Makes the images a PR comment shows: GitHub renders images in comments only from URLs
 * a browser can open without a login, so these are uploaded as release assets.
 */
export async function makePreviews(
  ffmpeg: string,
  video: string,
  durationSeconds: number,
  files: PreviewFiles,
  signal?: AbortSignal,
  /** Input options before `-i video`, e.g. `-framerate 30` for PNG frames given as a pattern. */
  inputArgs: readonly string[] = [],
): Promise<void> {
  const middle = Math.max(0, durationSeconds / 2);
  // The poster is made as `helios still` makes its images (one writer of PNG, JPEG and WebP).
  await writeImage({ ffmpeg, source: { video, atSeconds: middle, inputArgs }, output: files.poster, format: 'png', size: { width: 960 }, signal });
  const seconds = Math.min(6, durationSeconds);
  const start = Math.max(0, Math.min(durationSeconds - seconds, durationSeconds / 2 - seconds / 2));
  await runTool(
    ffmpeg,
    [
      '-hide_banner', '-loglevel', 'error', '-y', '-ss', start.toFixed(3), '-t', seconds.toFixed(3), ...inputArgs, '-i', video,
      '-vf', 'fps=12,scale=480:-2:flags=lanczos,split[a][b];[a]palettegen=max_colors=128[p];[b][p]paletteuse=dither=bayer',
      '-loop', '0', files.animation,
    ],
    signal,
  );
}
