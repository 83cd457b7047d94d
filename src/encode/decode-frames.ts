import { spawn } from 'node:child_process';
import { EncodeError, RenderAbortedError } from '../shared/errors.js';

/**
 * Decodes a video to raw RGB (3 bytes a pixel, rows top to bottom) and keeps only the
 * frames at the given indexes (0 = the file's first frame). Frames stream through one
 * at a time, so a long video costs no more memory than the frames kept; ffmpeg is
 * stopped once the last wanted frame is in.
 */
export async function decodeFramesRgb(
  ffmpeg: string,
  file: string,
  size: { width: number; height: number },
  wanted: readonly number[],
  signal?: AbortSignal,
): Promise<Map<number, Buffer>> {
  const frameBytes = size.width * size.height * 3;
  const want = new Set(wanted);
  const last = Math.max(...wanted);
  const found = new Map<number, Buffer>();
  // The scale keeps every frame at the size compared, whatever the file's size.
  const args = ['-hide_banner', '-loglevel', 'error', '-i', file, '-vf', `scale=${size.width}:${size.height}`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'];
  const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const onAbort = () => child.kill('SIGKILL');
  signal?.addEventListener('abort', onAbort, { once: true });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  let index = 0;
  let pending: Buffer = Buffer.alloc(0);
  let stopped = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (stopped) return;
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= frameBytes) {
      if (want.has(index)) found.set(index, Buffer.from(pending.subarray(0, frameBytes)));
      pending = pending.subarray(frameBytes);
      index++;
      if (index > last) {
        stopped = true;
        child.kill('SIGKILL');
        return;
      }
    }
  });
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', (error) => reject(new EncodeError(`could not start ffmpeg (${ffmpeg}): ${error.message}. Pass --ffmpeg <path> or set FFMPEG_PATH.`, { cause: error, args })));
      child.on('close', (c) => resolve(c));
    });
    if (signal?.aborted) throw new RenderAbortedError();
    if (!stopped && code !== 0) {
      throw new EncodeError(`ffmpeg could not decode ${file} (exit code ${code}):\n${stderr.trim() || '(no output)'}`, { args, toolExit: code ?? undefined, stderrTail: stderr.trim() });
    }
    const missing = wanted.filter((n) => !found.has(n));
    if (missing.length) throw new EncodeError(`${file} has ${index} frames, fewer than needed to read frame ${missing[0]}`);
    return found;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
