import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** Compositions in the tests paint their frame number as CELLS black/white squares of CELL px, bit 0 first. */
export const CELLS = 8;
export const CELL = 32;
export const FIXTURE_WIDTH = CELLS * CELL;
export const FIXTURE_HEIGHT = 64;

/** Decodes every frame of a video to grayscale and reads the number painted in its cells. */
export async function decodeFrameNumbers(file: string, width = FIXTURE_WIDTH, height = FIXTURE_HEIGHT): Promise<number[]> {
  const { stdout } = await exec('ffmpeg', ['-v', 'error', '-i', file, '-vf', `scale=${width}:${height}`, '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], {
    encoding: 'buffer',
    maxBuffer: 1024 * 1024 * 1024,
  });
  const size = width * height;
  const numbers: number[] = [];
  for (let offset = 0; offset + size <= stdout.length; offset += size) {
    let n = 0;
    for (let k = 0; k < CELLS; k++) {
      const x = k * CELL + CELL / 2;
      const y = CELL / 2;
      if (stdout[offset + y * width + x] > 128) n |= 1 << k;
    }
    numbers.push(n);
  }
  return numbers;
}

/** Packet timestamps of the first video stream, in its time base, plus the time base. */
export async function probeTimestamps(file: string): Promise<{ timeBase: string; pts: number[]; frames: number }> {
  const { stdout } = await exec('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=time_base,nb_frames:packet=pts', '-of', 'json', file]);
  const json = JSON.parse(stdout) as { streams: Array<{ time_base: string; nb_frames?: string }>; packets: Array<{ pts: number }> };
  const pts = json.packets.map((p) => p.pts).sort((a, b) => a - b);
  return { timeBase: json.streams[0].time_base, pts, frames: pts.length };
}

/** The distinct differences between consecutive sorted timestamps. */
export function distinctSteps(pts: number[]): number[] {
  const steps = new Set<number>();
  for (let i = 1; i < pts.length; i++) steps.add(pts[i] - pts[i - 1]);
  return [...steps];
}

/** [start, start+1, ..., start+count-1] */
export function range(start: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => start + i);
}
