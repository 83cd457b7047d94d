import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { INTERMEDIATE_EXTENSION, INTERMEDIATE_FORMAT_ARGS, intermediateCodecArgs } from '../../src/encode/intermediate.js';
import { CELL, CELLS, FIXTURE_HEIGHT, FIXTURE_WIDTH } from './frames.js';

const exec = promisify(execFile);

const W = FIXTURE_WIDTH;
const H = FIXTURE_HEIGHT;
const FRAME_BYTES = W * H * 4;

/** Where a frame's bottom half turns from blue to red: colours the palette must take from late frames. */
export const RED_FROM = 60;

/**
 * RGBA frame n: the top half shows n in black/white cells (opaque); the bottom half is blue
 * before RED_FROM and red from it, with alpha 0 on even frames and 255 on odd ones.
 */
function cellsFrame(n: number): Buffer {
  const buf = Buffer.alloc(FRAME_BYTES);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const at = (y * W + x) * 4;
      if (y < H / 2) {
        const v = (n >> Math.floor(x / CELL)) & 1 ? 255 : 0;
        buf.set([v, v, v, 255], at);
      } else {
        buf.set(n >= RED_FROM ? [255, 0, 0] : [0, 0, 255], at);
        buf[at + 3] = n % 2 ? 255 : 0;
      }
    }
  }
  return buf;
}

/** What a decoder should show for frame n (the pixel at the middle of a bottom cell). */
export function expectedBottom(n: number, alpha: boolean): number[] {
  const rgb = n >= RED_FROM ? [255, 0, 0] : [0, 0, 255];
  return [...rgb, alpha ? (n % 2 ? 255 : 0) : 255];
}

/** One FFV1 intermediate holding frames start..start+count-1, as a render chunk writes it. */
async function writeSegment(dir: string, fps: string, start: number, count: number, alpha: boolean): Promise<string> {
  const raw = path.join(dir, `segment-${start}.rgba`);
  writeFileSync(raw, Buffer.concat(Array.from({ length: count }, (_, i) => cellsFrame(start + i))));
  const out = path.join(dir, `segment-${start}${INTERMEDIATE_EXTENSION}`);
  await exec('ffmpeg', [
    '-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${W}x${H}`, '-framerate', fps, '-i', raw,
    ...intermediateCodecArgs(alpha), ...INTERMEDIATE_FORMAT_ARGS, out,
  ]);
  return out;
}

/** Segments of different lengths, as chunks of a 90-frame render. */
export const SEGMENTS = [
  { start: 0, count: 31 },
  { start: 31, count: 29 },
  { start: 60, count: 30 },
];
export const TOTAL = 90;

/**
 * Writes the SEGMENTS as intermediates and joins them as the stitch step does (concat
 * demuxer, each file's duration given as frames / fps, stream copy); returns the joined file.
 */
export async function writeJoinedIntermediate(dir: string, fps: string, alpha: boolean): Promise<string> {
  const [num, den] = fps.includes('/') ? fps.split('/').map(Number) : [Number(fps), 1];
  let list = 'ffconcat version 1.0\n';
  for (const s of SEGMENTS) {
    const file = await writeSegment(dir, fps, s.start, s.count, alpha);
    list += `file '${file}'\nduration ${((s.count * den) / num).toFixed(9)}\n`;
  }
  const listFile = path.join(dir, 'concat.txt');
  writeFileSync(listFile, list);
  const joined = path.join(dir, `joined${INTERMEDIATE_EXTENSION}`);
  await exec('ffmpeg', ['-v', 'error', '-y', '-f', 'concat', '-safe', '0', '-i', listFile, '-c', 'copy', ...INTERMEDIATE_FORMAT_ARGS, joined]);
  return joined;
}

/** Decodes every frame of `input` (after `inputArgs`) to RGBA, one frame for each stored one. */
export async function decodeRgba(input: string, inputArgs: string[] = []): Promise<Buffer[]> {
  const { stdout } = await exec('ffmpeg', ['-v', 'error', ...inputArgs, '-i', input, '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], {
    encoding: 'buffer',
    maxBuffer: 1024 * 1024 * 1024,
  });
  const frames: Buffer[] = [];
  for (let at = 0; at + FRAME_BYTES <= stdout.length; at += FRAME_BYTES) frames.push(stdout.subarray(at, at + FRAME_BYTES));
  return frames;
}

/** The number in a decoded frame's cells, and the RGBA of the middle of its bottom half. */
export function readFrame(rgba: Buffer): { n: number; bottom: number[] } {
  let n = 0;
  for (let k = 0; k < CELLS; k++) if (rgba[((CELL / 2) * W + k * CELL + CELL / 2) * 4] > 128) n |= 1 << k;
  const at = (((3 * H) / 4) * W + W / 2) * 4;
  return { n, bottom: [...rgba.subarray(at, at + 4)] };
}
