import { writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Codec, VideoFormat } from '../plan/spec-values.js';
import type { FrameRate } from '../shared/fps.js';
import { containerArgs } from './ffmpeg-args.js';
import { runTool } from './ffmpeg-process.js';

/** One rendered frame range. */
export interface Segment {
  path: string;
  frameCount: number;
}

/** Quotes a path for an ffmpeg concat list. */
function concatQuote(file: string): string {
  return `'${file.replace(/'/g, "'\\''")}'`;
}

/**
 * The concat list: each segment with an explicit duration of frames × frame step, so the
 * stitched timeline never picks up the rounding of each file's stored duration.
 */
function buildConcatList(segments: Segment[], fps: FrameRate): string {
  return segments
    .map((s) => `file ${concatQuote(path.resolve(s.path))}\nduration ${((s.frameCount * fps.den) / fps.num).toFixed(9)}\n`)
    .join('');
}

/**
 * Joins segments by stream copy (no re-encode) into `file`, written directly: callers pick
 * a temporary name and rename it when done (stitchJob does, through prepareOutput).
 */
export async function concatSegments(
  ffmpeg: string,
  segments: Segment[],
  stream: { fps: FrameRate; format: VideoFormat; codec: Codec },
  file: string,
  signal?: AbortSignal,
): Promise<void> {
  const { fps } = stream;
  const list = path.join(tmpdir(), `helios-concat-${randomBytes(4).toString('hex')}.txt`);
  await writeFile(list, `ffconcat version 1.0\n${buildConcatList(segments, fps)}`);
  try {
    await runTool(
      ffmpeg,
      [
        '-hide_banner', '-loglevel', 'error', '-y',
        '-f', 'concat', '-safe', '0', '-i', list,
        '-c', 'copy', '-an',
        ...containerArgs(stream.format, stream.codec, fps),
        file,
      ],
      signal,
    );
  } finally {
    await rm(list, { force: true });
  }
}
