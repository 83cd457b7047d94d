import path from 'node:path';
import { runTool } from './ffmpeg-process.js';

/**
 * Writes every frame of the lossless intermediate (FFV1 in Matroska) as one PNG into `dir`,
 * named by `pattern` (`%05d.png`) and numbered from `startNumber`. RGB stays RGB and an alpha
 * channel stays (bgra becomes rgba PNGs).
 *
 * Minimal version written on the alpha branch for its tests; the gif branch has the full one.
 */
export async function writePngSequence(o: { ffmpeg: string; input: string; dir: string; pattern: string; startNumber: number; signal?: AbortSignal }): Promise<void> {
  await runTool(
    o.ffmpeg,
    ['-hide_banner', '-loglevel', 'error', '-y', '-i', o.input, '-map', '0:v:0', '-c:v', 'png', '-f', 'image2', '-start_number', String(o.startNumber), path.join(o.dir, o.pattern)],
    o.signal,
  );
}
