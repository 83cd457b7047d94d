import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { fixtureHtml, makeTempDir, writeFixture } from '../helpers/fixtures.js';
import { decodeFrameNumbers, FIXTURE_HEIGHT, FIXTURE_WIDTH, range } from '../helpers/frames.js';
import { expectSuccess, runCli } from '../helpers/run-cli.js';

const exec = promisify(execFile);
const FRAMES = 12;

/** A white line 1 CSS px wide at x = LINE_X, below the cells: at scale 2 it is exactly two device pixels wide when the page really draws at 2x. */
const LINE_X = 200;
const LINE_TOP = 40;
const DOM_LINE = `<div style="position:absolute; left:${LINE_X}px; top:${LINE_TOP}px; width:1px; height:20px; background:#fff"></div>`;
/** Sizes the canvas by devicePixelRatio (as pages that want sharp canvases do) and draws the line after each frame's cells. */
const DPR_CANVAS = `
canvas.width = ${FIXTURE_WIDTH} * devicePixelRatio; canvas.height = ${FIXTURE_HEIGHT} * devicePixelRatio;
canvas.style.width = '${FIXTURE_WIDTH}px'; canvas.style.height = '${FIXTURE_HEIGHT}px';
ctx.setTransform(devicePixelRatio, 0, 0, devicePixelRatio, 0, 0);
const paintCells = paint;
paint = (n) => { paintCells(n); ctx.fillStyle = '#fff'; ctx.fillRect(${LINE_X}, ${LINE_TOP}, 1, 20); };`;

let dir: string;
beforeAll(() => (dir = makeTempDir('helios-scale-')));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function videoSize(file: string): Promise<string> {
  const { stdout } = await exec('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0:s=x', file]);
  return stdout.trim();
}

/** Gray values of one row of the first frame at the video's own size, columns [from, to). */
async function rowOf(file: string, width: number, y: number, from: number, to: number): Promise<number[]> {
  const { stdout } = await exec('ffmpeg', ['-v', 'error', '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { encoding: 'buffer', maxBuffer: 64 * 2 ** 20 });
  return [...stdout.subarray(y * width + from, y * width + to)];
}

/** At scale 2 the 1 px line covers device columns 2x and 2x+1 in full; its neighbours stay dark (an upscaled 1x line spreads to them). */
async function expectSharpLine(file: string): Promise<void> {
  const [before, left, right, after] = await rowOf(file, FIXTURE_WIDTH * 2, (LINE_TOP + 10) * 2, LINE_X * 2 - 1, LINE_X * 2 + 3);
  expect(Math.min(left, right)).toBeGreaterThan(200);
  expect(Math.max(before, after)).toBeLessThan(40);
}

describe('--scale', () => {
  test('dom mode at 2: a 512x128 video of the 256x64 page drawn at 2x, every frame', async () => {
    const page = writeFixture(dir, 'dom', fixtureHtml('raf', 'dom', { frames: FRAMES, extraBody: DOM_LINE }));
    const out = path.join(dir, 'dom-2.mp4');
    expectSuccess(await runCli(['render', page, '-o', out, '--scale', '2']));
    expect(await videoSize(out)).toBe('512x128');
    expect(await decodeFrameNumbers(out)).toEqual(range(0, FRAMES));
    await expectSharpLine(out);
  });

  test('dom mode at 0.5: a 128x32 video', async () => {
    const page = writeFixture(dir, 'dom-half', fixtureHtml('raf', 'dom', { frames: FRAMES }));
    const out = path.join(dir, 'dom-half.mp4');
    expectSuccess(await runCli(['render', page, '-o', out, '--scale', '0.5']));
    expect(await videoSize(out)).toBe('128x32');
    expect(await decodeFrameNumbers(out)).toEqual(range(0, FRAMES));
  });

  test('canvas mode at 2: a canvas sized by devicePixelRatio is captured at its own 512x128 pixels', async () => {
    const page = writeFixture(dir, 'canvas', fixtureHtml('raf', 'canvas', { frames: FRAMES, extraScript: DPR_CANVAS }));
    const out = path.join(dir, 'canvas-2.mp4');
    expectSuccess(await runCli(['render', page, '-o', out, '--scale', '2', '--mode', 'canvas']));
    expect(await videoSize(out)).toBe('512x128');
    expect(await decodeFrameNumbers(out)).toEqual(range(0, FRAMES));
    await expectSharpLine(out);
  });

  test('--concurrency 3 at 2: chunks rendered at 2x stitch into one 512x128 video', async () => {
    const total = 36;
    const page = writeFixture(dir, 'chunks', fixtureHtml('raf', 'dom', { frames: total }));
    const out = path.join(dir, 'chunks-2.mp4');
    const r = await runCli(['render', page, '-o', out, '--scale', '2', '--concurrency', '3', '--min-frames-per-chunk', '12', '--jobs-dir', path.join(dir, 'jobs')]);
    expectSuccess(r);
    expect(r.stderr).toMatch(/with 3 chunks/);
    expect(await videoSize(out)).toBe('512x128');
    expect(await decodeFrameNumbers(out)).toEqual(range(0, total));
  });
});
