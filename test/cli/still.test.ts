import { execFile } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { fixtureHtml, makeTempDir, writeFixture } from '../helpers/fixtures.js';
import { decodeFrameNumbers } from '../helpers/frames.js';
import { perFramePsnr } from '../helpers/psnr.js';
import { expectSuccess, runCli } from '../helpers/run-cli.js';

const exec = promisify(execFile);
const FRAMES = 12;
/** Saturated colours under the frame number: read with the wrong matrix (BT.601 for BT.709) the still scores 31 dB against the video, not 47. */
const GRADIENT = '<div style="height:32px; background:linear-gradient(90deg, #f00, #0f0, #00f, #ff0, #0ff)"></div>';

let dir: string;
let page: string;
let video: string;
beforeAll(async () => {
  dir = makeTempDir('helios-still-');
  page = writeFixture(dir, 'page', fixtureHtml('raf', 'dom', { frames: FRAMES, extraBody: GRADIENT }));
  video = path.join(dir, 'video.mp4');
  expectSuccess(await runCli(['render', page, '-o', video]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Frame n of the video as an RGB PNG (ffmpeg converts by the video's own colour tags). */
async function videoFrame(n: number): Promise<string> {
  const file = path.join(dir, `video-frame-${n}.png`);
  await exec('ffmpeg', ['-v', 'error', '-y', '-i', video, '-vf', `select=eq(n\\,${n})`, '-frames:v', '1', '-pix_fmt', 'rgb24', file]);
  return file;
}

async function imageInfo(file: string): Promise<string> {
  const { stdout } = await exec('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', file]);
  return stdout.trim();
}

describe('helios still', () => {
  test('--frame 7 -o .png is frame 7 of the rendered video (PSNR >= 40 dB; the neighbouring frame is far off)', async () => {
    const still = path.join(dir, 'poster.png');
    const r = await runCli(['still', page, '--frame', '7', '-o', still]);
    expectSuccess(r);
    expect(r.stdout.trim()).toBe(still);
    expect(await imageInfo(still)).toBe('png,256,64');
    expect(await decodeFrameNumbers(still)).toEqual([7]);
    const [psnr] = await perFramePsnr(await videoFrame(7), still);
    expect(psnr).toBeGreaterThanOrEqual(40);
    const [other] = await perFramePsnr(await videoFrame(6), still);
    expect(other).toBeLessThan(30);
  });

  test('.jpg at --scale 2 and .webp: the frame at the video\'s size for that scale', async () => {
    const jpg = path.join(dir, 'poster.jpg');
    expectSuccess(await runCli(['still', page, '--frame', '5', '--scale', '2', '--quality', '80', '-o', jpg]));
    expect(await imageInfo(jpg)).toBe('mjpeg,512,128');
    expect(await decodeFrameNumbers(jpg)).toEqual([5]);
    const webp = path.join(dir, 'poster.webp');
    expectSuccess(await runCli(['still', page, '--frame', '11', '-o', webp]));
    expect(await imageInfo(webp)).toBe('webp,256,64');
    expect(await decodeFrameNumbers(webp)).toEqual([11]);
  });

  test('a frame past the end is refused once the page is known, and nothing is left behind', async () => {
    const out = path.join(dir, 'late', 'late.png');
    const r = await runCli(['still', page, '--frame', String(FRAMES), '-o', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: --frame is ${FRAMES}, past the end: the composition has ${FRAMES} frames (0 to ${FRAMES - 1})`);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(path.dirname(out))).toEqual([]);
  });
});
