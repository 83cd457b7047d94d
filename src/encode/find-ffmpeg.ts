import { createRequire } from 'node:module';
import { DependencyNotFoundError } from '../shared/errors.js';
import { findOnPath, isExecutable } from '../shared/find-executable.js';

/** An ffmpeg binary (ffprobe is looked for next to it). */
export interface FfmpegExecutable {
  path: string;
  source: string;
}

/** The path ffmpeg-static exports, when that optional dependency is installed and downloaded. */
function ffmpegStaticPath(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const p = require('ffmpeg-static') as unknown;
    return typeof p === 'string' && isExecutable(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

/** Finds ffmpeg: `explicit` (--ffmpeg), FFMPEG_PATH, ffmpeg-static if installed, then PATH. */
export function findFfmpeg(explicit: string | undefined, env: NodeJS.ProcessEnv): FfmpegExecutable {
  const given: Array<[string | undefined, string]> = [
    [explicit, '--ffmpeg'],
    [env.FFMPEG_PATH, 'FFMPEG_PATH'],
  ];
  for (const [value, source] of given) {
    if (!value) continue;
    const resolved = value.includes('/') ? value : findOnPath(value, env.PATH);
    if (!resolved || !isExecutable(resolved)) {
      throw new DependencyNotFoundError(`ffmpeg not found: ${source} points to "${value}", which is not an executable file. Fix ${source} or unset it to use ffmpeg from PATH.`, {
        tool: 'ffmpeg',
        searched: [source],
      });
    }
    return { path: resolved, source };
  }
  const fromStatic = ffmpegStaticPath();
  if (fromStatic) return { path: fromStatic, source: 'ffmpeg-static' };
  const found = findOnPath('ffmpeg', env.PATH);
  if (found) return { path: found, source: 'PATH' };
  throw new DependencyNotFoundError(
    'ffmpeg not found: pass --ffmpeg <path> or set FFMPEG_PATH, or install it ' +
      '(Debian/Ubuntu as root: apt-get install ffmpeg; or run `npm run setup`).',
    { tool: 'ffmpeg', searched: ['--ffmpeg', 'FFMPEG_PATH', 'ffmpeg-static', 'PATH'] },
  );
}

/** ffprobe next to the given ffmpeg, else on PATH. */
export function findFfprobe(ffmpeg: string, env: NodeJS.ProcessEnv): string {
  const sibling = ffmpeg.replace(/ffmpeg([^/]*)$/, 'ffprobe$1');
  if (sibling !== ffmpeg && isExecutable(sibling)) return sibling;
  const found = findOnPath('ffprobe', env.PATH);
  if (found) return found;
  throw new DependencyNotFoundError('ffprobe not found next to ffmpeg or on PATH: install ffmpeg (which ships ffprobe).', { tool: 'ffprobe', searched: [sibling, 'PATH'] });
}
