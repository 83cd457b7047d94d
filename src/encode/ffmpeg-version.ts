import { runTool } from './ffmpeg-process.js';

/** The first line of `ffmpeg -version`, e.g. "ffmpeg version 5.1.9-0+deb12u1". */
export async function readFfmpegVersion(ffmpeg: string): Promise<string> {
  // Only for logs and manifests: an ffmpeg that cannot tell its version is 'unknown'; encoding reports real failures.
  const out = await runTool(ffmpeg, ['-hide_banner', '-version']).catch(() => '');
  return /ffmpeg version (\S+)/.exec(out)?.[1] ?? 'unknown';
}
