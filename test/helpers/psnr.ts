import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/**
 * Per-frame PSNR (dB, averaged over the planes) of video `b` against video `a`, from ffmpeg's
 * psnr filter; identical frames give Infinity. It stops at the shorter video, so callers
 * should compare frame counts too (shortest=1: no repeated last frame padding the comparison).
 */
export async function perFramePsnr(a: string, b: string): Promise<number[]> {
  const { stdout } = await exec('ffmpeg', ['-v', 'error', '-i', a, '-i', b, '-lavfi', 'psnr=stats_file=-:shortest=1', '-f', 'null', '-'], { maxBuffer: 64 * 1024 * 1024 });
  return stdout
    .split('\n')
    .filter((line) => line.includes('psnr_avg:'))
    .map((line) => {
      const value = /psnr_avg:(\S+)/.exec(line)![1];
      return value === 'inf' ? Infinity : Number(value);
    });
}
