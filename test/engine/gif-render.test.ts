import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fixtureHtml, makeTempDir, writeFixture } from '../helpers/fixtures.js';
import { decodeFrameNumbers, range } from '../helpers/frames.js';
import { parseGif, type GifInfo } from '../helpers/gif.js';
import { expectSuccess, runCli } from '../helpers/run-cli.js';

// GIFs from real pages, in one process and split in three chunks: the chunks keep their
// frames losslessly and the GIF is made once, with one palette, at the end.

const FRAMES = 45;
let dir: string;
beforeAll(() => {
  dir = makeTempDir();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One global palette: every frame's colours come from it (ffmpeg 5.1 repeats a subset of it as frame 0's local table). */
function expectOnePalette(gif: GifInfo): void {
  expect(gif.globalColorTableSize).toBeGreaterThan(0);
  expect(gif.frames.slice(1).filter((f) => f.localColorTable)).toEqual([]);
  for (const color of gif.frames[0].localColors ?? []) expect(gif.globalColors).toContain(color);
}

test.each([
  ['--concurrency 3', ['--concurrency', '3', '--min-frames-per-chunk', '10']],
])('a GIF (%s): exact frames, delays adding up to the duration, one palette, the loop count', async (_, flags) => {
  const page = writeFixture(dir, `gif-${flags.length}`, fixtureHtml('raf', 'dom', { frames: FRAMES }));
  const out = path.join(dir, `gif-${flags.length}.gif`);
  const r = await runCli(['render', page, '-o', out, '--gif-loops', '2', ...flags, '--jobs-dir', path.join(dir, 'jobs')]);
  expectSuccess(r);
  if (flags.length) expect(r.stderr).toMatch(/with 3 chunks/);
  const gif = parseGif(readFileSync(out));
  expect(gif.frames).toHaveLength(FRAMES);
  // 45 frames at 30 fps = 1.5 s = 150 cs; delays alternate 3 and 4 cs.
  expect(gif.frames.reduce((sum, f) => sum + f.delay, 0)).toBe(150);
  expect(new Set(gif.frames.map((f) => f.delay))).toEqual(new Set([3, 4]));
  expectOnePalette(gif);
  expect(gif.loopCount).toBe(2);
  expect(await decodeFrameNumbers(out)).toEqual(range(0, FRAMES));
  expect(readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([]);
});

test('--every-nth-frame 3 in one process: frames 0, 3, 6 … at 10 fps, one palette, looping forever by default', async () => {
  const page = writeFixture(dir, 'gif-nth', fixtureHtml('raf', 'canvas', { frames: FRAMES }));
  const out = path.join(dir, 'gif-nth.gif');
  expectSuccess(await runCli(['render', page, '-o', out, '--every-nth-frame', '3']));
  const gif = parseGif(readFileSync(out));
  expect(gif.frames).toHaveLength(15);
  expect(gif.frames.every((f) => f.delay === 10)).toBe(true);
  expectOnePalette(gif);
  expect(gif.loopCount).toBe(0);
  expect(await decodeFrameNumbers(out)).toEqual(range(0, 15).map((i) => i * 3));
});

test('a page that declares 1920x1080 gets no GIF without --scale, and nothing is left behind', async () => {
  const page = writeFixture(dir, 'gif-big', '<!doctype html><script>window.helios = { frames: 10, width: 1920, height: 1080 };</script>');
  const out = path.join(dir, 'big.gif');
  const r = await runCli(['render', page, '-o', out]);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('a 1920x1080 GIF is too large');
  expect(r.stderr).toContain('pass --scale 0.66');
  expect(readdirSync(dir).filter((f) => f.startsWith('big') || f.includes('.partial'))).toEqual([]);
});
