import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '../helpers/fixtures.js';
import { decodeFrameNumbers, range } from '../helpers/frames.js';
import { LIBRARIES, writeLibraryPage, type Library } from '../helpers/library-fixtures.js';
import { perFramePsnr } from '../helpers/psnr.js';
import { expectSuccess, runCli } from '../helpers/run-cli.js';

/**
 * Pages on real animation libraries (GSAP, lottie-web, three.js, anime.js) keep time with the
 * library's own clock, not a seek hook. Every frame must still show its own frame number,
 * whether the video is rendered whole, from the middle, or in parallel chunks.
 */
const FRAMES = 48;
const RANGE_START = 29;
const RANGE_COUNT = 19;
const MIN_PSNR_DB = 30;


let dir: string;
beforeAll(() => {
  dir = makeTempDir('helios-libs-');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(LIBRARIES.flatMap((lib) => [
  [lib, '30', 30],
  [lib, '30000/1001', 30000 / 1001],
] as Array<[Library, string, number]>))('%s at %s fps', (lib, fps, fpsValue) => {
  const name = `${lib}-${fpsValue.toFixed(2)}`;
  let page: string;
  let single: string;
  beforeAll(() => {
    page = writeLibraryPage(dir, name, lib, { fps, fpsValue, frames: FRAMES });
    single = path.join(dir, `${name}-single.mp4`);
  });

  test(`full render: frame i shows i`, async () => {
    expectSuccess(await runCli(['render', page, '-o', single]));
    expect(await decodeFrameNumbers(single)).toEqual(range(0, FRAMES));
  });

  // A render from mid-video: at 30 fps (at 30000/1001 the chunks of the split render below start mid-video too).
  (fps === '30' ? test : test.skip)(`range from frame ${RANGE_START}: frame i shows ${RANGE_START} + i`, async () => {
    const out = path.join(dir, `${name}-range.mp4`);
    expectSuccess(await runCli(['render', page, '-o', out, '--start-frame', String(RANGE_START), '--frame-count', String(RANGE_COUNT)]));
    expect(await decodeFrameNumbers(out)).toEqual(range(RANGE_START, RANGE_COUNT));
  });

  test(`--concurrency 3 shows 0..${FRAMES - 1} and matches the single render (PSNR >= ${MIN_PSNR_DB} dB every frame)`, async () => {
    const multi = path.join(dir, `${name}-multi.mp4`);
    const r = await runCli([
      'render', page, '-o', multi, '--concurrency', '3', '--min-frames-per-chunk', '16',
      '--jobs-dir', path.join(dir, 'jobs'), '--retries', '0',
    ]);
    expectSuccess(r);
    expect(r.stderr).toMatch(new RegExp(`rendered ${FRAMES} frames in .* with 3 chunks`));
    expect(await decodeFrameNumbers(multi)).toEqual(range(0, FRAMES));
    // The single render is the reference; without it (test 1 failed) there is nothing to compare.
    expect(existsSync(single)).toBe(true);
    const psnr = await perFramePsnr(single, multi);
    expect(psnr).toHaveLength(FRAMES);
    const below = psnr.map((db, frame) => ({ frame, db })).filter((p) => p.db < MIN_PSNR_DB);
    expect(below).toEqual([]);
  });
});
